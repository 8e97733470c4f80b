"""导入: the wizard that brings an existing spreadsheet into the ledger — file, columns, preview, import.

1. 选择文件: the file, the sheet (the one that looks like the kind is chosen), what to do with duplicates; a
   blank template can be saved from here.
2. 核对列: each column of the file with the field it goes to (or 不导入), with sample values; the choice is
   remembered by header text for the next file.
3. 预览: every row with what will happen to it (新增 / 更新 / 跳过 / 不导入) and why; the report of the rows not
   imported can be saved; 导入 writes every accepted row in one transaction.
All the work is the core's (app.services.importer); this dialog only shows it and asks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.importer.kinds import import_kind
from app.services.importer.preview import ACTION_LABELS, ADD, REJECT, SKIP, UPDATE, Preview
from app.ui import messages
from app.ui.widgets import file_dialogs

FILE_FILTER = "电子表格 (*.xlsx *.xls *.xlsm *.ods *.csv)"
NOT_IMPORTED = "（不导入）"
NO_PARENT = QModelIndex()
ACTION_COLOURS = {ADD: "#1b5e20", UPDATE: "#0d47a1", SKIP: "#8d6e00", REJECT: "#b71c1c"}


class PreviewTableModel(QAbstractTableModel):
    """The preview's rows as they will be stored: 行号, 处理, 原因或提示, then every imported field."""

    FIXED = ["行号", "处理", "原因或提示"]

    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview
        self._keys = list(preview.mapping.by_column.values())
        self._headers = self.FIXED + [preview.kind.field(k).label for k in self._keys]

    def rowCount(self, parent=NO_PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.preview.rows)

    def columnCount(self, parent=NO_PARENT) -> int:  # noqa: N802 - Qt override
        return len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def _text(self, row, column: int) -> str:
        if column == 0:
            return str(row.number)
        if column == 1:
            return ACTION_LABELS[row.action]
        if column == 2:
            if row.action in (REJECT, SKIP):
                return row.reasons(self.preview.kind)
            return row.warnings_text(self.preview.kind)
        return shown_value(row.values.get(self._keys[column - len(self.FIXED)]))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.preview.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QColor(ACTION_COLOURS[row.action])
        return None


def shown_value(value: object) -> str:
    from datetime import date

    from app.kit.dates import format_date

    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return format_date(value)
    return str(value)


class ImportDialog(QDialog):
    def __init__(self, db: Database, kind_key: str = "roster", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.kind = import_kind(kind_key)
        self.preview: Preview | None = None
        self.batch_id: int | None = None
        self.setWindowTitle(f"导入{self.kind.title}")
        self.resize(900, 600)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._columns_page())
        self.pages.addWidget(self._preview_page())

        self.back_button = QPushButton("上一步")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton("下一步")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show_page(0)

    # -- page 1: the file
    def _file_page(self) -> QWidget:
        page = QWidget()
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("选择要导入的 Excel、WPS 或 CSV 文件")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.addItem("自动选择", None)
        self.duplicates = QButtonGroup(page)
        duplicate_row = QHBoxLayout()
        for code, text in (("skip", "跳过（不改动已有记录）"), ("update", "用表中的值更新已有记录"), ("keep", "两条都保留")):
            radio = QRadioButton(text)
            radio.setProperty("code", code)
            radio.setChecked(code == "skip")
            self.duplicates.addButton(radio)
            duplicate_row.addWidget(radio)
        duplicate_row.addStretch(1)
        template = QPushButton("下载空白模板…")
        template.clicked.connect(self.save_template)
        form = QFormLayout()
        form.addRow("文件：", row)
        form.addRow("工作表：", self.sheet_combo)
        form.addRow(f"{self.kind.field(self.kind.duplicate_key).label if self.kind.duplicate_key else '记录'}重复时：",
                    duplicate_row)
        what = "旧的花名册" if self.kind.key == "roster" else f"已有的{self.kind.title}表格"
        intro = QLabel(f"可以导入{what}：表头不在第一行、有标题行和说明行、日期写法不一都没关系。"
                       "导入前会逐行预览，确认后才写入；导入后也可以整批撤销。")
        intro.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(template, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def choose_file(self) -> None:
        chosen = file_dialogs.open_file_name(self, "选择要导入的文件", self.file_edit.text(), FILE_FILTER)
        if chosen:
            self.file_edit.setText(chosen)
            self._list_sheets()

    def _list_sheets(self) -> None:
        from app.services.importer.reading import read_workbook

        self.sheet_combo.clear()
        self.sheet_combo.addItem("自动选择", None)
        try:
            for sheet in read_workbook(self.file_edit.text().strip()):
                self.sheet_combo.addItem(sheet.name + ("（隐藏）" if sheet.hidden else ""), sheet.name)
        except UserError:
            pass  # said when the user goes on

    def save_template(self) -> None:
        from app.services.importer.templates import write_template

        chosen = file_dialogs.save_file_name(self, "保存空白模板", f"{self.kind.title}导入模板.xlsx",
                                                "Excel 工作簿 (*.xlsx)")
        if not chosen:
            return
        try:
            path = write_template(self.kind.key, Path(chosen))
        except UserError as exc:
            messages.show_error(self, exc.message, "无法保存模板")
            return
        messages.show_info(self, f"空白模板已保存：\n{path}", "模板已保存")

    def on_duplicate(self) -> str:
        return self.duplicates.checkedButton().property("code")

    # -- page 2: the columns
    def _columns_page(self) -> QWidget:
        page = QWidget()
        self.columns_intro = QLabel()
        self.columns_intro.setWordWrap(True)
        self.columns_table = QTableWidget(0, 3)
        self.columns_table.setHorizontalHeaderLabels(["表中的列", "导入为", "示例"])
        self.columns_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.columns_table.verticalHeader().hide()
        layout = QVBoxLayout(page)
        layout.addWidget(self.columns_intro)
        layout.addWidget(self.columns_table, 1)
        return page

    def _fill_columns(self) -> None:
        from app.services.importer.values import text_of

        preview = self.preview
        table = preview.table
        used = [i for i, h in enumerate(table.headers) if h]
        self.columns_intro.setText(f"工作表“{table.sheet}”，表头在第 {table.header_row} 行。请核对每一列导入为哪一项"
                                   f"（您的选择会记住，下次导入同样表头的文件时自动使用）。")
        self.columns_table.setRowCount(len(used))
        self._column_combos: dict[int, QComboBox] = {}
        for line, column in enumerate(used):
            self.columns_table.setItem(line, 0, QTableWidgetItem(table.headers[column]))
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, None)
            for spec in self.kind.fields:
                combo.addItem(spec.label + ("（必填）" if spec.required else ""), spec.key)
            combo.setCurrentIndex(max(combo.findData(preview.mapping.by_column.get(column)), 0))
            self._column_combos[column] = combo
            self.columns_table.setCellWidget(line, 1, combo)
            samples = [text_of(r.cells[column]) for r in table.rows[:3] if column < len(r.cells)]
            self.columns_table.setItem(line, 2, QTableWidgetItem("；".join(s for s in samples if s)))
        self.columns_table.resizeColumnsToContents()

    def _mapping_from_combos(self):
        from app.services.importer.matching import ColumnMapping

        mapping = ColumnMapping()
        taken: dict[str, int] = {}
        for column, combo in self._column_combos.items():
            key = combo.currentData()
            if key is None:
                mapping.ignored.append((column, self.preview.table.headers[column]))
            elif key in taken:
                raise UserError(f"“{self.kind.field(key).label}”对应了两列（“{self.preview.table.headers[taken[key]]}”"
                                f"和“{self.preview.table.headers[column]}”），请只保留一列。", key)
            else:
                taken[key] = column
                mapping.by_column[column] = key
        return mapping

    # -- page 3: the preview
    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.preview_view = QTableView()
        self.preview_view.verticalHeader().hide()
        self.preview_view.setWordWrap(False)
        report = QPushButton("保存未导入行的报告…")
        report.clicked.connect(self.save_report)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.preview_view, 1)
        layout.addWidget(report, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def save_report(self) -> None:
        from app.services.importer.report import write_report

        chosen = file_dialogs.save_file_name(self, "保存导入报告", "导入报告.xlsx", "Excel 工作簿 (*.xlsx)")
        if not chosen:
            return
        try:
            path = write_report(self.preview, Path(chosen))
        except UserError as exc:
            messages.show_error(self, exc.message, "无法保存报告")
            return
        messages.show_info(self, f"导入报告已保存：\n{path}", "报告已保存")

    # -- moving through the pages
    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        if index == 2 and self.preview is not None:
            count = len(self.preview.accepted)
            self.next_button.setText(f"导入 {count} 行")
            self.next_button.setEnabled(count > 0)
        else:
            self.next_button.setText("下一步")
            self.next_button.setEnabled(True)

    def back(self) -> None:
        self._show_page(max(self.pages.currentIndex() - 1, 0))

    def next(self) -> None:
        page = self.pages.currentIndex()
        try:
            if page == 0:
                self._read_file()
                self._fill_columns()
            elif page == 1:
                self._read_file(self._mapping_from_combos())
                self.preview_view.setModel(PreviewTableModel(self.preview))
                self.preview_view.resizeColumnsToContents()
                self.preview_view.setColumnWidth(2, min(self.preview_view.columnWidth(2), 420))
                self.summary_label.setText(self.preview.summary())
            else:
                self._write()
                return
        except UserError as exc:
            messages.show_error(self, exc.message, "无法导入")
            return
        self._show_page(page + 1)

    def _read_file(self, mapping=None) -> None:
        from app.services.importer.session import prepare_import

        path = self.file_edit.text().strip()
        if not path:
            raise UserError("请先选择要导入的文件。", "file")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self._db.session() as session:
                self.preview = prepare_import(session, self.kind.key, Path(path), sheet=self.sheet_combo.currentData(),
                                              on_duplicate=self.on_duplicate(), mapping=mapping)
        finally:
            QApplication.restoreOverrideCursor()

    def _write(self) -> None:
        from app.services.importer.apply import apply_import
        from app.services.importer.matching import remember_mapping

        preview = self.preview
        if not messages.ask_confirm(self, f"导入 {len(preview.accepted)} 行{self.kind.title}记录？\n\n"
                                          f"{preview.summary()}\n\n导入后可在花名册页“导入…”菜单中整批撤销。",
                                    "确认导入", yes_text="导入"):
            return
        try:
            with self._db.transaction() as session:
                batch = apply_import(session, preview)
                remember_mapping(session, self.kind, preview.table.headers, preview.mapping)
                self.batch_id, added, updated = batch.id, batch.added, batch.updated
        except UserError as exc:
            messages.show_error(self, exc.message, "导入没有完成")
            return
        messages.show_info(self, f"已导入：新增 {added} 行，更新 {updated} 行，未导入 {len(preview.rejected)} 行。",
                           "导入完成")
        self.accept()
