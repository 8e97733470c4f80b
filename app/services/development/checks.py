"""`branch-ledger check` for 发展党员: recorded dates that break a rule, and admissions the roster disagrees with."""

from __future__ import annotations

from app.kit.context import Context
from app.kit.findings import NOTICE, Finding
from app.services.development import rules as R
from app.services.development import steps as S
from app.services.development.people import entries, first, linked_member, list_people
from app.services.development.timeline import recorded_problems


def development_checks(ctx: Context) -> list[Finding]:
    rules = R.load_rules(ctx.session)
    found: list[Finding] = []
    for person in list_people(ctx.session):
        member = linked_member(ctx.session, person)
        for spec in S.STEPS:
            for entry in entries(person, spec.code):
                for problem in recorded_problems(person, member, entry, rules):
                    if entry.override_reason:
                        found.append(Finding("development_rules", f"{person.name}：{problem}"
                                             f"已说明例外：{entry.override_reason}", person.member_id, NOTICE))
                    else:
                        found.append(Finding("development_rules", f"{person.name}：{problem}", person.member_id))
        if person.status == S.ADMITTED:
            meeting = first(person, S.BRANCH_ADMISSION)
            if member is None:
                found.append(Finding("development_roster", f"{person.name}已接收为预备党员，但花名册中找不到其记录。"))
            elif meeting is not None and member.joined_date != meeting.step_date:
                found.append(Finding(
                    "development_roster", f"{person.name}在花名册中的“加入党组织日期”为 {member.joined_date}，"
                    f"与接收其为预备党员的支部大会日期 {meeting.step_date} 不一致。", member.id))
    return found
