"""Several documents bound into one PDF (the annual 台账 binder): an optional cover, a contents page with
each section's first page, every section starting on a new page in its own orientation, page numbers
running through the whole (第 X 页 共 Y 页), and PDF bookmarks that mirror the contents.

The sections are Documents, laid out by the same `pdf_writer.story` as on their own. The binder is laid
out twice: the first run finds the page each section starts on and the total; the second prints those
numbers on the contents page and in the footers (the contents' length does not depend on the numbers,
so the pages stay where the first run put them; this is checked).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageTemplate
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer

from app.reports.engine.blocks import RIGHT, Title
from app.reports.engine.document import LANDSCAPE, PORTRAIT, Document, ReportResult, cleaned, document_texts
from app.reports.engine.fonts import ReportFonts, report_fonts, undrawable
from app.reports.engine.pdf_text import OutlineEntry, draw_text
from app.reports.engine.pdf_writer import doc_template, page_decorator, page_setup, story
from app.reports.engine.text_layout import TextLayout

CONTENTS_TITLE = "目  录"
CONTENTS_SIZE = 12.0
MAX_PASSES = 3  # layouts that print the numbers; the first always agrees unless a section's layout
# depends on the page it starts on


@dataclass(frozen=True)
class Section:
    title: str  # as printed in the contents and shown as the bookmark
    document: Document


@dataclass(frozen=True)
class BinderResult(ReportResult):
    section_pages: tuple[int, ...] = field(default=())  # the printed page number each section starts on


class ContentsLine(Flowable):
    """title ·········· page, the dots drawn (not text, so a copied contents reads 'title 12')."""

    def __init__(self, title: str, page: int, layout: TextLayout) -> None:
        super().__init__()
        self.title = title
        self.page = page
        self.layout = layout
        self.width = 0.0
        self.leading = layout.size * 2.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.leading

    def draw(self) -> None:
        y = (self.leading - self.layout.size) / 2
        number = str(self.page) if self.page else ""
        draw_text(self.canv, self.layout, self.title, 0, y)
        draw_text(self.canv, self.layout, number, self.width, y, RIGHT)
        start = self.layout.width(self.title) + 6
        end = self.width - self.layout.width(number or "00") - 6
        if end > start:
            self.canv.setDash(1, 3)
            self.canv.setLineWidth(0.8)
            self.canv.line(start, y + 1, end, y + 1)
            self.canv.setDash()


def _binder_story(cover: Document | None, sections: Sequence[Section], fonts: ReportFonts,
                  numbers: Sequence[int], found: list[int], progress: Callable[[], None]) -> list[Flowable]:
    flowables: list[Flowable] = []
    if cover is not None:
        flowables += story(cover, fonts, page_setup(cover.orientation))
        flowables += [NextPageTemplate(PORTRAIT), RLPageBreak()]
    portrait = page_setup(PORTRAIT)
    flowables += story(Document(title="", blocks=[Title(CONTENTS_TITLE)]), fonts, portrait)
    flowables.append(RLSpacer(1, 4 * mm))
    layout = TextLayout(fonts.body, fonts.latin, CONTENTS_SIZE)
    for section, number in zip(sections, numbers, strict=True):
        flowables.append(ContentsLine(section.title, number, layout))
    for index, section in enumerate(sections):
        orientation = section.document.orientation
        flowables += [NextPageTemplate(orientation), RLPageBreak()]

        def landed(page: int, index: int = index) -> None:
            found[index] = page
            progress()

        flowables.append(OutlineEntry(section.title, 0, landed))
        flowables += story(section.document, fonts, page_setup(orientation), outline_level=1)
    return flowables


def _layout(target, title: str, cover: Document | None, sections: Sequence[Section], fonts: ReportFonts,
            numbers: Sequence[int], total: int | None, running_header: str,
            progress: Callable[[], None]) -> tuple[list[int], int]:
    """Lay the binder out once into `target`; returns each section's first page and the page count."""
    found = [0] * len(sections)
    first = cover.orientation if cover is not None else PORTRAIT
    cover_pages = 1 if cover is not None else 0
    decorate = page_decorator(title, running_header, fonts, first_header_page=cover_pages + 1,
                              first_footer_page=cover_pages + 1)
    pages: list[int] = []

    def on_page(canv: Canvas, doc) -> None:
        if not pages:
            canv.showOutline()  # the viewer opens with its bookmarks pane showing
        pages.append(doc.page)
        decorate(canv, doc.page, total)

    templates = {o: PageTemplate(id=o, frames=[page_setup(o).frame(f"body-{o}")], onPage=on_page,
                                 pagesize=page_setup(o).size) for o in (PORTRAIT, LANDSCAPE)}
    doc = doc_template(target, page_setup(first), title, fonts)
    doc.addPageTemplates([templates[first], templates[LANDSCAPE if first == PORTRAIT else PORTRAIT]])
    flowables = _binder_story(cover, sections, fonts, numbers, found, progress)

    doc.build(flowables)
    return found, max(pages, default=0)


def write_binder(sections: Sequence[Section], path: str | os.PathLike[str], *, title: str,
                 cover: Document | None = None, running_header: str = "",
                 progress: Callable[[int, int], None] | None = None) -> BinderResult:
    """Write the binder to `path` (PDF). `progress(done, steps)` is called as sections are laid out, for
    a progress bar. Raises ReportError (Chinese) for what a user can cause (an unreadable image, a file
    open in a viewer …)."""
    from app.reports.engine.output import checked_target, write_atomically

    sections = [Section(s.title, cleaned(s.document)) for s in sections]
    cover = cleaned(cover) if cover is not None else None
    target = checked_target(path)
    fonts = report_fonts()
    steps = 2 * len(sections)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done, steps), steps)

    numbers, total = _layout(io.BytesIO(), title, cover, sections, fonts, [0] * len(sections), None,
                             running_header, step)
    result: dict[str, object] = {}

    def write(tmp: Path) -> None:
        found, pages = _layout(str(tmp), title, cover, sections, fonts, numbers, total, running_header, step)
        result.update(found=found, pages=pages)

    for _ in range(MAX_PASSES):  # the second layout prints the numbers the first found; it checks them too
        write_atomically(target, write)
        if result["found"] == numbers and result["pages"] == total:
            break
        numbers, total = result["found"], result["pages"]
    texts = [t for s in sections for t in (s.title, *document_texts(s.document))]
    if cover is not None:
        texts += document_texts(cover)
    rows = sum(s.document.counted_rows() for s in sections)
    return BinderResult(path=target, rows=rows, pages=int(result["pages"]), fmt="pdf",
                        missing_glyphs=undrawable(texts, fonts), section_pages=tuple(result["found"]))
