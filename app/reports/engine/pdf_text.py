"""reportlab flowables for text drawn with TextLayout (a font per run of characters), for the PDF writer.

reportlab's Paragraph parses markup and cannot fall back to a second font for the characters the CJK
font lacks (the bundled font has no digits), so the engine draws its own pre-broken lines.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.reports.engine.blocks import CENTER, CHECKED, LEFT, RIGHT
from app.reports.engine.text_layout import TextLayout


def aligned_x(align: str, width: float) -> float:
    return {LEFT: 0.0, CENTER: width / 2, RIGHT: width}[align]


def draw_text(canv: Canvas, layout: TextLayout, text: str, x: float, y: float, align: str = LEFT) -> None:
    """One line of text at baseline y; x is the left edge, the centre or the right edge per `align`."""
    if not text:
        return
    if align == CENTER:
        x -= layout.width(text) / 2
    elif align == RIGHT:
        x -= layout.width(text)
    obj = canv.beginText(x, y)
    for font, run in layout.runs(text):
        obj.setFont(font, layout.size)
        obj.textOut(run)
    canv.drawText(obj)


class TextBlock(Flowable):
    """Pre-broken lines drawn with a font per run of characters, aligned within the width given to it."""

    def __init__(self, lines: list[str], layout: TextLayout, align: str = LEFT, leading: float | None = None):
        super().__init__()
        self.lines = lines
        self.layout = layout
        self.align = align
        self.leading = leading or layout.size * 1.3
        self.height = len(lines) * self.leading
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        y = self.height - self.layout.size
        for line in self.lines:
            draw_text(self.canv, self.layout, line, aligned_x(self.align, self.width), y, self.align)
            y -= self.leading


class FlowingLines(Flowable):
    """Lines of running text that continue on the next page: each line is (indent, text, advance),
    where `advance` is the vertical room the line takes (a blank line takes half a line)."""

    def __init__(self, lines: list[tuple[float, str, float]], layout: TextLayout, align: str = LEFT) -> None:
        super().__init__()
        self.lines = lines
        self.layout = layout
        self.align = align
        self.height = sum(advance for _, _, advance in lines)
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used, count = 0.0, 0
        for _, _, advance in self.lines:
            if used + advance > avail_height + 1e-6:
                break
            used += advance
            count += 1
        while count and not self.lines[count - 1][1]:  # no page ends on a blank line's gap
            count -= 1
        if count == 0 or count == len(self.lines):
            return []
        rest = self.lines[count:]
        while rest and not rest[0][1]:  # nor does the next page start with one
            rest = rest[1:]
        head = FlowingLines(self.lines[:count], self.layout, self.align)
        return [head, FlowingLines(rest, self.layout, self.align)] if rest else [head]

    def draw(self) -> None:
        y = self.height
        for indent, text, advance in self.lines:
            if text:
                x = indent + aligned_x(self.align, self.width - indent)
                draw_text(self.canv, self.layout, text, x, y - self.layout.size, self.align)
            y -= advance


def flowing_paragraphs(paragraphs: list[str], layout: TextLayout, width: float, *, indent: bool,
                       align: str = LEFT, line_spacing: float = 1.5) -> FlowingLines:
    """Paragraphs broken to `width` (CJK line breaking), the first line of each two characters in when
    `indent`; "" is a blank line between paragraphs."""
    leading = round(layout.size * line_spacing, 2)
    first = 2 * layout.width("国") if indent else 0.0
    lines: list[tuple[float, str, float]] = []
    for para in paragraphs:
        if not para:
            lines.append((0.0, "", leading / 2))
            continue
        broken = layout.fill_lines(para, width, width - first)
        lines.append((first, broken[0], leading))
        lines.extend((0.0, line, leading) for line in broken[1:])
    return FlowingLines(lines, layout, align)


class SpreadLine(Flowable):
    """制表单位 … 制表日期 … 制表人 on one line: first item left, last right, the others centred between;
    one item a line if they do not fit side by side."""

    GAP = 24.0

    def __init__(self, items: list[str], layout: TextLayout) -> None:
        super().__init__()
        self.items = items
        self.layout = layout
        self.leading = layout.size * 1.4
        self.stacked = False
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        total = sum(self.layout.width(t) for t in self.items) + self.GAP * (len(self.items) - 1)
        self.stacked = total > avail_width
        lines = len(self.items) if self.stacked else min(1, len(self.items))
        return avail_width, lines * self.leading

    def draw(self) -> None:
        n = len(self.items)
        if self.stacked:
            y = len(self.items) * self.leading - self.layout.size
            for item in self.items:
                draw_text(self.canv, self.layout, item, 0, y, LEFT)
                y -= self.leading
            return
        y = self.leading - self.layout.size
        for i, item in enumerate(self.items):
            if n == 1 or i == 0:
                draw_text(self.canv, self.layout, item, 0, y, LEFT)
            elif i == n - 1:
                draw_text(self.canv, self.layout, item, self.width, y, RIGHT)
            else:
                draw_text(self.canv, self.layout, item, self.width * i / (n - 1), y, CENTER)


class SignatureRow(Flowable):
    """label：____ places to sign, spread over the line like SpreadLine, with room above to write.
    A pair with a value prints the value instead of the line. Stacked when they do not fit."""

    GAP = 18.0

    def __init__(self, pairs: list[tuple[str, str]], layout: TextLayout, line_length: float) -> None:
        super().__init__()
        self.pairs = pairs
        self.layout = layout
        self.line_length = line_length
        self.leading = layout.size * 2.6  # a signature is taller than print
        self.stacked = False
        self.width = 0.0

    def _item_width(self, label: str, value: str) -> float:
        return self.layout.width(f"{label}：") + (self.layout.width(value) if value else self.line_length)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        total = sum(self._item_width(*p) for p in self.pairs) + self.GAP * (len(self.pairs) - 1)
        self.stacked = total > avail_width
        return avail_width, (len(self.pairs) if self.stacked else 1) * self.leading

    def _draw_item(self, x: float, y: float, label: str, value: str) -> None:
        text = f"{label}："
        draw_text(self.canv, self.layout, text, x, y)
        x += self.layout.width(text)
        if value:
            draw_text(self.canv, self.layout, value, x, y)
        else:
            self.canv.setLineWidth(0.6)
            self.canv.line(x, y - 2, x + self.line_length, y - 2)

    def draw(self) -> None:
        base = self.layout.size * 0.6
        if self.stacked:
            y = len(self.pairs) * self.leading - self.leading + base
            for pair in self.pairs:
                self._draw_item(0.0, y, *pair)
                y -= self.leading
            return
        n = len(self.pairs)
        widths = [self._item_width(*p) for p in self.pairs]
        for i, pair in enumerate(self.pairs):
            if n == 1 or i == 0:
                x = 0.0
            elif i == n - 1:
                x = self.width - widths[i]
            else:  # centred between the first and the last
                x = self.width * i / (n - 1) - widths[i] / 2
            self._draw_item(x, base, *pair)


class Checkbox(Flowable):
    """A tick box the size of a character, aligned in the width given to it (a ballot's cell)."""

    def __init__(self, size: float, checked: bool = False, align: str = CENTER) -> None:
        super().__init__()
        self.size = size
        self.checked = checked
        self.align = align
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.3

    def draw(self) -> None:
        side = self.size * 0.9
        x = aligned_x(self.align, self.width) - {LEFT: 0.0, CENTER: side / 2, RIGHT: side}[self.align]
        y = (self.size * 1.3 - side) / 2
        self.canv.setLineWidth(0.7)
        self.canv.rect(x, y, side, side, stroke=1, fill=0)
        if self.checked:
            self.canv.setLineWidth(1.0)
            path = self.canv.beginPath()
            path.moveTo(x + side * 0.2, y + side * 0.5)
            path.lineTo(x + side * 0.42, y + side * 0.22)
            path.lineTo(x + side * 0.82, y + side * 0.82)
            self.canv.drawPath(path, stroke=1, fill=0)


def checkbox_for(text: str, size: float, align: str = CENTER) -> Checkbox:
    return Checkbox(size, checked=text == CHECKED, align=align)


class OutlineEntry(Flowable):
    """Takes no room; where it lands, it adds an outline entry (a PDF bookmark) pointing at its page,
    and tells `on_page(page)` the page it landed on (the binder's contents page needs it)."""

    _count = 0

    def __init__(self, title: str, level: int, on_page=None) -> None:
        super().__init__()
        OutlineEntry._count += 1
        self.key = f"bl-outline-{OutlineEntry._count}"
        self.title = title
        self.level = level
        self.on_page = on_page
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, 0)  # the top of this spot, in the flowable's own coordinates
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)
        if self.on_page:
            self.on_page(canv.getPageNumber())


SIGNATURE_GAP = 6 * mm  # room between the content and the first signature line
