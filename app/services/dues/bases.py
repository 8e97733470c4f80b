"""Each member's 缴费类别 and monthly base, valid from a month; the base calculator's items."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.dates import is_month_text
from app.kit.errors import UserError
from app.models import Member
from app.models.dues import DuesBase
from app.services.dues import vocab
from app.services.dues.money import MAX_MONTHLY_BASE, from_fen, parse_money, to_fen
from app.services.dues.rules import compute_due, rule_for_month
from app.services.dues.settings import rate_rules, rounding


@dataclass(frozen=True)
class BaseItems:
    """How a base was reached (the calculator): the items added and deducted, by the salary sheet's names."""

    added: dict[str, Decimal]
    deducted: dict[str, Decimal]

    @property
    def base(self) -> Decimal:
        return sum(self.added.values(), Decimal("0.00")) - sum(self.deducted.values(), Decimal("0.00"))

    def as_json(self) -> dict:
        return {"added": {k: str(v) for k, v in self.added.items()},
                "deducted": {k: str(v) for k, v in self.deducted.items()}}

    @staticmethod
    def from_json(data: dict | None) -> BaseItems:
        data = data or {}
        return BaseItems({k: Decimal(v) for k, v in (data.get("added") or {}).items()},
                         {k: Decimal(v) for k, v in (data.get("deducted") or {}).items()})


def check_base(value: object, label: str = "缴费基数", *, row: int | None = None) -> Decimal:
    """A monthly base as typed: not negative, not absurd (over 100,000 元 a month)."""
    return parse_money(value, label, field="base", row=row, maximum=MAX_MONTHLY_BASE)


def set_base(session: Session, member_id: int, valid_from: str, category: str, base: object, *,
             fixed: object = None, items: BaseItems | None = None, source: str = vocab.SOURCE_MANUAL,
             note: str = "") -> DuesBase:
    """Record (or replace, for the same month) a member's category and base from `valid_from` on."""
    member = session.get(Member, member_id)
    if member is None:
        raise UserError(f"找不到编号为 {member_id} 的党员。")
    if not is_month_text(valid_from or ""):
        raise UserError(f"“起始年月”应写成 2026-01 的形式，现为“{valid_from}”。", "valid_from")
    if category not in vocab.CATEGORIES:
        raise UserError(f"未知的缴费类别“{category}”。", "category")
    amount = check_base(base)
    fixed_amount = None if fixed in (None, "") else parse_money(fixed, "定额", field="fixed")
    # computing once refuses a fixed amount outside its range (农民 0.2-1 元) before anything is stored
    compute_due(category, amount, rule_for_month(rate_rules(session), valid_from), rounding(session),
                fixed=fixed_amount)
    record = session.scalar(select(DuesBase).where(DuesBase.member_id == member_id,
                                                   DuesBase.valid_from == valid_from))
    if record is None:
        record = DuesBase(member_id=member_id, valid_from=valid_from)
        session.add(record)
    record.category = category
    record.base_fen = to_fen(amount)
    record.fixed_fen = None if fixed_amount is None else to_fen(fixed_amount)
    record.items = items.as_json() if items else {}
    record.source = source
    record.note = note.strip()
    session.flush()
    return record


def bases_by_member(session: Session, member_ids: list[int] | None = None) -> dict[int, list[DuesBase]]:
    """Every member's base records, oldest first."""
    query = select(DuesBase).order_by(DuesBase.member_id, DuesBase.valid_from)
    if member_ids is not None:
        query = query.where(DuesBase.member_id.in_(member_ids))
    found: dict[int, list[DuesBase]] = defaultdict(list)
    for record in session.scalars(query):
        found[record.member_id].append(record)
    return found


def base_for_month(records: list[DuesBase], month: str) -> DuesBase | None:
    """The record in force in `month` (records oldest first)."""
    current = None
    for record in records:
        if record.valid_from <= month:
            current = record
        else:
            break
    return current


def base_amount(record: DuesBase | None) -> Decimal | None:
    return None if record is None else from_fen(record.base_fen)
