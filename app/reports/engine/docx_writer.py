"""A Document as DOCX (python-docx), for records a branch finishes in Word or WPS before printing: the
same blocks and texts as the PDF, in Word's own structures (paragraphs with a first-line indent, bordered
tables with merged cells, tab stops for the 制表 and signature lines, PAGE / NUMPAGES fields in the footer),
so the user edits a normal Word document, not a picture of one.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from app import APP_TITLE
from app.reports.engine.blocks import (
    CENTER,
    LEFT,
    RIGHT,
    Heading,
    Image,
    KeyValueTable,
    MetaLine,
    PageBreak,
    Paragraph,
    SignatureLine,
    Spacer,
    Table,
    Title,
    paragraph_lines,
)
from app.reports.engine.document import LANDSCAPE, Document
from app.reports.engine.images import load_image

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
HEADING_SIZES = {1: 13.0, 2: 11.5}
SIGNATURE_BLANK = "_" * 16
_ALIGN = {LEFT: WD_ALIGN_PARAGRAPH.LEFT, CENTER: WD_ALIGN_PARAGRAPH.CENTER, RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}
# the same margins as the PDF's pages (pdf_writer.PORTRAIT_PAGE / LANDSCAPE_PAGE), in mm
_MARGINS = {False: (20, 20, 18), True: (10, 12, 15)}  # landscape? -> (left/right, top, bottom)


def _set_font(run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Word picks the East Asian font from rFonts/@eastAsia; python-docx's font.name sets only the Latin one."""
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _add_field(paragraph: DocxParagraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and WPS fill in when they lay out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_number_paragraph(paragraph: DocxParagraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _add_field(paragraph, "PAGE")
    paragraph.add_run(" 页 共 ")
    _add_field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")


def _grid_widths(table: DocxTable, widths: list[int]) -> None:
    """The table grid's column widths (LibreOffice and WPS lay out by the grid, Word by the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


class _DocxBuilder:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.doc = new_docx()
        self.size = document.font_size
        landscape = document.orientation == LANDSCAPE
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        side, top, bottom = _MARGINS[landscape]
        section.left_margin = section.right_margin = Mm(side)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.header_distance = section.footer_distance = Mm(7)
        self.width = section.page_width - section.left_margin - section.right_margin
        normal = self.doc.styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = Pt(self.size)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        normal.paragraph_format.space_after = Pt(0)
        self.gap_before = False  # a blank line of pasted text: space before the next paragraph

    def build(self, path: Path) -> None:
        for block in self.document.blocks:
            self._block(block)
        self._header_footer()
        props = self.doc.core_properties
        props.title = self.document.title
        props.author = APP_TITLE
        self.doc.save(str(path))

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        _page_number_paragraph(section.footer.paragraphs[0])
        if self.document.running_header:
            section.different_first_page_header_footer = True
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_font(header.add_run(self.document.running_header), BODY_FONT, 9)
            _page_number_paragraph(section.first_page_footer.paragraphs[0])

    def _paragraph(self, text: str = "", *, size: float | None = None, font: str = BODY_FONT, bold: bool = False,
                   align: str = LEFT) -> DocxParagraph:
        para = self.doc.add_paragraph()
        para.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
        if text:
            _set_font(para.add_run(text), font, size or self.size, bold or None)
        return para

    def _spread(self, para: DocxParagraph, count: int) -> None:
        """Tab stops that spread `count` items over the line: the middle ones centred, the last right."""
        stops = para.paragraph_format.tab_stops
        for i in range(1, count):
            alignment = WD_TAB_ALIGNMENT.RIGHT if i == count - 1 else WD_TAB_ALIGNMENT.CENTER
            stops.add_tab_stop(int(self.width * i / (count - 1)), alignment)

    def _block(self, block) -> None:
        if isinstance(block, Title):
            self._paragraph(block.text, size=block.size, font=HEADING_FONT, bold=True, align=CENTER)
            if block.subtitle:
                self._paragraph(block.subtitle, size=12, align=CENTER)
            self._paragraph().paragraph_format.space_after = Pt(4)
        elif isinstance(block, Heading):
            size = HEADING_SIZES.get(block.level, HEADING_SIZES[2])
            para = self._paragraph(block.text, size=size, font=HEADING_FONT, bold=True)
            para.paragraph_format.keep_with_next = True
            para.paragraph_format.space_before = Pt(6)
            para.paragraph_format.space_after = Pt(3)
        elif isinstance(block, Paragraph):
            self._text(block)
        elif isinstance(block, MetaLine):
            texts = block.texts()
            para = self._paragraph("\t".join(texts), size=block.size)
            self._spread(para, len(texts))
        elif isinstance(block, SignatureLine):
            pairs = block.pairs()
            texts = [f"{label}：{value or SIGNATURE_BLANK}" for label, value in pairs]
            para = self._paragraph("\t".join(texts))
            self._spread(para, len(texts))
            para.paragraph_format.space_before = Pt(self.size * 1.6)
        elif isinstance(block, KeyValueTable):
            self._key_values(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Image):
            self._image(block)
        elif isinstance(block, Spacer):
            para = self._paragraph()
            para.paragraph_format.space_after = Mm(block.height_mm)
        elif isinstance(block, PageBreak):
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _text(self, block: Paragraph) -> None:
        size = block.size or self.size
        gap = False
        for line in paragraph_lines(block.text):
            if not line:
                gap = True
                continue
            para = self._paragraph(line, size=size, align=block.align)
            fmt = para.paragraph_format
            fmt.line_spacing = block.line_spacing
            if block.indent:
                fmt.first_line_indent = Pt(2 * size)
            if gap:
                fmt.space_before = Pt(size * block.line_spacing / 2)
                gap = False

    def _cell_text(self, cell, text: str, align: str, size: float | None = None, bold: bool = False) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        lines = text.split("\n") if text else [""]
        para = cell.paragraphs[0]
        for i, line in enumerate(lines):
            if i:
                para = cell.add_paragraph()
            para.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
            if line:
                _set_font(para.add_run(line), BODY_FONT, size or self.size, bold or None)

    def _key_values(self, block: KeyValueTable) -> None:
        pairs = max(1, block.pairs)
        rows = block.placed_rows()
        if not rows:
            return
        table = self.doc.add_table(rows=len(rows), cols=2 * pairs)
        table.style = "Table Grid"
        label_width = Mm(28)
        value_width = int((self.width - pairs * label_width) / pairs)
        _grid_widths(table, [label_width, value_width] * pairs)
        for r, fields in enumerate(rows):
            cells = table.rows[r].cells
            for c, cell in enumerate(cells):
                cell.width = label_width if c % 2 == 0 else value_width
            for fld, at, span in fields:
                self._cell_text(cells[2 * at], fld.label, CENTER)
                value = cells[2 * at + 1]
                if span > 1:
                    value = value.merge(cells[2 * (at + span) - 1])
                self._cell_text(value, fld.value, fld.align)
            min_lines = max(fld.min_lines for fld, _, _ in fields)
            if min_lines > 1:
                table.rows[r].height = Pt(min_lines * self.size * 1.5 + 6)
                table.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST

    def _table(self, block: Table) -> DocxTable:
        columns = block.all_columns()
        rows = block.all_rows()
        head_rows = 2 if block.has_groups() else 1
        table = self.doc.add_table(rows=head_rows + len(rows), cols=len(columns))
        table.style = "Table Grid"
        total = sum(c.width for c in columns) or 1.0
        widths = [int(self.width * c.width / total) for c in columns]
        _grid_widths(table, widths)
        size = block.font_size
        for i, col in enumerate(columns):
            for r in range(head_rows):
                table.rows[r].cells[i].width = widths[i]
            if head_rows == 1:
                self._cell_text(table.rows[0].cells[i], col.plain_label, CENTER, size, bold=True)
        if head_rows == 2:
            self._group_header(table, columns, size)
        for r in range(head_rows):
            _repeat_as_header(table.rows[r])
        for r, row in enumerate(rows, start=head_rows):
            cells = table.rows[r].cells
            for i, text in enumerate(row):
                cells[i].width = widths[i]
                self._cell_text(cells[i], text, columns[i].align, size)
        return table

    def _group_header(self, table: DocxTable, columns, size: float) -> None:
        top, labels = table.rows[0].cells, table.rows[1].cells
        i = 0
        while i < len(columns):
            group = columns[i].group
            if not group:
                self._cell_text(top[i].merge(labels[i]), columns[i].plain_label, CENTER, size, bold=True)
                i += 1
                continue
            j = i
            while j + 1 < len(columns) and columns[j + 1].group == group:
                j += 1
            self._cell_text(top[i].merge(top[j]) if j > i else top[i], group, CENTER, size, bold=True)
            for k in range(i, j + 1):
                self._cell_text(labels[k], columns[k].plain_label, CENTER, size, bold=True)
            i = j + 1

    def _image(self, block: Image) -> None:
        image = load_image(block.path)
        height_room = Mm(block.max_height_mm) if block.max_height_mm else Mm(200)
        # the PDF's rule: fit the frame, never above one point per pixel
        scale = min(Pt(1) * 1.0, self.width / image.width, height_room / image.height)
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run().add_picture(image.stream(), width=int(image.width * scale), height=int(image.height * scale))
        if block.caption:
            self._paragraph(block.caption, align=CENTER)


def write_docx(document: Document, path: Path) -> None:
    _DocxBuilder(document).build(path)
