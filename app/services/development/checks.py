"""`branch-ledger check` for 发展党员: recorded dates that break a rule, admissions the roster disagrees with,
and files linked to a step that is no longer recorded."""

from __future__ import annotations

from sqlalchemy import select

from app.kit.context import Context
from app.kit.findings import NOTICE, Finding
from app.models.attachment import AttachmentLink
from app.models.development import DevStep
from app.services.development import rules as R
from app.services.development import steps as S
from app.services.development.files import OWNER_KIND
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
    found += orphan_files(ctx)
    return found


def orphan_files(ctx: Context) -> list[Finding]:
    """Files linked to a development step that is no longer recorded (kept in the store, shown nowhere)."""
    steps = set(ctx.session.scalars(select(DevStep.id)))
    links = ctx.session.scalars(select(AttachmentLink).where(AttachmentLink.owner_kind == OWNER_KIND))
    return [Finding("development_files", f"附件“{link.display_name or link.attachment.original_name}”所属的发展党员"
                                         f"步骤记录（编号 {link.owner_id}）已不存在，该附件在程序中无处显示。", severity=NOTICE)
            for link in links if link.owner_id not in steps]
