"""台账与打印: the 花名册 is exported from here with the 制表人 the user typed; later ledgers say so."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.kit.idcard import make_id_number
from app.services.roster.members import save_member
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.ledgers.ledgers_page import LedgersPage
from app.ui.widgets import file_dialogs


def test_roster_pdf_from_ledgers_page_carries_preparer_and_masks(qtbot, branch_db, tmp_path, monkeypatch):
    create_qt_application()
    number = make_id_number("110105", date(1980, 3, 1), 11)
    with branch_db.transaction() as s:
        save_member(s, {"name": "张三丰", "id_number": number, "category": "正式党员",
                        "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)})
    page = LedgersPage(branch_db)
    qtbot.addWidget(page)
    page.preparer.setText("李红梅")
    page.select_document("roster.roster")
    page.option_widget("mask_ids").setChecked(True)
    target = tmp_path / "花名册.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    shown = []
    monkeypatch.setattr(messages, "show_info", lambda parent, text, title="", *a, **k: shown.append(text))
    button = next(b for b in page.panel.findChildren(QPushButton) if b.text() == "导出 PDF…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "张三丰" in text and "李红梅" in text
    assert number not in text and number[:6] + "********" in text
    assert shown and str(target) in shown[0] and "身份证号已打码" in shown[0]


def test_the_page_lists_the_catalogue_by_area(qtbot, branch_db):
    from app.kit import registry

    create_qt_application()
    page = LedgersPage(branch_db)
    qtbot.addWidget(page)
    listed = [page.catalogue.topLevelItem(i).child(j).text(0)
              for i in range(page.catalogue.topLevelItemCount())
              for j in range(page.catalogue.topLevelItem(i).childCount())]
    assert listed == [d.title for d in registry.documents()]
    assert listed[:2] == ["党员花名册", "党员情况变更记录"]


def test_change_records_of_a_chosen_year_from_ledgers_page(qtbot, branch_db, tmp_path, monkeypatch):
    from app.services.roster.member_events import record_event

    create_qt_application()
    with branch_db.transaction() as s:
        mid = save_member(s, {"name": "王堃", "id_number": make_id_number("320102", date(1980, 3, 1), 11),
                              "category": "正式党员", "joined_date": date(2005, 6, 1),
                              "full_member_date": date(2006, 6, 1)}).id
        record_event(s, mid, "transfer_out", date(2025, 12, 20), {"to_org": "某中学支部"})
    page = LedgersPage(branch_db)
    qtbot.addWidget(page)
    page.select_document("roster.changes")
    year = page.option_widget("year")
    assert [year.itemText(i) for i in range(year.count())] == ["全部年度", "2025年"]
    year.setCurrentIndex(1)
    target = tmp_path / "变更.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    shown = []
    monkeypatch.setattr(messages, "show_info", lambda parent, text, title="", *a, **k: shown.append(text))
    button = next(b for b in page.panel.findChildren(QPushButton) if b.text() == "导出 PDF…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "2025年度党员情况变更记录" in text and "某中学支部" in text
    assert shown and "共 1 条" in shown[0] and "2025年度" in shown[0]
