"""A member's development history (the steps recorded before and after admission), for the roster's pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.services.development.people import linked_person
from app.services.development.timeline import DONE, timeline


@dataclass(frozen=True)
class HistoryLine:
    step: str  # 第15步 支部大会讨论（接收预备党员）
    day: str
    text: str


def development_history(session: Session, member_id: int, today: date | None = None) -> list[HistoryLine] | None:
    """The recorded steps of the member's development, oldest first; None when they were not developed here."""
    person = linked_person(session, member_id)
    if person is None:
        return None
    items = timeline(session, person, today or date.today())
    return [HistoryLine(i.step.title, format_date(i.day), "；".join(x for x in (i.text, *i.problems) if x))
            for i in items if i.state == DONE]
