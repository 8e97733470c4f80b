"""党费: the page of the dues area — 收缴 (the grid), 基数核定, 欠缴, 上缴 — with the year chosen once at the top
and the area's documents one click away. Pages call services; every rule lives in app.services.dues."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.kit import registry
from app.models.database import Database
from app.reports.engine.register import ReportError
from app.ui import messages
from app.ui.dues.arrears_tab import ArrearsTab
from app.ui.dues.bases_tab import BasesTab
from app.ui.dues.collection_tab import CollectionTab
from app.ui.dues.remittance_tab import RemittanceTab
from app.ui.dues.rules_dialog import RulesDialog


class DuesPage(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, today=date.today) -> None:
        super().__init__(parent)
        self._db = db
        self.today = today
        self.year = QSpinBox()
        self.year.setRange(2008, today().year + 1)
        self.year.setValue(today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self._year_changed)
        self.collection = CollectionTab(db, lambda: self.today(), self)
        self.bases = BasesTab(db, lambda: self.today(), self)
        self.arrears = ArrearsTab(db, lambda: self.today(), self)
        self.remittance = RemittanceTab(db, lambda: self.today(), self)
        self.tabs = QTabWidget()
        self._tabs = (self.collection, self.bases, self.arrears, self.remittance)
        self._stale: set[QWidget] = set()
        for tab, title in ((self.collection, "收缴"), (self.bases, "基数核定"), (self.arrears, "欠缴"),
                           (self.remittance, "上缴")):
            self.tabs.addTab(tab, title)
            changed = getattr(tab, "dataChanged", None)
            if changed is not None:
                changed.connect(self._tab_changed)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>党费</h2>"))
        top.addSpacing(16)
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addStretch(1)
        self.rules_button = QPushButton("计算比例设置…")
        self.rules_button.clicked.connect(self.edit_rules)
        top.addWidget(self.rules_button)
        for sheet, text in (("register", "导出登记表…"), ("notice", "导出公示表…")):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=sheet: self.export(s))
            top.addWidget(button)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.setContentsMargins(24, 16, 24, 16)
        self.refresh()

    def open_record(self, record: str) -> bool:
        """A reminder's target: "arrears:MEMBER" selects the member on 欠缴; "remittance:2026Q3" the quarter
        on 上缴; "bases:2026" that year's 基数核定."""
        kind, _, value = record.partition(":")
        if kind == "arrears" and value.isdigit():
            self.tabs.setCurrentWidget(self.arrears)
            keys = self.arrears.model.keys
            if int(value) in keys:
                self.arrears.table.selectRow(keys.index(int(value)))
            return True
        if kind == "remittance" and len(value) == 6 and value[4] == "Q":
            self.year.setValue(int(value[:4]))
            self.tabs.setCurrentWidget(self.remittance)
            self.remittance.quarter_table.selectRow(int(value[5]) - 1)
            return True
        if kind == "bases" and value.isdigit():
            self.year.setValue(int(value))
            self.tabs.setCurrentWidget(self.bases)
            return True
        return False

    def _year_changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Every tab is out of date; the one on screen reloads now, the others when they are shown (a page of
        200 members opens in a fraction of a second instead of loading four screens)."""
        year = self.year.value()
        for tab in self._tabs:
            tab.set_year(year)
        self._stale = set(self._tabs)
        self._refresh_current()

    def _refresh_current(self) -> None:
        tab = self.tabs.currentWidget()
        if tab in self._stale:
            self._stale.discard(tab)
            tab.refresh()

    def _tab_changed(self) -> None:
        self.refresh()
        self.dataChanged.emit()

    def edit_rules(self) -> None:
        if messages.run_dialog(RulesDialog(self._db, lambda: self.today(), self)):
            self.refresh()
            self.dataChanged.emit()

    def export(self, sheet: str, path: str | None = None) -> str | None:
        document = registry.document(f"dues.{sheet}")
        year = self.year.value()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, f"导出{document.title}", f"{year}年{document.title}.pdf",
                                                  "PDF (*.pdf);;Excel (*.xlsx)")
            if not path:
                return None
        fmt = path.rsplit(".", 1)[-1].lower() if "." in path else "pdf"
        try:
            with self._db.session() as s:
                result = registry.resolve(document.writer)(s, path, fmt, year=year, today=self.today())
        except ReportError as exc:
            messages.show_error(self, str(exc), "无法导出")
            return None
        messages.show_info(self, result.summary(), "党费")
        return path
