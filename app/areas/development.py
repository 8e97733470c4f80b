"""发展党员: people in development, the 25 steps with their rules, admission into the roster, the registers."""

from app.kit.registry import Area, CountLabel, register
from app.services.development.rule_settings import SETTINGS

AREA = register(Area(
    key="development",
    title="发展党员",
    order=20,
    checks=("app.services.development.checks:development_checks",),
    reminders=("app.services.development.reminders:development_reminders",),
    audited=("dev_person", "dev_step"),
    counts=(CountLabel("dev_person", "发展党员记录", "人"), CountLabel("dev_step", "发展党员步骤", "条")),
    settings=SETTINGS,
    models="app.models.development",
))
