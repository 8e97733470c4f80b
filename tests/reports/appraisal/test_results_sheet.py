"""Reference tests of the 民主评议党员结果统计表: the XLSX's exact columns, cell values and types, the totals;
the PDF's text."""

from openpyxl import load_workbook
from pypdf import PdfReader

from app.reports.appraisal.results_sheet import write_results

COLUMNS = ["序号", "姓名", "人员类别", "优秀票", "合格票", "基本合格票", "不合格票", "收回票数",
           "测评建议等次", "评议等次", "备注"]


def _xlsx_rows(path):
    ws = load_workbook(path).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_xlsx_has_exactly_the_columns_and_numbers_for_the_counts(closed_round, tmp_path):
    target = tmp_path / "统计表.xlsx"
    with closed_round.session() as s:
        result = write_results(s, target, "xlsx", year=2026, preparer="李老师")
    assert result.rows == 5
    rows = _xlsx_rows(target)
    assert rows[0][0] == "中共测试市实验小学支部委员会 2026年度民主评议党员结果统计表"
    assert rows[1][0].startswith("制表单位：中共测试市实验小学支部委员会") and "制表人：李老师" in rows[1][0]
    assert rows[2] == COLUMNS
    body = rows[3:8]
    assert body[0] == [1, "王建国", "正式党员", 7, 2, 0, 0, 10, "优秀", "优秀", None]
    assert body[1] == [2, "李秀英", "正式党员", 2, 8, 0, 0, 10, "合格", "合格", None]
    assert body[2] == [3, "张志强", "正式党员", 1, 7, 1, 0, 9, "合格", "合格", None]
    assert body[3] == [4, "刘海燕", "正式党员", 0, 3, 6, 1, 10, "基本合格", "基本合格", "限期改正（期限 2027-06-30）"]
    assert body[4] == [5, "陈晨", "预备党员", None, None, None, None, None, None, "不评定等次", None]
    totals = [r[0] for r in rows[8:]]
    assert totals == [
        "合计：参加评议党员 5 人，其中评定等次 4 人，不评定等次（预备党员）1 人。",
        "优秀：1 人，占评定等次人数的 25.0%。",
        "合格：2 人，占评定等次人数的 50.0%。",
        "基本合格：1 人，占评定等次人数的 25.0%。",
        "不合格：0 人，占评定等次人数的 0.0%。",
        "发出测评票 10 张。",
    ]


def test_pdf_prints_the_title_columns_rows_and_totals(closed_round, tmp_path):
    target = tmp_path / "统计表.pdf"
    with closed_round.session() as s:
        result = write_results(s, target, "pdf", year=2026)
    assert result.pages == 1
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "中共测试市实验小学支部委员会2026年度民主评议党员结果统计表" in compact
    for label in COLUMNS:
        assert label in compact
    assert "刘海燕正式党员03611" in compact
    assert "优秀：1人，占评定等次人数的25.0%。" in compact
    assert "第1页共1页" in compact


def test_a_year_without_a_round_is_refused_in_chinese(closed_round, tmp_path):
    import pytest

    from app.reports.engine.register import ReportError

    with closed_round.session() as s, pytest.raises(ReportError, match="2025年度还没有建立民主评议"):
        write_results(s, tmp_path / "x.xlsx", "xlsx", year=2025)
