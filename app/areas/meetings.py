"""组织生活: 三会一课, 主题党日, 组织生活会 and 谈心谈话 records, the branch committee, the compliance calendar.

This area also owns the shared attachment store (app.services.attachments) other areas attach files with.
"""

from app.kit.registry import Area, CountLabel, register
from app.services.attachments.settings import SETTINGS as ATTACHMENT_SETTINGS
from app.services.meetings.rules import SETTINGS as MEETING_SETTINGS

AREA = register(Area(
    key="meetings",
    title="组织生活",
    order=40,
    plans="三会一课、主题党日、组织生活会、谈心谈话的记录与出勤，按规定频次提醒。",
    checks=("app.services.meetings.checks:meeting_checks",
            "app.services.attachments.checks:attachment_checks"),
    reminders=("app.services.meetings.reminders:meeting_reminders",),
    audited=("committee_term", "committee_seat", "meeting", "meeting_attendance", "meeting_template", "talk",
             "attachment", "attachment_link"),
    counts=(CountLabel("meeting", "会议记录", "条"), CountLabel("talk", "谈心谈话记录", "条"),
            CountLabel("committee_term", "支部委员会", "届"), CountLabel("attachment", "附件", "个")),
    quiet_tables=("committee_seat", "meeting_attendance", "meeting_template", "attachment_link"),
    settings=(*MEETING_SETTINGS, *ATTACHMENT_SETTINGS),
    models="app.models.meetings",
))
