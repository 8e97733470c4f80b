"""评议规则: the appraisal's rules as the user may change them, each with where its default comes from."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout

from app.services.appraisal.settings_spec import EXCELLENT_SHARE, REMINDER_FROM_MONTH, UNQUALIFIED_SHARE
from app.ui.appraisal.saving_dialog import SavingDialog
from app.ui.widgets.save_cancel import save_cancel_buttons


class RulesDialog(SavingDialog):
    def __init__(self, values: dict[str, object], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("民主评议规则")
        self.excellent = QLineEdit(str(values[EXCELLENT_SHARE.key]))
        self.unqualified = QLineEdit(str(values[UNQUALIFIED_SHARE.key]))
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setSuffix(" 月")
        self.month.setValue(int(values[REMINDER_FROM_MONTH.key]))
        form = QFormLayout()
        for setting, editor in ((EXCELLENT_SHARE, self.excellent), (UNQUALIFIED_SHARE, self.unqualified),
                                (REMINDER_FROM_MONTH, self.month)):
            label = QLabel(setting.label)
            label.setWordWrap(True)
            source = QLabel(f"依据：{setting.source}（默认 {setting.default}）")
            source.setWordWrap(True)
            source.setStyleSheet("color: #666666;")
            form.addRow(label)
            form.addRow(editor)
            form.addRow(source)
        hint = QLabel("比例可写成 1/3、0.5 或 50%。修改后，进行中的评议按新规则重新计算测评建议等次；已结束的评议不变。")
        hint.setWordWrap(True)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(box)
        self.resize(520, 420)

    def values(self) -> dict:
        return {EXCELLENT_SHARE.key: self.excellent.text(), UNQUALIFIED_SHARE.key: self.unqualified.text(),
                REMINDER_FROM_MONTH.key: self.month.value()}
