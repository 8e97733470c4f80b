"""The backup area's reminder: no hand-made backup for more than `backup.reminder_days` days."""

from __future__ import annotations

from datetime import timedelta

from app.kit.context import Context
from app.kit.reminders import Reminder
from app.services.backup.last_backup import last_backup
from app.services.common.branch import is_empty
from app.services.common.settings import get_setting


def backup_reminders(ctx: Context) -> list[Reminder]:
    if ctx.data_dir is None or is_empty(ctx.session):
        return []
    limit = int(get_setting(ctx.session, "backup.reminder_days"))
    last = last_backup(ctx.data_dir)
    if last is None:
        return [Reminder(ctx.today, "backup", "还没有把台账备份到U盘或其他位置，请在“备份”页备份一次。",
                         severity="overdue", key="backup.never")]
    when, where = last
    due = when.date() + timedelta(days=limit)
    if due > ctx.today + timedelta(days=ctx.days):
        return []
    days = (ctx.today - when.date()).days
    if due <= ctx.today:
        text = f"已有 {days} 天没有备份（上次 {when:%Y-%m-%d}，{where}），请备份到U盘。"
        severity = "overdue"
    else:
        text = f"上次备份在 {when:%Y-%m-%d}，{due:%Y-%m-%d} 前请再备份一次。"
        severity = "info"
    return [Reminder(due, "backup", text, severity=severity, key=f"backup.stale:{when:%Y-%m-%d}")]
