"""组织生活's documents through `branch-ledger export meetings`, read as a user would: the PDF's text, the
DOCX's paragraphs and tables, the XLSX's cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch
from app.services.meetings import kinds
from app.services.meetings.attendance import meeting_flags
from app.services.meetings.records import list_meetings

TODAY = date(2026, 11, 22)
LIST_HEADER = ["序号", "日期", "类型", "名称", "地点", "主持人", "记录人", "应到", "实到", "缺席", "有表决权应到",
               "有表决权实到", "人数是否符合规定"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("meetings") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            create_demo_branch(s, today=TODAY)
    finally:
        db.dispose()
    return folder


def _meetings(folder: Path):
    db = open_data_folder(folder)
    try:
        with db.session() as s:
            return [(m.id, m.kind, m.title, m.day, bool(meeting_flags(s, m)))
                    for m in list_meetings(s, year=2026, status=kinds.HELD)]
    finally:
        db.dispose()


def export(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), "export", "meetings", *args])


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_the_xlsx_list_has_exactly_the_columns_and_numbers(sample, tmp_path, capsys):
    target = tmp_path / "一览表.xlsx"
    assert export(sample, "--year", "2026", "--sheet", "list", "-o", str(target)) == 0
    meetings = _meetings(sample)
    assert capsys.readouterr().out.strip() == f"已导出会议一览表（XLSX）：{target}，{len(meetings)} 次会议"
    sheet = load_workbook(target).worksheets[0]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "序号")
    assert [sheet.cell(header_row, c).value for c in range(1, sheet.max_column + 1)] == LIST_HEADER
    rows = [[sheet.cell(r, c).value for c in range(1, 14)] for r in range(header_row + 1, header_row + 1 + len(meetings))]
    assert [r[0] for r in rows] == list(range(1, len(meetings) + 1))
    assert [(r[1], r[3]) for r in rows] == [(f"{day:%Y-%m-%d}", title) for _i, _k, title, day, _f in meetings]
    assert all(isinstance(r[7], int) and isinstance(r[8], int) and r[8] <= r[7] and r[9] == r[7] - r[8] for r in rows)
    general = [r for r in rows if r[2] == "支部党员大会"]
    assert sorted(r[12] for r in general) == ["否", "是", "是"]  # Q1-Q3 held; Q2 without a quorum
    lacking = next(r for r in general if r[12] == "否")
    assert lacking[11] * 2 <= lacking[10]
    assert {r[12] for r in rows if r[2] == "党小组会"} == {"—"}


def test_the_list_of_one_kind(sample, tmp_path):
    target = tmp_path / "党课.xlsx"
    assert export(sample, "--year", "2026", "--kind", "党课", "--sheet", "list", "-o", str(target)) == 0
    sheet = load_workbook(target).worksheets[0]
    kinds_listed = {sheet.cell(r, 3).value for r in range(1, sheet.max_row + 1)
                    if isinstance(sheet.cell(r, 1).value, int)}
    assert kinds_listed == {"党课"}


def test_a_single_record_in_the_standard_layout_as_pdf_and_docx(sample, tmp_path):
    mid, _kind, title, day, _flag = next(m for m in _meetings(sample) if m[1] == kinds.COMMITTEE)
    pdf, docx = tmp_path / "记录.pdf", tmp_path / "记录.docx"
    assert export(sample, "--sheet", "record", "--meeting", str(mid), "-o", str(pdf)) == 0
    assert export(sample, "--sheet", "record", "--meeting", str(mid), "-o", str(docx)) == 0
    text = pdf_text(pdf)
    expected = ["中共示例市实验小学支部委员会", "支部委员会会议记录（2026年第1次）", f"会议名称 {title}",
                "会议类型 支部委员会", f"{day.year}年{day.month}月{day.day}日 16:10", "主持人", "记录人", "应到人数",
                "缺席人员及原因", "列席人员", "一、议题", "1．研究本学期党建工作计划", "二、会议内容", "三、决议",
                "主持人签字：", "记录人签字：", "第 1 页 共 1 页"]
    cursor = 0
    for piece in expected:
        cursor = text.index(piece, cursor)
    word = DocxDocument(docx)
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "支部委员会会议记录（2026年第1次）" in paragraphs and "1．研究本学期党建工作计划" in paragraphs
    assert "会议名称" in cells and title in cells and "主持人签字" in paragraphs + "".join(cells)


def test_the_year_book_has_a_cover_contents_and_every_record(sample, tmp_path, capsys):
    target = tmp_path / "会议记录本.pdf"
    assert export(sample, "--year", "2026", "--sheet", "book", "-o", str(target)) == 0
    meetings = _meetings(sample)
    reader = PdfReader(target)
    assert capsys.readouterr().out.strip().startswith(f"已导出会议记录本（PDF）：{target}，{len(meetings)} 次会议，共 ")
    cover = reader.pages[0].extract_text()
    assert "中共示例市实验小学支部委员会" in cover and "2026年度会议记录" in cover and f"共 {len(meetings)} 次" in cover
    contents = "\n".join(reader.pages[i].extract_text() for i in range(1, 4))
    assert "目  录" in contents or "目 录" in contents
    cursor = 0
    for _mid, _kind, title, day, flagged in meetings:  # by date, each with the page it starts on
        cursor = contents.index(f"{day:%Y-%m-%d}", cursor)
        cursor = contents.index(title + ("（不符合规定）" if flagged else ""), cursor)
    assert sum(flag for *_rest, flag in meetings) == 1
    assert len(reader.outline) == len(meetings)
    assert len(reader.pages) > len(meetings)


def test_the_statistics_and_the_talks(sample, tmp_path):
    stats, talks = tmp_path / "统计表.xlsx", tmp_path / "谈话.pdf"
    assert export(sample, "--year", "2026", "--sheet", "stats", "-o", str(stats)) == 0
    assert export(sample, "--year", "2026", "--sheet", "talks", "-o", str(talks)) == 0
    sheet = load_workbook(stats).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    committee = next(r for r in values if r[0] == "支部委员会")
    assert committee[1] == "每月" and committee[14:18] == ["10", "11", "10", "91%"]  # the missing month
    assert next(r for r in values if r[0] == "党课")[1] == "每季度"
    notes = " ".join(str(r[0]) for r in values if r[0])
    assert "规范执行率" in notes and "党课——地方做法" in notes
    text = pdf_text(talks)
    assert "谈心谈话记录" in text and "尚未与支部委员谈话的党员：" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--sheet", "record"], "请用 --meeting 指定会议记录的编号"),
    (["--sheet", "record", "--meeting", "9999"], "找不到编号为 9999 的会议记录"),
    (["--sheet", "list", "--kind", "茶话会"], "未知的会议类型“茶话会”，可选：general（支部党员大会）"),
    (["--sheet", "book", "--year", "2020"], "2020年没有已召开的会议记录"),
])
def test_bad_requests_are_refused_in_chinese(sample, tmp_path, capsys, args, message):
    ext = "pdf"
    assert export(sample, *args, "-o", str(tmp_path / f"x.{ext}")) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / f"x.{ext}").exists()
