"""组织生活: the branch committee, meeting records and attendance, 谈心谈话, the compliance calendar.

kinds (the code tables), rules (settings + one function per rule), roster_on (the roster on a day),
committee, records (saving, numbering, fast entry), attendance (flags, streaks, rates), talks, calendar,
reminders and checks (registry protocol).
"""
