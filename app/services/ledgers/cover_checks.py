"""The annual binder's completeness check for what every binder has: the cover (支部名称, 上级党组织, 支部书记,
组织委员). These run whatever sections are chosen (app.services.ledgers.completeness)."""

from __future__ import annotations

from datetime import date

from app.kit.context import Context
from app.kit.findings import BRANCH_PROFILE_TARGET, NOTICE, PROBLEM, Finding
from app.services.common.branch import get_profile

CHECK = "binder_cover"


def cover_binder_checks(ctx: Context, year: int) -> list[Finding]:
    from app.reports.binder.cover import ORGANIZATION, SECRETARY, office_holders  # on use: reportlab's side
    from app.services.meetings.committee import term_on

    profile = get_profile(ctx.session)
    if profile is None or not profile.full_name:
        return [Finding(CHECK, "还没有填写支部信息（党组织全称），无法生成年度台账。请在“设置 → 支部信息”中填写。",
                        target=BRANCH_PROFILE_TARGET)]
    found = []
    if not profile.parent_org:
        found.append(Finding(CHECK, "支部信息中没有填写上级党组织，封面上的“上级党组织”将是空的。"
                                    "请在“设置 → 支部信息”中填写。", severity=NOTICE,
                             target=BRANCH_PROFILE_TARGET))
    day = min(ctx.today, date(year, 12, 31))
    holders = office_holders(ctx.session, day)
    term = term_on(ctx.session, day)
    target = f"meetings:committee_term:{term.id}" if term is not None else "meetings"
    for post, label in ((SECRETARY, "支部书记"), (ORGANIZATION, "组织委员")):
        if not holders.get(post):
            found.append(Finding(CHECK, f"封面上的“{label}”将是空的：{day:%Y-%m-%d} 没有在任的{label}"
                                        f"（在“组织生活 → 支部委员会”中登记），花名册的党内职务中也没有。",
                                 severity=PROBLEM, target=target))
    return found
