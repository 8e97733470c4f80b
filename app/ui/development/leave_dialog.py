"""A person leaves the pipeline (本人撤回 / 未被接收) with a date and a reason; the record stays."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.kit.errors import UserError
from app.models.database import Database
from app.services.development import steps as S
from app.services.development.people import leave_pipeline
from app.ui import messages
from app.ui.widgets.fields import ChoiceCombo
from app.ui.widgets.optional_date_edit import OptionalDateEdit
from app.ui.widgets.save_cancel import save_cancel_buttons


class LeaveDialog(QDialog):
    def __init__(self, db: Database, person_id: int, name: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._db, self._person_id, self._name = db, person_id, name
        self._today = today or date.today()
        self.setWindowTitle(f"退出培养：{name}")
        self.status = ChoiceCombo([(label, code) for code, label in S.LEAVING_STATUSES])
        self.day = OptionalDateEdit()
        self.day.setDate(self._today)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：本人书面申请撤回")
        form = QFormLayout()
        form.addRow("退出方式", self.status)
        form.addRow("日期", self.day)
        form.addRow("原因", self.reason)
        box, _save, _cancel = save_cancel_buttons(self)
        box.accepted.disconnect()
        box.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)

    def save(self) -> None:
        if not messages.ask_confirm(self, f"{self._name}将退出发展党员培养，已登记的步骤保留备查。确定吗？",
                                    "退出培养", yes_text="确定退出"):
            return
        try:
            with self._db.transaction() as s:
                leave_pipeline(s, self._person_id, self.status.currentValue(), self.day.date(), self.reason.text(),
                               today=self._today)
        except UserError as exc:
            messages.show_error(self, exc.message)
            return
        self.accept()
