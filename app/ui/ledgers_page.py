"""台账与打印: the documents an inspection asks for, each with its export and print actions.

Only the 党员花名册 exists so far; the other ledgers are listed with a plain note that they come with
their areas, so the user sees what the binder will hold without being promised what is not there.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import ui_settings_path
from app.models.database import Database
from app.services.settings import get_setting, set_setting
from app.storage import data_folder_of
from app.ui.roster_export import RosterExporter

LATER_LEDGERS = [
    ("党员情况变更记录", "随“花名册”的变更登记一起提供打印"),
    ("发展党员名册", "随“发展党员”功能提供"),
    ("党费收缴登记表", "随“党费”功能提供"),
    ("三会一课、主题党日、组织生活会、谈心谈话记录", "随“组织生活”功能提供"),
    ("民主评议登记表与统计表", "随“民主评议”功能提供"),
    ("年度台账合订本（一个 PDF）", "在以上台账完成后提供"),
]


class LedgersPage(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        settings = QSettings(str(ui_settings_path(data_folder_of(db))), QSettings.Format.IniFormat)
        self._exporter = RosterExporter(db, settings, self)

        self.preparer = QLineEdit()
        self.preparer.setPlaceholderText("打印在表头“制表人”处，例如组织委员的姓名")
        self.preparer.editingFinished.connect(self._save_preparer)
        common = QFormLayout()
        common.addRow("制表人：", self.preparer)

        self.include_former = QCheckBox("包含已离开的党员（转出、出党、去世）")
        self.mask_ids = QCheckBox("身份证号打码（如 110105********002X）")
        buttons = QHBoxLayout()
        for text, slot in (("导出 PDF…", lambda: self._export("pdf")), ("导出 Excel…", lambda: self._export("xlsx")),
                           ("打印（打开PDF）…", self._print)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        roster_box = QGroupBox("党员花名册")
        roster_layout = QVBoxLayout(roster_box)
        roster_layout.addWidget(QLabel("A4 横向，标题、制表日期与制表人，每页重复表头，页码“第 X 页 共 Y 页”。"))
        roster_layout.addWidget(self.include_former)
        roster_layout.addWidget(self.mask_ids)
        roster_layout.addLayout(buttons)

        later_box = QGroupBox("其他台账")
        later_layout = QVBoxLayout(later_box)
        for title, when in LATER_LEDGERS:
            later_layout.addWidget(QLabel(f"• {title}：尚未完成，{when}。"))

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>台账与打印</h2>"))
        layout.addLayout(common)
        layout.addWidget(roster_box)
        layout.addWidget(later_box)
        layout.addStretch(1)
        layout.setContentsMargins(24, 16, 24, 16)
        self.refresh()

    def refresh(self) -> None:
        with self._db.session() as session:
            self.preparer.setText(get_setting(session, "report.preparer"))

    def _save_preparer(self) -> None:
        with self._db.transaction() as session:
            set_setting(session, "report.preparer", self.preparer.text().strip())

    def _export(self, fmt: str):
        self._save_preparer()
        return self._exporter.export(fmt, include_former=self.include_former.isChecked(),
                                     mask_ids=self.mask_ids.isChecked())

    def _print(self):
        self._save_preparer()
        return self._exporter.print_pdf(include_former=self.include_former.isChecked(),
                                        mask_ids=self.mask_ids.isChecked())
