"""首页: what needs doing now (every area's reminders, with snoozing) and the branch at a glance (charts).

First in the navigation, and the page a fresh install opens on. It owns no records of its own besides
the snoozed reminders (reminder_snooze); every figure comes from the other areas' services.
"""

from app.kit.registry import Area, register
from app.kit.settings import Setting

AREA = register(Area(
    key="home",
    title="首页",
    order=0,  # before every other area: the first page of the navigation
    page="app.ui.home.home_page:HomePage",
    audited=("reminder_snooze",),
    quiet_tables=("reminder_snooze",),
    models="app.models.reminder",
    settings=(Setting("home.reminder_days", 60, "首页列出多少天内到期的待办事项"),),
))
