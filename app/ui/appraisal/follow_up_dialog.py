"""处理情况: for a 基本合格 / 不合格 member, the follow-up decided (限期改正 with its deadline, 劝退, 除名) and
what happened. Recorded only: leaving the roster is the roster's 出党 event."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.services.appraisal import vocab
from app.ui.appraisal.saving_dialog import SavingDialog
from app.ui.widgets.optional_date_edit import OptionalDateEdit
from app.ui.widgets.save_cancel import save_cancel_buttons


class FollowUpDialog(SavingDialog):
    def __init__(self, name: str, grade: str, existing: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{name}：评议后处理")
        self.action = QComboBox()
        for kind in vocab.FOLLOW_UPS:
            self.action.addItem(kind.label, kind.code)
        self.decided_on = OptionalDateEdit()
        self.deadline = OptionalDateEdit()
        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText("例如：经考察已按期改正")
        self.outcome_date = OptionalDateEdit()
        self.note = QLineEdit()
        form = QFormLayout()
        form.addRow("处理方式：", self.action)
        form.addRow("决定日期：", self.decided_on)
        form.addRow("改正期限：", self.deadline)
        form.addRow("处理结果：", self.outcome)
        form.addRow("结果日期：", self.outcome_date)
        form.addRow("备注：", self.note)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"评议等次：{vocab.grade_label(grade)}" + (f"\n已登记：{existing}" if existing else "")))
        layout.addLayout(form)
        layout.addWidget(QLabel("劝退、除名须按党内规定另行办理，办结后在花名册中登记“出党”。"))
        layout.addWidget(box)

    def values(self) -> dict:
        return dict(action=self.action.currentData(), decided_on=self.decided_on.date(),
                    deadline=self.deadline.date(), outcome=self.outcome.text(),
                    outcome_date=self.outcome_date.date(), note=self.note.text())
