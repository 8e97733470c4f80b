"""Every block of the document engine as a user sees it in the PDF: its text, its pages, its pictures."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from app.reports.engine import (
    CHECKBOX,
    CHECKED,
    LANDSCAPE,
    Column,
    Document,
    Field,
    Heading,
    Image,
    KeyValueTable,
    MetaLine,
    PageBreak,
    Paragraph,
    ReportError,
    SignatureLine,
    Table,
    Title,
    write_document,
)
from tests.reports.engine.conftest import LONG_TEXT, flat, pdf_texts

BRANCH = "中共测试市实验小学支部委员会"


def meeting_record(*blocks, **kw) -> Document:
    return Document(title="支部委员会会议记录", blocks=[
        Title(f"{BRANCH}会议记录", subtitle="2026年第5次支部委员会"),
        KeyValueTable(pairs=2, rows=[
            [Field("会议名称", "5月份支部委员会会议", span=2)],
            [Field("时间", "2026-05-12 15:30"), Field("地点", "三楼会议室")],
            [Field("主持人", "王书记"), Field("记录人", "李组织")],
            [Field("议题", "一、传达上级通知精神\n二、研究发展党员工作", span=2, min_lines=3)],
        ]),
        Heading("会议内容"),
        Paragraph("会议由王书记主持。\n\n　　与会委员逐一发言。"),
        *blocks,
        SignatureLine(["主持人签字", "记录人签字"]),
        SignatureLine([("支部书记签字（盖章）", ""), ("日期", "2026年5月20日")]),
    ], **kw)


def test_a_meeting_record_prints_every_block_in_order(tmp_path):
    target = tmp_path / "会议记录.pdf"
    result = write_document(meeting_record(), target, "pdf")
    assert result.pages == 1 and result.fmt == "pdf"
    text = flat(pdf_texts(target)[0])
    expected = [f"{BRANCH}会议记录", "2026年第5次支部委员会", "会议名称", "5月份支部委员会会议", "时间",
                "2026-05-1215:30", "地点", "三楼会议室", "主持人", "王书记", "记录人", "李组织", "议题",
                "一、传达上级通知精神", "二、研究发展党员工作", "会议内容", "会议由王书记主持。", "与会委员逐一发言。",
                "主持人签字：", "记录人签字：", "支部书记签字（盖章）：", "日期：2026年5月20日", "第1页共1页"]
    cursor = 0
    for piece in expected:
        found = text.find(piece, cursor)
        assert found >= 0, f"{piece!r} missing or out of order in {text!r}"
        cursor = found + len(piece)


def test_a_long_paragraph_flows_onto_further_pages_in_order(tmp_path):
    target = tmp_path / "长文.pdf"
    doc = Document(title="长文", running_header=BRANCH, blocks=[Title("会议记录"), Paragraph(LONG_TEXT)])
    result = write_document(doc, target, "pdf")
    pages = pdf_texts(target)
    assert result.pages == len(pages) >= 2
    text = flat("".join(pages))
    positions = [text.find(f"第{i}段：") for i in range(1, 41)]
    assert -1 not in positions and positions == sorted(positions)
    assert flat(LONG_TEXT.splitlines()[-1]) in text  # nothing lost at a page end
    assert "第1页共" in flat(pages[0]) and BRANCH not in pages[0]  # the running header starts on page 2
    for number, page in enumerate(pages[1:], start=2):
        assert BRANCH in page and f"第{number}页共{len(pages)}页" in flat(page)


def test_a_long_value_in_a_form_continues_on_the_next_page(tmp_path):
    target = tmp_path / "表.pdf"
    doc = Document(title="登记表", blocks=[
        Title("民主评议党员登记表"),
        KeyValueTable(pairs=2, rows=[[Field("姓名", "王堃"), Field("性别", "男")],
                                     [Field("自我评价", LONG_TEXT, span=2)],
                                     [Field("支部意见", "", span=2, min_lines=4)]]),
    ])
    write_document(doc, target, "pdf")
    pages = pdf_texts(target)
    assert len(pages) >= 2
    assert "第40段" in flat(pages[-1]) and "支部意见" in pages[-1] and "自我评价" in pages[0]


def test_landscape_and_portrait_pages(tmp_path):
    for orientation, wide in ((LANDSCAPE, True), ("portrait", False)):
        target = tmp_path / f"{orientation}.pdf"
        write_document(Document(title="t", blocks=[Title("名册")], orientation=orientation), target, "pdf")
        box = PdfReader(target).pages[0].mediabox
        assert (box.width > box.height) is wide
        assert round(min(box.width, box.height)) == 595  # A4


def test_a_page_break_starts_a_new_page(tmp_path):
    target = tmp_path / "分页.pdf"
    write_document(Document(title="t", blocks=[Paragraph("第一页的内容"), PageBreak(), Paragraph("第二页的内容")]),
                   target, "pdf")
    pages = pdf_texts(target)
    assert len(pages) == 2 and "第一页的内容" in pages[0] and "第二页的内容" in pages[1]


def test_an_image_is_embedded_scaled_to_the_frame_with_its_caption(tmp_path, photo):
    target = tmp_path / "附件.pdf"
    write_document(Document(title="t", blocks=[Heading("附件"), Image(photo, caption="图1 签到表")]), target, "pdf")
    page = PdfReader(target).pages[0]
    images = page.images
    assert len(images) == 1 and images[0].image.size == (600, 400)
    assert "图1 签到表" in page.extract_text()


def test_a_big_image_keeps_its_aspect_within_a_height_limit(tmp_path, photo):
    from PIL import Image as PILImage

    big = tmp_path / "big.jpg"
    PILImage.open(photo).resize((3000, 2000)).save(big)
    target = tmp_path / "大图.pdf"
    write_document(Document(title="t", blocks=[Image(big, max_height_mm=50)]), target, "pdf")
    content = PdfReader(target).pages[0].get_contents().get_data().decode("latin-1")
    # the image is drawn with a "w 0 0 h x y cm" matrix: 50 mm high, 75 mm wide (3:2 kept)
    import re

    width, height = next((float(a), float(d)) for a, b, c, d in
                         re.findall(r"([\d.]+) (-?[\d.]+) (-?[\d.]+) ([\d.]+) [\d.-]+ [\d.-]+ cm\s+/", content))
    assert height == pytest.approx(50 * 72 / 25.4, rel=0.01)
    assert width / height == pytest.approx(1.5, rel=0.01)


def test_a_missing_or_broken_image_is_a_chinese_error_naming_it(tmp_path):
    target = tmp_path / "x.pdf"
    with pytest.raises(ReportError, match="找不到要打印的图片“不存在.png”"):
        write_document(Document(title="t", blocks=[Image(tmp_path / "不存在.png")]), target, "pdf")
    broken = tmp_path / "坏图.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    with pytest.raises(ReportError, match="无法读取图片“坏图.jpg”"):
        write_document(Document(title="t", blocks=[Image(broken)]), target, "pdf")
    assert not target.exists() and not list(tmp_path.glob(".*.tmp"))


def test_ballot_tick_boxes_are_drawn_not_printed_as_missing_glyphs(tmp_path):
    target = tmp_path / "测评表.pdf"
    names = ["王堃", "李玥", "张三"]
    table = Table([Column("姓名", 3), Column("优秀"), Column("合格"), Column("基本合格"), Column("不合格")],
                  [[n, CHECKBOX, CHECKBOX, CHECKBOX, CHECKED if n == "张三" else CHECKBOX] for n in names])
    result = write_document(Document(title="t", blocks=[Title("民主测评表"), table]), target, "pdf")
    page = PdfReader(target).pages[0]
    text = page.extract_text()
    assert all(n in text for n in names) and "□" not in text and "☑" not in text
    assert result.missing_glyphs == ""  # the boxes are drawn, so no character is missing
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" re") >= 4 * len(names)  # one rectangle per box


def test_the_meta_line_leaves_a_blank_for_an_empty_value(tmp_path):
    target = tmp_path / "m.pdf"
    write_document(Document(title="t", blocks=[MetaLine([("制表单位", BRANCH), ("制表人", "")])]), target, "pdf")
    text = pdf_texts(target)[0]
    assert f"制表单位：{BRANCH}" in text and "制表人：__________" in text


def test_pdf_fonts_are_embedded(tmp_path, photo):
    target = tmp_path / "f.pdf"
    write_document(meeting_record(Image(photo)), target, "pdf")
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


def test_a_text_document_cannot_be_asked_for_in_an_unknown_format(tmp_path):
    with pytest.raises(ReportError, match="不支持的导出格式“odt”"):
        write_document(meeting_record(), tmp_path / "x.odt", "odt")


def test_bookmarks_of_a_standalone_document_point_at_their_pages(tmp_path):
    from app.reports.engine import Bookmark

    target = tmp_path / "会议记录本.pdf"
    blocks = []
    for month in (3, 4, 5):
        blocks += [Bookmark(f"{month}月支委会"), Title(f"{month}月支委会会议记录"), Paragraph(LONG_TEXT[:800]),
                   PageBreak()]
    write_document(Document(title="会议记录本", blocks=blocks[:-1]), target, "pdf")
    reader = PdfReader(target)
    assert [b.title for b in reader.outline] == ["3月支委会", "4月支委会", "5月支委会"]
    pages = [reader.get_destination_page_number(b) for b in reader.outline]
    assert pages == [0, 1, 2]
    for index, month in zip(pages, (3, 4, 5), strict=True):
        assert f"{month}月支委会会议记录" in reader.pages[index].extract_text()


def test_a_form_row_wider_than_the_form_is_a_layout_mistake_and_empty_rows_are_skipped():
    form = KeyValueTable(pairs=2, rows=[[], [Field("姓名", "王堃"), Field("性别", "男")], [Field("备注")]])
    assert [[(f.label, at, span) for f, at, span in row] for row in form.placed_rows()] == [
        [("姓名", 0, 1), ("性别", 1, 1)], [("备注", 0, 2)]]
    with pytest.raises(ValueError, match="row 1"):
        KeyValueTable(pairs=2, rows=[[Field("a", span=2), Field("b")]]).placed_rows()
