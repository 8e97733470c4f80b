"""添加参加人员: a member left out of the round (e.g. transferred in after the 民主测评 day was set)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout

from app.ui.appraisal.saving_dialog import SavingDialog
from app.ui.widgets.save_cancel import save_cancel_buttons


class AddParticipantDialog(SavingDialog):
    def __init__(self, candidates: list[tuple[int, str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加参加评议的党员")
        self.member = QComboBox()
        for member_id, label in candidates:
            self.member.addItem(label, member_id)
        form = QFormLayout()
        form.addRow("党员：", self.member)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        self.save_button.setEnabled(bool(candidates))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("在册党员中尚未列入本年度评议的：" if candidates else "在册党员都已列入本年度评议。"))
        layout.addLayout(form)
        layout.addWidget(box)

    def values(self) -> dict:
        return {"member_id": self.member.currentData()}
