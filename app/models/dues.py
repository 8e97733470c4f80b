"""党费 (dues): each member's base and category, overrides, the month ledger, and hand-overs (domain.md §3).

Money is stored as whole 分 in INTEGER columns (`*_fen`) and is `decimal.Decimal` 元 everywhere above the
models (app.services.dues.money converts). Why not Numeric: SQLite has no decimal type, so SQLAlchemy's
Numeric goes through a float on the way in and warns; integers are exact, sum exactly in SQL, and a 分 is
the smallest amount a register shows.

Months (年月) are "YYYY-MM" text, the form app.kit.dates uses. Stored kinds are ASCII codes; their Chinese
labels live in app.services.dues.vocab.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, now


class DuesBase(Base):
    """A member's dues category and monthly base (元, as 分), valid from a month until the next record."""

    __tablename__ = "dues_base"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    category: Mapped[str] = mapped_column(String(20))  # a vocab.CATEGORIES code
    base_fen: Mapped[int] = mapped_column(Integer, default=0)
    # the amount a member of a category with a fixed range (农民 0.2-1 元) chose; None: the range's lowest
    fixed_fen: Mapped[int | None] = mapped_column(Integer)
    items: Mapped[dict] = mapped_column(JSON, default=dict)  # how the base was reached: {"added": {...}, ...}
    source: Mapped[str] = mapped_column(String(20), default="manual")  # vocab.BASE_SOURCES code
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    __table_args__ = (UniqueConstraint("member_id", "valid_from", name="uq_dues_base_member_month"),)


class DuesOverride(Base):
    """A hardship reduction or exemption (branch decision + higher committee's approval) or a voluntary amount."""

    __tablename__ = "dues_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # vocab.OVERRIDE_KINDS code
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)  # reduced / voluntary monthly amount
    from_month: Mapped[str] = mapped_column(String(7))
    to_month: Mapped[str | None] = mapped_column(String(7))  # None: until ended
    decision: Mapped[str] = mapped_column(Text, default="")  # the branch's decision (支部决定)
    approval: Mapped[str] = mapped_column(Text, default="")  # the higher committee's approval note
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)  # withdrawn; kept for the history


class DuesMonth(Base):
    """One member's dues for one month: the amount due fixed when the month was opened, and what was paid.

    The snapshot (due_fen with its basis, base and rate) is written once; a later change of base or rule
    never rewrites it. A payment fills paid_fen / paid_date / pay_kind / payer.
    """

    __tablename__ = "dues_month"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    due_fen: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(20))  # vocab.BASES code: rate / fixed / reduced / exempt / voluntary
    category: Mapped[str] = mapped_column(String(20))
    base_fen: Mapped[int] = mapped_column(Integer, default=0)
    rate: Mapped[str] = mapped_column(String(10), default="")  # percent as text, "1.5"; "" for fixed amounts
    rule_from: Mapped[str] = mapped_column(String(7), default="")  # the rule version used
    state: Mapped[str] = mapped_column(String(10), default="due")  # vocab.MONTH_STATES code
    paid_fen: Mapped[int] = mapped_column(Integer, default=0)
    paid_date: Mapped[date | None] = mapped_column(Date)
    pay_kind: Mapped[str] = mapped_column(String(10), default="")  # vocab.PAY_KINDS code, "" while unpaid
    payer: Mapped[str] = mapped_column(String(50), default="")  # 代缴: who paid for the member
    reason: Mapped[str] = mapped_column(Text, default="")  # why deferred / exempt / corrected
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    __table_args__ = (UniqueConstraint("member_id", "month", name="uq_dues_month_member_month"),)


class DuesRemittance(Base):
    """上缴: one hand-over of collected dues to the higher committee."""

    __tablename__ = "dues_remittance"

    id: Mapped[int] = mapped_column(primary_key=True)
    handed_date: Mapped[date] = mapped_column(Date)
    from_month: Mapped[str] = mapped_column(String(7))
    to_month: Mapped[str] = mapped_column(String(7))
    amount_fen: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(50), default="")
    # the receipt's scan lives in the shared attachment store, linked as ("dues_receipt", this id)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class DuesYear(Base):
    """The year's base check (党费基数核定): confirmed once the user has reviewed every member's base."""

    __tablename__ = "dues_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
