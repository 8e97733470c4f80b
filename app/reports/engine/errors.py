"""The one error of the document engine."""

from __future__ import annotations

from app.kit.errors import UserError


class ReportError(UserError):
    """A document that cannot be made; the message is Chinese and says why (shown as is to the user)."""
