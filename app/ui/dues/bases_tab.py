"""党费基数核定: every member's base last year and this year, with the items it came from; salary sheet
import; one member's base; hardship and voluntary overrides; confirming the year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.common.settings import get_setting
from app.services.dues import vocab
from app.services.dues.bases import BaseItems
from app.services.dues.money import show, show_fen
from app.services.dues.months_text import shift
from app.services.dues.overrides import end_override, overrides_by_member
from app.services.dues.sample_salary import write_salary_sheet
from app.services.dues.year_check import BaseCheckRow, base_check_rows, confirm_year, year_confirmed
from app.services.roster.members import list_members
from app.ui import messages
from app.ui.dues.base_dialogs import BaseDialog, OverrideDialog
from app.ui.dues.rows_model import TextRowsTableModel
from app.ui.dues.salary_import_dialog import SalaryImportDialog

HEADERS = ["姓名", "人员类别", "缴费类别", "上年基数", "本年基数", "比例", "月应缴", "变化", "来源", "调整"]


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
        self.overrides: dict = {}  # member id -> the member's latest standing override
        self.model = TextRowsTableModel(HEADERS, self, right_aligned=(3, 4, 6, 7))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setResizeContentsPrecision(40)  # widths from the first rows, not all
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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
        self.end_button = QPushButton("结束调整…")
        self.end_button.setToolTip("困难情况消除等：从本月起恢复按基数和比例计算")
        self.end_button.clicked.connect(self.end_override)
        self.sample_button = QPushButton("生成示例工资表…")
        self.sample_button.setToolTip("示例支部专用：生成一份虚构的学校工资表，用来试一试“导入工资表”")
        self.sample_button.clicked.connect(lambda: self.write_sample_sheet())
        self.confirm_button = QPushButton("确认本年度基数")
        self.confirm_button.clicked.connect(self.confirm)
        bar = QHBoxLayout()
        for b in (self.import_button, self.edit_button, self.override_button, self.end_button, self.confirm_button,
                  self.sample_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.calculator)

    def set_year(self, year: int) -> None:
        self.year = year

    def refresh(self) -> None:
        with self._db.session() as s:
            self.rows = base_check_rows(s, self.year)
            confirmed = year_confirmed(s, self.year)
            self.overrides = {mid: records[-1] for mid, records in overrides_by_member(s).items() if records}
            self.sample_button.setVisible(bool(get_setting(s, "demo.is_sample")))
        self.model.set_rows([[r.name, r.roster_category, r.category_label, show(r.last_base), show(r.base), r.rate,
                              show(r.amount), "" if r.change is None else show(r.change),
                              "工资表导入" if r.source == "import" else ("手工录入" if r.source else ""),
                              self._override_text(r.member_id)]
                             for r in self.rows], [r.member_id for r in self.rows])
        missing = sum(1 for r in self.rows if r.base is None)
        state = "已确认" if confirmed else "尚未确认"
        self.status.setText(f"{self.year}年度基数{state}；{len(self.rows)} 名在册党员"
                            + (f"，其中 {missing} 人尚无基数。" if missing else "。"))

    def _override_text(self, member_id: int) -> str:
        record = self.overrides.get(member_id)
        if record is None:
            return ""
        amount = f" 每月{show_fen(record.amount_fen)}元" if record.amount_fen else ""
        until = f"至{record.to_month}" if record.to_month else "起"
        return f"{vocab.OVERRIDE_KINDS[record.kind]}{amount}（{record.from_month}{until}）"

    def end_override(self) -> None:
        row = self._current()
        record = self.overrides.get(row.member_id) if row else None
        if record is None:
            messages.show_error(self, "请先选中一名有减免或自愿多缴的党员。", "结束调整")
            return
        today = self._today()
        last = shift(f"{today.year}-{today.month:02d}", -1)
        label = vocab.OVERRIDE_KINDS[record.kind]
        if not messages.ask_confirm(self, f"结束{row.name}自 {record.from_month} 起的“{label}”，"
                                          f"从{today.year}年{today.month}月起恢复按基数和比例计算？已收缴的月份不变。"):
            return
        try:
            with self._db.transaction() as s:
                end_override(s, record.id, last if last >= record.from_month else None)
        except UserError as exc:
            messages.show_error(self, exc.message, "结束调整")
            return
        self.refresh()
        self.dataChanged.emit()

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
        messages.show_info(self, f"已按工资表更新 {count} 名党员的缴费基数（自 {self.year}-01 起）。", "工资表已导入")
        return count

    def write_sample_sheet(self, path: str | None = None) -> str | None:
        """The sample branch's fictional 工资表 (this year's January, the members in the roster, one outsider)."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "保存示例工资表", f"示例工资表{self.year}年1月.xlsx",
                                                  "Excel 工资表 (*.xlsx)")
            if not path:
                return None
        with self._db.session() as s:
            names = [m.name for m in list_members(s)]
        write_salary_sheet(path, names, year=self.year, seed=self.year, drifted=True, non_members=["外聘教师甲"])
        messages.show_info(self, f"已生成示例工资表：{path}\n点“导入工资表…”选择它即可试用。", "示例工资表")
        return path

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
