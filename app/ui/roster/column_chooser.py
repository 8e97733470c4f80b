"""列…: which roster columns are shown, as checkboxes grouped like the entry dialog (over the roster's
column specs; the dialog itself is app.ui.widgets.column_chooser)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.roster.fields import GROUP_BASIC, GROUP_NOTES, GROUP_PARTY, GROUP_WORK
from app.ui.roster.roster_table_model import COLUMNS
from app.ui.widgets import column_chooser

ALWAYS_SHOWN = {"name"}  # a roster without names is no roster
_GROUPS = [GROUP_BASIC, GROUP_PARTY, GROUP_WORK, GROUP_NOTES]


def default_column_keys() -> list[str]:
    return column_chooser.default_keys(COLUMNS)


class ColumnChooser(column_chooser.ColumnChooser):
    """Checkboxes for every column but 状态 (which follows 显示已离开的党员)."""

    def __init__(self, visible_keys: set[str] | list[str], parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, visible_keys, groups=_GROUPS, always_shown=ALWAYS_SHOWN,
                         always_shown_tip="姓名列始终显示", parent=parent)
