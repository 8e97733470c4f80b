"""发展党员 rules (the editable rules table): every rule in words, its numbers, and where it comes from."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.common.settings import get_setting, set_setting
from app.services.development.rules_table import rules_table, save_rule_values
from app.ui import messages
from app.ui.widgets.save_cancel import save_cancel_buttons


class RulesDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setWindowTitle("发展党员工作规则（时间要求）")
        self.resize(860, 620)
        with db.session() as s:
            rows = rules_table(s)
            phone = get_setting(s, "development.notice_phone")
            days = get_setting(s, "development.reminder_days")
        grid = QGridLayout()
        self.spins: dict[str, QSpinBox] = {}
        line = 0
        for row in rows:
            title = QLabel(f"<b>{row.text}</b>")
            grid.addWidget(title, line, 0, 1, 3)
            line += 1
            for setting in row.settings:
                spin = QSpinBox()
                spin.setRange(setting.low, setting.high)
                spin.setValue(setting.value)
                spin.setToolTip(f"默认值：{setting.default}")
                self.spins[setting.key] = spin
                grid.addWidget(QLabel("　" + setting.label), line, 0)
                grid.addWidget(spin, line, 1)
                grid.addWidget(QLabel(f"默认 {setting.default}"), line, 2)
                line += 1
            source = QLabel(f"　依据：{row.rule.source}" + (f"；例外：{row.rule.exception}" if row.rule.exception else ""))
            source.setWordWrap(True)
            source.setStyleSheet("color: #555;")
            grid.addWidget(source, line, 0, 1, 3)
            line += 1
        self.phone = QLineEdit(str(phone))
        self.phone.setPlaceholderText("例如 0510-12345678，印在公示上")
        self.reminder_days = QSpinBox()
        self.reminder_days.setRange(7, 365)
        self.reminder_days.setValue(int(days))
        grid.addWidget(QLabel("<b>其他</b>"), line, 0, 1, 3)
        grid.addWidget(QLabel("　公示上的支部联系电话"), line + 1, 0)
        grid.addWidget(self.phone, line + 1, 1, 1, 2)
        grid.addWidget(QLabel("　提醒：提前多少天提示"), line + 2, 0)
        grid.addWidget(self.reminder_days, line + 2, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        note = QLabel("默认值取自2014年《中国共产党发展党员工作细则》（未见修订文本）；如上级党委另有规定，请在此更正。"
                      "修改后，已登记的日期按新规则重新检查，不符合之处会在时间线和“检查”中列出。")
        note.setWordWrap(True)
        box, _save, _cancel = save_cancel_buttons(self)
        box.accepted.disconnect()
        box.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(box)

    def values(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.spins.items()}

    def save(self) -> None:
        try:
            with self._db.transaction() as s:
                save_rule_values(s, self.values())
                set_setting(s, "development.notice_phone", self.phone.text().strip())
                set_setting(s, "development.reminder_days", self.reminder_days.value())
        except UserError as exc:
            messages.show_error(self, exc.message)
            spin = self.spins.get(exc.field or "")
            if spin is not None:
                spin.setFocus()
            return
        self.accept()
