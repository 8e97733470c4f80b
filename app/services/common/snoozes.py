"""Snoozed reminders: the user puts a reminder aside until a date, with a reason; nothing is silently hidden.

A snooze names the reminder by its stable `Reminder.key`. It is active from when it was made until its
`until` day (inclusive), unless ended early; ending it sets `ended_at` and keeps the row, so the history of
what was put aside, why and until when stays. The home page lists the active snoozes ("已暂缓 N 项") next
to the reminders they hold back; `branch-ledger due` says how many there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.kit.reminders import Reminder
from app.models.reminder import ReminderSnooze

MAX_SNOOZE_DAYS = 366  # a reminder put aside for longer than a year is one nobody will see again
REASON_MAX = 200


@dataclass(frozen=True)
class SnoozeInfo:
    """An active snooze as the page and the command line show it (plain values, safe across threads)."""

    id: int
    key: str
    area: str
    text: str
    until: date
    reason: str
    created_at: datetime


def _info(row: ReminderSnooze) -> SnoozeInfo:
    return SnoozeInfo(row.id, row.key, row.area, row.text, row.until, row.reason, row.created_at)


def active_snoozes(session: Session, today: date) -> list[SnoozeInfo]:
    """The snoozes in force on `today`, soonest ending first."""
    rows = session.scalars(select(ReminderSnooze)
                           .where(ReminderSnooze.ended_at.is_(None), ReminderSnooze.until >= today)
                           .order_by(ReminderSnooze.until, ReminderSnooze.id))
    return [_info(r) for r in rows]


def snooze(session: Session, reminder: Reminder, until: date | None, reason: str, *, today: date) -> SnoozeInfo:
    """Put `reminder` aside until `until` (inclusive) for `reason`; both are required."""
    reason = (reason or "").strip()
    if not reminder.key:
        raise UserError("这条提醒没有稳定的标识，不能暂缓。")  # a programming error made visible, never a crash
    if not reason:
        raise UserError("请填写暂缓原因（例如“已电话联系，本人下月补交”），以便日后查看为什么暂缓。", "reason")
    if len(reason) > REASON_MAX:
        raise UserError(f"暂缓原因最多 {REASON_MAX} 个字，请精简后再保存。", "reason")
    if until is None:
        raise UserError("请选择暂缓到哪一天。", "until")
    if until < today:
        raise UserError(f"暂缓日期 {until:%Y-%m-%d} 早于今天（{today:%Y-%m-%d}），请选择今天或以后的日期。", "until")
    if until > today + timedelta(days=MAX_SNOOZE_DAYS):
        raise UserError(f"暂缓最长一年（至 {today + timedelta(days=MAX_SNOOZE_DAYS):%Y-%m-%d}），请选择更早的日期。",
                        "until")
    existing = session.scalars(select(ReminderSnooze).where(
        ReminderSnooze.key == reminder.key, ReminderSnooze.ended_at.is_(None),
        ReminderSnooze.until >= today)).first()
    if existing is not None:
        raise UserError(f"这条提醒已暂缓至 {existing.until:%Y-%m-%d}（原因：{existing.reason}）。"
                        "如需改期，请先在“已暂缓”中结束暂缓。")
    row = ReminderSnooze(key=reminder.key, area=reminder.area, text=reminder.text, until=until, reason=reason)
    session.add(row)
    session.flush()
    return _info(row)


def end_snooze(session: Session, snooze_id: int) -> None:
    """End a snooze early: the reminder shows again; the snooze stays on record with its end time."""
    row = session.get(ReminderSnooze, snooze_id)
    if row is None:
        raise UserError("找不到这条暂缓记录，可能已被结束。")
    if row.ended_at is not None:
        raise UserError(f"这条暂缓已于 {row.ended_at:%Y-%m-%d %H:%M} 结束。")
    row.ended_at = datetime.now()


def split_snoozed(reminders: list[Reminder], snoozes: list[SnoozeInfo]) -> tuple[list[Reminder],
                                                                                  list[tuple[Reminder, SnoozeInfo]]]:
    """(the reminders to show, the snoozed ones each with its snooze). A snooze whose reminder is no longer
    raised (the thing was done) holds back nothing and is not counted."""
    by_key = {s.key: s for s in snoozes}
    shown: list[Reminder] = []
    held: list[tuple[Reminder, SnoozeInfo]] = []
    for r in reminders:
        found = by_key.get(r.key) if r.key else None
        if found is None:
            shown.append(r)
        else:
            held.append((r, found))
    return shown, held

