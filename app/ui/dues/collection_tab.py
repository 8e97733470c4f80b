"""收缴: the year's grid, the one action that marks a month paid for everyone, and the exceptions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.models.database import Database
from app.services.dues.arrears import last_finished_month
from app.services.dues.collection import mark_month_paid, year_grid
from app.services.dues.months_text import label as month_label
from app.ui import messages
from app.ui.dues.grid_model import MONTH_COLUMNS, DuesGridTableModel
from app.ui.dues.month_dialogs import CorrectMonthDialog, PaymentDialog
from app.ui.widgets.fields import ChoiceCombo
from app.ui.widgets.optional_date_edit import OptionalDateEdit


class CollectionTab(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today = db, today
        self.year = today().year
        self.model = DuesGridTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setResizeContentsPrecision(40)  # widths from the first rows, not all
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self.correct_selected())  # Enter or double-click

        self.month = ChoiceCombo([(f"{m}月", m) for m in range(1, 13)])
        self.paid_date = OptionalDateEdit()
        self.paid_date.setDate(today())
        self.mark_button = QPushButton("本月全部按应缴登记")
        self.mark_button.setToolTip("把所选月份尚未登记的党员全部登记为按应缴金额交纳；已缴、免缴、延迟的不改动")
        self.mark_button.clicked.connect(self.mark_month)
        self.correct_button = QPushButton("更正所选月份…")
        self.correct_button.clicked.connect(self.correct_selected)
        self.pay_button = QPushButton("登记缴费（预缴、补交、代缴）…")
        self.pay_button.clicked.connect(self.record_payment)
        bar = QHBoxLayout()
        for widget in (QLabel("月份："), self.month, QLabel("缴纳日期："), self.paid_date, self.mark_button,
                       self.correct_button, self.pay_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)

    def set_year(self, year: int) -> None:
        self.year = year
        today = self._today()
        self.month.setCurrentValue(today.month if year == today.year else 12)

    def refresh(self) -> None:
        through = min(last_finished_month(self._today()), f"{self.year}-12")
        with self._db.session() as s:
            rows = year_grid(s, self.year)
        self.model.set_rows(rows, through)
        paid = sum((r.year_paid for r in rows), start=0)
        owed = sum((r.year_owed_through(through) for r in rows), start=0)
        self.summary.setText(f"{self.year}年：{len(rows)} 名党员，已收 {paid:.2f} 元，欠缴 {owed:.2f} 元"
                             f"（计至{month_label(through)}）。双击格子可更正该月。")

    def selected_month(self) -> str:
        return f"{self.year}-{self.month.currentValue():02d}"

    def mark_month(self) -> None:
        month = self.selected_month()
        day = self.paid_date.date()
        if day is None:
            messages.show_error(self, "请填写缴纳日期。")
            return
        if not messages.ask_confirm(self, f"将{month_label(month)}尚未登记的党员全部登记为按应缴金额交纳，"
                                          f"缴纳日期 {day:%Y-%m-%d}？\n已缴、免缴、延迟的党员不改动；登记后可逐个更正。",
                                    yes_text="全部登记"):
            return
        try:
            with self._db.transaction() as s:
                result = mark_month_paid(s, month, day, today=self._today())
        except Exception as exc:  # UserError and the like: say it, keep the grid as it was
            messages.show_error(self, str(exc))
            return
        self.refresh()
        self.dataChanged.emit()
        messages.show_info(self, result.summary(month_label(month)), "按月登记交纳")

    def correct_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or index.column() not in MONTH_COLUMNS:
            messages.show_error(self, "请先在表格中选中要更正的月份格子。", "更正")
            return
        row = self.model.rows[index.row()]
        cell = self.model.cell_at(index)
        if not cell.owes:
            messages.show_error(self, f"{row.name}在 {cell.month} 不需交纳党费（入党、转入之前或离开之后）。", "更正")
            return
        dialog = CorrectMonthDialog(self._db, row.member_id, row.name, cell, self._today, self)
        if messages.run_dialog(dialog):
            self.refresh()
            self.dataChanged.emit()

    def record_payment(self) -> None:
        members = [(r.name, r.member_id) for r in self.model.rows]
        if not members:
            messages.show_error(self, "本年度没有需要交纳党费的党员。", "登记缴费")
            return
        dialog = PaymentDialog(self._db, members, self.selected_month(), self._today, self)
        if messages.run_dialog(dialog):
            result = dialog.payment
            self.refresh()
            self.dataChanged.emit()
            if result is not None and result.warnings:
                messages.show_info(self, messages.bullet_list(result.warnings), "请核实")
