"""The annual binder's completeness check for 民主评议: no round for the year, a round not closed (its grades
and tally are not final), graded participants still without a grade."""

from __future__ import annotations

from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, Finding
from app.services.appraisal import vocab
from app.services.appraisal.queries import round_for_year

CHECK = "binder_appraisal"
AREA = "appraisal"


def appraisal_binder_checks(ctx: Context, year: int) -> list[Finding]:
    rnd = round_for_year(ctx.session, year)
    if rnd is None:
        severity = PROBLEM if year < ctx.today.year else NOTICE  # the round is often held late in the year
        return [Finding(CHECK, f"{year}年度还没有民主评议记录：民主评议的登记表和统计表将是空的。",
                        severity=severity, target=AREA)]
    target = f"{AREA}:appraisal_round:{rnd.id}"
    if rnd.status == vocab.CLOSED:
        return []
    found = [Finding(CHECK, f"{year}年度民主评议尚未结束（未“结束评议”），印出的等次和统计不是定稿。", target=target)]
    missing = [p.member.name for p in rnd.participants if p.graded and not p.final_grade]
    if missing:
        shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        found.append(Finding(CHECK, f"{year}年度民主评议：{shown} {len(missing)} 名党员还没有评议等次。",
                             target=target))
    return found
