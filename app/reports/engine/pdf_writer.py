"""A Document as PDF: A4 portrait or landscape, 第 X 页 共 Y 页 in the footer, the running header on later
pages, the CJK font embedded (fonts.py). `story` turns blocks into reportlab flowables; the binder
(pdf_binder) uses it too, so a section prints in the binder exactly as on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer

from app import APP_TITLE
from app.reports.engine.blocks import (
    CENTER,
    RIGHT,
    Bookmark,
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
from app.reports.engine.fonts import ReportFonts, report_fonts
from app.reports.engine.images import load_image
from app.reports.engine.pdf_form import build_key_values
from app.reports.engine.pdf_table import build_table
from app.reports.engine.pdf_text import (
    SIGNATURE_GAP,
    OutlineEntry,
    SignatureRow,
    SpreadLine,
    TextBlock,
    draw_text,
    flowing_paragraphs,
)
from app.reports.engine.text_layout import TextLayout

FOOTER_Y = 8 * mm
HEADER_GAP = 7 * mm  # from the top edge to the running header's baseline
FOOTER_SIZE = 9.0
SUBTITLE_SIZE = 12.0
HEADING_SIZES = {1: 13.0, 2: 11.5}


@dataclass(frozen=True)
class PageSetup:
    size: tuple[float, float]
    margin_x: float
    margin_top: float
    margin_bottom: float

    @property
    def frame_width(self) -> float:
        return self.size[0] - 2 * self.margin_x

    @property
    def frame_height(self) -> float:
        return self.size[1] - self.margin_top - self.margin_bottom

    def frame(self, frame_id: str = "body") -> Frame:
        return Frame(self.margin_x, self.margin_bottom, self.frame_width, self.frame_height,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


# Landscape registers use the whole width; portrait text pages have the margins of an office document.
LANDSCAPE_PAGE = PageSetup(landscape(A4), 10 * mm, 12 * mm, 15 * mm)
PORTRAIT_PAGE = PageSetup(A4, 20 * mm, 20 * mm, 18 * mm)


def page_setup(orientation: str) -> PageSetup:
    return LANDSCAPE_PAGE if orientation == LANDSCAPE else PORTRAIT_PAGE


def story(document: Document, fonts: ReportFonts, setup: PageSetup, *, outline_level: int = 0) -> list[Flowable]:
    """The document's blocks as flowables for a frame of `setup`; its Bookmark blocks `outline_level`
    deeper (the binder puts a section's bookmarks under the section's)."""
    width, height = setup.frame_width, setup.frame_height
    body_size = document.font_size
    out: list[Flowable] = []
    for block in document.blocks:
        if isinstance(block, Title):
            layout = TextLayout(fonts.heading, fonts.latin, block.size)
            out.append(TextBlock(layout.break_lines(block.text, width), layout, CENTER, block.size * 1.35))
            if block.subtitle:
                sub = TextLayout(fonts.body, fonts.latin, SUBTITLE_SIZE)
                out.append(TextBlock(sub.break_lines(block.subtitle, width), sub, CENTER, SUBTITLE_SIZE * 1.4))
            out.append(RLSpacer(1, 3 * mm))
        elif isinstance(block, Heading):
            size = HEADING_SIZES.get(block.level, HEADING_SIZES[2])
            layout = TextLayout(fonts.heading, fonts.latin, size)
            out.append(CondPageBreak(size * 4))  # a heading never ends a page alone
            out.append(RLSpacer(1, 2 * mm))
            out.append(TextBlock(layout.break_lines(block.text, width), layout, leading=size * 1.4))
            out.append(RLSpacer(1, 1 * mm))
        elif isinstance(block, Paragraph):
            layout = TextLayout(fonts.body, fonts.latin, block.size or body_size)
            paragraphs = paragraph_lines(block.text)
            if paragraphs:
                out.append(flowing_paragraphs(paragraphs, layout, width, indent=block.indent, align=block.align,
                                              line_spacing=block.line_spacing))
        elif isinstance(block, MetaLine):
            layout = TextLayout(fonts.body, fonts.latin, block.size or body_size)
            out += [SpreadLine(block.texts(), layout), RLSpacer(1, 1.5 * mm)]
        elif isinstance(block, KeyValueTable):
            out += [build_key_values(block, fonts, block.size or body_size, width), RLSpacer(1, 2 * mm)]
        elif isinstance(block, Table):
            out.append(build_table(block, fonts, width, height))
        elif isinstance(block, SignatureLine):
            layout = TextLayout(fonts.body, fonts.latin, body_size)
            if not out or not isinstance(out[-1], SignatureRow):
                out.append(RLSpacer(1, SIGNATURE_GAP))
            out.append(SignatureRow(block.pairs(), layout, block.line_mm * mm))
        elif isinstance(block, Image):
            out += image_flowables(block, fonts, body_size, width, height)
        elif isinstance(block, Bookmark):
            out.append(OutlineEntry(block.title, block.level + outline_level))
        elif isinstance(block, Spacer):
            out.append(RLSpacer(1, block.height_mm * mm))
        elif isinstance(block, PageBreak):
            out.append(RLPageBreak())
        else:
            raise TypeError(f"not a document block: {block!r}")
    return out


def image_flowables(block: Image, fonts: ReportFonts, size: float, width: float, height: float) -> list[Flowable]:
    """The picture scaled down to the frame (never up past one point per pixel), aspect kept, centred;
    a photo's EXIF rotation applied (phones store portrait photos sideways)."""
    image = load_image(block.path)
    pixel_w, pixel_h = image.width, image.height
    caption_layout = TextLayout(fonts.body, fonts.latin, size)
    caption_lines = caption_layout.break_lines(block.caption, width) if block.caption else []
    room = height - len(caption_lines) * size * 1.3 - 2 * mm
    if block.max_height_mm:
        room = min(room, block.max_height_mm * mm)
    scale = min(1.0, width / pixel_w, room / pixel_h)
    out: list[Flowable] = [RLImage(image.stream(), pixel_w * scale, pixel_h * scale, hAlign="CENTER")]
    if caption_lines:
        out += [RLSpacer(1, 1 * mm), TextBlock(caption_lines, caption_layout, CENTER)]
    out.append(RLSpacer(1, 2 * mm))
    return out


def page_decorator(document_title: str, running_header: str, fonts: ReportFonts, *, first_header_page: int = 2,
                   first_footer_page: int = 1):
    """draw(canvas, page, total): 第 X 页 共 Y 页 centred at the foot; the running header with 第 X 页,
    right-aligned over a thin rule, from `first_header_page` on."""
    layout = TextLayout(fonts.body, fonts.latin, FOOTER_SIZE)

    def draw(canv: Canvas, page: int, total: int | None) -> None:
        width, height = canv._pagesize
        if page >= first_footer_page:
            total_text = str(total) if total is not None else "?"
            draw_text(canv, layout, f"第 {page} 页 共 {total_text} 页", width / 2, FOOTER_Y, CENTER)
        if running_header and page >= first_header_page:
            setup = LANDSCAPE_PAGE if width > height else PORTRAIT_PAGE
            y = height - HEADER_GAP
            # the page number beside the header too: a loose page can be put back in its place
            draw_text(canv, layout, f"{running_header}　第 {page} 页", width - setup.margin_x, y, RIGHT)
            canv.setLineWidth(0.4)
            canv.line(setup.margin_x, y - 2.5, width - setup.margin_x, y - 2.5)

    return draw


def numbered_canvas(decorate, counter: list[int]):
    """A canvas that holds its pages until the end, so each footer can say how many pages there are.

    A bookmark names the page the PDF file is at when it is made, so bookmarks made on a held page are
    kept with it and made when the page is really written."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict] = []
            self._page_marks: list[tuple[str, tuple, dict]] = []

        def bookmarkHorizontal(self, key, relative_x, relative_y, **kwargs) -> None:  # noqa: N802 (reportlab's)
            left, top = self.absolutePosition(relative_x, relative_y)  # where it is drawn, not where replayed
            self._page_marks.append(("bookmarkPage", (key,), {"fit": "XYZ", "left": left, "top": top, **kwargs}))

        def addOutlineEntry(self, *args, **kwargs) -> None:  # noqa: N802
            self._page_marks.append(("addOutlineEntry", args, kwargs))

        def showPage(self) -> None:  # noqa: N802
            self._held_pages.append(dict(self.__dict__))
            self._page_marks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            counter.append(total)
            for state in self._held_pages:
                self.__dict__.update(state)
                decorate(self, self._pageNumber, total)
                for name, args, kwargs in state["_page_marks"]:
                    getattr(Canvas, name)(self, *args, **kwargs)
                Canvas.showPage(self)
            if any(state["_page_marks"] for state in self._held_pages):
                self.showOutline()
            Canvas.save(self)

    return NumberedCanvas


def doc_template(target, setup: PageSetup, title: str, fonts: ReportFonts) -> BaseDocTemplate:
    return BaseDocTemplate(
        target, pagesize=setup.size, leftMargin=setup.margin_x, rightMargin=setup.margin_x,
        topMargin=setup.margin_top, bottomMargin=setup.margin_bottom, title=title, author=APP_TITLE,
        creator=f"{APP_TITLE}（Branch Ledger）",
        initialFontName=fonts.body,  # else every page also references a non-embedded Helvetica
    )


def write_pdf(document: Document, path: Path) -> int:
    """Write the document; returns the number of pages."""
    fonts = report_fonts()
    setup = page_setup(document.orientation)
    flowables = story(document, fonts, setup) or [RLSpacer(1, 1)]  # an empty document is one blank page
    counter: list[int] = []
    doc = doc_template(str(path), setup, document.title, fonts)
    doc.addPageTemplates([PageTemplate(id="page", frames=[setup.frame()], pagesize=setup.size)])
    decorate = page_decorator(document.title, document.running_header, fonts)
    doc.build(flowables, canvasmaker=numbered_canvas(decorate, counter))
    return counter[-1]


def fits_one_page(document: Document) -> bool:
    """Whether the document's blocks take no more than one page's frame (a per-member form sized to keep to
    its page): the flowables' heights as laid out, without writing a file."""
    fonts = report_fonts()
    setup = page_setup(document.orientation)
    used = 0.0
    for flowable in story(document, fonts, setup):
        _width, height = flowable.wrap(setup.frame_width, setup.frame_height)
        used += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return used <= setup.frame_height - 1.0
