"""Use cases and domain rules, one module per area. No Qt here."""
from app.services import audit as _audit  # noqa: F401  (registers the audit trail listener)
