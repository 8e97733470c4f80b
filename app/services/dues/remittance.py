"""上缴: hand-overs of the collected dues to the higher committee, and collected vs handed over by quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.dates import is_month_text
from app.kit.errors import UserError
from app.models.dues import DuesMonth, DuesRemittance
from app.services.attachments.store import add_attachment, attachment_counts
from app.services.dues.money import from_fen, parse_money, to_fen
from app.services.dues.months_text import quarter_months

RECEIPT_KIND = "dues_receipt"  # the owner kind of a receipt scan in the attachment store


def record_remittance(session: Session, handed_date: date, from_month: str, to_month: str, amount: object, *,
                      receipt_no: str = "", receipt_scan: str | Path | None = None, data_dir: Path | None = None,
                      note: str = "", today: date | None = None) -> DuesRemittance:
    """Record a hand-over; `receipt_scan` (a file) is copied into the attachment store of `data_dir` and linked
    to it as RECEIPT_KIND, in the same transaction (a failed copy leaves neither row nor file)."""
    today = today or date.today()
    if handed_date is None:
        raise UserError("请填写“上缴日期”。", "handed_date")
    if handed_date > today:
        raise UserError("“上缴日期”不能晚于今天。", "handed_date")
    for key, label, value in (("from_month", "所属起始月份", from_month), ("to_month", "所属截止月份", to_month)):
        if not is_month_text(value or ""):
            raise UserError(f"“{label}”应写成 2026-01 的形式，现为“{value}”。", key)
    if to_month < from_month:
        raise UserError("“所属截止月份”不能早于“所属起始月份”。", "to_month")
    value = parse_money(amount, "上缴金额", field="amount")
    if value <= 0:
        raise UserError("“上缴金额”应大于 0。", "amount")
    record = DuesRemittance(handed_date=handed_date, from_month=from_month, to_month=to_month,
                            amount_fen=to_fen(value), receipt_no=receipt_no.strip()[:50], note=note.strip())
    session.add(record)
    session.flush()
    if receipt_scan:
        if data_dir is None:
            raise ValueError("a receipt scan needs the data folder")  # a programming error
        add_attachment(session, data_dir, RECEIPT_KIND, record.id, receipt_scan, caption="上缴党费收据")
    return record


def receipt_counts(session: Session) -> dict[int, int]:
    """remittance id -> how many receipt scans are attached."""
    return attachment_counts(session, RECEIPT_KIND)


def remittances(session: Session, year: int | None = None) -> list[DuesRemittance]:
    query = select(DuesRemittance).order_by(DuesRemittance.handed_date, DuesRemittance.id)
    if year is not None:
        query = query.where(DuesRemittance.to_month >= f"{year}-01", DuesRemittance.from_month <= f"{year}-12")
    return list(session.scalars(query))


@dataclass(frozen=True)
class QuarterSummary:
    year: int
    quarter: int
    collected: Decimal  # paid for the quarter's months
    handed: Decimal  # hand-overs whose months end in the quarter
    covered: bool  # some hand-over covers the quarter's last month

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"

    @property
    def months(self) -> list[str]:
        return quarter_months(self.year, self.quarter)

    @property
    def ends(self) -> date:
        last = self.months[-1]
        first_next = date(int(last[:4]) + (last[5:] == "12"), int(last[5:]) % 12 + 1, 1)
        return first_next - timedelta(days=1)


def quarter_summaries(session: Session, year: int) -> list[QuarterSummary]:
    paid = dict(session.execute(
        select(DuesMonth.month, func.sum(DuesMonth.paid_fen))
        .where(DuesMonth.month >= f"{year}-01", DuesMonth.month <= f"{year}-12").group_by(DuesMonth.month)).all())
    handed = remittances(session, year)
    out = []
    for quarter in range(1, 5):
        months = quarter_months(year, quarter)
        collected = sum((from_fen(paid.get(m, 0)) for m in months), Decimal("0.00"))
        ending_here = [r for r in handed if months[0] <= r.to_month <= months[-1]]
        covered = any(r.from_month <= months[-1] <= r.to_month for r in handed)
        out.append(QuarterSummary(year, quarter, collected,
                                  sum((from_fen(r.amount_fen) for r in ending_here), Decimal("0.00")), covered))
    return out
