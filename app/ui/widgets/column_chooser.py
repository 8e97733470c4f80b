"""列…: which columns of a list page are shown, as checkboxes grouped in boxes, over column specs.

    dialog = ColumnChooser(COLUMNS, visible_keys, groups=["基本信息", "党员信息"], always_shown={"name"})
    if messages.run_dialog(dialog):
        page.set_visible_columns(dialog.chosen_keys())

Each ColumnSpec (app.ui.widgets.row_table_model) with ``choosable`` gets a checkbox in the box of its
``group`` (boxes in the order of `groups`; a spec whose group is not listed goes in the first box).
全部显示 ticks everything, 恢复默认 the specs ``shown_by_default``; the columns in `always_shown` stay
ticked and cannot be unticked.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

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

from app.ui.widgets.row_table_model import ColumnSpec

_PER_LINE = 4


def default_keys(columns: Sequence[ColumnSpec]) -> list[str]:
    """The choosable columns shown at first, in column order."""
    return [c.key for c in columns if c.shown_by_default and c.choosable]


class ColumnChooser(QDialog):
    def __init__(self, columns: Sequence[ColumnSpec], visible_keys: Collection[str], *,
                 groups: Sequence[str] = (), always_shown: Collection[str] = (),
                 always_shown_tip: str = "这一列始终显示", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择显示的列")
        self._columns = [c for c in columns if c.choosable]
        self._always = set(always_shown)
        self.boxes: dict[str, QCheckBox] = {}
        order = list(groups) or [""]
        layout = QVBoxLayout(self)
        for group in order:
            members = [c for c in self._columns if (c.group if c.group in order else order[0]) == group]
            if not members:
                continue
            box = QGroupBox(group)
            grid = QGridLayout(box)
            for i, column in enumerate(members):
                check = QCheckBox(column.label)
                check.setChecked(column.key in visible_keys or column.key in self._always)
                if column.key in self._always:
                    check.setEnabled(False)
                    check.setToolTip(always_shown_tip)
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
        return [c.key for c in self._columns if c.key in self.boxes and self.boxes[c.key].isChecked()]

    def set_chosen(self, keys: Collection[str]) -> None:
        for key, box in self.boxes.items():
            box.setChecked(key in keys or key in self._always)

    def select_all(self) -> None:
        self.set_chosen(set(self.boxes))

    def restore_defaults(self) -> None:
        self.set_chosen(set(default_keys(self._columns)))
