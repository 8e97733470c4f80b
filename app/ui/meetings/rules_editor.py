"""规则设置: the area's rules as one editable table — each rule's value, where its default comes from, and
恢复默认. The cadences (how often each kind is required) are rows of the same table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.kit.settings import Setting
from app.models.database import Database
from app.services.attachments.settings import SETTINGS as ATTACHMENT_SETTINGS
from app.services.common.settings import get_setting, set_setting
from app.services.meetings import kinds, rules
from app.ui.messages import show_error, show_info

RULES: tuple[Setting, ...] = (*rules.SETTINGS, *ATTACHMENT_SETTINGS)


def _editor(setting: Setting, value: object) -> QWidget:
    if setting.key.startswith("meetings.cadence."):
        combo = QComboBox()
        for code, label in kinds.PERIODS.items():
            combo.addItem(label, code)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo
    if isinstance(setting.default, bool):
        combo = QComboBox()
        combo.addItem("是", True)
        combo.addItem("否", False)
        combo.setCurrentIndex(0 if value else 1)
        return combo
    if isinstance(setting.default, int):
        spin = QSpinBox()
        spin.setRange(1, 999)
        spin.setValue(int(value))
        return spin
    if isinstance(setting.default, float):
        spin = QDoubleSpinBox()
        spin.setRange(0.0, 1.0)
        spin.setDecimals(3)
        spin.setSingleStep(0.05)
        spin.setValue(float(value))
        return spin
    edit = QLineEdit("、".join(str(v) for v in value) if isinstance(value, list) else str(value))
    return edit


def _value(setting: Setting, widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDoubleSpinBox):
        return round(widget.value(), 3)
    text = widget.text().strip()
    if isinstance(setting.default, list):
        parts = [p for p in text.replace("，", "、").replace(",", "、").split("、") if p.strip()]
        if not all(p.strip().isdigit() for p in parts):
            raise UserError(f"“{setting.label}”应为用顿号分开的整数，例如：6、3", field=setting.key)
        return [int(p) for p in parts]
    return text


class RulesEditor(QWidget):
    rulesChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.table = QTableWidget(len(RULES), 3)
        self.table.setHorizontalHeaderLabels(["规则", "取值", "默认值的依据"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        save = QPushButton("保存规则")
        save.clicked.connect(self.save)
        defaults = QPushButton("恢复默认")
        defaults.clicked.connect(self.restore_defaults)
        bar = QHBoxLayout()
        bar.addWidget(save)
        bar.addWidget(defaults)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("这些规则来自《中国共产党支部工作条例（试行）》等规定；本地另有规定时可以修改，"
                                "日历、提醒和记录上的标注随之改变。"))
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.load()

    def load(self, values: dict | None = None) -> None:
        with self._db.session() as s:
            current = values or {r.key: get_setting(s, r.key) for r in RULES}
        for row, setting in enumerate(RULES):
            label = QTableWidgetItem(setting.label)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            source = QTableWidgetItem(setting.source)
            source.setFlags(Qt.ItemFlag.ItemIsEnabled)
            source.setToolTip(setting.source)
            self.table.setItem(row, 0, label)
            self.table.setCellWidget(row, 1, _editor(setting, current[setting.key]))
            self.table.setItem(row, 2, source)
        self.table.resizeColumnToContents(0)
        self.table.resizeRowsToContents()

    def editor(self, key: str) -> QWidget:
        return self.table.cellWidget(next(i for i, r in enumerate(RULES) if r.key == key), 1)

    def save(self) -> bool:
        try:
            values = {r.key: _value(r, self.table.cellWidget(i, 1)) for i, r in enumerate(RULES)}
            with self._db.transaction() as s:
                for key, value in values.items():
                    set_setting(s, key, value)
        except UserError as exc:
            show_error(self, str(exc))
            return False
        show_info(self, "规则已保存。", "已保存")
        self.rulesChanged.emit()
        return True

    def restore_defaults(self) -> None:
        self.load({r.key: r.default for r in RULES})
