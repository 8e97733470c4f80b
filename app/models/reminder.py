"""Snoozed reminders: the user put a reminder aside until a date, with a reason.

A snooze is never deleted: ending it early sets `ended_at`, so the home page can always show what was put
aside, by whom's reason and until when ("nothing is silently hidden").
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, now


class ReminderSnooze(Base):
    """One reminder (by its stable `Reminder.key`) put aside until `until` (inclusive) for `reason`."""

    __tablename__ = "reminder_snooze"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    area: Mapped[str] = mapped_column(String(30), default="")  # the reminder's area, for the list of snoozed ones
    text: Mapped[str] = mapped_column(Text, default="")  # the reminder's sentence when it was snoozed
    until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)  # set when the user ends the snooze early

    @property
    def audit_label(self) -> str:
        return f"暂缓提醒：{self.text[:30]}"
