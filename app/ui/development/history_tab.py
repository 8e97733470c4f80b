"""The 发展党员记录 tab of a member's page: the steps that brought them into the Party, read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from app.models.database import Database
from app.services.development.history import development_history


def development_history_tab(db: Database, member_id: int, parent: QWidget | None = None) -> QWidget | None:
    """The tab, or None for a member not developed in this ledger (transferred in, or entered before)."""
    with db.session() as s:
        lines = development_history(s, member_id)
    if lines is None:
        return None
    page = QWidget(parent)
    table = QTableWidget(len(lines), 3, page)
    table.setHorizontalHeaderLabels(["步骤", "日期", "情况"])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setTabKeyNavigation(False)
    for row, line in enumerate(lines):
        for column, text in enumerate((line.step, line.day, line.text)):
            table.setItem(row, column, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    hint = QLabel("此记录来自“发展党员”，如需更正请在“发展党员”中进行。", page)
    hint.setStyleSheet("color: #666;")
    layout = QVBoxLayout(page)
    layout.addWidget(table)
    layout.addWidget(hint)
    page.history_table = table
    return page
