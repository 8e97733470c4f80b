"""备份: verified backups to a USB stick, restore, automatic backups on exit."""

from app.kit.registry import Area, register
from app.kit.settings import Setting

AREA = register(Area(
    key="backup",
    title="备份",
    order=90,
    page="app.ui.backup.backup_page:BackupPage",
    reminders=("app.services.backup.reminders:backup_reminders",),
    settings=(Setting("backup.reminder_days", 30, "多少天未备份时提醒"),),
))
