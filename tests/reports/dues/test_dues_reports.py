"""The 党费 ledgers as a user reads them: XLSX columns and numbers, PDF texts and signature lines."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.reports.dues import dues_reports
from app.services.demo.sample_branch import create_demo_branch
from app.services.dues.collection import year_grid
from app.services.roster.members import list_members

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from app.services.common.storage import open_data_folder

    db = open_data_folder(tmp_path_factory.mktemp("dues") / "data")
    with db.transaction() as s:
        create_demo_branch(s, TODAY)
    yield db
    db.dispose()


def _write(db, writer, path, **options):
    with db.session() as s:
        return getattr(dues_reports, writer)(s, path, path.suffix[1:], year=2026, today=TODAY, **options)


def _rows(path):
    ws = load_workbook(path).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_register_xlsx_has_the_issues_columns_in_order_numbers_and_a_totals_row(demo_db, tmp_path):
    path = tmp_path / "登记表.xlsx"
    _write(demo_db, "write_register_sheet", path)
    rows = _rows(path)
    assert rows[0][0] == "中共示例市实验小学支部委员会 2026年度党费收缴登记表"
    header_at = next(i for i, r in enumerate(rows) if r[0] == "序号")
    # a group row 实缴 spans the months; the labels are in the row below it
    labels = [b if b else a for a, b in zip(rows[header_at], rows[header_at + 1], strict=True)]
    assert labels == ["序号", "姓名", "人员类别", "缴费类别", "基数", "比例", "月应缴",
                      *(f"{m}月" for m in range(1, 13)), "全年应缴", "全年实缴", "欠缴", "备注"]
    body = [r for r in rows[header_at + 2:] if r[1] is not None]
    totals = next(r for r in body if r[0] == "合计")
    people = [r for r in body if r[0] not in ("合计",) and r[2] in ("正式党员", "预备党员")]
    with demo_db.session() as s:
        grid = year_grid(s, 2026)
    assert len(people) == len(grid)
    assert all(isinstance(r[6], Decimal | float | int) for r in people if r[6] is not None)
    paid = sum(Decimal(str(r[20])) for r in people)
    assert Decimal(str(totals[20])) == paid == sum(g.year_paid for g in grid)
    texts = [str(v) for r in people for v in r if v is not None]
    assert "未缴" in texts and "延迟" in texts
    assert any("困难减缴" in t for t in texts) and any("代缴" in t for t in texts) and any("补交" in t for t in texts)
    assert any(r[3] == "离退休" for r in people) and any(r[3] == "学生" and r[5] == "定额" for r in people)


def test_register_pdf_has_title_members_and_the_signature_lines(demo_db, tmp_path):
    path = tmp_path / "登记表.pdf"
    result = _write(demo_db, "write_register_sheet", path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "2026年度党费收缴登记表" in text and "收缴人" in text and "支部书记" in text
    assert f"共 {result.pages} 页" in text
    with demo_db.session() as s:
        names = [m.name for m in list_members(s)]
    assert all(name in text for name in names[:10])


def test_notice_sheet_has_names_months_amounts_and_no_id_numbers_or_bases(demo_db, tmp_path):
    path = tmp_path / "公示.xlsx"
    _write(demo_db, "write_notice_sheet", path)
    rows = _rows(path)
    flat = [str(v) for r in rows for v in r if v is not None]
    with demo_db.session() as s:
        members = list_members(s, include_former=True)
    assert not any(m.id_number in t for m in members for t in flat)
    assert "基数" not in flat and "姓名" in flat and "已交月份" in flat
    pdf = tmp_path / "公示.pdf"
    _write(demo_db, "write_notice_sheet", pdf)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "党费收缴情况公示" in text and not any(m.id_number in text for m in members)


@pytest.mark.parametrize(("writer", "title", "label"), [
    ("write_bases_sheet", "2026年度党费基数核定表", "本年基数"),
    ("write_arrears_sheet", "2026年度需补缴党费统计表", "欠缴月份"),
    ("write_remittance_sheet", "2026年度党费上缴情况汇总表", "收据号"),
])
def test_the_other_sheets(demo_db, tmp_path, writer, title, label):
    path = tmp_path / "x.xlsx"
    _write(demo_db, writer, path)
    rows = _rows(path)
    assert title in rows[0][0] and label in [v for r in rows for v in r]
    pdf = tmp_path / "x.pdf"
    _write(demo_db, writer, pdf)
    assert title in "\n".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_arrears_sheet_lists_the_member_three_months_behind(demo_db, tmp_path):
    path = tmp_path / "欠缴.xlsx"
    _write(demo_db, "write_arrears_sheet", path)
    rows = _rows(path)
    assert any(r[2] == "2026年9月至11月" and r[4] == "3" for r in rows)
