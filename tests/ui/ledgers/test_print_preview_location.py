"""Issue 7 §7: the PDF opened for printing stays in the data folder and is removed after use."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton

from app.kit.idcard import make_id_number
from app.services.common.storage import open_data_folder
from app.services.roster.members import save_member
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.ledgers.ledgers_page import LedgersPage


def test_the_print_pdf_is_written_in_the_data_folder_and_removed_later(qtbot, branch_db, data_dir, monkeypatch):
    create_qt_application()
    number = make_id_number("110105", date(1980, 3, 1), 11)
    with branch_db.transaction() as s:
        save_member(s, {"name": "张三丰", "id_number": number, "category": "正式党员",
                        "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)})
    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True)
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    temp_before = set(Path(tempfile.gettempdir()).glob("branch-ledger-print*"))
    page = LedgersPage(branch_db)
    qtbot.addWidget(page)
    page.select_document("roster.roster")
    button = next(b for b in page.panel.findChildren(QPushButton) if b.text() == "打印（打开PDF）…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert len(opened) == 1 and opened[0].parent == data_dir / "打印暂存" and opened[0].is_file()
    assert set(Path(tempfile.gettempdir()).glob("branch-ledger-print*")) == temp_before
    # a later print removes previews older than ten minutes; the next start removes them all
    earlier = opened[0].with_name("党员花名册_一小时前.pdf")
    earlier.write_bytes(opened[0].read_bytes())
    an_hour_ago = time.time() - 3600
    os.utime(earlier, (an_hour_ago, an_hour_ago))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not earlier.exists() and opened[1].is_file()
    branch_db.dispose()
    open_data_folder(data_dir).dispose()
    assert list((data_dir / "打印暂存").iterdir()) == []
