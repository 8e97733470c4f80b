"""A page for an area of the product that is not built yet: it says so plainly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class NotBuiltPage(QWidget):
    def __init__(self, title: str, plans: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(
            f"<p>此功能尚未完成，将在后续版本中提供。</p><p>计划内容：{plans}</p>"
            "<p>目前您可以先在“花名册”中维护党员信息，并在“备份”中做好数据备份。</p>"
        )
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        layout.setContentsMargins(32, 24, 32, 24)

    def refresh(self) -> None:
        """Nothing to reload."""
