"""花名册: the member list with search as you type, filters, counts, and the roster's actions.

The page needs only the database: the main window builds it with RosterPage(db), calls refresh() when
another page wrote data, and listens to membersChanged, emitted after every write made from here.

At start-up the window may build it before the database is open (RosterPage.before_database, from the
quick start): the rows then come from the data folder's database read with plain sqlite3, the same rows
the ORM gives, and attach_database() hands the page over to the database when it is open. This module
imports no SQLAlchemy, models or services that import them; the actions import what they need when used.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.config import database_path
from app.services.roster import vocab
from app.services.roster.counting import count_members
from app.ui import messages
from app.ui.qt_setup import ui_settings, ui_settings_at
from app.ui.roster.column_chooser import ALWAYS_SHOWN, ColumnChooser, default_column_keys
from app.ui.roster.roster_filter_proxy import (
    AGE_BAND,
    CATEGORY,
    EDUCATION,
    GENDER,
    GROUP,
    STANDING,
    RosterFilterProxy,
)
from app.ui.roster.roster_table_model import (
    COL_STATE,
    COLUMN_INDEX,
    COLUMNS,
    NO_GROUP,
    RosterRow,
    RosterTableModel,
    load_roster_rows,
    read_roster_rows,
)
from app.ui.widgets.text_width import widest_advance

if TYPE_CHECKING:
    from app.models.database import Database
    from app.ui.ledgers.document_export import DocumentExporter

def _needs_database(action):
    """An action of the page: nothing happens in the moment before the database is open (the quick start
    opens it on the event loop's next turn after the first rows painted)."""

    @functools.wraps(action)
    def run(self, *args, **kwargs):
        if self._db is None:
            return None
        return action(self, *args, **kwargs)

    return run


SEARCH_PLACEHOLDER = "姓名 / 拼音首字母 / 身份证号 / 电话"
ALL = "全部"
SETTING_COLUMNS = "roster/visible_columns"
SETTING_MASK_IDS = "roster/mask_ids"
MAX_AUTO_WIDTH = 320
class RosterPage(QWidget):
    membersChanged = Signal()

    def __init__(self, db: Database | None, parent: QWidget | None = None, settings: QSettings | None = None,
                 *, first_rows: tuple[list[RosterRow], list[str]] | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._settings = settings or ui_settings(db)
        self._export_helper: DocumentExporter | None = None
        self._visible_keys = self._load_visible_keys()
        self._user_sized: set[int] = set()
        self._auto_sizing = False

        self.model = RosterTableModel(self)
        self.proxy = RosterFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        if first_rows is None:
            self.refresh()
        else:
            self._show_rows(*first_rows, selected=None)

    @classmethod
    def before_database(cls, folder: Path) -> RosterPage | None:
        """The page for the quick start, before the database is open: the 在册 members read from the
        folder's database with plain sqlite3 (None if that fails: the window then waits for the database).
        attach_database() must follow."""
        try:
            con = sqlite3.connect(f"{database_path(folder).as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            rows = read_roster_rows(con)
            groups = [name for (name,) in con.execute("SELECT name FROM party_group ORDER BY sort_order, id")]
        except (sqlite3.Error, ValueError, TypeError):
            return None
        finally:
            con.close()
        return cls(None, settings=ui_settings_at(folder), first_rows=(rows, groups))

    def attach_database(self, db: Database) -> None:
        """The database is open: from now on the page reads and writes through it. The rows it loads are
        the ones already shown (nothing changes on the screen) unless something differs."""
        self._db = db
        self.refresh()

    @property
    def _exporter(self) -> DocumentExporter:
        if self._export_helper is None:  # imported on use: it needs SQLAlchemy
            from app.ui.ledgers.document_export import DocumentExporter

            self._export_helper = DocumentExporter(self._db, self._settings, self)
        return self._export_helper

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)

        actions = QHBoxLayout()
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.setToolTip("边输入边查找，例如 zsf 找到张三丰；Ctrl+F 到这里，Esc 清空")
        self.search_edit.textChanged.connect(self._on_search_changed)
        actions.addWidget(QLabel("搜索", self))
        actions.addWidget(self.search_edit)
        self.former_check = QCheckBox("显示已离开的党员", self)
        self.former_check.setToolTip("也显示已转出、已出党、已去世的党员（灰色），并显示“状态”列")
        self.former_check.toggled.connect(self._on_former_toggled)
        actions.addWidget(self.former_check)
        actions.addStretch(1)

        self.add_button = QPushButton("新增党员", self)
        self.add_button.setToolTip("录入一名新党员（Ctrl+N）")
        self.add_button.clicked.connect(self.add_member)
        self.edit_button = QPushButton("编辑", self)
        self.edit_button.setToolTip("查看和修改选中党员的信息（Enter 或双击）")
        self.edit_button.clicked.connect(self.edit_member)
        self.event_button = QPushButton("登记变更…", self)
        self.event_button.setToolTip("转入、转出、转正、停止党籍、出党、去世、失联、流动等")
        self.event_button.clicked.connect(self.record_event)
        self.void_button = QPushButton("撤销变更…", self)
        self.void_button.setToolTip("登记错了的变更可以撤销：党员状态恢复到登记之前，这条记录标为“已撤销”并保留")
        self.void_button.clicked.connect(self.void_event)
        self.delete_button = QPushButton("删除（仅限误录）", self)
        self.delete_button.setToolTip("只用于录错的记录；党员转出、出党或去世请用“登记变更…”")
        self.delete_button.clicked.connect(self.delete_member)
        self.columns_button = QPushButton("列…", self)
        self.columns_button.setToolTip("选择表格中显示哪些列")
        self.columns_button.clicked.connect(self.choose_columns)
        self.export_button = QPushButton("打印/导出", self)
        self.export_button.setMenu(self._build_export_menu())
        self.import_button = QPushButton("导入", self)
        self.import_button.setToolTip("从已有的 Excel 花名册导入党员（先预览，可整批撤销）")
        self.import_button.setMenu(self._build_import_menu())
        for button in (self.add_button, self.edit_button, self.event_button, self.void_button, self.delete_button,
                       self.columns_button, self.import_button, self.export_button):
            actions.addWidget(button)
        layout.addLayout(actions)

        filters = QHBoxLayout()
        self._filter_combos: dict[str, QComboBox] = {}
        self._filter_values: dict[str, list[object]] = {}
        for key, label, choices in (
            (CATEGORY, "人员类别", vocab.CATEGORIES),
            (GROUP, "党小组", []),  # filled from the branch's 党小组 on refresh
            (STANDING, "党籍状态", vocab.STANDINGS),
            (GENDER, "性别", vocab.GENDERS),
            (EDUCATION, "学历", vocab.EDUCATIONS),
            (AGE_BAND, "年龄段", [band[0] for band in vocab.AGE_BANDS]),
        ):
            combo = QComboBox(self)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            if key == GROUP:  # long names (第一党小组（语文组）) show in full in the list, not in the row
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(7)
            self._filter_combos[key] = combo
            self._set_combo_items(key, [(c, c) for c in choices])
            combo.currentIndexChanged.connect(lambda _i, k=key: self._on_filter_changed(k))
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
        self.clear_filters_button = QPushButton("清除筛选", self)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.clear_filters_button)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.hide()  # the 序号 column numbers the roster
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring of 5,000 rows
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionsMovable(False)
        header.sectionResized.connect(self._on_section_resized)
        header.setSortIndicator(COLUMN_INDEX["seq"], Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_member())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_row_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("rosterNothingFound")
        self.empty_label.setStyleSheet("color: #b26a00;")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("rosterCounts")
        self.counts_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.counts_label)

        self._shortcut(QKeySequence.StandardKey.New, self, self.add_member)
        self._shortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self._shortcut(Qt.Key.Key_Escape, self.search_edit, self.search_edit.clear, Qt.ShortcutContext.WidgetShortcut)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._shortcut(key, self.table, self.edit_member, Qt.ShortcutContext.WidgetShortcut)
            self._shortcut(key, self.search_edit, self._focus_table, Qt.ShortcutContext.WidgetShortcut)
        self._shortcut(Qt.Key.Key_Down, self.search_edit, self._focus_table, Qt.ShortcutContext.WidgetShortcut)

    def _shortcut(self, key, widget: QWidget, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut) -> None:
        shortcut = QShortcut(QKeySequence(key), widget)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)

    def _build_export_menu(self) -> QMenu:
        menu = QMenu(self)
        self.export_pdf_action = QAction("导出 PDF…", self)
        self.export_pdf_action.triggered.connect(lambda: self.export_roster("pdf"))
        self.export_xlsx_action = QAction("导出 Excel…", self)
        self.export_xlsx_action.triggered.connect(lambda: self.export_roster("xlsx"))
        self.preview_action = QAction("打印预览…", self)
        self.preview_action.setToolTip("在本软件中查看将要打印的每一页，并可直接打印")
        self.preview_action.triggered.connect(self.preview_roster)
        self.print_action = QAction("打印（打开PDF）…", self)
        self.print_action.setToolTip("生成 PDF 并用系统的 PDF 阅读器打开，在那里打印")
        self.print_action.triggered.connect(self.print_roster)
        self.mask_ids_action = QAction("身份证号打码（如 110105********002X）", self)
        self.mask_ids_action.setCheckable(True)
        self.mask_ids_action.setChecked(self._settings.value(SETTING_MASK_IDS, False, type=bool))
        self.mask_ids_action.toggled.connect(lambda on: self._settings.setValue(SETTING_MASK_IDS, on))
        for action in (self.export_pdf_action, self.export_xlsx_action, self.preview_action, self.print_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.mask_ids_action)
        note = menu.addAction("导出的是完整花名册，不受搜索和筛选影响")
        note.setEnabled(False)
        menu.addSeparator()
        menu.addMenu(self._build_member_info_menu())
        menu.setToolTipsVisible(True)
        return menu

    def _build_member_info_menu(self) -> QMenu:
        """The selected member's 党员基本信息采集表 (one A4 page for the member's file)."""
        menu = QMenu("所选党员的基本信息采集表", self)
        self.member_info_print_action = menu.addAction("打印（打开PDF）…", self.print_member_info)
        self.member_info_pdf_action = menu.addAction("导出 PDF…", self.export_member_info)
        self.member_info_menu = menu
        menu.setEnabled(False)  # until a member is selected
        return menu

    def _set_combo_items(self, key: str, items: list[tuple[str, object]]) -> None:
        """Replace a filter combo's entries (全部 first), keeping the current choice when it still exists."""
        combo = self._filter_combos[key]
        values = [None, *[value for _text, value in items]]
        previous = self._filter_values.get(key, [None])
        current = previous[combo.currentIndex()] if 0 <= combo.currentIndex() < len(previous) else None
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([ALL, *[text for text, _value in items]])
        self._filter_values[key] = values
        index = values.index(current) if current in values else 0
        combo.setCurrentIndex(index)
        combo.blockSignals(False)
        combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 8)  # the list shows names in full
        if current is not None and index == 0:  # the chosen 党小组 is gone
            self.proxy.set_filter(key, None)

    # ------------------------------------------------------------------ loading
    @property
    def include_former(self) -> bool:
        return self.former_check.isChecked()

    def refresh(self) -> None:
        """Reload the members from the database, keeping search, filters, sort and selection."""
        if self._db is None:  # before the database is open: attach_database() refreshes
            return
        from app.services.common.branch import list_groups

        selected = self.current_member_id()
        with self._db.session() as session:
            rows = load_roster_rows(session, include_former=self.include_former)
            groups = [g.name for g in list_groups(session)]
        self._show_rows(rows, groups, selected)

    def _show_rows(self, rows: list[RosterRow], groups: list[str], selected: int | None) -> None:
        if rows != self.model.rows or self.include_former != self.model.include_former:
            self.model.set_rows(rows, self.include_former)  # unchanged rows keep the view as it is
        if any(not row.group_name for row in self.model.rows):
            groups.append(NO_GROUP)
        self._set_combo_items(GROUP, [(name, "" if name == NO_GROUP else name) for name in groups])
        self._apply_column_visibility()
        self._autosize_columns()
        self._update_counts()
        if selected is not None:
            self.select_member(selected)
        self._update_buttons()

    # ------------------------------------------------------------------ search and filters
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _focus_table(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.current_member_id() is None:
            self.table.selectRow(0)

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._after_filter()

    def _on_filter_changed(self, key: str) -> None:
        combo = self._filter_combos[key]
        self.proxy.set_filter(key, self._filter_values[key][max(combo.currentIndex(), 0)])
        self._after_filter()

    def set_filter(self, key: str, value: object | None) -> None:
        """Choose a filter as the user would in its combo (value None = 全部)."""
        values = self._filter_values[key]
        self._filter_combos[key].setCurrentIndex(values.index(value))

    def clear_filters(self) -> None:
        for combo in self._filter_combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.proxy.clear_filters()
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_counts()
        self._update_buttons()

    def _on_former_toggled(self, _on: bool) -> None:
        self.refresh()

    def counts_text(self) -> str:
        if not self.model.rows:
            return "还没有党员记录，点击“新增党员”录入" if not self.include_former else "没有党员记录"
        shown = self.proxy.visible_rows()
        # the people still here are counted by the one counting rule (shared with the printed roster);
        # those who are gone are counted apart, never as 正式党员 of the branch
        active = [row for row in shown if row.roster_state == vocab.ROSTER_ACTIVE]
        text = count_members(active).summary()
        former = len(shown) - len(active)
        if former:
            text = f"在册{text}；另有已离开本支部的 {former} 人"
        if self.proxy.state().active:
            text += f"，筛选自 {len(self.model.rows)} 人"
        return text

    def _update_counts(self) -> None:
        self.counts_label.setText(self.counts_text())
        nothing = bool(self.model.rows) and self.proxy.rowCount() == 0
        self.empty_label.setText(self.nothing_found_text() if nothing else "")
        self.empty_label.setVisible(nothing)

    def nothing_found_text(self) -> str:
        query = self.search_edit.text().strip()
        what = f"没有找到与“{query}”相符的党员" if query else "没有找到符合筛选条件的党员"
        return f"{what}。可以换个写法（姓名、拼音首字母、身份证号或电话），或点“清除筛选”。"

    # ------------------------------------------------------------------ columns
    def _load_visible_keys(self) -> set[str]:
        stored = self._settings.value(SETTING_COLUMNS)
        if isinstance(stored, str):  # an ini file gives a one-element list back as a string
            stored = [stored] if stored else []
        known = {c.key for c in COLUMNS}
        keys = {k for k in stored if k in known} if isinstance(stored, list) else set()
        return (keys or set(default_column_keys())) | ALWAYS_SHOWN

    def set_visible_columns(self, keys: list[str] | set[str]) -> None:
        newly_shown = set(keys) - self._visible_keys
        self._visible_keys = set(keys) | ALWAYS_SHOWN
        self._settings.setValue(SETTING_COLUMNS, [c.key for c in COLUMNS if c.key in self._visible_keys])
        self._apply_column_visibility()
        self._autosize_columns(only={COLUMN_INDEX[k] for k in newly_shown if k in COLUMN_INDEX})

    def _apply_column_visibility(self) -> None:
        self._auto_sizing = True  # a column shown again resizes: that is not the user's own width
        try:
            for i, column in enumerate(COLUMNS):
                shown = self.include_former if i == COL_STATE else column.key in self._visible_keys
                self.table.setColumnHidden(i, not shown)
        finally:
            self._auto_sizing = False

    def choose_columns(self) -> None:
        dialog = ColumnChooser(self._visible_keys, self)
        if messages.run_dialog(dialog):
            self.set_visible_columns(dialog.chosen_keys())

    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        if not self._auto_sizing:
            self._user_sized.add(index)  # the user's own width is kept across reloads

    def _autosize_columns(self, only: set[int] | None = None) -> None:
        """Fit visible columns to their longest text (capped), measured once per column, not per cell."""
        font = self.table.font()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        self._auto_sizing = True
        try:
            for i, column in enumerate(COLUMNS):
                if self.table.isColumnHidden(i) or i in self._user_sized or (only is not None and i not in only):
                    continue
                # the widest in pixels, not the most characters: 已转出（2026-03-01） is wider than its length says
                widest = widest_advance(font, self.model.column_values(i))
                width = max(widest + 16,
                            header_metrics.horizontalAdvance(column.label) + 28)  # room for the sort arrow
                self.table.setColumnWidth(i, min(width, MAX_AUTO_WIDTH))
        finally:
            self._auto_sizing = False

    # ------------------------------------------------------------------ selection
    def current_member_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.member_id(rows[0].row()) if rows else None

    def current_row(self) -> RosterRow | None:
        member_id = self.current_member_id()
        if member_id is None:
            return None
        source_row = self.model.row_of_member(member_id)
        return None if source_row is None else self.model.row_at(source_row)

    def select_member(self, member_id: int) -> bool:
        """Select and show a member's row; False when the member is not in the current view."""
        row = self.proxy.proxy_row_of_member(member_id)
        if row is None:
            return False
        index = self.proxy.index(row, COLUMN_INDEX["name"])
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def open_record(self, record: str) -> bool:
        """A reminder's or a check's target "member:ID": select that member (clearing a search or filter
        that hides them, showing those who left if need be) and open their record."""
        kind, _, value = record.partition(":")
        if kind != "member" or not value.isdigit():
            return False
        member_id = int(value)
        if self.model.row_of_member(member_id) is None and not self.include_former:
            self.former_check.setChecked(True)  # reloads with the members who left
        if not self.select_member(member_id):
            self.clear_filters()
            if not self.select_member(member_id):
                return False
        self.edit_member()
        return True

    def _update_buttons(self) -> None:
        has = self.current_member_id() is not None
        for button in (self.edit_button, self.event_button, self.void_button, self.delete_button):
            button.setEnabled(has)
        self.member_info_menu.setEnabled(has)

    def row_menu(self) -> QMenu:
        """The right-click menu of a member's row: what can be done with that member."""
        menu = QMenu(self)
        menu.addAction("编辑…", self.edit_member)
        menu.addAction("登记变更…", self.record_event)
        menu.addAction("撤销最近一条变更…", self.void_event)
        menu.addAction("打印基本信息采集表…", self.print_member_info)
        menu.addSeparator()
        menu.addAction("删除（仅限误录）…", self.delete_member)
        return menu

    def _show_row_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = self.row_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # ------------------------------------------------------------------ importing
    def _build_import_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("从 Excel 文件导入…", self.import_members)
        menu.addAction("撤销最近一次导入…", self.undo_last_import)
        return menu

    @_needs_database
    def import_members(self) -> None:
        from app.ui.importer.import_dialog import ImportDialog

        dialog = ImportDialog(self._db, "roster", self)
        if messages.run_dialog(dialog):
            self._changed(None)

    @_needs_database
    def undo_last_import(self) -> None:
        from sqlalchemy import select

        from app.kit.errors import UserError
        from app.models import ImportBatch
        from app.services.importer.apply import undo_import, undo_problem

        with self._db.session() as session:
            batch = session.scalars(select(ImportBatch).where(ImportBatch.kind == "roster",
                                                              ImportBatch.undone_at.is_(None))
                                    .order_by(ImportBatch.id.desc())).first()
            if batch is None:
                messages.show_info(self, "没有可以撤销的导入。", "撤销导入")
                return
            problem = undo_problem(session, batch)
            what = (f"{batch.created_at:%Y-%m-%d %H:%M} 从“{batch.file_name}”导入的 {batch.added} 名党员"
                    + (f"（并更新了 {batch.updated} 名）" if batch.updated else ""))
            batch_id = batch.id
        if problem:
            messages.show_error(self, problem, "不能撤销导入")
            return
        if not messages.ask_confirm(self, f"撤销{what}？\n\n导入新增的党员将被移除，被更新的党员恢复为导入前的内容。",
                                    "撤销导入", yes_text="撤销导入"):
            return
        try:
            with self._db.transaction() as session:
                undo_import(session, batch_id)
        except UserError as exc:
            messages.show_error(self, exc.message, "不能撤销导入")
            return
        self._changed(None)

    # ------------------------------------------------------------------ writing
    def _changed(self, member_id: int | None) -> None:
        """After a write: reload, show the member (clearing the search if it hides them), tell others."""
        self.refresh()
        if member_id is not None and not self.select_member(member_id):
            if self.proxy.state().active and self.model.row_of_member(member_id) is not None:
                self.clear_filters()
                self.select_member(member_id)
        self.membersChanged.emit()

    @_needs_database
    def add_member(self) -> None:
        from app.ui.roster.member_dialog import (
            MemberDialog,  # imported on use: keeps the app's start-up quick
        )

        dialog = MemberDialog(self._db, None, self)
        if messages.run_dialog(dialog):
            self._changed(dialog.saved_member_id)

    @_needs_database
    def edit_member(self) -> None:
        from app.ui.roster.member_dialog import MemberDialog

        member_id = self.current_member_id()
        if member_id is None:
            return
        try:
            dialog = MemberDialog(self._db, member_id, self)
        except LookupError as exc:  # deleted meanwhile
            messages.show_error(self, str(exc), "无法编辑")
            self.refresh()
            return
        if messages.run_dialog(dialog):
            self._changed(dialog.saved_member_id or member_id)

    @_needs_database
    def record_event(self) -> None:
        from app.ui.roster.event_dialog import EventDialog

        member_id = self.current_member_id()
        if member_id is None:
            return
        try:
            dialog = EventDialog(self._db, member_id, self)
        except LookupError as exc:  # deleted meanwhile
            messages.show_error(self, str(exc), "无法登记")
            self.refresh()
            return
        if messages.run_dialog(dialog):
            self._changed(member_id)

    @_needs_database
    def void_event(self) -> None:
        from app.ui.roster.void_dialog import void_latest_event

        member_id = self.current_member_id()
        if member_id is not None and void_latest_event(self, self._db, member_id):
            self._changed(member_id)

    @_needs_database
    def delete_member(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from sqlalchemy import func, select

        from app.models import MemberEvent

        id_text = row.values[COLUMN_INDEX["id_number"]] or "无身份证号"
        with self._db.session() as session:
            events = session.scalar(select(func.count()).select_from(MemberEvent)
                                    .where(MemberEvent.member_id == row.member_id)) or 0
        detail = ("删除只用于录错的记录（例如重复录入、录成了别人），删除后不能恢复。\n"
                  "党员转出、出党或去世时请不要删除，应点“登记变更…”登记组织关系转出、出党或去世，"
                  "这样他的信息和历史记录都会保留。")
        if events:
            detail += f"\n\n注意：{row.name}已有 {events} 条变更记录，会一并删除。"
        if not messages.ask_confirm(
                self, f"确定要删除“{row.name}”（{row.category}，{id_text}）的记录吗？", "删除误录的记录",
                yes_text="删除", no_text="取消", detail=detail):
            return
        from sqlalchemy.exc import SQLAlchemyError

        from app.services.roster.members import delete_member_entered_by_mistake

        try:
            with self._db.transaction() as session:
                delete_member_entered_by_mistake(session, row.member_id)
        except LookupError as exc:
            messages.show_error(self, str(exc), "无法删除")
        except SQLAlchemyError as exc:
            messages.show_error(self, f"删除“{row.name}”失败，数据没有改动。", "无法删除", detail=str(exc))
            return
        self._changed(None)

    # ------------------------------------------------------------------ print and export
    @property
    def mask_ids(self) -> bool:
        return self.mask_ids_action.isChecked()

    @_needs_database
    def export_roster(self, fmt: str) -> Path | None:
        """导出 PDF… / 导出 Excel…: the whole roster (not the filtered view)."""
        return self._exporter.export(self._roster_document(), fmt)

    @_needs_database
    def preview_roster(self):
        """打印预览…: the roster's pages inside the application, with 打印 (app.ui.ledgers.print_preview)."""
        return self._exporter.preview(self._roster_document())

    @_needs_database
    def print_roster(self) -> Path | None:
        """打印（打开PDF）…: opened in the system's PDF viewer to print from there."""
        return self._exporter.print_pdf(self._roster_document())

    def _roster_document(self):
        from app.ui.ledgers.document_export import catalogue_document

        return catalogue_document("roster.roster", include_former=self.include_former, mask_ids=self.mask_ids)

    def export_member_info(self) -> Path | None:
        """The selected member's 党员基本信息采集表 as a PDF file."""
        doc = self._member_info_document()
        return None if doc is None else self._exporter.export(doc, "pdf")

    def print_member_info(self) -> Path | None:
        """The selected member's 党员基本信息采集表, opened in the system's PDF viewer to print."""
        doc = self._member_info_document()
        return None if doc is None else self._exporter.print_pdf(doc)

    def _member_info_document(self):
        row = self.current_row()
        if row is None:
            return None
        from app.ui.ledgers.document_export import catalogue_document

        entry = catalogue_document("roster.member_info", member=str(row.member_id), mask_ids=self.mask_ids)
        remarks = ["身份证号已打码"] if self.mask_ids else []
        return replace(entry, name=f"{entry.name}（{row.name}）", remarks=remarks)

    # ------------------------------------------------------------------ events
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
