"""The annual binder's completeness check for 组织生活: what the year's 三会一课, 主题党日, 组织生活会 and
谈心谈话 sections would print empty or wrong.

- a held record without 主持人 or 记录人 (the printed record's signature lines would name nobody);
- a record that breaks the 条例's rules: a 党员大会 without quorum, a 支委会 without half the committee, a
  resolution without its majority (app.services.meetings.attendance.meeting_flags, the one quorum rule);
- a planned meeting whose day has passed and that was never recorded as held;
- each period of the compliance calendar that ended without the required meeting (a month without its
  支委会 or 主题党日, a quarter without its 党员大会 …), and 谈心谈话 not covering every member;
- no held record in the year at all.
"""

from __future__ import annotations

from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, Finding
from app.services.meetings import kinds, rules
from app.services.meetings.attendance import meeting_flags
from app.services.meetings.calendar import compliance_calendar
from app.services.meetings.records import list_meetings

CHECK = "binder_meetings"
AREA = "meetings"


def meeting_binder_checks(ctx: Context, year: int) -> list[Finding]:
    found: list[Finding] = []
    meetings = list_meetings(ctx.session, year=year)
    held = [m for m in meetings if m.status == kinds.HELD]
    for meeting in meetings:
        day = meeting.day
        target = f"{AREA}:meeting:{meeting.id}"
        when = f"（{day:%Y-%m-%d}）" if day else ""
        name = f"会议记录“{meeting.title}”{when}"
        if meeting.status != kinds.HELD:
            if day is not None and day < ctx.today:
                found.append(Finding(CHECK, f"计划召开的会议“{meeting.title}”{when}日期已过，尚未登记为已召开，"
                                            f"不会印入台账。", severity=NOTICE, target=target))
            continue
        if meeting.host is None:
            found.append(Finding(CHECK, f"{name}没有填写主持人。", target=target))
        if meeting.recorder is None:
            found.append(Finding(CHECK, f"{name}没有填写记录人。", target=target))
        for flag in meeting_flags(ctx.session, meeting):
            found.append(Finding(CHECK, f"{name}：{flag}。", severity=PROBLEM, target=target))
    if not held:
        found.append(Finding(CHECK, f"{year}年没有已召开的会议记录：三会一课、主题党日和组织生活会的记录都无法编入台账。",
                             target=AREA))
        return found
    calendar = compliance_calendar(ctx.session, year, ctx.today)
    for row, cell in calendar.missing():
        # the calendar's cell, as the 组织生活 page opens it: "calendar:kind.group.start"
        target = f"{AREA}:calendar:{row.kind}.{row.party_group_id or ''}.{cell.period.start.isoformat()}"
        if row.kind == rules.TALK_CADENCE:
            found.append(Finding(CHECK, f"{year}年的谈心谈话没有覆盖全部党员（{cell.note}）。", target=target))
        else:
            found.append(Finding(CHECK, f"{year}年{cell.period.label}没有{row.label}的记录"
                                        f"（{kinds.PERIODS.get(row.period, '')}一次）。", target=target))
    return found
