"""欠缴: who is behind, for which months, how many in a row (the 3 and 5 month reminders)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.kit.context import Context
from app.models.database import Database
from app.services.dues.arrears import arrears, last_finished_month
from app.services.dues.money import show
from app.services.dues.reminders import arrears_reminders
from app.ui.dues.rows_model import TextRowsTableModel

HEADERS = ["姓名", "欠缴月份", "欠缴月数", "连续未交", "欠缴金额"]


class ArrearsTab(QWidget):
    def __init__(self, db: Database, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today = db, today
        self.model = TextRowsTableModel(HEADERS, self, right_aligned=(2, 3, 4))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.reminders = QLabel()
        self.reminders.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("统计至上月底；延迟交纳（有正当理由）和免缴的月份不计入。"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reminders)

    def set_year(self, year: int) -> None:
        """Arrears run up to last month whatever the year shown; nothing to change."""

    def refresh(self) -> None:
        today = self._today()
        with self._db.session() as s:
            found = arrears(s, last_finished_month(today))
            notes = arrears_reminders(Context(s, today))
        self.model.set_rows([[a.name, "、".join(a.months), str(len(a.months)), str(a.run_length), show(a.owed)]
                             for a in found], [a.member_id for a in found])
        self.reminders.setText("\n".join(f"【{r.severity_label}】{r.text}" for r in notes) or "没有连续欠缴的党员。")
