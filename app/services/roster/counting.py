"""The one counting rule of the roster (共 N 人，正式党员 …，预备党员 …), shared by the roster page and the
printed roster. Pure Python over anything with a `category`: the roster page counts its rows with it before
SQLAlchemy is imported (app/ui/quick_start.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from app.services.roster import vocab


class HasCategory(Protocol):
    category: str


@dataclass(frozen=True)
class RosterCounts:
    total: int
    full: int
    probationary: int

    def summary(self) -> str:
        return f"共 {self.total} 人，正式党员 {self.full}，预备党员 {self.probationary}"


def count_members(members: Iterable[HasCategory]) -> RosterCounts:
    members = list(members)
    full = sum(1 for m in members if m.category == vocab.CATEGORY_FULL)
    probationary = sum(1 for m in members if m.category == vocab.CATEGORY_PROBATIONARY)
    return RosterCounts(total=len(members), full=full, probationary=probationary)
