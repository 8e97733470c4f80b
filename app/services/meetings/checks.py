"""`branch-ledger check` for 组织生活: held records that do not meet the 条例's rules, and records whose
主持人 or 记录人 was not a member on the day (the roster changed after the record was saved)."""

from __future__ import annotations

from app.kit.context import Context
from app.kit.findings import NOTICE, Finding
from app.services.meetings import kinds
from app.services.meetings.attendance import meeting_flags
from app.services.meetings.records import list_meetings
from app.services.meetings.roster_on import member_on


def meeting_checks(ctx: Context) -> list[Finding]:
    findings = []
    for meeting in list_meetings(ctx.session, status=kinds.HELD):
        day = meeting.day
        name = f"会议记录“{meeting.title}”（{day:%Y-%m-%d}）"
        for flag in meeting_flags(ctx.session, meeting):
            findings.append(Finding("meeting_rules", f"{name}：{flag}", severity=NOTICE))
        for label, member in (("主持人", meeting.host), ("记录人", meeting.recorder)):
            if member is not None and not member_on(member, day):
                findings.append(Finding("meeting_people", f"{name}的{label}{member.name}在会议日期不是本支部党员",
                                        member_id=member.id))
    return findings
