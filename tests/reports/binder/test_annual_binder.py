"""The annual binder (issue 15) from the sample branch: the contents list exactly the sections bound, at
the pages the bookmarks point to and where each section starts (on a new page), numbers run through
the binder, the user's pick and order are printed and remembered, and a new area's document joins."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from app.kit import registry
from app.kit.errors import UserError
from app.kit.registry import Area, BinderPart, Document, Option
from app.reports.binder import (
    binder_sections,
    default_sections,
    remember_sections,
    remembered_sections,
    write_annual_binder,
)
from app.reports.binder.sections import build_section
from app.reports.engine import Document as EngineDocument
from app.reports.engine import Paragraph, ReportError, Title
from app.reports.engine.output import write_document
from tests.reports.binder.conftest import TODAY, YEAR, bookmarks, contents_entries, flat, page_texts

USUAL_ORDER = ["ledgers.branch", "roster.roster", "roster.changes", "development.applicants",
               "development.activists", "development.candidates", "development.new-members", "meetings.stats",
               "meetings.lessons", "meetings.theme-days", "meetings.other", "meetings.life", "meetings.talks",
               "appraisal.report", "appraisal.results", "appraisal.members", "dues.register", "dues.remittance"]


@pytest.fixture(scope="module")
def default_binder(sample_folder, tmp_path_factory):
    from app.services.common.storage import open_data_folder

    db = open_data_folder(sample_folder)
    steps = []
    target = tmp_path_factory.mktemp("binder") / "台账.pdf"
    try:
        with db.session() as session:
            result = write_annual_binder(session, target, year=YEAR, today=TODAY,
                                         progress=lambda *step: steps.append(step))
    finally:
        db.dispose()
    return target, result, steps, page_texts(target)  # read once: pypdf takes seconds for 130 pages


def test_the_usual_sections_come_in_the_usual_order(sample_db):
    with sample_db.session() as session:
        sections = binder_sections(session, YEAR)
        assert remembered_sections(session) == default_sections() == USUAL_ORDER
    keys = [s.key for s in sections]
    assert [k for k in keys if k in USUAL_ORDER] == USUAL_ORDER
    titles = {s.key: s.title for s in sections}
    assert titles["ledgers.branch"] == "支部基本情况" and titles["dues.register"] == "党费收缴登记表"
    assert titles["meetings.life"] == "组织生活会记录" and titles["meetings.talks"] == "谈心谈话记录"
    areas = {s.key: s.area for s in sections}
    assert areas["roster.changes"] == "花名册" and areas["meetings.life"] == "组织生活" and areas["dues.register"] == "党费"
    assert all(s.options["year"] == YEAR for s in sections if "year" in s.options)
    # offered, but not in a new binder: the one-table list, the 党费 sheets for other uses
    assert {"meetings.list", "dues.bases", "dues.arrears", "dues.notice"} <= set(keys) - set(USUAL_ORDER)
    # documents of one person or a blank form are not sections
    assert not {"development.notice", "development.record", "meetings.record", "appraisal.ballot"} & set(keys)


def test_the_contents_list_the_sections_bound_at_the_pages_the_bookmarks_point_to(default_binder):
    target, result, _steps, pages = default_binder
    entries = contents_entries(target, pages)
    expected = [flat(f"{n}、{s.title}") for n, s in zip("一二三四五六七八九十", result.sections, strict=False)]
    assert [title for title, _page in entries][:10] == expected
    assert len(entries) == len(result.sections)
    assert [page for _title, page in entries] == list(result.section_pages)
    assert bookmarks(target) == entries
    # the sample branch has no 其他活动 in 2026: it is left out of the contents, and said so
    assert [s.key for s, _reason in result.skipped] == ["meetings.other"]
    assert "其他活动" not in flat(pages[1])
    assert "会议记录" in result.skipped[0][1]
    assert [s.key for s in result.sections] == [k for k in USUAL_ORDER if k != "meetings.other"]


def test_each_section_starts_on_a_new_page_with_what_it_prints_on_its_own(default_binder, sample_folder, tmp_path):
    from app.services.common.storage import open_data_folder

    target, result, _steps, pages = default_binder
    reader = PdfReader(target)
    starts = list(result.section_pages)
    assert starts == sorted(set(starts)) and starts[0] == 3  # after the cover and the one contents page
    db = open_data_folder(sample_folder)
    try:
        with db.session() as session:
            for section, start in zip(result.sections, starts, strict=True):
                document = build_section(session, section, preparer=None, today=TODAY, mask_ids=False)
                alone = tmp_path / f"{section.key}.pdf"
                write_document(document, alone, "pdf")
                first_alone = _body(PdfReader(alone).pages[0].extract_text())
                assert first_alone == _body(pages[start - 1]), section.key  # the section's first page, as alone
                box = reader.pages[start - 1].mediabox
                assert (box.width > box.height) == (document.orientation == "landscape"), section.key
    finally:
        db.dispose()


def _body(text: str) -> str:
    """A page's text without its running header and footer (the binder's differ from a document's own)."""
    lines = [line for line in text.splitlines()
             if not re.search(r"第\s*\d+\s*页", line)]
    return flat("".join(lines))


def test_page_numbers_run_through_the_binder(default_binder):
    target, result, _steps, pages = default_binder
    assert result.pages == len(pages) > 100
    assert not re.search(r"第\s*\d+\s*页", pages[0])  # the cover has no number
    for number, text in enumerate(pages[1:], start=2):
        assert f"第{number}页共{len(pages)}页" in flat(text), number
    cover = flat(pages[0])
    for expected in ("中共示例市实验小学支部委员会", "2026年度", "党支部工作台账", "支部书记", "组织委员",
                     "编制日期", "2026年12月1日"):
        assert expected in cover


def test_the_cover_names_the_secretary_and_the_organization_member_of_the_committee(default_binder, sample_folder):
    from app.services.common.storage import open_data_folder
    from app.services.meetings.committee import committee_on

    target, _result, _steps, pages = default_binder
    db = open_data_folder(sample_folder)
    try:
        with db.session() as session:
            seats = {s.post: s.member.name for s in committee_on(session, TODAY)}
    finally:
        db.dispose()
    cover = pages[0]
    assert re.search(r"支部书记\s*" + seats["secretary"], cover)
    assert re.search(r"组织委员\s*" + seats["organization"], cover)


def test_progress_is_told_per_section_up_to_the_end(default_binder):
    _target, result, steps, _pages = default_binder
    total = steps[0][1]
    assert total == 3 * len(USUAL_ORDER)
    done = [d for d, _t, _title in steps]
    assert done == sorted(done) and done[-1] == total
    titles = [title for _d, _t, title in steps]
    assert titles[:2] == ["支部基本情况", "党员花名册"]


def test_the_sections_picked_are_bound_in_the_order_picked(sample_db, tmp_path):
    target = tmp_path / "b.pdf"
    with sample_db.session() as session:
        result = write_annual_binder(session, target, year=YEAR, today=TODAY,
                                     sections=["dues.register", "ledgers.branch", "meetings.talks"])
    assert [t for t, _p in contents_entries(target)] == ["一、党费收缴登记表", "二、支部基本情况", "三、谈心谈话记录"]
    assert [t for t, _p in bookmarks(target)] == ["一、党费收缴登记表", "二、支部基本情况", "三、谈心谈话记录"]
    assert result.rows == 3 and not result.skipped


def test_an_unknown_section_is_refused_naming_the_valid_ones(sample_db, tmp_path):
    with sample_db.session() as session, pytest.raises(ReportError) as raised:
        write_annual_binder(session, tmp_path / "b.pdf", year=YEAR, sections=["roster.roster", "花名册"])
    assert "没有名为“花名册”的台账部分" in raised.value.message
    assert "roster.roster（党员花名册）" in raised.value.message and "dues.register（党费收缴登记表）" in raised.value.message
    assert not (tmp_path / "b.pdf").exists()


def test_the_choice_is_remembered_and_used(sample_db, tmp_path):
    with sample_db.transaction() as session:
        remember_sections(session, ["meetings.talks", "roster.roster"])
    with sample_db.session() as session:
        assert remembered_sections(session) == ["meetings.talks", "roster.roster"]
        write_annual_binder(session, tmp_path / "b.pdf", year=YEAR, today=TODAY)
    assert [t for t, _p in contents_entries(tmp_path / "b.pdf")] == ["一、谈心谈话记录", "二、党员花名册"]
    with sample_db.transaction() as session, pytest.raises(UserError, match="没有名为“nope”"):
        remember_sections(session, ["nope"])


def test_a_year_with_nothing_to_print_in_the_sections_picked_writes_nothing(sample_db, tmp_path):
    with sample_db.session() as session, pytest.raises(ReportError, match="都没有可打印的内容"):
        write_annual_binder(session, tmp_path / "b.pdf", year=2019, today=TODAY,
                            sections=["appraisal.report", "meetings.life"])
    assert not (tmp_path / "b.pdf").exists()


# -- a new area's document joins the binder with no change to the binder ---------------------------------


def trial_document(session, *, year=None, copies=1, **_options) -> EngineDocument:
    return EngineDocument(title="试验记录", blocks=[Title(f"{year}年度试验记录"),
                                                    Paragraph(f"试验区域的第{copies}份记录。")])


TRIAL = Area(key="trial", title="试验区域", order=85, documents=(
    Document(key="trial.sheet", title="试验记录", command="trial", writer="tests.areas.dummy_area:write_dummy",
             builder="tests.reports.binder.test_annual_binder:trial_document", binder_parts=(BinderPart(45),),
             options=(Option("year", "年度", kind="year"), Option("copies", "份数", kind="int", default=2))),))


@pytest.fixture
def trial_area():
    registry.register(TRIAL)
    yield TRIAL
    registry.unregister(TRIAL.key)


def test_a_new_areas_document_joins_the_binder_in_its_declared_place(trial_area, sample_db, tmp_path):
    with sample_db.session() as session:
        keys = [s.key for s in binder_sections(session, YEAR)]
        assert keys.index("development.new-members") + 1 == keys.index("trial.sheet") == keys.index("meetings.stats") - 1
        assert "trial.sheet" in remembered_sections(session)  # a new binder has it too
        result = write_annual_binder(session, tmp_path / "b.pdf", year=YEAR, today=TODAY,
                                     sections=["roster.roster", "trial.sheet"])
    assert [t for t, _p in contents_entries(tmp_path / "b.pdf")] == ["一、党员花名册", "二、试验记录"]
    page = page_texts(tmp_path / "b.pdf")[result.section_pages[1] - 1]
    assert "2026年度试验记录" in flat(page) and "试验区域的第2份记录" in flat(page)


def test_every_font_of_the_binder_is_embedded(default_binder):
    target, _result, _steps, pages = default_binder
    fonts = {}
    for page in PdfReader(target).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = (descendant.get("/FontDescriptor") or font.get("/FontDescriptor")).get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
