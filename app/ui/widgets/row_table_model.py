"""A read-only Qt table over a list of row objects, described by column specs.

A list page (花名册, later 发展党员, 党费, 组织生活 …) loads its rows in one query into plain, immutable row
objects (NamedTuples or frozen dataclasses; never live ORM objects), describes its columns once, and gets
a model for a QTableView::

    COLUMNS = [
        ColumnSpec("name", "姓名", lambda r: r.name, sort_key=lambda r: (r.name_pinyin, r.name)),
        ColumnSpec("paid_on", "缴纳日期", lambda r: r.paid_text, alignment=CENTER),
        ColumnSpec("notes", "备注", lambda r: r.notes, tooltip=True, shown_by_default=False),
    ]
    model = RowTableModel(COLUMNS, row_id=lambda r: r.id)
    model.set_rows(load_rows(session))

* ``getter(row) -> str`` is the cell's text; keep it cheap (precompute display strings when loading).
* ``sort_key(row)`` orders the column; by default the text, Chinese by pinyin (`text_sort_key`), empty
  cells last. Sorting reorders the model's own rows (Python's stable sort over the keys, a few ms for
  5,000 rows) instead of letting QSortFilterProxyModel call back into Python for every comparison.
  Sorting by column -1 (or by a spec with ``sort_key=ORIGINAL_ORDER``) restores the load order.
* ``row_id(row)`` answers ``ROW_ID_ROLE`` and `row_of_id`; ``row_foreground(row)`` may grey a row.
* ``group`` / ``shown_by_default`` / ``choosable`` are for app.ui.widgets.column_chooser.

Pair it with app.ui.widgets.row_filter_proxy.RowFilterProxy for search-as-you-type and filters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from app.kit.pinyin import pinyin_keys

ROW_ID_ROLE = Qt.ItemDataRole.UserRole.value + 1  # data(index, ROW_ID_ROLE) -> row_id(row)
CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def ORIGINAL_ORDER(_row: Any) -> int:  # noqa: N802 - a marker used like a constant
    """sort_key marker: ascending means the order the rows were loaded in (a 序号 column)."""
    return 0


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # stable, stored in the user's column choice
    label: str  # the Chinese header
    getter: Callable[[Any], str]
    alignment: Qt.AlignmentFlag | None = None  # None: Qt's default (left)
    sort_key: Callable[[Any], Any] | None = None  # None: the text, by pinyin (text_sort_key)
    tooltip: bool = False  # long text: the whole cell as tooltip
    group: str = ""  # the column chooser's box
    shown_by_default: bool = True
    choosable: bool = True  # False: the page decides when it shows (e.g. 状态 with former members)


class TextSortKey:
    """Sort key of a cell text: empty last, ASCII case-insensitively, Chinese by its pinyin (陈 before 王).

    Characters are read one by one through a cache: whole-string pinyin of 5,000 addresses would take a
    second."""

    def __init__(self) -> None:
        self._text_cache: dict[str, tuple] = {}
        self._char_cache: dict[str, str] = {}

    def _char(self, ch: str) -> str:
        reading = self._char_cache.get(ch)
        if reading is None:
            reading = ch.lower() if ch.isascii() else (pinyin_keys(ch)[1] or ch)
            self._char_cache[ch] = reading
        return reading

    def __call__(self, text: str) -> tuple:
        key = self._text_cache.get(text)
        if key is None:
            if text.isascii():
                key = (text == "", (text.lower(),), text)
            else:
                key = (text == "", tuple(self._char(ch) for ch in text), text)
            self._text_cache[text] = key
        return key


text_sort_key = TextSortKey()

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value


class RowTableModel(QAbstractTableModel):
    """Rows in, cells out; reload with set_rows() after any write. ``rows`` is the current display order
    (a new list object after every change, which the filter proxy relies on)."""

    def __init__(self, columns: Sequence[ColumnSpec], *, row_id: Callable[[Any], object] | None = None,
                 row_foreground: Callable[[Any], QBrush | None] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.columns: list[ColumnSpec] = list(columns)
        self.column_index: dict[str, int] = {c.key: i for i, c in enumerate(self.columns)}
        self._getters = [c.getter for c in self.columns]
        self._alignments = [None if c.alignment is None else int(c.alignment.value) for c in self.columns]
        self._tooltips = {i for i, c in enumerate(self.columns) if c.tooltip}
        self._row_id = row_id
        self._row_foreground = row_foreground
        self.rows: list = []
        self._base_rows: list = []  # load order
        self._sort_column = -1
        self._descending = False

    # -- rows
    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._base_rows = rows
        self.rows = self._sorted(rows)
        self.endResetModel()

    def row_at(self, source_row: int):
        return self.rows[source_row]

    def row_of_id(self, row_id: object) -> int | None:
        """The source row of the row whose row_id is `row_id`, or None."""
        get = self._row_id
        if get is None:
            return None
        for i, row in enumerate(self.rows):
            if get(row) == row_id:
                return i
        return None

    def row_id(self, row) -> object:
        return self._row_id(row) if self._row_id is not None else None

    def column_values(self, column: int) -> list[str]:
        """Every row's text in one column, in display order (to size the column to its content)."""
        getter = self._getters[column]
        return [getter(r) for r in self.rows]

    # -- Qt model interface
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if role == _DISPLAY:
            return self._getters[index.column()](self.rows[index.row()])
        if role == _ALIGN:
            return self._alignments[index.column()]
        if role == _FOREGROUND:
            return self._row_foreground(self.rows[index.row()]) if self._row_foreground is not None else None
        if role == ROW_ID_ROLE:
            return self.row_id(self.rows[index.row()])
        if role == _TOOLTIP and index.column() in self._tooltips:
            return self._getters[index.column()](self.rows[index.row()]) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label
        return str(section + 1)

    # -- sorting
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            column, order = -1, Qt.SortOrder.AscendingOrder
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old_rows = self.rows
        self.rows = self._sorted(self._base_rows)
        new_position = {id(r): i for i, r in enumerate(self.rows)}
        old_indexes = self.persistentIndexList()
        if old_indexes:
            self.changePersistentIndexList(old_indexes, [
                self.index(new_position[id(old_rows[i.row()])], i.column()) for i in old_indexes])
        self.layoutChanged.emit()

    def sort_key_function(self, column: int) -> Callable[[Any], Any]:
        spec = self.columns[column]
        if spec.sort_key is not None:
            return spec.sort_key
        getter = spec.getter
        return lambda r: text_sort_key(getter(r))

    def _sorted(self, rows: list) -> list:
        column = self._sort_column
        if column < 0 or (self.columns[column].sort_key is ORIGINAL_ORDER and not self._descending):
            return list(rows)
        if self.columns[column].sort_key is ORIGINAL_ORDER:
            return list(reversed(rows))
        # Python's sort is stable, also with reverse=True: equal keys keep the load order.
        return sorted(rows, key=self.sort_key_function(column), reverse=self._descending)
