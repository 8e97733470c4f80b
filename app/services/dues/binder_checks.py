"""The annual binder's completeness check for 党费: what the year's 党费收缴登记表 and 上缴 summary would
print empty or wrong — a month of the year that is over without any dues records, and a quarter whose
collected dues were never recorded as handed over (上缴)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, Finding
from app.models.dues import DuesMonth
from app.services.dues.ledger import ledger_start
from app.services.dues.months_text import label, month_of, year_months
from app.services.dues.remittance import quarter_summaries

CHECK = "binder_dues"
AREA = "dues"


def ended_months(year: int, today) -> list[str]:
    """The months of `year` that are over by `today` (a month still running may not be recorded yet)."""
    current = month_of(today)
    return [m for m in year_months(year) if m < current]


def dues_binder_checks(ctx: Context, year: int) -> list[Finding]:
    months = ended_months(year, ctx.today)
    if not months:
        return []
    recorded = set(ctx.session.scalars(
        select(DuesMonth.month).where(DuesMonth.month >= f"{year}-01", DuesMonth.month <= f"{year}-12")
        .group_by(DuesMonth.month).having(func.count() > 0)))
    if not recorded:
        return [Finding(CHECK, f"{year}年没有任何党费收缴记录：党费收缴登记表和上缴汇总表将是空的。", target=AREA)]
    start = ledger_start(ctx.session) or months[0]
    found = []
    for month in months:
        if month in recorded:
            continue
        if month < start:  # kept on paper before this ledger began: say so, it still prints empty
            found.append(Finding(CHECK, f"{label(month)}没有党费收缴记录（本软件从 {label(start)}起记账，"
                                        f"之前的月份登记表上为空）。", severity=NOTICE, target=f"{AREA}:month:{month}"))
        else:
            found.append(Finding(CHECK, f"{label(month)}没有党费收缴记录。", severity=PROBLEM,
                                 target=f"{AREA}:month:{month}"))
    for quarter in quarter_summaries(ctx.session, year):
        if quarter.ends < ctx.today and quarter.collected > 0 and not quarter.covered:
            found.append(Finding(CHECK, f"{quarter.label}收缴的党费 {quarter.collected} 元尚未登记上缴。",
                                 severity=NOTICE, target=f"{AREA}:remittance:{year}Q{quarter.quarter}"))
    return found
