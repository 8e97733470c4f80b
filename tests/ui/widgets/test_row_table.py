"""The shared list-page table: rows and column specs in, cells, sorting, search, filters and 列… out —
shown here on a made-up 组织生活 list, as a new area would use it."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from app.ui.application import create_qt_application
from app.ui.widgets.column_chooser import ColumnChooser, default_keys
from app.ui.widgets.row_filter_proxy import RowFilterProxy
from app.ui.widgets.row_table_model import CENTER, ORIGINAL_ORDER, ROW_ID_ROLE, ColumnSpec, RowTableModel


class Meeting(NamedTuple):
    id: int
    seq: str
    kind: str
    held_on: str
    host: str
    attendance: int
    notes: str


COLUMNS = [
    ColumnSpec("seq", "序号", lambda r: r.seq, alignment=CENTER, sort_key=ORIGINAL_ORDER, group="会议"),
    ColumnSpec("kind", "类型", lambda r: r.kind, group="会议"),
    ColumnSpec("held_on", "日期", lambda r: r.held_on, alignment=CENTER, group="会议"),
    ColumnSpec("host", "主持人", lambda r: r.host, group="人员"),
    ColumnSpec("attendance", "出席", lambda r: str(r.attendance), sort_key=lambda r: r.attendance, group="人员"),
    ColumnSpec("notes", "备注", lambda r: r.notes, tooltip=True, shown_by_default=False, group="其他"),
]
ROWS = [
    Meeting(11, "1", "支部党员大会", "2026-03-02", "王建国", 9, "学习两会精神"),
    Meeting(12, "2", "党小组会", "2026-03-10", "陈静", 12, ""),
    Meeting(13, "3", "党课", "2026-04-01", "张三丰", 30, "主题：初心使命"),
    Meeting(14, "4", "支委会", "2026-04-15", "陈静", 5, ""),
]
GREY = QBrush(QColor("#7a7a7a"))


@pytest.fixture
def view(qtbot):
    create_qt_application()
    model = RowTableModel(COLUMNS, row_id=lambda r: r.id, row_foreground=lambda r: GREY if r.kind == "支委会" else None)
    model.set_rows(list(ROWS))
    proxy = RowFilterProxy(search_columns=["kind", "host"])
    proxy.setSourceModel(model)
    table = QTableView()
    table.setModel(proxy)
    table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # 序号: the load order
    table.setSortingEnabled(True)
    qtbot.addWidget(table)
    table.show()
    return table


def column(table: QTableView, key: str) -> list[str]:
    proxy = table.model()
    c = [spec.key for spec in COLUMNS].index(key)
    return [proxy.index(r, c).data() for r in range(proxy.rowCount())]


def test_cells_headers_alignment_tooltip_and_row_id(view):
    proxy = view.model()
    assert [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())] == [
        "序号", "类型", "日期", "主持人", "出席", "备注"]
    assert column(view, "host") == ["王建国", "陈静", "张三丰", "陈静"]
    assert proxy.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter.value)
    assert proxy.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert proxy.index(2, 5).data(Qt.ItemDataRole.ToolTipRole) == "主题：初心使命"
    assert proxy.index(1, 5).data(Qt.ItemDataRole.ToolTipRole) is None  # empty: no tooltip
    assert proxy.index(3, 0).data(ROW_ID_ROLE) == 14
    assert proxy.index(3, 0).data(Qt.ItemDataRole.ForegroundRole) == GREY


def test_sorting_chinese_by_pinyin_numbers_by_their_key_and_back_to_load_order(view):
    view.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # 主持人: chen, chen, wang, zhang
    assert column(view, "host") == ["陈静", "陈静", "王建国", "张三丰"]
    assert column(view, "seq") == ["2", "4", "1", "3"]  # equal keys keep the load order
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert column(view, "attendance") == ["30", "12", "9", "5"]
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column(view, "seq") == ["1", "2", "3", "4"]
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert column(view, "seq") == ["4", "3", "2", "1"]


def test_search_over_the_chosen_columns_and_pluggable_filters(view):
    proxy = view.model()
    proxy.set_search_text("陈 静")  # spaces are ignored
    assert column(view, "kind") == ["党小组会", "支委会"]
    proxy.set_search_text("学习")  # 备注 is not searched
    assert proxy.rowCount() == 0
    proxy.set_search_text("党")
    assert proxy.rowCount() == 3
    proxy.set_predicate("large", lambda r: r.attendance >= 10, "10人以上")
    assert column(view, "kind") == ["党小组会", "党课"]
    assert proxy.state().active and proxy.state().filters == (("large", "10人以上"),)
    assert [r.id for r in proxy.visible_rows()] == [12, 13]
    assert proxy.proxy_row_of_id(13) == 1 and proxy.proxy_row_of_id(11) is None
    assert proxy.row_at(0).host == "陈静"
    proxy.set_predicate("large", None)
    assert proxy.rowCount() == 3
    proxy.clear_filters()
    assert proxy.rowCount() == 4 and not proxy.state().active


def test_reloaded_rows_are_searched_afresh(view):
    proxy = view.model()
    proxy.set_search_text("李")
    assert proxy.rowCount() == 0
    proxy.sourceModel().set_rows([*ROWS, Meeting(15, "5", "主题党日", "2026-05-04", "李芳", 20, "")])
    assert column(view, "host") == ["李芳"]


def test_column_chooser_over_column_specs(qtbot):
    create_qt_application()
    specs = [*COLUMNS, ColumnSpec("state", "状态", lambda r: "", choosable=False)]
    dialog = ColumnChooser(specs, {"kind"}, groups=["会议", "人员", "其他"], always_shown={"kind"})
    qtbot.addWidget(dialog)
    assert "state" not in dialog.boxes and not dialog.boxes["kind"].isEnabled()
    assert dialog.chosen_keys() == ["kind"]
    dialog.boxes["notes"].setChecked(True)
    assert dialog.chosen_keys() == ["kind", "notes"]
    dialog.restore_defaults()
    assert dialog.chosen_keys() == default_keys(specs) == ["seq", "kind", "held_on", "host", "attendance"]
    dialog.select_all()
    assert dialog.chosen_keys() == [c.key for c in COLUMNS]
    boxes = [b.title() for b in dialog.findChildren(type(dialog.boxes["kind"].parent()))]
    assert boxes == ["会议", "人员", "其他"]
