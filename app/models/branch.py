from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class BranchProfile(Base):
    """The one branch this database belongs to (a single row, id = 1)."""

    __tablename__ = "branch_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))  # 中共××小学支部委员会
    short_name: Mapped[str] = mapped_column(String(100), default="")  # ××小学支部
    parent_org: Mapped[str] = mapped_column(String(200), default="")  # 上级党组织
    founded_date: Mapped[date | None] = mapped_column(Date)


class PartyGroup(Base):
    """党小组."""

    __tablename__ = "party_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
