"""The printed 党员队伍结构统计表 of a known roster: counts and percentages as the PDF and the XLSX show them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.reports.engine.errors import ReportError
from app.reports.roster.structure_report import write_structure
from tests.reports.roster.pdf_checks import assert_fonts_embedded
from tests.services.roster.small_roster import DAY, build_small_roster

TODAY = date(2026, 12, 1)
TITLE = "中共测试市实验小学支部委员会党员队伍结构统计表"


@pytest.fixture
def roster(branch_db):
    build_small_roster(branch_db)
    return branch_db


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdf_table(text: str, title: str) -> tuple[list[str], list[str], list[str]]:
    """The header labels, 人数 and 占比 of the breakdown table headed `title`, from the page's text."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title + " "))
    header = lines[start].split(" ")[1:]
    counts_at = lines.index("人数", start)
    shares_at = lines.index("占比", start)
    return header, lines[counts_at + 1:shares_at], lines[shares_at + 1:shares_at + 1 + (shares_at - counts_at - 1)]


def test_pdf_shows_counts_and_percentages_of_each_breakdown(roster, tmp_path):
    target = tmp_path / "结构.pdf"
    with roster.session() as s:
        result = write_structure(s, target, "pdf", date="2026-07-01", preparer="李晓珺", today=TODAY)
    assert (result.rows, result.pages) == (7, 1)
    text = pdf_text(target)
    assert TITLE in text.splitlines()[0]
    assert "统计日期：2026-07-01" in text and "制表日期：2026-12-01" in text and "制表人：李晓珺" in text
    assert "在册党员总数 7 人，其中女党员 3 人、少数民族党员 2 人、预备党员 2 人。" in text
    assert pdf_table(text, "人员类别") == (["正式党员", "预备党员", "合计"], ["5", "2", "7"],
                                       ["71.4%", "28.6%", "100.0%"])
    assert pdf_table(text, "性别") == (["男", "女", "合计"], ["4", "3", "7"], ["57.1%", "42.9%", "100.0%"])
    assert pdf_table(text, "民族")[1] == ["5", "2", "7"]
    _labels, counts, shares = pdf_table(text, "年龄")
    assert counts == ["2", "1", "1", "1", "0", "0", "1", "1", "7"]
    assert shares[0] == "28.6%" and shares[4] == "0.0%"
    labels, counts, _shares = pdf_table(text, "学历")
    assert labels[-2:] == ["未填", "合计"] and counts == ["2", "2", "1", "1", "0", "0", "1", "7"]
    assert pdf_table(text, "党龄")[1] == ["1", "1", "1", "0", "1", "1", "0", "2", "7"]
    assert pdf_table(text, "党小组") == (
        ["第一党小组", "第二党小组", "第三党小组", "未编入党小组", "合计"], ["2", "2", "2", "1", "7"],
        ["28.6%", "28.6%", "28.6%", "14.3%", "100.0%"])
    assert "预备党员不计党龄" in text
    assert re.search(r"制表人：\s*审核人（支部书记）：", text) and "盖章" in text
    assert "第 1 页 共 1 页" in text
    assert_fonts_embedded(target)


def test_xlsx_holds_counts_as_numbers_and_shares_as_percentages(roster, tmp_path):
    target = tmp_path / "结构.xlsx"
    with roster.session() as s:
        write_structure(s, target, "xlsx", date=DAY, preparer="李晓珺", today=TODAY)
    ws = load_workbook(target).active
    assert ws["A1"].value == TITLE
    rows = [r for r in ws.iter_rows(values_only=True)]
    header = rows.index(("项目", "类别", "人数", "占比"))
    table = {(r[0], r[1]): (r[2], r[3]) for r in rows[header + 1:] if r[1] is not None}
    assert table[("在册党员", "合计")] == (7, 1.0)
    assert table[("人员类别", "正式党员")] == (5, 0.714) and table[("人员类别", "预备党员")] == (2, 0.286)
    assert table[("性别", "女")] == (3, 0.429)
    assert table[("民族", "少数民族")] == (2, 0.286)
    assert table[("年龄", "61岁及以上")] == (1, 0.143) and table[("年龄", "46至50岁")] == (0, 0)
    assert table[("学历", "未填")] == (1, 0.143)
    assert table[("党龄", "预备党员（不计党龄）")] == (2, 0.286)
    assert table[("党小组", "未编入党小组")] == (1, 0.143)
    share_cell = ws.cell(header + 3, 4)
    assert isinstance(share_cell.value, float) and share_cell.number_format == "0.0%"
    assert any("统计日期：2026-07-01" in str(r[0]) for r in rows[:3])


def test_a_statistics_day_after_today_or_not_a_date_is_refused_in_chinese(roster, tmp_path):
    with roster.session() as s:
        with pytest.raises(ReportError, match="晚于今天"):
            write_structure(s, tmp_path / "x.pdf", "pdf", date="2027-01-01", today=TODAY)
        with pytest.raises(ReportError, match="无法识别的日期"):
            write_structure(s, tmp_path / "x.pdf", "pdf", date="明天", today=TODAY)


GROUPS = ["语文组", "数学组", "英语组", "科学组", "体育组", "艺术组", "综合组", "后勤组", "行政组", "低段组", "中段组",
          "高段组"]


def test_many_groups_continue_in_a_second_table_on_the_same_page(branch_db, tmp_path):
    from app.services.common.branch import save_profile

    with branch_db.transaction() as s:
        save_profile(s, full_name="中共测试市实验小学支部委员会", group_names=GROUPS)
    target = tmp_path / "结构.pdf"
    with branch_db.session() as s:
        result = write_structure(s, target, "pdf", today=TODAY)
    text = pdf_text(target)
    assert result.pages == 1
    assert pdf_table(text, "党小组")[0] == GROUPS[:9]
    assert pdf_table(text, "党小组（续）")[0] == [*GROUPS[9:], "合计"]
    assert "在册党员总数 0 人" in text and "—" in text  # no members: no shares to show
