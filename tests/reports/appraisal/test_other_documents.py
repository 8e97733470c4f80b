"""The 民主测评表 ballot, the per-member 登记表 and the 情况报告 cover page, as a reader sees them."""

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.reports.appraisal.ballot_sheet import write_ballot
from app.reports.appraisal.cover_report import write_cover_report
from app.reports.appraisal.member_form import write_member_forms
from app.reports.engine.register import ReportError


def _text(path) -> list[str]:
    return [p.extract_text().replace(" ", "").replace("\u3000", "").replace("\n", "") for p in PdfReader(path).pages]


def test_ballot_lists_the_graded_members_with_four_grades_and_no_id_numbers(closed_round, tmp_path):
    with closed_round.session() as s:
        result = write_ballot(s, tmp_path / "测评表.pdf", "pdf", year=2026)
        write_ballot(s, tmp_path / "测评表.xlsx", "xlsx", year=2026)
    assert result.rows == 4 and result.missing_glyphs == ""
    text = "".join(_text(result.path))
    assert "2026年度民主评议党员民主测评表" in text
    assert "序号姓名优秀合格基本合格不合格" in text
    for name in ("王建国", "李秀英", "张志强", "刘海燕"):
        assert name in text
    assert "预备党员陈晨参加评议，不评定等次，不列入本表。" in text
    assert "110105" not in text
    ws = load_workbook(tmp_path / "测评表.xlsx").worksheets[0]
    assert [c.value for c in ws[3]] == ["序号", "姓名", "优秀", "合格", "基本合格", "不合格"]
    assert [c.value for c in ws[4]] == [1, "王建国", "□", "□", "□", "□"]  # tick boxes


def test_member_form_for_one_person_and_for_all(closed_round, tmp_path):
    with closed_round.session() as s:
        one = write_member_forms(s, tmp_path / "一人.pdf", "pdf", year=2026, person="王建国")
        every = write_member_forms(s, tmp_path / "全部.pdf", "pdf", year=2026)
        sheets = write_member_forms(s, tmp_path / "全部.xlsx", "xlsx", year=2026)
        with pytest.raises(ReportError, match="参加人员中没有“赵六”"):
            write_member_forms(s, tmp_path / "x.pdf", "pdf", year=2026, person="赵六")
    assert (one.rows, one.pages, every.rows, every.pages, sheets.rows) == (1, 1, 5, 5, 5)
    page = _text(one.path)[0]
    for expected in ("2026年度民主评议党员登记表", "姓名王建国", "个人自评认真学习，带好毕业班。",
                     "党员互评意见群众公认，表率作用好。", "优秀7票合格2票基本合格0票不合格0票（收回10票）",
                     "测评建议等次优秀评议等次优秀", "支部意见", "本人签字：", "支部书记签字："):
        assert expected in page
    assert "不评定等次（预备党员）" in _text(every.path)[4]
    wb = load_workbook(tmp_path / "全部.xlsx")
    assert wb.sheetnames[:2] == ["1.王建国", "2.李秀英"]
    items = {r[0].value: r[1].value for r in wb.worksheets[3].iter_rows(min_row=4)}
    assert items["评议等次"] == "基本合格" and items["处理情况"] == "限期改正（期限 2027-06-30）"


def test_cover_report_has_the_counts_and_the_signature_lines(closed_round, tmp_path):
    with closed_round.session() as s:
        result = write_cover_report(s, tmp_path / "报告.pdf", "pdf", year=2026, preparer="李老师")
        with pytest.raises(ReportError, match="只能导出为 PDF 或 Word"):
            write_cover_report(s, tmp_path / "报告.xlsx", "xlsx", year=2026)
    text = _text(result.path)[0]
    for expected in ("2026年度民主评议党员情况报告", "参加评议党员5人", "其中评定等次4人", "不评定等次（预备党员）1人",
                     "优秀1人占评定等次人数25.0%", "基本合格1人占评定等次人数25.0%", "刘海燕（基本合格）：限期改正",
                     "支部书记签字：", "上级党组织意见", "制表人：李老师"):
        assert expected in text


def test_member_form_and_report_as_word_files(closed_round, tmp_path):
    from docx import Document as WordDocument

    with closed_round.session() as s:
        forms = write_member_forms(s, tmp_path / "登记表.docx", "docx", year=2026, person="刘海燕")
        report = write_cover_report(s, tmp_path / "报告.docx", "docx", year=2026)
    assert (forms.rows, forms.fmt, report.fmt) == (1, "docx", "docx")
    word = WordDocument(str(forms.path))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "刘海燕" in cells and "基本合格" in cells and "限期改正（期限 2027-06-30）" in cells
    report_cells = [c.text for t in WordDocument(str(report.path)).tables for r in t.rows for c in r.cells]
    assert "参加评议党员" in report_cells and "5 人" in report_cells
