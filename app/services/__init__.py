"""Use cases and domain rules, one module per area. No Qt here."""
from app.services.common import audit as _audit  # noqa: F401  (registers the audit trail listener)
