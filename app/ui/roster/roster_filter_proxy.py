"""Search-as-you-type and the filter combos of the roster page, over RosterTableModel.

A RowFilterProxy (app.ui.widgets.row_filter_proxy) whose search text is each row's precomputed search key
(name, pinyin initials, full pinyin, ID number, phones) and whose filters are the page's combos: one
filter per key, set by value (None = 全部) and turned into a predicate here.
"""

from __future__ import annotations

from operator import attrgetter

from app.services.roster import vocab
from app.ui.widgets.row_filter_proxy import FilterState, RowFilterProxy, normalise_query

__all__ = ["FILTER_KEYS", "FilterState", "RosterFilterProxy", "normalise_query"]

# The filters a user can set; the value None means 全部.
CATEGORY, GROUP, STANDING, GENDER, EDUCATION, AGE_BAND = (
    "category", "party_group", "standing", "gender", "education", "age_band")
FILTER_KEYS = (CATEGORY, GROUP, STANDING, GENDER, EDUCATION, AGE_BAND)

_ROW_ATTRIBUTE = {CATEGORY: "category", GROUP: "group_name", STANDING: "standing", GENDER: "gender",
                  EDUCATION: "education"}
_AGE_BANDS = {label: (low, high) for label, low, high in vocab.AGE_BANDS}


def _predicate(key: str, wanted: object):
    if key == AGE_BAND:
        low, high = _AGE_BANDS[wanted]
        return lambda r: r.age is not None and low <= r.age <= high
    attribute = attrgetter(_ROW_ATTRIBUTE[key])
    return lambda r: attribute(r) == wanted


class RosterFilterProxy(RowFilterProxy):
    def __init__(self, parent=None) -> None:
        super().__init__(parent, search_text=attrgetter("search"))
        self._filters: dict[str, object] = {}

    def set_filter(self, key: str, value: object | None) -> None:
        """Set one filter; None means 全部. GROUP takes the 党小组's name, "" for members in no 党小组."""
        if key not in FILTER_KEYS:
            raise KeyError(key)
        if key == AGE_BAND and value is not None and value not in _AGE_BANDS:
            raise KeyError(value)
        if self._filters.get(key) == value:
            return
        if value is None:
            self._filters.pop(key, None)
            self.set_predicate(key, None)
        else:
            self._filters[key] = value
            self.set_predicate(key, _predicate(key, value), value)

    def clear_filters(self) -> None:
        self._filters = {}
        super().clear_filters()

    def member_id(self, proxy_row: int) -> int:
        return self.row_at(proxy_row).member_id

    def proxy_row_of_member(self, member_id: int) -> int | None:
        return self.proxy_row_of_id(member_id)
