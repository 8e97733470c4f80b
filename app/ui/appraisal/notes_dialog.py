"""季度自查与半年初评: a member's four quarterly self-check notes and the half-year first appraisal."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout

from app.services.appraisal import vocab
from app.ui.appraisal.saving_dialog import SavingDialog
from app.ui.widgets.save_cancel import save_cancel_buttons

SLOTS = ((vocab.QUARTER_CHECK, 1, "第一季度自查"), (vocab.QUARTER_CHECK, 2, "第二季度自查"),
         (vocab.HALF_YEAR, 1, "半年初评"), (vocab.QUARTER_CHECK, 3, "第三季度自查"),
         (vocab.QUARTER_CHECK, 4, "第四季度自查"))


class NotesDialog(SavingDialog):
    def __init__(self, name: str, year: int, texts: dict[tuple[str, int], str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{name}：{year}年季度自查与半年初评")
        self.edits: dict[tuple[str, int], QLineEdit] = {}
        form = QFormLayout()
        for kind, period, label in SLOTS:
            edit = QLineEdit(texts.get((kind, period), ""))
            self.edits[(kind, period)] = edit
            form.addRow(f"{label}：", edit)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        self.resize(560, 260)

    def values(self) -> dict[tuple[str, int], str]:
        return {slot: edit.text() for slot, edit in self.edits.items()}
