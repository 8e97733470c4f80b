"""The 台账与打印 page offers the appraisal's documents from the registry: the years that have a round, the
--person field of the 登记表, and writes them."""

from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from app.services.demo.sample_branch import create_demo_branch
from app.ui.ledgers.ledgers_page import LedgersPage

TODAY = date(2026, 12, 1)


def test_ledgers_page_exports_the_results_sheet_and_one_members_form(db, qtbot, tmp_path):
    with db.transaction() as s:
        create_demo_branch(s, TODAY)
    page = LedgersPage(db)
    qtbot.addWidget(page)
    page.select_document("appraisal.results")
    years = page.option_widget("year")
    assert [years.itemText(i) for i in range(years.count())] == ["2026年", "2025年"]
    years.setCurrentIndex(1)
    doc = page.current_document()
    with db.session() as s:
        doc.write(s, tmp_path / "统计表.xlsx", "xlsx")
    assert load_workbook(tmp_path / "统计表.xlsx").worksheets[0]["A1"].value.endswith("2025年度民主评议党员结果统计表")

    page.select_document("appraisal.members")
    page.option_widget("year").setCurrentIndex(1)
    with db.session() as s:
        from app.services.appraisal.queries import require_round

        name = require_round(s, 2025).participants[2].member.name
    page.option_widget("person").setText(name)
    with db.session() as s:
        page.current_document().write(s, tmp_path / "登记表.pdf", "pdf")
    pages = PdfReader(tmp_path / "登记表.pdf").pages
    assert len(pages) == 1 and name in pages[0].extract_text().replace(" ", "")
