"""党费基数核定: every member's base last year and this year, with the items it came from; salary sheet
import; one member's base; hardship and voluntary overrides; confirming the year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.kit.errors import UserError
from app.models.database import Database
from app.services.dues.bases import BaseItems
from app.services.dues.money import show
from app.services.dues.year_check import BaseCheckRow, base_check_rows, confirm_year, year_confirmed
from app.ui import messages
from app.ui.dues.base_dialogs import BaseDialog, OverrideDialog
from app.ui.dues.rows_model import TextRowsTableModel
from app.ui.dues.salary_import_dialog import SalaryImportDialog

HEADERS = ["姓名", "人员类别", "缴费类别", "上年基数", "本年基数", "比例", "月应缴", "变化", "来源"]


def calculator_text(name: str, items: BaseItems, base: str) -> str:
    """The base calculator's line: how the base was reached."""
    if not items.added and not items.deducted:
        return f"{name}：基数 {base} 元（手工录入，无明细）"
    plus = " + ".join(f"{k} {show(v)}" for k, v in items.added.items())
    minus = "".join(f" − {k} {show(v)}" for k, v in items.deducted.items())
    return f"{name}：{plus}{minus} = {show(items.base)} 元"


class BasesTab(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today = db, today
        self.year = today().year
        self.rows: list[BaseCheckRow] = []
        self.model = TextRowsTableModel(HEADERS, self, right_aligned=(3, 4, 6, 7))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_items())
        self.table.doubleClicked.connect(lambda _i: self.edit_base())
        self.calculator = QLabel()
        self.calculator.setWordWrap(True)
        self.status = QLabel()
        self.import_button = QPushButton("导入工资表…")
        self.import_button.clicked.connect(lambda: self.import_salary_sheet())
        self.edit_button = QPushButton("修改所选党员的基数…")
        self.edit_button.clicked.connect(self.edit_base)
        self.override_button = QPushButton("困难减免 / 自愿多缴…")
        self.override_button.clicked.connect(self.add_override)
        self.confirm_button = QPushButton("确认本年度基数")
        self.confirm_button.clicked.connect(self.confirm)
        bar = QHBoxLayout()
        for b in (self.import_button, self.edit_button, self.override_button, self.confirm_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.calculator)

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        with self._db.session() as s:
            self.rows = base_check_rows(s, self.year)
            confirmed = year_confirmed(s, self.year)
        self.model.set_rows([[r.name, r.roster_category, r.category_label, show(r.last_base), show(r.base), r.rate,
                              show(r.amount), "" if r.change is None else show(r.change),
                              "工资表导入" if r.source == "import" else ("手工录入" if r.source else "")]
                             for r in self.rows], [r.member_id for r in self.rows])
        missing = sum(1 for r in self.rows if r.base is None)
        state = "已确认" if confirmed else "尚未确认"
        self.status.setText(f"{self.year}年度基数{state}；{len(self.rows)} 名在册党员"
                            + (f"，其中 {missing} 人尚无基数。" if missing else "。"))

    def _current(self) -> BaseCheckRow | None:
        index = self.table.currentIndex()
        return self.rows[index.row()] if index.isValid() else None

    def _show_items(self) -> None:
        row = self._current()
        self.calculator.setText(calculator_text(row.name, row.items, show(row.base)) if row and row.base is not None
                                else "")

    def import_salary_sheet(self, path: str | None = None) -> int:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择工资表", "", "Excel 工资表 (*.xlsx)")
            if not path:
                return 0
        try:
            dialog = SalaryImportDialog(self._db, path, f"{self.year}-01", self)
        except UserError as exc:
            messages.show_error(self, exc.message, "无法导入")
            return 0
        if not messages.run_dialog(dialog):
            return 0
        count = dialog.imported
        self.refresh()
        self.dataChanged.emit()
        messages.show_info(self, f"已按工资表更新 {count} 名党员的缴费基数（自 {self.year}-01 起）。")
        return count

    def edit_base(self) -> None:
        row = self._current()
        if row is None:
            messages.show_error(self, "请先选中一名党员。", "修改基数")
            return
        dialog = BaseDialog(self._db, row.member_id, row.name, category=row.category,
                            base=show(row.base), valid_from=f"{self.year}-01", parent=self)
        if messages.run_dialog(dialog):
            self.refresh()
            self.dataChanged.emit()

    def add_override(self) -> None:
        row = self._current()
        if row is None:
            messages.show_error(self, "请先选中一名党员。", "困难减免 / 自愿多缴")
            return
        today = self._today()
        dialog = OverrideDialog(self._db, row.member_id, row.name, f"{today.year}-{today.month:02d}", self)
        if messages.run_dialog(dialog):
            self.refresh()
            self.dataChanged.emit()

    def confirm(self) -> None:
        if not messages.ask_confirm(self, f"确认{self.year}年度全部 {len(self.rows)} 名党员的缴费基数已核对无误？"):
            return
        try:
            with self._db.transaction() as s:
                confirm_year(s, self.year)
        except UserError as exc:
            messages.show_error(self, exc.message, "无法确认")
            return
        self.refresh()
        self.dataChanged.emit()
