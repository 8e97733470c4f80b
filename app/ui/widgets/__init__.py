"""Reusable input widgets for the dialogs."""

from app.ui.widgets.fields import ChoiceCombo, NotesEdit, SearchableChoiceCombo
from app.ui.widgets.optional_date_edit import OptionalDateEdit

__all__ = ["ChoiceCombo", "NotesEdit", "OptionalDateEdit", "SearchableChoiceCombo"]
