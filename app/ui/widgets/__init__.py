"""Reusable widgets for pages and dialogs: input widgets (fields, optional_date_edit), the record form,
the row table model, its filter proxy and the column chooser, the 保存/取消 buttons.

The names below are loaded on first use, so that a page importing only the table model (the roster at
start-up) does not pay for the entry widgets it shows later.
"""

from importlib import import_module

_LAZY = {
    "ChoiceCombo": "app.ui.widgets.fields",
    "NotesEdit": "app.ui.widgets.fields",
    "SearchableChoiceCombo": "app.ui.widgets.fields",
    "OptionalDateEdit": "app.ui.widgets.optional_date_edit",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
