"""The year's base check (党费基数核定): each member's base last year and this year, the rate and amount it
gives, the change; the user confirms the year once they have gone through it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models.base import now
from app.models.dues import DuesYear
from app.services.dues import vocab
from app.services.dues.bases import BaseItems, base_for_month, bases_by_member
from app.services.dues.money import from_fen
from app.services.dues.rules import compute_due, rule_for_month
from app.services.dues.settings import rate_rules, rounding
from app.services.roster.members import list_members


@dataclass(frozen=True)
class BaseCheckRow:
    member_id: int
    name: str
    roster_category: str
    category: str  # vocab code, "" without a base
    last_base: Decimal | None
    base: Decimal | None
    rate: str
    amount: Decimal | None
    items: BaseItems
    source: str
    valid_from: str

    @property
    def change(self) -> Decimal | None:
        if self.base is None or self.last_base is None:
            return None
        return self.base - self.last_base

    @property
    def category_label(self) -> str:
        return vocab.category_label(self.category) if self.category else "未录入"


def base_check_rows(session: Session, year: int) -> list[BaseCheckRow]:
    """Every member in the roster, in roster order."""
    bases = bases_by_member(session)
    month = f"{year}-12"
    rules, mode = rate_rules(session), rounding(session)
    rows = []
    for member in list_members(session):
        records = bases.get(member.id, [])
        now_record = base_for_month(records, month)
        last_record = base_for_month(records, f"{year - 1}-12")
        rate, amount = "", None
        if now_record is not None:
            fixed = None if now_record.fixed_fen is None else from_fen(now_record.fixed_fen)
            due = compute_due(now_record.category, from_fen(now_record.base_fen),
                              rule_for_month(rules, max(now_record.valid_from, f"{year}-01")), mode, fixed=fixed)
            rate, amount = due.rate_text or "定额", due.amount
        rows.append(BaseCheckRow(
            member.id, member.name, member.category, now_record.category if now_record else "",
            from_fen(last_record.base_fen) if last_record else None,
            from_fen(now_record.base_fen) if now_record else None, rate, amount,
            BaseItems.from_json(now_record.items if now_record else None),
            now_record.source if now_record else "", now_record.valid_from if now_record else ""))
    return rows


def confirm_year(session: Session, year: int, note: str = "") -> DuesYear:
    missing = [r.name for r in base_check_rows(session, year) if r.base is None]
    if missing:
        raise UserError(f"以下党员还没有缴费基数，请先录入再确认：{'、'.join(missing[:10])}"
                        f"{'等' if len(missing) > 10 else ''}。")
    record = session.get(DuesYear, year) or DuesYear(year=year)
    record.confirmed_at = now()
    record.note = note.strip()
    session.add(record)
    session.flush()
    return record


def year_confirmed(session: Session, year: int) -> bool:
    record = session.get(DuesYear, year)
    return record is not None and record.confirmed_at is not None
