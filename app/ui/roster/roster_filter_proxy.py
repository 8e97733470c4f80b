"""Search-as-you-type and the filter combos of the roster page, over RosterTableModel.

The decision for every row is made in one Python pass over the rows' precomputed search keys (well
under a millisecond for 5,000 members); filterAcceptsRow only looks the answer up. A change of the
search text or of a filter calls invalidate(), which rebuilds the mapping in one go: invalidateFilter()
would announce every removed stretch of rows separately, thousands of signals for a scattered match.

Sorting is delegated to the source model (see roster_table_model), so the proxy never sorts itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.services.roster import vocab
from app.ui.roster.roster_table_model import RosterRow, RosterTableModel

# The filters a user can set; the value None means 全部.
CATEGORY, GROUP, STANDING, GENDER, EDUCATION, AGE_BAND = (
    "category", "party_group", "standing", "gender", "education", "age_band")
FILTER_KEYS = (CATEGORY, GROUP, STANDING, GENDER, EDUCATION, AGE_BAND)

_ROW_ATTRIBUTE = {CATEGORY: "category", GROUP: "group_name", STANDING: "standing", GENDER: "gender",
                  EDUCATION: "education"}
_AGE_BANDS = {label: (low, high) for label, low, high in vocab.AGE_BANDS}


def normalise_query(text: str) -> str:
    """What the user typed, as it is matched: lowercase, without spaces (`zhang san` finds 张三)."""
    return "".join((text or "").split()).lower()


@dataclass(frozen=True)
class FilterState:
    query: str = ""
    filters: tuple[tuple[str, object], ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.query or self.filters)


def _matching(rows: list[RosterRow], query: str, filters: dict[str, object]) -> list[bool]:
    """Which rows pass: the query is a substring of the row's search key, and every filter matches."""
    flags = [query in r.search for r in rows] if query else [True] * len(rows)
    for key, wanted in filters.items():
        if key == AGE_BAND:
            low, high = _AGE_BANDS[wanted]
            flags = [f and r.age is not None and low <= r.age <= high for f, r in zip(flags, rows, strict=True)]
        else:
            attribute = _ROW_ATTRIBUTE[key]
            flags = [f and getattr(r, attribute) == wanted for f, r in zip(flags, rows, strict=True)]
    return flags


class RosterFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._query = ""
        self._filters: dict[str, object] = {}
        self._flags: list[bool] = []
        self._flags_for: list[RosterRow] | None = None  # the source's row list the flags were made for
        self._source: RosterTableModel | None = None

    def setSourceModel(self, model: RosterTableModel) -> None:
        self._source = model
        self._flags_for = None
        super().setSourceModel(model)

    # -- what the user asks for
    def set_search_text(self, text: str) -> None:
        query = normalise_query(text)
        if query != self._query:
            self._query = query
            self._refilter()

    def set_filter(self, key: str, value: object | None) -> None:
        """Set one filter; None means 全部. GROUP takes the 党小组's name, "" for members in no 党小组."""
        if key not in FILTER_KEYS:
            raise KeyError(key)
        if key == AGE_BAND and value is not None and value not in _AGE_BANDS:
            raise KeyError(value)
        current = self._filters.get(key)
        if value is None:
            self._filters.pop(key, None)
        else:
            self._filters[key] = value
        if current != value:
            self._refilter()

    def clear_filters(self) -> None:
        if self._query or self._filters:
            self._query = ""
            self._filters = {}
            self._refilter()

    def state(self) -> FilterState:
        return FilterState(self._query, tuple(sorted(self._filters.items())))

    # -- what is shown
    def source_rows(self) -> list[RosterRow]:
        return self._source.rows if self._source is not None else []

    def visible_rows(self) -> list[RosterRow]:
        """The rows that pass the search and filters, in the current order."""
        rows = self.source_rows()
        flags = self._current_flags()
        return [r for r, f in zip(rows, flags, strict=True) if f]

    def member_id(self, proxy_row: int) -> int:
        return self.source_rows()[self.mapToSource(self.index(proxy_row, 0)).row()].member_id

    def proxy_row_of_member(self, member_id: int) -> int | None:
        model = self._source
        source_row = model.row_of_member(member_id) if model is not None else None
        if source_row is None:
            return None
        index = self.mapFromSource(model.index(source_row, 0))
        return index.row() if index.isValid() else None

    # -- QSortFilterProxyModel
    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._flags_for is not self._source.rows:
            return self._current_flags()[source_row]
        return self._flags[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source reorders its rows; the proxy keeps no sort of its own (sortColumn() stays -1).
        if self._source is not None:
            self._source.sort(column, order)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        # Not super().headerData(): PySide6 6.12 under-counts None when a C++ call returns an empty
        # QVariant to Python, and enough of those crash the interpreter. Columns are never filtered.
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        return self._source.headerData(section, orientation, role) if self._source is not None else None

    # -- internals
    def _current_flags(self) -> list[bool]:
        rows = self.source_rows()
        if self._flags_for is not rows:
            self._flags = _matching(rows, self._query, self._filters)
            self._flags_for = rows
        return self._flags

    def _refilter(self) -> None:
        self._flags_for = None
        self.invalidate()
