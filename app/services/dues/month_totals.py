"""The year's dues month by month: what was due and what was collected (one GROUP BY over the ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.dues import DuesMonth
from app.services.dues.money import from_fen
from app.services.dues.months_text import year_months


@dataclass(frozen=True)
class MonthTotal:
    month: str  # "2026-03"
    due: Decimal  # 应交: the amounts fixed when the month was opened
    paid: Decimal  # 实交: what was paid for that month (late payments count for the month they settle)


def month_totals(session: Session, year: int) -> list[MonthTotal]:
    """The twelve months of `year`, zero where no month was opened."""
    rows = session.execute(
        select(DuesMonth.month, func.sum(DuesMonth.due_fen), func.sum(DuesMonth.paid_fen))
        .where(DuesMonth.month >= f"{year}-01", DuesMonth.month <= f"{year}-12")
        .group_by(DuesMonth.month))
    sums = {month: (due or 0, paid or 0) for month, due, paid in rows}
    return [MonthTotal(m, from_fen(sums.get(m, (0, 0))[0]), from_fen(sums.get(m, (0, 0))[1]))
            for m in year_months(year)]
