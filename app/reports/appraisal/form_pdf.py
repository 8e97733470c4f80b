"""Portrait A4 forms (登记表, 情况报告) as PDF: a title, optional lines, a ruled table of label and value
cells with spans and minimum heights, text under it; 第 X 页 共 Y 页 in the footer.

A stop-gap until the shared document blocks (key-value table, paragraphs, signature lines) are merged:
the form is data (FormPage), so moving onto those blocks changes this module only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app import APP_TITLE
from app.reports.engine.fonts import report_fonts, undrawable
from app.reports.engine.pdf_writer import TextBlock, _numbered_canvas, draw_text
from app.reports.engine.register import CENTER, LEFT, ReportError, ReportResult, clean_text
from app.reports.engine.text_layout import TextLayout

MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
PAD = 3.0
BODY_SIZE = 10.5  # 五号
TITLE_SIZE = 18.0


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1  # columns this cell covers
    label: bool = False  # a label cell: centred, shaded lightly
    align: str = LEFT


@dataclass(frozen=True)
class FormRow:
    cells: Sequence[Cell]
    min_height: float = 9 * mm


@dataclass(frozen=True)
class FormPage:
    title: str
    rows: Sequence[FormRow]
    column_widths: Sequence[float]  # relative
    lines_above: Sequence[str] = ()  # e.g. 填表日期, right under the title
    lines_below: Sequence[str] = ()  # notes, signature lines
    subtitle: str = ""

    def all_texts(self) -> list[str]:
        return [self.title, self.subtitle, *self.lines_above, *self.lines_below,
                *(c.text for r in self.rows for c in r.cells)]


def _table(page: FormPage, body: TextLayout, width: float) -> Table:
    total = sum(page.column_widths)
    widths = [width * w / total for w in page.column_widths]
    leading = body.size * 1.45
    data, style = [], [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    heights = []
    for r, row in enumerate(page.rows):
        out: list[object] = []
        col, tallest = 0, 0.0
        for cell in row.cells:
            cell_width = sum(widths[col:col + cell.span]) - 2 * PAD
            lines = body.break_lines(clean_text(cell.text), cell_width) if cell.text else []
            block = TextBlock(lines, body, CENTER if cell.label else cell.align, leading)
            tallest = max(tallest, block.height + 2 * PAD)
            out.append(block)
            if cell.span > 1:
                style.append(("SPAN", (col, r), (col + cell.span - 1, r)))
                out.extend([""] * (cell.span - 1))
            if cell.label:
                style.append(("BACKGROUND", (col, r), (col + cell.span - 1, r), colors.Color(0.95, 0.95, 0.95)))
            col += cell.span
        if col != len(widths):
            raise ReportError(f"表格第 {r + 1} 行有 {col} 格，应为 {len(widths)} 格")
        data.append(out)
        heights.append(max(row.min_height, tallest))
    return Table(data, colWidths=widths, rowHeights=heights, style=TableStyle(style), hAlign="CENTER")


def write_form_pdf(pages: Sequence[FormPage], path: str | os.PathLike[str], rows: int) -> ReportResult:
    """Each FormPage starts on a new page (a long one continues onto the next). Written under a temporary
    name and renamed, like every register."""
    if not pages:
        raise ReportError("没有可导出的内容。")
    target = Path(path)
    if target.is_dir():
        raise ReportError(f"“{target}”是一个文件夹，请指定文件名")
    if not target.parent.is_dir():
        raise ReportError(f"保存位置不存在：{target.parent}")
    fonts = report_fonts()
    page_w, page_h = A4
    width = page_w - 2 * MARGIN_X
    title = TextLayout(fonts.heading, fonts.latin, TITLE_SIZE)
    sub = TextLayout(fonts.body, fonts.latin, 12)
    body = TextLayout(fonts.body, fonts.latin, BODY_SIZE)
    small = TextLayout(fonts.body, fonts.latin, 9)
    story: list[Flowable] = []
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        story += [TextBlock(title.break_lines(clean_text(page.title), width), title, CENTER, TITLE_SIZE * 1.4)]
        if page.subtitle:
            story += [Spacer(1, 1 * mm), TextBlock(sub.break_lines(page.subtitle, width), sub, CENTER)]
        story.append(Spacer(1, 4 * mm))
        for line in page.lines_above:
            story.append(TextBlock(body.break_lines(clean_text(line), width), body, LEFT))
        if page.lines_above:
            story.append(Spacer(1, 2 * mm))
        story.append(_table(page, body, width))
        if page.lines_below:
            story.append(Spacer(1, 4 * mm))
        for line in page.lines_below:
            story += [TextBlock(body.break_lines(clean_text(line), width), body, LEFT, BODY_SIZE * 1.8)]

    def footer(canv: Canvas, number: int, total: int) -> None:
        draw_text(canv, small, f"第 {number} 页 共 {total} 页", page_w / 2, 9 * mm, CENTER)

    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    counter: list[int] = []
    try:
        doc = BaseDocTemplate(str(tmp), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                              topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=pages[0].title,
                              author=APP_TITLE, creator=f"{APP_TITLE}（Branch Ledger）", initialFontName=fonts.body)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, width, page_h - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(story, canvasmaker=_numbered_canvas(footer, counter))
        os.replace(tmp, target)
    except PermissionError as exc:
        raise ReportError(f"无法写入“{target}”：文件可能正被其他程序打开，或没有写入权限。请关闭后重试。") from exc
    except OSError as exc:
        raise ReportError(f"无法写入“{target}”：{exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)
    missing = undrawable([t for p in pages for t in p.all_texts()], fonts)
    return ReportResult(path=target, rows=rows, pages=counter[-1], fmt="pdf", missing_glyphs=missing)
