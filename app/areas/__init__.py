"""The areas of the ledger, one module each; this list is the one place that names them all.

Each module registers an `app.kit.registry.Area` when imported. The registry imports this list on first
use, so adding an area is: its packages in each layer, its module here, and one line below.
"""

BUILTIN = (
    "app.areas.home",
    "app.areas.roster",
    "app.areas.development",
    "app.areas.dues",
    "app.areas.meetings",
    "app.areas.appraisal",
    "app.areas.ledgers",
    "app.areas.backup",
)
