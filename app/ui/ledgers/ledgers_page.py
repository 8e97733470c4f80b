"""台账与打印: the documents an inspection asks for, each with its export and print actions.

The 党员花名册 and the 党员情况变更记录 exist so far; the other ledgers are listed with a plain note
that they come with their areas, so the user sees what the binder will hold without being promised
what is not there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.database import Database
from app.services.common.settings import get_setting, set_setting
from app.services.roster.member_events import event_years
from app.ui.ledgers.document_export import Document, DocumentExporter, change_record_document, roster_document
from app.ui.qt_setup import ui_settings

LATER_LEDGERS = [
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
        settings = ui_settings(db)
        self._exporter = DocumentExporter(db, settings, self)

        self.preparer = QLineEdit()
        self.preparer.setPlaceholderText("打印在表头“制表人”处，例如组织委员的姓名")
        self.preparer.editingFinished.connect(self._save_preparer)
        common = QFormLayout()
        common.addRow("制表人：", self.preparer)

        self.include_former = QCheckBox("包含已离开的党员（转出、出党、去世）")
        self.mask_ids = QCheckBox("身份证号打码（如 110105********002X）")
        roster_box = self._document_box(
            "党员花名册", "A4 横向，标题、制表日期与制表人，每页重复表头，页码“第 X 页 共 Y 页”。",
            [self.include_former, self.mask_ids], self._roster_document)

        self.change_year = QComboBox()
        self.change_mask_ids = QCheckBox("身份证号打码")
        year_row = QWidget()
        year_layout = QHBoxLayout(year_row)
        year_layout.setContentsMargins(0, 0, 0, 0)
        year_layout.addWidget(QLabel("年度："))
        year_layout.addWidget(self.change_year)
        year_layout.addStretch(1)
        changes_box = self._document_box(
            "党员情况变更记录", "组织关系转入转出、转正、延长预备期、停止与恢复党籍、出党、去世、失联、流动，按日期排列。",
            [year_row, self.change_mask_ids], self._change_document)

        later_box = QGroupBox("其他台账")
        later_layout = QVBoxLayout(later_box)
        for title, when in LATER_LEDGERS:
            later_layout.addWidget(QLabel(f"• {title}：尚未完成，{when}。"))

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>台账与打印</h2>"))
        layout.addLayout(common)
        layout.addWidget(roster_box)
        layout.addWidget(changes_box)
        layout.addWidget(later_box)
        layout.addStretch(1)
        layout.setContentsMargins(24, 16, 24, 16)
        self.refresh()

    def _document_box(self, title: str, description: str, options: list[QWidget],
                      document: Callable[[], Document]) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(description))
        for option in options:
            layout.addWidget(option)
        buttons = QHBoxLayout()
        for text, action in (("导出 PDF…", lambda: self._exporter.export(document(), "pdf")),
                             ("导出 Excel…", lambda: self._exporter.export(document(), "xlsx")),
                             ("打印（打开PDF）…", lambda: self._exporter.print_pdf(document()))):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, run=action: (self._save_preparer(), run()))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _roster_document(self) -> Document:
        return roster_document(include_former=self.include_former.isChecked(), mask_ids=self.mask_ids.isChecked())

    def _change_document(self) -> Document:
        return change_record_document(year=self.change_year.currentData(), mask_ids=self.change_mask_ids.isChecked())

    def refresh(self) -> None:
        with self._db.session() as session:
            self.preparer.setText(get_setting(session, "report.preparer"))
            years = event_years(session)
        chosen = self.change_year.currentData()
        self.change_year.clear()
        self.change_year.addItem("全部年度", None)
        for year in years:
            self.change_year.addItem(f"{year}年", year)
        self.change_year.setCurrentIndex(max(self.change_year.findData(chosen), 0))

    def _save_preparer(self) -> None:
        with self._db.transaction() as session:
            set_setting(session, "report.preparer", self.preparer.text().strip())
