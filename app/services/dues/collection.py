"""Collecting dues: the year's grid (members × 12 months), one action marking a month paid for everyone,
payments in advance, 补交 of past months, 代缴, and correcting one cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import Member
from app.services.dues import vocab
from app.services.dues.bases import base_for_month
from app.services.dues.ledger import Cell, DuesBook, open_months, require_month_row
from app.services.dues.money import from_fen, parse_money, to_fen
from app.services.dues.months_text import month_index, month_of, months_between, year_months
from app.services.dues.overrides import override_for_month
from app.services.dues.settings import BACKPAY_WARN_MONTHS, int_setting


@dataclass(frozen=True)
class GridRow:
    member_id: int
    name: str
    roster_category: str  # 人员类别 (正式党员 / 预备党员)
    dues_category: str  # vocab.CATEGORIES code, "" without a base
    base: Decimal | None
    rate: str
    monthly: Decimal | None  # the amount due this year (the latest month's), None without a base
    override: str  # the override kind's label, "" for none
    cells: list[Cell] = field(default_factory=list)

    @property
    def year_due(self) -> Decimal:
        return sum((c.due or Decimal("0.00")) for c in self.cells if c.owes and c.state != vocab.EXEMPT) \
            or Decimal("0.00")

    @property
    def year_paid(self) -> Decimal:
        return sum((c.paid for c in self.cells), Decimal("0.00"))

    @property
    def year_owed(self) -> Decimal:
        return sum((c.shortfall for c in self.cells), Decimal("0.00"))

    def year_owed_through(self, through: str) -> Decimal:
        """What is owed for the months up to `through` (later months are not due yet)."""
        return sum((c.shortfall for c in self.cells if c.month <= through), Decimal("0.00"))


def year_grid(session: Session, year: int, *, through: str | None = None) -> list[GridRow]:
    """Every member who owes dues in some month of `year`, with 12 cells. `through` (a month) limits the
    amounts "owed" to months up to it; the cells still show the whole year."""
    months = year_months(year)
    book = DuesBook(session, months, writable=False)
    rows = []
    for member in book.members:
        cells = [book.cell(member.id, m) for m in months]
        if through is not None:
            cells = [c if c.month <= through or c.opened else Cell(c.month, c.owes, False, c.state, c.due, c.paid)
                     for c in cells]
        shown = max((c.month for c in cells if c.owes), default=months[-1])
        base = base_for_month(book.bases.get(member.id, []), shown)
        snap = book.snapshot(member.id, shown) if base is not None else None
        stored = book.rows.get((member.id, shown))
        override = override_for_month(book.overrides.get(member.id, []), shown)
        rows.append(GridRow(
            member.id, member.name, member.category, base.category if base else "",
            from_fen(stored.base_fen if stored else base.base_fen) if base else None,
            (stored.rate if stored else snap.rate) if snap else "",
            from_fen(stored.due_fen if stored else snap.due_fen) if snap else None,
            vocab.OVERRIDE_KINDS[override.kind] if override else "",
            cells))
    return rows


@dataclass(frozen=True)
class MarkResult:
    marked: int
    already: int  # paid, exempt or deferred before, left as they were
    missing_base: list[str]

    def summary(self, month: str) -> str:
        text = f"{month} 已登记 {self.marked} 人按应缴金额交纳"
        if self.already:
            text += f"，另有 {self.already} 人此前已登记（已缴、免缴或延迟），未改动"
        if self.missing_base:
            text += f"；{'、'.join(self.missing_base)}没有缴费基数，未登记"
        return text + "。"


def mark_month_paid(session: Session, month: str, paid_date: date, *, today: date | None = None) -> MarkResult:
    """THE monthly action: every member who owes `month` and has not paid it is marked paid at the amount
    due, on `paid_date`; the user then corrects the exceptions. One transaction (the caller's)."""
    today = today or date.today()
    if paid_date > today:
        raise UserError("“缴纳日期”不能晚于今天。", "paid_date")
    book = DuesBook(session, [month])
    earlier = dict(book.rows)  # opened before: those still due are marked below, the others left alone
    result = open_months(session, [month], book=book, paid=(paid_date, vocab.PAY_MONTHLY))
    marked, already = result.paid, 0
    for row in earlier.values():
        if row.state != vocab.DUE:
            already += 1
            continue
        row.state, row.paid_fen, row.paid_date, row.pay_kind = vocab.PAID, row.due_fen, paid_date, vocab.PAY_MONTHLY
        marked += 1
    session.flush()
    return MarkResult(marked, already, result.missing_base)


@dataclass(frozen=True)
class PaymentResult:
    months: list[str]
    total: Decimal
    warnings: list[str]


def record_payment(session: Session, member_id: int, months: list[str], paid_date: date, *,
                   amounts: dict[str, object] | None = None, payer: str = "", note: str = "",
                   today: date | None = None) -> PaymentResult:
    """A member's payment covering `months`: this month, several ahead (按季度、半年预缴), or past ones (补交,
    linked to the months it covers). `payer` names who paid for the member (代缴). The same month paid twice,
    a month before admission or after leaving, is refused in Chinese; 补交 of more than the setting's months
    back is recorded with a warning."""
    today = today or date.today()
    member = session.get(Member, member_id)
    if member is None:
        raise UserError(f"找不到编号为 {member_id} 的党员。")
    if not months:
        raise UserError("请选择要登记的月份。", "months")
    if paid_date > today:
        raise UserError("“缴纳日期”不能晚于今天。", "paid_date")
    months = sorted(set(months))
    book = DuesBook(session, months_between(months[0], months[-1]), members=[member])
    paid_month = month_of(paid_date)
    warn_after = int_setting(session, BACKPAY_WARN_MONTHS)
    warnings, total = [], Decimal("0.00")
    for month in months:
        row = require_month_row(session, book, member, month)
        if row.state in (vocab.PAID, vocab.PARTIAL):
            raise UserError(f"{member.name} {month} 的党费已于 {row.paid_date:%Y-%m-%d} 登记交纳，不能重复登记；"
                            f"如有错误请先更正该月。", "months")
        if row.state == vocab.EXEMPT:
            raise UserError(f"{member.name} {month} 为免缴，不需登记交纳。", "months")
        amount = from_fen(row.due_fen)
        if amounts and month in amounts:
            amount = parse_money(amounts[month], f"{month} 金额", field="amount")
        if amount <= 0:
            raise UserError(f"{member.name} {month} 的交纳金额应大于 0。", "amount")
        kind = vocab.PAY_MONTHLY if month == paid_month else (
            vocab.PAY_ADVANCE if month > paid_month else vocab.PAY_BACK)
        back = month_index(paid_month) - month_index(month)
        if kind == vocab.PAY_BACK and back > warn_after:
            warnings.append(f"{member.name} {month} 的党费补交于 {back} 个月之后，超过 {warn_after} 个月；"
                            f"请核实是否有正当理由（党章第三十八条）。")
        fen = to_fen(amount)
        row.paid_fen, row.paid_date, row.pay_kind = fen, paid_date, kind
        row.payer = payer.strip()[:50]
        row.state = vocab.PAID if fen >= row.due_fen else vocab.PARTIAL
        if note.strip():
            row.reason = note.strip()
        total += amount
    session.flush()
    return PaymentResult(months, total, warnings)


def correct_month(session: Session, member_id: int, month: str, state: str, *, amount: object = None,
                  paid_date: date | None = None, reason: str = "", payer: str = "",
                  today: date | None = None) -> None:
    """Correct one cell: unpaid (应缴), paid / partly paid with an amount, deferred or exempt with a reason."""
    today = today or date.today()
    member = session.get(Member, member_id)
    if member is None:
        raise UserError(f"找不到编号为 {member_id} 的党员。")
    if state not in vocab.MONTH_STATES:
        raise UserError(f"未知的状态“{state}”。", "state")
    book = DuesBook(session, [month], members=[member])
    row = require_month_row(session, book, member, month)
    reason = reason.strip()
    if state == vocab.DUE:
        row.state, row.paid_fen, row.paid_date, row.pay_kind, row.payer = vocab.DUE, 0, None, "", ""
        row.reason = reason
    elif state in (vocab.DEFERRED, vocab.EXEMPT):
        if not reason:
            label = vocab.MONTH_STATES[state]
            raise UserError(f"登记为“{label}”须写明原因（例如：外出学习，经支部同意延迟交纳）。", "reason")
        row.state, row.paid_fen, row.paid_date, row.pay_kind, row.payer = state, 0, None, "", ""
        row.reason = reason
    else:
        value = parse_money(amount if amount is not None else from_fen(row.due_fen), "实缴金额", field="amount")
        if value <= 0:
            raise UserError("实缴金额应大于 0；未交请登记为“应缴”。", "amount")
        day = paid_date or today
        if day > today:
            raise UserError("“缴纳日期”不能晚于今天。", "paid_date")
        fen = to_fen(value)
        row.paid_fen, row.paid_date = fen, day
        paid_month = month_of(day)
        row.pay_kind = vocab.PAY_MONTHLY if month == paid_month else (
            vocab.PAY_ADVANCE if month > paid_month else vocab.PAY_BACK)
        row.state = vocab.PAID if fen >= row.due_fen else vocab.PARTIAL
        row.payer = payer.strip()[:50]
        row.reason = reason
    session.flush()
