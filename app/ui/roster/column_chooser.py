"""列…: which roster columns are shown, as checkboxes grouped like the entry dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.roster.fields import FIELDS_BY_KEY, GROUP_BASIC, GROUP_NOTES, GROUP_PARTY, GROUP_WORK
from app.ui.roster.roster_table_model import COLUMNS, STATE

ALWAYS_SHOWN = {"name"}  # a roster without names is no roster
_GROUPS = [GROUP_BASIC, GROUP_PARTY, GROUP_WORK, GROUP_NOTES]
_PER_LINE = 4


def _group_of(key: str) -> str:
    field = FIELDS_BY_KEY.get(key)
    return field.group if field else GROUP_BASIC  # 序号 and 年龄 sit with the basic information


def default_column_keys() -> list[str]:
    return [c.key for c in COLUMNS if c.shown_by_default and c.key != STATE]


class ColumnChooser(QDialog):
    """Checkboxes for every column but 状态 (which follows 显示已离开的党员)."""

    def __init__(self, visible_keys: set[str] | list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择显示的列")
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for group in _GROUPS:
            columns = [c for c in COLUMNS if c.key != STATE and _group_of(c.key) == group]
            if not columns:
                continue
            box = QGroupBox(group)
            grid = QGridLayout(box)
            for i, column in enumerate(columns):
                check = QCheckBox(column.label)
                check.setChecked(column.key in visible_keys or column.key in ALWAYS_SHOWN)
                if column.key in ALWAYS_SHOWN:
                    check.setEnabled(False)
                    check.setToolTip("姓名列始终显示")
                self.boxes[column.key] = check
                grid.addWidget(check, i // _PER_LINE, i % _PER_LINE)
            layout.addWidget(box)

        presets = QHBoxLayout()
        all_button = QPushButton("全部显示")
        all_button.clicked.connect(self.select_all)
        default_button = QPushButton("恢复默认")
        default_button.clicked.connect(self.restore_defaults)
        presets.addWidget(all_button)
        presets.addWidget(default_button)
        presets.addStretch(1)
        layout.addLayout(presets)

        buttons = QDialogButtonBox()
        buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_keys(self) -> list[str]:
        """The checked columns, in the table's column order."""
        return [c.key for c in COLUMNS if c.key in self.boxes and self.boxes[c.key].isChecked()]

    def set_chosen(self, keys: set[str] | list[str]) -> None:
        for key, box in self.boxes.items():
            box.setChecked(key in keys or key in ALWAYS_SHOWN)

    def select_all(self) -> None:
        self.set_chosen(set(self.boxes))

    def restore_defaults(self) -> None:
        self.set_chosen(set(default_column_keys()))
