"""The dues ledger of a range of months: who owes which month, the amount (the snapshot once a month is
opened, else the amount the current base would give), and what was paid. Grid, arrears, documents and
checks all read it, so they agree.

Opening a month writes each owing member's snapshot (amount due with its basis: base and rate, or an
override) into dues_month; from then on a change of base or rule never rewrites that month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from app.kit import registry
from app.kit.errors import UserError
from app.models import AuditEntry, Member
from app.models.base import now
from app.models.dues import DuesBase, DuesMonth, DuesOverride
from app.services.dues import vocab
from app.services.dues.bases import base_for_month, bases_by_member
from app.services.dues.money import from_fen, to_fen
from app.services.dues.obligation import Span, owing_span
from app.services.dues.overrides import override_for_month, overrides_by_member
from app.services.dues.rules import compute_due, rule_for_month
from app.services.dues.settings import rate_rules, rounding
from app.services.roster.members import list_members


@dataclass(frozen=True)
class Snapshot:
    """What a month's due amount is and why."""

    due_fen: int
    basis: str  # vocab.BASES code
    category: str
    base_fen: int
    rate: str  # percent text, "" for fixed amounts
    rule_from: str

    @property
    def initial_state(self) -> str:
        return vocab.EXEMPT if self.basis == vocab.BASIS_EXEMPT else vocab.DUE


def snapshot_for(base: DuesBase, override: DuesOverride | None, rules: list[dict], rounding_mode: str,
                 month: str) -> Snapshot:
    """The month's amount from the member's base record and override (the one rule: rules.compute_due)."""
    fixed = None if base.fixed_fen is None else from_fen(base.fixed_fen)
    due = compute_due(base.category, from_fen(base.base_fen), rule_for_month(rules, month), rounding_mode,
                      fixed=fixed)
    fen, basis = to_fen(due.amount), due.basis
    if override is not None:
        if override.kind == vocab.OVERRIDE_EXEMPT:
            fen, basis = 0, vocab.BASIS_EXEMPT
        elif override.kind == vocab.OVERRIDE_REDUCE:
            fen, basis = min(fen, override.amount_fen), vocab.BASIS_REDUCED
        elif override.kind == vocab.OVERRIDE_VOLUNTARY and override.amount_fen > fen:
            fen, basis = override.amount_fen, vocab.BASIS_VOLUNTARY
    rate = "" if due.rate is None else f"{due.rate.normalize():f}"
    return Snapshot(fen, basis, base.category, base.base_fen, rate, due.rule_from)


@dataclass(frozen=True, slots=True)
class Cell:
    """One member's one month, as the grid shows it."""

    month: str
    owes: bool  # the member owes this month to this branch
    opened: bool  # a snapshot is stored
    state: str  # vocab.MONTH_STATES code ("" where nothing is owed)
    due: Decimal | None  # None: no base recorded, the amount is unknown
    paid: Decimal
    paid_date: date | None = None
    pay_kind: str = ""
    payer: str = ""
    reason: str = ""
    basis: str = ""

    @property
    def shortfall(self) -> Decimal:
        if not self.owes or self.state in (vocab.EXEMPT, vocab.DEFERRED) or self.due is None:
            return Decimal("0.00")
        return max(self.due - self.paid, Decimal("0.00"))

    @property
    def unpaid(self) -> bool:
        """Owed and nothing paid (a deferred month with its reason and an exempt one are not unpaid)."""
        return self.owes and self.state == vocab.DUE

    @property
    def text(self) -> str:
        """The grid's short text: the amount paid, or the state."""
        if not self.owes:
            return ""
        if self.state in (vocab.PAID, vocab.PARTIAL):
            return f"{self.paid}"
        return vocab.MONTH_STATES[self.state]


def ledger_start(session: Session) -> str | None:
    """The first month the dues ledger covers: the earliest base record or month record. Months before it
    were kept on paper (or elsewhere) and are neither owed nor in arrears here; None while nothing is kept."""
    firsts = [session.scalar(select(func.min(DuesBase.valid_from))), session.scalar(select(func.min(DuesMonth.month)))]
    found = [f for f in firsts if f]
    return min(found) if found else None


_READ_COLUMNS = ("member_id", "month", "state", "due_fen", "paid_fen", "paid_date", "pay_kind", "payer", "reason",
                 "basis", "base_fen", "rate")


class DuesBook:
    """Everything about dues for the months `months` (ascending), loaded in a few queries.

    `writable=False` (grids, documents, reminders) loads the month records as plain rows, not ORM objects."""

    def __init__(self, session: Session, months: list[str], *, members: list[Member] | None = None,
                 writable: bool = True) -> None:
        self.session = session
        self.months = months
        first, last = months[0], months[-1]
        chosen = members is not None  # members a caller names are kept even where they owe nothing
        if members is None:  # everyone, with their events in the same go (the home page reads this for 1,000)
            members = list_members(session, include_former=True, with_events=True)
            events = {m.id: m for m in members}
        else:
            events = {m.id: m for m in session.scalars(
                select(Member).options(selectinload(Member.events)).where(Member.id.in_([m.id for m in members])))}
        ids = [m.id for m in members]
        self.spans: dict[int, Span] = {mid: owing_span(events[mid]) for mid in ids}
        self.start = ledger_start(session)
        if self.start is not None:
            first = max(first, self.start)
        self.members = [m for m in members if chosen or self._overlaps(self.spans[m.id], first, last)]
        self.bases = bases_by_member(session)
        self.overrides = overrides_by_member(session)
        in_range = (DuesMonth.month >= first, DuesMonth.month <= last)
        if writable:
            found = session.scalars(select(DuesMonth).where(*in_range))
        else:  # plain rows read the same attributes as the ORM objects at a fraction of the cost
            found = session.execute(select(*(DuesMonth.__table__.c[name] for name in _READ_COLUMNS)).where(*in_range))
        self.rows: dict[tuple[int, str], DuesMonth] = {(r.member_id, r.month): r for r in found}
        self.rules = rate_rules(session)
        self.rounding = rounding(session)
        self._snapshots: dict[tuple, Snapshot] = {}
        self.opened: dict[tuple[int, str], int] = {}  # (member, month) -> id of a month opened through this book

    def owes(self, member_id: int, month: str) -> bool:
        """The member owes `month` to this branch, and the month is within the ledger."""
        return (self.start is None or month >= self.start) and self.spans[member_id].owes(month)

    @staticmethod
    def _overlaps(span: Span, first: str, last: str) -> bool:
        return (span.start is None or span.start <= last) and (span.end is None or span.end >= first)

    def snapshot(self, member_id: int, month: str) -> Snapshot | None:
        """The amount as it would be stored if the month were opened now; None without a base record."""
        base = base_for_month(self.bases.get(member_id, []), month)
        if base is None:
            return None
        override = override_for_month(self.overrides.get(member_id, []), month)
        # months under the same base, override and rule version have the same amount: compute it once
        key = (base.id, override.id if override else None, rule_for_month(self.rules, month)["from"])
        if key not in self._snapshots:
            self._snapshots[key] = snapshot_for(base, override, self.rules, self.rounding, month)
        return self._snapshots[key]

    def cell(self, member_id: int, month: str) -> Cell:
        owes = self.owes(member_id, month)
        row = self.rows.get((member_id, month))
        if row is not None:
            return Cell(month, owes, True, row.state, from_fen(row.due_fen), from_fen(row.paid_fen), row.paid_date,
                        row.pay_kind, row.payer, row.reason, row.basis)
        if not owes:
            return Cell(month, False, False, "", None, Decimal("0.00"))
        snap = self.snapshot(member_id, month)
        if snap is None:
            return Cell(month, True, False, vocab.DUE, None, Decimal("0.00"))
        return Cell(month, True, False, snap.initial_state, from_fen(snap.due_fen), Decimal("0.00"),
                    basis=snap.basis)


@dataclass(frozen=True)
class OpenResult:
    opened: int  # snapshots written now
    missing_base: list[str]  # names of owing members without a base record (their month stays unopened)
    paid: int = 0  # of those, written already paid (the monthly action)


def open_months(session: Session, months: list[str], member_ids: list[int] | None = None,
                book: DuesBook | None = None, *, paid: tuple[date, str] | None = None) -> OpenResult:
    """Write the snapshot of each owing member for each month not opened yet (in the caller's transaction).

    `paid` = (date, pay kind) writes the new months already paid at their due amount (the monthly action),
    so a month opened and paid in one go is one insert per member, not an insert and an update. The rows go
    in with one bulk INSERT and their audit entries (the same field-by-field form the session's audit
    listener writes) with another: the monthly action for 200 members stays one quick transaction."""
    book = book or DuesBook(session, sorted(months))
    wanted = None if member_ids is None else set(member_ids)
    missing: list[str] = []
    values: list[dict] = []
    for member in book.members:
        if wanted is not None and member.id not in wanted:
            continue
        for month in months:
            if (member.id, month) in book.rows or not book.owes(member.id, month):
                continue
            snap = book.snapshot(member.id, month)
            if snap is None:
                if member.name not in missing:
                    missing.append(member.name)
                continue
            row = {"member_id": member.id, "month": month, "due_fen": snap.due_fen, "basis": snap.basis,
                   "category": snap.category, "base_fen": snap.base_fen, "rate": snap.rate,
                   "rule_from": snap.rule_from, "state": snap.initial_state, "paid_fen": 0, "paid_date": None,
                   "pay_kind": "", "payer": "", "reason": "", "opened_at": now()}
            if paid is not None and row["state"] == vocab.DUE:
                row.update(state=vocab.PAID, paid_fen=snap.due_fen, paid_date=paid[0], pay_kind=paid[1])
            values.append(row)
    if values:
        ids = list(session.scalars(insert(DuesMonth).returning(DuesMonth.id, sort_by_parameter_order=True), values))
        _audit_inserts(session, ids, values)
        for row_id, row in zip(ids, values, strict=True):
            book.opened[(row["member_id"], row["month"])] = row_id
    return OpenResult(len(values), missing, sum(1 for v in values if v["state"] == vocab.PAID))


def _audit_inserts(session: Session, ids: list[int], values: list[dict]) -> None:
    if "dues_month" not in registry.audited_tables():
        return
    stamp = now()
    entries = [{"at": stamp, "action": "insert", "table_name": "dues_month", "row_id": row_id, "row_label": "",
                "field": key, "old_value": None,
                "new_value": value.isoformat() if isinstance(value, date | datetime) else str(value)}
               for row_id, row in zip(ids, values, strict=True)
               for key, value in row.items() if key != "opened_at" and value not in (None, "", 0)]
    session.execute(insert(AuditEntry), entries)


def require_month_row(session: Session, book: DuesBook, member: Member, month: str) -> DuesMonth:
    """The member's stored month, opened now if needed; UserError when the member does not owe it."""
    span = book.spans[member.id]
    if book.start is not None and month < book.start and span.owes(month):
        raise UserError(f"党费台账从 {book.start} 开始登记（最早的缴费基数或收缴记录），{month} 不在台账内；"
                        f"如需登记更早的月份，请先录入自那时起的缴费基数。", "month")
    if not span.owes(month):
        if span.start is not None and month < span.start:
            raise UserError(f"{member.name}从 {span.start} 起交纳党费（入党或转入的月份），{month} 不需交纳。",
                            "month")
        raise UserError(f"{member.name}的党费交纳至 {span.end}（已离开本支部），{month} 不需交纳。", "month")
    row = book.rows.get((member.id, month))
    if row is None:
        result = open_months(session, [month], [member.id], book)
        if result.missing_base:
            raise UserError(f"{member.name}还没有缴费基数，无法计算 {month} 的应缴党费；请先录入缴费基数。", "base")
        row = session.get(DuesMonth, book.opened[(member.id, month)])
        book.rows[(member.id, month)] = row
    return row
