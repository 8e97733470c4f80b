"""The printed 党员情况变更记录: every event in date order, details in the kind's order, year filter."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from app.cli import main
from app.kit.idcard import make_id_number
from app.reports.engine.register import ReportError
from app.reports.roster.change_record_report import write_change_records
from app.services.roster.member_events import describe_details, list_events, record_event
from app.services.roster.members import save_member


@pytest.fixture
def events_db(branch_db):
    with branch_db.transaction() as s:
        a = save_member(s, {"name": "王堃", "id_number": make_id_number("320102", date(1980, 3, 1), 11),
                            "category": "正式党员", "joined_date": date(2005, 6, 1),
                            "full_member_date": date(2006, 6, 1)}).id
        b = save_member(s, {"name": "李玥", "id_number": make_id_number("320102", date(1995, 5, 2), 22),
                            "category": "预备党员", "joined_date": date(2025, 3, 1)}).id
    with branch_db.transaction() as s:
        record_event(s, b, "become_full", date(2026, 3, 2), {"branch_meeting_date": "2026-02-27"})
        record_event(s, a, "transfer_out", date(2025, 12, 20),
                     {"dues_paid_to_month": "2025-12", "to_org": "某中学支部", "letter_no": "示教转〔2025〕9号"},
                     note="工作调动")
    return branch_db


def test_events_in_date_order_with_details_in_the_kinds_order(events_db):
    with events_db.session() as s:
        events = list_events(s)
        assert [e.kind for e in events] == ["transfer_out", "become_full"]
        assert describe_details(events[0]) == "转入单位：某中学支部；介绍信编号：示教转〔2025〕9号；党费缴纳至年月：2025-12"
        assert [e.kind for e in list_events(s, year=2026)] == ["become_full"]


def test_pdf_lists_every_change_with_title_and_summary(events_db, tmp_path):
    with events_db.session() as s:
        result = write_change_records(s, tmp_path / "c.pdf", "pdf", preparer="李红梅")
    text = "".join(p.extract_text() for p in PdfReader(result.path).pages)
    assert result.rows == 2 and result.pages == 1
    assert "中共测试市实验小学支部委员会 党员情况变更记录" in text
    assert text.index("王堃") < text.index("李玥")
    assert "某中学支部" in text and "工作调动" in text and "李红梅" in text
    assert "共 2 条变更记录：组织关系转出 1 条，预备党员转正 1 条。" in text
    assert "第 1 页 共 1 页" in text


def test_one_year_xlsx_with_masked_ids(events_db, tmp_path):
    with events_db.session() as s:
        result = write_change_records(s, tmp_path / "c.xlsx", "xlsx", year=2026, mask_ids=True)
    sheet = openpyxl.load_workbook(result.path).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    flat = [str(v) for row in values for v in row]
    assert any("2026年度党员情况变更记录" in v for v in flat)
    assert "李玥" in flat and "王堃" not in flat
    assert "320102********0224"[:6] in " ".join(flat) and make_id_number("320102", date(1995, 5, 2), 22) not in flat


def test_no_profile_is_a_clear_error(db, tmp_path):
    with db.session() as s, pytest.raises(ReportError, match="支部信息"):
        write_change_records(s, tmp_path / "c.pdf", "pdf")


def test_cli_exports_changes_of_one_year(events_db, data_dir, tmp_path, capsys):
    events_db.dispose()  # the CLI opens the folder itself
    target = tmp_path / "变更记录.pdf"
    assert main(["--data-dir", str(data_dir), "export", "changes", "--year", "2025", "-o", str(target)]) == 0
    assert "党员情况变更记录" in capsys.readouterr().out
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "2025年度" in text and "王堃" in text and "李玥" not in text


def test_change_dates_are_excel_dates(events_db, tmp_path):
    from datetime import datetime

    with events_db.session() as s:
        result = write_change_records(s, tmp_path / "c.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(result.path).active
    header = [c.value for c in sheet[3]]
    cell = sheet.cell(4, header.index("变更日期") + 1)
    assert isinstance(cell.value, datetime) and cell.number_format == "yyyy-mm-dd"
    assert sheet.cell(4, header.index("公民身份号码") + 1).data_type == "s"


def test_long_details_break_at_their_punctuation(events_db, tmp_path):
    with events_db.transaction() as s:
        member = save_member(s, {"name": "赵睿", "id_number": make_id_number("320102", date(1990, 3, 1), 31),
                                 "category": "正式党员", "joined_date": date(2015, 6, 1),
                                 "full_member_date": date(2016, 6, 1)}).id
    with events_db.transaction() as s:
        record_event(s, member, "transfer_out", date(2026, 4, 1),
                     {"dues_paid_to_month": "2026-03", "to_org": "中共示例市示例区教育局机关第二实验小学支部委员会" * 3,
                      "letter_no": "示教转〔2026〕12号"}, note="工作调动")
    with events_db.session() as s:
        result = write_change_records(s, tmp_path / "c.pdf", "pdf")
    lines = [line.strip() for p in PdfReader(result.path).pages for line in p.extract_text().split("\n")]
    assert any(line.startswith("介绍信编号：") or "；介绍信编号：" in line for line in lines)
    assert not any(line.endswith(("介绍信编", "介绍信", "党费缴纳至", "2026-")) for line in lines), [x for x in lines if "介绍" in x or "党费" in x or "2026-" in x]
