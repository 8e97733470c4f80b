"""上缴: collected vs handed over, quarter by quarter, and recording a hand-over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.kit.dates import parse_month_text
from app.kit.errors import UserError
from app.models.database import Database
from app.services.common.storage import data_folder_of
from app.services.dues.money import show, show_fen
from app.services.dues.remittance import quarter_summaries, receipt_counts, record_remittance, remittances
from app.ui import messages
from app.ui.dues.month_dialogs import _SavingDialog
from app.ui.dues.rows_model import TextRowsTableModel
from app.ui.widgets.optional_date_edit import OptionalDateEdit


class RemittanceDialog(_SavingDialog):
    def __init__(self, db: Database, first: str, last: str, amount: str, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(db, "登记上缴党费", parent)
        self._today = today
        self.handed = OptionalDateEdit()
        self.handed.setDate(today())
        self.first, self.last, self.amount = QLineEdit(first), QLineEdit(last), QLineEdit(amount)
        self.receipt = QLineEdit()
        self.receipt.setPlaceholderText("上级党委开具的党费收据号")
        self.note = QLineEdit()
        self.scan = QLineEdit()
        self.scan.setPlaceholderText("可选：收据的扫描件或照片")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._choose_scan)
        scan_row = QWidget()
        scan_layout = QHBoxLayout(scan_row)
        scan_layout.setContentsMargins(0, 0, 0, 0)
        scan_layout.addWidget(self.scan, 1)
        scan_layout.addWidget(browse)
        for label, key, widget in (("上缴日期：", "handed_date", self.handed), ("所属起始月份：", "from_month", self.first),
                                   ("所属截止月份：", "to_month", self.last), ("上缴金额（元）：", "amount", self.amount),
                                   ("收据号：", "receipt_no", self.receipt), ("收据扫描件：", "receipt_scan", scan_row),
                                   ("说明：", "note", self.note)):
            self.form.addRow(label, widget)
            self.fields[key] = widget
        self.finish()

    def _choose_scan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择收据扫描件", "", "图片或 PDF (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)")
        if path:
            self.scan.setText(path)

    def save(self) -> None:
        with self._db.transaction() as s:
            record_remittance(s, self.handed.date(), parse_month_text(self.first.text(), "from_month") or "",
                              parse_month_text(self.last.text(), "to_month") or "", self.amount.text(),
                              receipt_no=self.receipt.text(), receipt_scan=self.scan.text().strip() or None,
                              data_dir=data_folder_of(self._db), note=self.note.text(), today=self._today())


class RemittanceTab(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today = db, today
        self.year = today().year
        self.quarters = TextRowsTableModel(["季度", "收缴金额", "上缴金额", "差额", "状态"], self, right_aligned=(1, 2, 3))
        self.handed = TextRowsTableModel(["上缴日期", "所属月份", "金额", "收据号", "收据扫描件", "说明"], self,
                                         right_aligned=(2,))
        self.quarter_table, self.handed_table = QTableView(), QTableView()
        self.quarter_table.setModel(self.quarters)
        self.quarter_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.handed_table.setModel(self.handed)
        for table in (self.quarter_table, self.handed_table):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.record_button = QPushButton("登记上缴…")
        self.record_button.clicked.connect(self.record)
        bar = QHBoxLayout()
        bar.addWidget(self.record_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(QLabel("各季度收缴与上缴："))
        layout.addWidget(self.quarter_table)
        layout.addWidget(QLabel("上缴记录："))
        layout.addWidget(self.handed_table)
        self._summaries = []

    def set_year(self, year: int) -> None:
        self.year = year

    def refresh(self) -> None:
        with self._db.session() as s:
            self._summaries = quarter_summaries(s, self.year)
            records = remittances(s, self.year)
            scans = receipt_counts(s)
        self.quarters.set_rows([[q.label, show(q.collected), show(q.handed), show(q.collected - q.handed),
                                 "已上缴" if q.covered else ("季度未结束" if q.ends >= self._today() else
                                                           ("未上缴" if q.collected > 0 else ""))]
                                for q in self._summaries])
        self.handed.set_rows([[f"{r.handed_date:%Y-%m-%d}", f"{r.from_month} 至 {r.to_month}", show_fen(r.amount_fen),
                               r.receipt_no, f"{scans[r.id]} 份" if scans.get(r.id) else "", r.note]
                              for r in records])

    def record(self) -> None:
        index = self.quarter_table.currentIndex()
        pending = [q for q in self._summaries if not q.covered and q.collected > 0]
        chosen = self._summaries[index.row()] if index.isValid() else (pending[0] if pending else None)
        first, last, amount = (chosen.months[0], chosen.months[-1], show(chosen.collected - chosen.handed)) \
            if chosen else ("", "", "")
        dialog = RemittanceDialog(self._db, first, last, amount, self._today, self)
        try:
            accepted = messages.run_dialog(dialog)
        except UserError as exc:
            messages.show_error(self, exc.message)
            return
        if accepted:
            self.refresh()
            self.dataChanged.emit()
