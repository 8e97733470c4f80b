"""The same blocks as a Word document (python-docx reads it back) and as a worksheet (openpyxl)."""

from __future__ import annotations

import docx
from openpyxl import load_workbook

from app.reports.engine import (
    CHECKBOX,
    Column,
    Document,
    Field,
    Heading,
    Image,
    KeyValueTable,
    MetaLine,
    PageBreak,
    Paragraph,
    SignatureLine,
    Table,
    Title,
    write_document,
)
from tests.reports.engine.test_pdf_blocks import BRANCH, meeting_record


def test_docx_has_the_meeting_records_content_as_paragraphs_and_a_bordered_form(tmp_path, photo):
    target = tmp_path / "会议记录.docx"
    result = write_document(meeting_record(Image(photo, caption="图1 签到表"), running_header=BRANCH), target, "docx")
    assert result.fmt == "docx" and result.pages is None
    word = docx.Document(str(target))
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts[:2] == [f"{BRANCH}会议记录", "2026年第5次支部委员会"]
    assert "会议内容" in texts and "会议由王书记主持。" in texts
    spoken = word.paragraphs[[p.text for p in word.paragraphs].index("与会委员逐一发言。")]
    assert spoken.paragraph_format.first_line_indent is not None  # 首行缩进, the pasted full-width spaces dropped
    assert spoken.paragraph_format.space_before is not None  # the blank line between the two paragraphs
    assert "图1 签到表" in texts
    assert any(t.startswith("主持人签字：____") and "\t记录人签字：____" in t for t in texts)
    assert "支部书记签字（盖章）：________________\t日期：2026年5月20日" in texts
    form = word.tables[0]
    assert [c.text for c in form.rows[1].cells] == ["时间", "2026-05-12 15:30", "地点", "三楼会议室"]
    assert [c.text for c in form.rows[0].cells][:2] == ["会议名称", "5月份支部委员会会议"]
    assert form.rows[0].cells[1]._tc is form.rows[0].cells[3]._tc  # the spanning value is one merged cell
    assert form.rows[3].cells[1].text == "一、传达上级通知精神\n二、研究发展党员工作"
    assert len(word.inline_shapes) == 1
    section = word.sections[0]
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer and "页 共" in footer
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == BRANCH and not section.first_page_header.paragraphs[0].text
    assert 'w:instr="PAGE"' in section.first_page_footer.paragraphs[0]._p.xml


def test_docx_tables_repeat_their_header_and_page_breaks_are_kept(tmp_path):
    target = tmp_path / "测评表.docx"
    table = Table([Column("姓名", 3), Column("优秀"), Column("合格")], [["王堃", CHECKBOX, CHECKBOX]])
    write_document(Document(title="t", blocks=[Title("民主测评表"), table, PageBreak(), Paragraph("说明")]),
                   target, "docx")
    word = docx.Document(str(target))
    rows = word.tables[0].rows
    assert [c.text for c in rows[0].cells] == ["序号", "姓名", "优秀", "合格"]
    assert [c.text for c in rows[1].cells] == ["1", "王堃", "□", "□"]
    assert "w:tblHeader" in rows[0]._tr.xml
    assert 'w:type="page"' in word.element.body.xml


def test_xlsx_carries_the_form_and_the_text_rows(tmp_path):
    target = tmp_path / "登记表.xlsx"
    doc = Document(title="登记表", sheet_name="登记表", running_header=BRANCH, blocks=[
        Title("民主评议党员登记表"),
        MetaLine([("支部", BRANCH)]),
        KeyValueTable(pairs=2, rows=[[Field("姓名", "王堃"), Field("性别", "男")],
                                     [Field("自我评价", "认真履行党员义务。", span=2, min_lines=4)]]),
        Heading("支部意见"),
        Paragraph("同意评为合格。\n\n继续努力。"),
        SignatureLine(["支部书记签字"]),
    ])
    result = write_document(doc, target, "xlsx")
    assert result.pages is None
    ws = load_workbook(target)["登记表"]
    values = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert values == [["民主评议党员登记表"], [f"支部：{BRANCH}"], ["姓名", "王堃", "性别", "男"],
                      ["自我评价", "认真履行党员义务。"], ["支部意见"], ["同意评为合格。"], ["继续努力。"],
                      ["支部书记签字：__________"]]
    assert "B4:D4" in {str(r) for r in ws.merged_cells.ranges}  # the spanning value
    assert ws.row_dimensions[4].height >= 4 * 13.5  # room for four lines
    assert ws["A3"].border.left.style == "thin" and ws["D4"].border.right.style == "thin"
    assert ws.oddHeader.right.text == BRANCH and ws.HeaderFooter.differentFirst  # not on the first page
    assert ws.oddFooter.center.text == ws.firstFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.page_setup.orientation == "portrait"


def test_the_example_in_the_engines_documentation_works(tmp_path):
    import types

    import app.reports.engine as engine

    text = engine.__doc__
    code = text[text.index("    from app.reports.engine import"):text.index("The blocks (app.reports.engine.blocks)")]
    namespace: dict = {}
    exec(compile("\n".join(line[4:] for line in code.splitlines()), "engine-doc", "exec"), namespace)
    meeting = types.SimpleNamespace(branch_name=BRANCH, name="5月支委会", place="三楼会议室",
                                    content="会议由王书记主持。\n与会委员逐一发言。")
    for fmt in ("pdf", "docx"):
        result = namespace["write_meeting_record"](None, tmp_path / f"记录.{fmt}", fmt, meeting=meeting)
        assert result.path.is_file()
    assert "与会委员逐一发言。" in "".join(p.text for p in docx.Document(str(tmp_path / "记录.docx")).paragraphs)


def test_xlsx_number_columns_hold_numbers_and_shares_as_percentages(tmp_path):
    target = tmp_path / "统计表.xlsx"
    table = Table([Column("类别", 3), Column("人数", number=True), Column("占比", number=True), Column("备注")],
                  [["男", "4", "57.1%", "12"], ["女", "3", "42.9%", ""], ["未填", "0", "—", ""]], numbered=False)
    write_document(Document(title="t", blocks=[Title("统计表"), table]), target, "xlsx")
    ws = load_workbook(target).active
    assert [c.value for c in ws[3]] == ["男", 4, 0.571, "12"]  # a column not marked number keeps its text
    assert ws["C3"].number_format == "0.0%" and ws["B3"].number_format == "General"
    assert [c.value for c in ws[5]][:3] == ["未填", 0, "—"]  # what is no number stays as it is


def test_xlsx_a_number_column_may_mix_counts_and_shares(tmp_path):
    target = tmp_path / "统计表.xlsx"
    table = Table([Column("项目"), Column("男", number=True)], [["人数", "4"], ["占比", "57.14%"]], numbered=False)
    write_document(Document(title="t", blocks=[table]), target, "xlsx")
    ws = load_workbook(target).active
    assert (ws["B2"].value, ws["B2"].number_format) == (4, "General")
    assert (ws["B3"].value, ws["B3"].number_format) == (0.5714, "0.00%")
