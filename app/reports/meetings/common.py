"""What the 组织生活 documents share: the branch heading, the data folder, the year and kind chosen."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app.services.attachments import session_data_dir
from app.services.meetings import kinds


def data_folder(session: Session) -> Path | None:
    return session_data_dir(session)


def year_or_current(year: int | None, today: date | None = None) -> int:
    return year if year is not None else (today or date.today()).year


def kind_code(kind: str | None) -> str | None:
    """The code for --kind (a code such as lecture, or the Chinese 党课); UserError for anything else."""
    if kind is None or not str(kind).strip():
        return None
    return kinds.kind(str(kind).strip()).code


def when_text(value: datetime | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}" if value else ""


def day_text(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def numbered(items: list[str]) -> str:
    """议题 one a line: 1．… 2．…"""
    return "\n".join(f"{i}．{item}" for i, item in enumerate(items, start=1))
