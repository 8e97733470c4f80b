"""备份: verified backups to a USB stick, restore, automatic backups on exit."""

from app.kit.registry import Area, register

AREA = register(Area(
    key="backup",
    title="备份",
    order=90,
    page="app.ui.backup.backup_page:BackupPage",
    reminders=("app.services.backup.reminders:backup_reminders",),
))
