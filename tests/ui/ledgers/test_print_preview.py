"""Issue 15: the print preview renders a PDF's pages inside the application, and 打印 paints them on a printer
(here Qt's PDF printer, as no real printer is there), or opens the system viewer where there is no printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.ledgers import print_preview
from app.ui.ledgers.pdf_pages import page_range, print_pages
from app.ui.ledgers.print_preview import PrintPreviewDialog


def make_pdf(path: Path, pages: int, *, landscape_from: int | None = None) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        if landscape_from is not None and n >= landscape_from:
            c.setPageSize(landscape(A4))
        c.setFont("Helvetica", 40)
        c.drawString(100, 400, f"Page {n + 1}")
        c.bookmarkPage(f"p{n}")
        c.addOutlineEntry(f"Section {n + 1}", f"p{n}", level=0)
        c.showPage()
    c.save()
    return path


@pytest.fixture
def pdf(tmp_path):
    return make_pdf(tmp_path / "three.pdf", 3, landscape_from=2)


def test_the_preview_shows_every_page_and_where_the_user_is(qtbot, pdf):
    create_qt_application()
    dialog = PrintPreviewDialog(pdf, "测试文件")
    qtbot.addWidget(dialog)
    dialog.resize(900, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.page_count() == 3 and len(dialog.page_labels) == 3
    assert dialog.page_label.text() == "第 1 页 / 共 3 页"
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    qtbot.waitUntil(lambda: 0 in dialog.rendered_pages())
    assert not dialog.page_labels[0].pixmap().isNull()
    # fit width: the widest page (the landscape one) fills the view
    widest = dialog.page_labels[2].width()
    assert abs(widest - (dialog.scroll.viewport().width() - 2 * print_preview.PAGE_GAP)) <= 24
    dialog.next_button.click()
    dialog.next_button.click()
    assert dialog.page_label.text() == "第 3 页 / 共 3 页" and not dialog.next_button.isEnabled()
    before = dialog.scale
    dialog.zoom_in_button.click()
    assert dialog.scale == pytest.approx(before * 1.25) and not dialog.fit_button.isChecked()
    assert dialog.zoom_label.text() == f"{before * 125:.0f}%"
    dialog.fit_button.click()
    assert dialog.scale == pytest.approx(before, rel=0.05)
    # the bookmarks jump to their page
    outline = dialog.outline
    assert [outline.topLevelItem(i).text(0) for i in range(outline.topLevelItemCount())] == [
        "Section 1", "Section 2", "Section 3"]
    outline.itemClicked.emit(outline.topLevelItem(1), 0)
    assert dialog.page_label.text() == "第 2 页 / 共 3 页"


def test_printing_paints_each_page_on_the_printer(qtbot, pdf, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    create_qt_application()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    reported = []
    assert print_pages(pdf, printer, progress=lambda text, done, total: reported.append(text)) == 3
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3
    assert reported[0] == "正在打印第 1 页（共 3 页）"
    assert list(page_range(3, 2, 3)) == [1, 2] and list(page_range(3)) == [0, 1, 2]


def test_without_a_printer_the_system_viewer_opens_the_pdf(qtbot, pdf, monkeypatch):
    create_qt_application()
    opened, told = [], []
    monkeypatch.setattr(print_preview, "printers_available", lambda: False)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True)
    monkeypatch.setattr(messages, "show_info", lambda parent, text, *a, **k: told.append(text))
    dialog = PrintPreviewDialog(pdf, "测试文件")
    qtbot.addWidget(dialog)
    assert dialog.print_document()
    assert opened == [pdf] and "没有找到打印机" in told[0]


def test_a_catalogue_document_opens_in_the_preview_from_the_ledgers_page(qtbot, branch_db, data_dir):
    from datetime import date

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    from app.kit.idcard import make_id_number
    from app.services.roster.members import save_member
    from app.ui.ledgers.ledgers_page import LedgersPage

    create_qt_application()
    with branch_db.transaction() as s:
        save_member(s, {"name": "张三丰", "id_number": make_id_number("110105", date(1980, 3, 1), 11),
                        "category": "正式党员", "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)})
    page = LedgersPage(branch_db)
    qtbot.addWidget(page)
    page.select_document("roster.roster")
    button = next(b for b in page.panel.findChildren(QPushButton) if b.text() == "打印预览…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreviewDialog) and w.isVisible())
    assert dialog.path.parent == data_dir / "打印暂存"
    assert dialog.page_count() == len(PdfReader(dialog.path).pages) >= 1
    assert dialog.windowTitle() == "打印预览 - 党员花名册"
    dialog.close()


def test_the_roster_page_previews_its_roster(qtbot, branch_db, data_dir, tmp_path):
    from datetime import date

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.kit.idcard import make_id_number
    from app.services.roster.members import save_member
    from app.ui.roster.roster_page import RosterPage

    create_qt_application()
    with branch_db.transaction() as s:
        save_member(s, {"name": "张三丰", "id_number": make_id_number("110105", date(1980, 3, 1), 11),
                        "category": "正式党员", "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)})
    page = RosterPage(branch_db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(page)
    page.preview_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreviewDialog) and w.isVisible())
    assert dialog.page_count() == len(PdfReader(dialog.path).pages) and dialog.path.parent == data_dir / "打印暂存"
    dialog.close()
