"""The annual binder: documents bound into one PDF whose contents page, footers and bookmarks agree."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from app.reports import Column, Register
from app.reports.engine import (
    LANDSCAPE,
    Bookmark,
    Document,
    KeyValueTable,
    PageBreak,
    Paragraph,
    ReportError,
    Title,
)
from app.reports.engine.blocks import Field, Image
from app.reports.engine.pdf_binder import Section, write_binder
from tests.reports.engine.conftest import LONG_TEXT, flat, pdf_texts
from tests.reports.engine.test_pdf_blocks import BRANCH, meeting_record

NAMES = [f"党员{i:03d}" for i in range(1, 121)]


def roster() -> Document:
    register = Register(title=f"{BRANCH} 党员花名册", columns=[Column("姓名", 3), Column("备注", 6)],
                        rows=[[n, "正式党员"] for n in NAMES], meta=[("制表人", "李组织")])
    return register.document()


def meetings_book() -> Document:
    blocks = []
    for month in (3, 4, 5):
        blocks += [Bookmark(f"{month}月支委会"), *meeting_record().blocks, PageBreak()]
    return Document(title="会议记录", blocks=blocks[:-1])


def binder_sections() -> list[Section]:
    return [
        Section("一、支部基本情况", Document(title="基本情况", blocks=[
            Title("支部基本情况"), KeyValueTable(rows=[[Field("支部名称", BRANCH, span=2)]]), Paragraph(LONG_TEXT)])),
        Section("二、党员花名册", roster()),
        Section("三、三会一课记录", meetings_book()),
    ]


def cover() -> Document:
    return Document(title="封面", blocks=[Title(f"{BRANCH}", subtitle="2026年度党建工作台账"),
                                        Paragraph("编制日期：2026-12-20", indent=False)])


def contents_numbers(text: str, titles: list[str]) -> list[int]:
    numbers = []
    for title in titles:
        match = re.search(re.escape(title) + r"\s*(\d+)", text)
        assert match, f"{title} not on the contents page: {text!r}"
        numbers.append(int(match.group(1)))
    return numbers


def test_contents_page_numbers_are_where_the_bookmarks_point_and_the_sections_start(tmp_path):
    target = tmp_path / "台账.pdf"
    steps = []
    sections = binder_sections()
    result = write_binder(sections, target, title="2026年度台账", cover=cover(), running_header=BRANCH,
                          progress=lambda done, total: steps.append((done, total)))
    reader = PdfReader(target)
    pages = pdf_texts(target)
    assert result.pages == len(pages) and len(result.section_pages) == 3
    titles = [s.title for s in sections]
    assert "目录" in flat(pages[1])
    numbers = contents_numbers(pages[1], titles)
    assert numbers == list(result.section_pages) and numbers == sorted(numbers) and numbers[0] == 3

    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    assert [item.title for item in top] == titles
    assert [reader.get_destination_page_number(item) + 1 for item in top] == numbers
    # each section really starts on that page, in its own orientation
    assert "支部基本情况" in pages[numbers[0] - 1]
    assert f"{BRANCH} 党员花名册" in pages[numbers[1] - 1] and NAMES[0] in pages[numbers[1] - 1]
    roster_page = reader.pages[numbers[1] - 1].mediabox
    assert roster_page.width > roster_page.height  # the register is landscape, the rest portrait
    assert reader.pages[numbers[0] - 1].mediabox.width < reader.pages[numbers[0] - 1].mediabox.height
    # the meetings' own bookmarks sit under their section, pointing at their pages
    children = outline[[i for i, item in enumerate(outline) if not isinstance(item, list)][2] + 1]
    assert [c.title for c in children] == ["3月支委会", "4月支委会", "5月支委会"]
    child_pages = [reader.get_destination_page_number(c) + 1 for c in children]
    assert child_pages[0] == numbers[2] and child_pages == sorted(set(child_pages))
    for page in child_pages:
        assert "会议名称" in pages[page - 1]

    # numbers run through the binder; the cover has no footer or header
    assert "第" not in pages[0] and BRANCH + "会议记录" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"第{number}页共{len(pages)}页" in flat(text)
        assert BRANCH in text
    assert steps and steps[-1][0] == steps[-1][1] == 6


def test_every_page_of_the_roster_section_is_in_the_binder(tmp_path):
    target = tmp_path / "台账.pdf"
    result = write_binder([Section("党员花名册", roster())], target, title="t")
    text = flat("".join(pdf_texts(target)))
    assert all(name in text for name in NAMES)
    assert result.section_pages == (2,)  # the contents page first


def test_a_section_that_cannot_be_printed_leaves_no_file(tmp_path):
    target = tmp_path / "台账.pdf"
    broken = Section("附件", Document(title="t", blocks=[Image(tmp_path / "丢失.jpg")], orientation=LANDSCAPE))
    with pytest.raises(ReportError, match="丢失.jpg"):
        write_binder([broken], target, title="t")
    assert not target.exists()
