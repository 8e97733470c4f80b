"""接续登记预备党员: a 预备党员 already in the roster (admitted before this ledger) is brought into the
pipeline at the 预备期, so their 转正 is tracked here and goes through the roster's own 转正 event."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.kit.dates import format_date
from app.kit.errors import UserError
from app.models.database import Database
from app.services.common.settings import get_setting
from app.services.development.taking_in import FIRST_TRACKED, take_in_probationary, untracked_probationary
from app.services.roster.reminders import probation_end
from app.ui import messages
from app.ui.widgets.fields import ChoiceCombo
from app.ui.widgets.save_cancel import save_cancel_buttons


class TakeInDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.person_id: int | None = None
        with db.session() as s:
            months = int(get_setting(s, "roster.probation_months"))
            choices = []
            for m in untracked_probationary(s):
                end = probation_end(m, months)
                joined = f"加入党组织日期 {format_date(m.joined_date)}" if m.joined_date else "未填加入党组织日期"
                ends = f"，预备期 {format_date(end)} 期满" if end else ""
                choices.append((f"{m.name}（{joined}{ends}）", m.id))
        self.setWindowTitle("接续登记花名册中的预备党员")
        self.member = ChoiceCombo(choices)
        hint = QLabel(f"在使用本软件前已接收的预备党员，可在这里接续登记，由“发展党员”跟踪其转正：个人信息取自花名册，"
                      f"第1至{FIRST_TRACKED - 1}步不再补登，从第{FIRST_TRACKED}步（继续教育考察）和转正申请起登记；"
                      f"转正经审批后在花名册中登记“预备党员转正”。")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("预备党员", self.member)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        box.accepted.disconnect()
        box.accepted.connect(self.save)
        self.save_button.setText("接续登记")
        self.save_button.setEnabled(bool(choices))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        if not choices:
            layout.addWidget(QLabel("花名册中的预备党员都已在发展党员记录中，没有需要接续登记的人。"))
        layout.addWidget(box)
        self.resize(560, self.sizeHint().height())

    def save(self) -> None:
        member_id = self.member.currentValue()
        if member_id is None:
            return
        try:
            with self._db.transaction() as s:
                self.person_id = take_in_probationary(s, member_id).id
        except UserError as exc:
            messages.show_error(self, exc.message)
            return
        self.accept()
