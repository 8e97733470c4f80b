"""What an area's checks and reminders are given: one read session, today, and the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Context:
    session: Session
    today: date
    days: int = 30  # reminders: how far ahead to look
    data_dir: Path | None = None  # None when the caller has no data folder (tests of pure rules)
