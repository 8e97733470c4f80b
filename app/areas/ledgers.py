"""台账与打印: every area's documents in one place (the registry's catalogue)."""

from app.kit.registry import Area, register

AREA = register(Area(
    key="ledgers",
    title="台账与打印",
    order=80,
    page="app.ui.ledgers.ledgers_page:LedgersPage",
))
