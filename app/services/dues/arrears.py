"""Arrears (欠缴): who has unpaid months, and how many in a row.

A run of consecutive unpaid months ending with the last finished month is what the 党章 rule counts (six
months without paying and without a valid reason = 自行脱党, 第三十八条); the reminders fire well before
it (settings: 3 and 5). A deferred month (延迟, with its reason) neither counts nor breaks the run; a paid,
partly paid or exempt month ends it. The run crosses year ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from app.services.dues import vocab
from app.services.dues.ledger import Cell, DuesBook
from app.services.dues.months_text import month_of, months_between, shift

LOOK_BACK_MONTHS = 24  # arrears older than two years are for the check, not the reminders


def last_finished_month(today: date) -> str:
    """The month a payment is overdue for: the one before today's month."""
    return shift(month_of(today), -1)


def unpaid_run(cells: list[Cell]) -> list[str]:
    """The consecutive unpaid months at the end of `cells` (ascending), deferred ones skipped."""
    run: list[str] = []
    for cell in reversed(cells):
        if not cell.owes:
            break
        if cell.state == vocab.DEFERRED:
            continue
        if not cell.unpaid:
            break
        run.append(cell.month)
    return sorted(run)


@dataclass(frozen=True)
class MemberArrears:
    member_id: int
    name: str
    months: list[str]  # every owed month with something unpaid, ascending
    run: list[str]  # the consecutive unpaid months up to `through`
    owed: Decimal  # the shortfall of those months (unknown amounts, without a base, count 0)
    unknown: int  # months whose amount is unknown (no base recorded)

    @property
    def run_length(self) -> int:
        return len(self.run)


def arrears(session: Session, through: str, *, look_back: int = LOOK_BACK_MONTHS,
            first: str | None = None) -> list[MemberArrears]:
    """Every member with unpaid or partly paid months up to `through`, longest run first."""
    months = months_between(first or shift(through, -(look_back - 1)), through)
    book = DuesBook(session, months, writable=False)
    found = []
    for member in book.members:
        cells = [book.cell(member.id, m) for m in months]
        behind = [c for c in cells if c.owes and (c.unpaid or c.state == vocab.PARTIAL)]
        if not behind:
            continue
        found.append(MemberArrears(
            member.id, member.name, [c.month for c in behind], unpaid_run(cells),
            sum((c.shortfall for c in behind), Decimal("0.00")), sum(1 for c in behind if c.due is None)))
    return sorted(found, key=lambda a: (-a.run_length, a.months[0], a.name))
