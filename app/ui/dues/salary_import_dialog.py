"""导入工资表: the columns as found (each with its meaning, editable), a preview of every member's base, the
rows that matched nobody and the errors. Nothing is written until 确认导入; then all in one transaction."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.dues.money import show
from app.services.dues.salary_import import ROLES, Preview, confirm_import, load_for_import, preview_import
from app.ui import messages
from app.ui.dues.rows_model import TextRowsTableModel
from app.ui.widgets.fields import ChoiceCombo

PREVIEW_HEADERS = ["行", "姓名", "计入合计", "扣除合计", "基数", "原基数", "比例", "月应缴"]


class SalaryImportDialog(QDialog):
    def __init__(self, db: Database, path: str | Path, valid_from: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self.valid_from = db, valid_from
        self.setWindowTitle(f"导入工资表：{Path(path).name}")
        self.resize(1100, 680)
        with db.session() as s:
            self.sheet, mapping = load_for_import(s, path)
        self.preview: Preview | None = None
        self.imported = 0

        # the columns: a small grid of combos (a form, not data storage)
        self.columns = QTableWidget(len(self.sheet.headers), 2)
        self.columns.setHorizontalHeaderLabels(["工资表的列", "用途"])
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.columns.setMinimumWidth(330)  # both the header text and its 用途 stay readable
        self.role_combos: list[ChoiceCombo] = []
        for i, header in enumerate(self.sheet.headers):
            self.columns.setCellWidget(i, 0, QLabel(header or "（空）"))
            combo = ChoiceCombo([("未指定", None), *((label, code) for code, label in ROLES.items())])
            combo.setCurrentValue(mapping.get(i))
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.columns.setCellWidget(i, 1, combo)
            self.role_combos.append(combo)

        self.preview_model = TextRowsTableModel(PREVIEW_HEADERS, self, right_aligned=(2, 3, 4, 5, 7))
        self.preview_table = QTableView()
        self.preview_table.setModel(self.preview_model)
        self.preview_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview_table.verticalHeader().setDefaultSectionSize(24)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(140)
        self.preview_button = QPushButton("预览")
        self.preview_button.clicked.connect(self.make_preview)

        buttons = QDialogButtonBox(self)
        self.confirm_button = buttons.addButton("确认导入", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self.accept)
        self.confirm_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.columns, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(f"表头在第 {self.sheet.header_row} 行（工作表“{self.sheet.sheet_name}”）。基数 = 计入基数的各项"
                               f" − 扣除的各项（组电明字〔2017〕5号）；自 {valid_from} 起执行。"))
        right.addWidget(self.preview_button)
        right.addWidget(self.preview_table, 1)
        top.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        self.make_preview()

    def mapping(self) -> dict[int, str]:
        return {i: combo.currentValue() for i, combo in enumerate(self.role_combos) if combo.currentValue()}

    def _mapping_changed(self) -> None:
        self.preview = None
        self.confirm_button.setEnabled(False)
        self.report.setPlainText("列的用途已改动，请重新预览。")

    def make_preview(self) -> None:
        try:
            with self._db.session() as s:
                self.preview = preview_import(s, self.sheet, self.mapping(), self.valid_from)
        except UserError as exc:
            self.preview = None
            self.preview_model.set_rows([])
            self.report.setPlainText(exc.message)
            self.confirm_button.setEnabled(False)
            return
        p = self.preview
        self.preview_model.set_rows([
            [str(r.row), r.name, show(sum(r.added.values())), show(sum(r.deducted.values())), show(r.base),
             show(r.old_base), r.rate, show(r.amount)] for r in p.rows])
        lines = [p.summary()]
        lines += [f"错误：{e}" for e in p.errors]
        lines += [f"未匹配：第 {row} 行 {name}（{why}）" for row, name, why in p.unmatched]
        lines += [f"跳过：第 {row} 行（{why}）" for row, why in p.skipped]
        if p.unknown_columns:
            lines.append(f"未指定用途的列（不参与计算）：{'、'.join(p.unknown_columns)}")
        self.report.setPlainText("\n".join(lines))
        self.confirm_button.setEnabled(not p.errors and bool(p.rows))

    def accept(self) -> None:
        if self.preview is None:
            return
        try:
            with self._db.transaction() as s:
                self.imported = confirm_import(s, self.sheet, self.mapping(), self.preview)
        except UserError as exc:
            messages.show_error(self, exc.message, "未导入")
            return
        super().accept()
