"""The annual binder's completeness check for the 花名册: what the printed roster would show empty or wrong."""

from __future__ import annotations

from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, Finding
from app.services.roster import vocab
from app.services.roster.members import list_members

CHECK = "binder_roster"


def roster_binder_checks(ctx: Context, year: int) -> list[Finding]:
    """Members on the roster without a 入党日期 (加入党组织日期), 正式党员 without a 转正日期; no members at all."""
    members = list_members(ctx.session)
    if not members:
        return [Finding(CHECK, "花名册中还没有在册党员：党员花名册、支部基本情况将是空的。", target="roster")]
    found: list[Finding] = []
    for m in members:
        target = f"roster:member:{m.id}"
        if m.joined_date is None:
            found.append(Finding(CHECK, f"党员 {m.name}没有填写入党日期（加入党组织日期）。", m.id, PROBLEM, target))
        if m.category == vocab.CATEGORY_FULL and m.full_member_date is None:
            found.append(Finding(CHECK, f"正式党员 {m.name}没有填写转为正式党员日期。", m.id, NOTICE, target))
    return found
