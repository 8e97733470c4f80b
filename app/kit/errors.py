"""One error type for bad input: every service raises `UserError`, every front end shows it the same way.

The message is one or more whole Chinese sentences that say what is wrong and where. `field` is the stable
key of the field at fault (a Member attribute, a form field's key), so a dialog can focus it without
reading the message; `row` is the 1-based source row for imports.
"""

from __future__ import annotations


class UserError(ValueError):
    def __init__(self, message: str, field: str | None = None, *, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row

    def __str__(self) -> str:
        return self.message
