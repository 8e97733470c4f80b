"""A register table (blocks.Table) as one reportlab Table: column widths that follow the content, the
header row (or a group row above it) repeated on every page, CJK font per column.

Cells are pre-broken into lines by TextLayout: a cell drawn in its column's font is a plain string (cheap
for reportlab); a cell that mixes fonts (Chinese text with digits when the CJK font has no digits) is a
small TextBlock flowable; a "□"/"☑" cell is a drawn tick box.
"""

from __future__ import annotations

from collections import Counter
from itertools import repeat

from reportlab.lib import colors
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import CellStyle

from app.reports.engine.blocks import CENTER, CHECKBOX, CHECKED, LEFT, RIGHT, Column, Table
from app.reports.engine.fonts import ReportFonts
from app.reports.engine.pdf_text import TextBlock, checkbox_for
from app.reports.engine.text_layout import TextLayout

H_PAD = 2.0  # points left and right inside a cell
V_PAD = 2.0
HEADER_SHADE = colors.Color(0.9, 0.9, 0.9)
MAX_HEADER_LINES = 4
LONG_FLOOR_CHARS = 3  # a wrapping column is not made narrower than this while the page has room
MAX_CELL_LINES = 6  # wrapping columns are made wide enough for their longest value in at most this many lines
_ALIGN = {LEFT: "LEFT", CENTER: "CENTER", RIGHT: "RIGHT"}
_BOXES = (CHECKBOX, CHECKED)


def measure_columns(rows: list[list[str]], layout: TextLayout, count: int) -> list[list[tuple[float, str]]]:
    """Each column's lines with their widths in `layout`, narrowest first: measured once per table
    (widths at another size are these times the ratio of the sizes)."""
    width = layout.width
    return [sorted((width(line), line) for row in rows for line in row[i].split("\n") if line) for i in range(count)]


MAX_WORDS_CELL_LINES = 5  # a words cell (是 / 新疆示例县第一小学 / （对口支教）) is never taller than this


def widest_codes(rows: list[list[str]], layout: TextLayout, columns: list[Column]) -> list[float]:
    """Each words column's hard floor: its widest run of Latin letters, digits and signs (a date, a
    code), never broken, and the width its values need to take at most MAX_WORDS_CELL_LINES lines."""
    out = []
    for i, col in enumerate(columns):
        values = {row[i] for row in rows} if col.words else set()
        values.discard("")
        out.append(max((max(layout.widest_code(v), _width_for_lines(layout, v, MAX_WORDS_CELL_LINES))
                        for v in values), default=0.0))
    return out


def _width_for_lines(layout: TextLayout, text: str, max_lines: int) -> float:
    """The narrowest width in which `text` (with its own line breaks) takes at most `max_lines` lines
    in words mode."""
    full = max((layout.width(p) for p in text.split("\n")), default=0.0)
    if len(layout.break_lines(text, full, words=True)) > max_lines:
        return full
    low, high = 0.0, full
    for _ in range(9):
        mid = (low + high) / 2
        if len(layout.break_lines(text, mid, words=True)) <= max_lines:
            high = mid
        else:
            low = mid
    return high


def widest_words(rows: list[list[str]], layout: TextLayout, columns: list[Column]) -> list[list[float]]:
    """Each words column's widths it may take so as not to break a word, widest first (empty for the
    other columns): the first is the widest word of its typical values (the top tenth of the values
    left out: one rare long 道德与法治教师 then wraps instead of widening the column), then the next."""
    out = []
    for i, col in enumerate(columns):
        if not col.words:
            out.append([])
            continue
        # values repeat down a column (男, 汉族, a 党小组): each distinct one is broken into words once
        counts = Counter(row[i] for row in rows)
        counts.pop("", None)
        each = sorted((w for text, n in counts.items() for w in repeat(layout.widest_word(text), n)),
                      reverse=True)
        typical = each[int(0.1 * (len(each) - 1)):] if each else []
        out.append(sorted(set(typical), reverse=True))
    return out


def _column_widths(columns: list[Column], measures: list[list[tuple[float, str]]], scale: float,
                   body: TextLayout, head: TextLayout, frame_width: float,
                   words_min: list[list[float]] | None = None,
                   codes_min: list[float] | None = None) -> tuple[list[float], bool]:
    """Column widths in the way of a table auto-layout, aiming at rows as few lines tall as possible.

    nowrap columns (IDs, dates) get their longest value. The wrapping columns get the width in which
    their typical value (the longest but the top tenth: one very long address must not set the width)
    takes L lines, for the smallest L that fits the page, never narrower than LONG_FLOOR_CHARS or the
    header in four lines; the room left over first puts whole columns on one line (学历, 职称),
    cheapest first, then widens the others by relative width. The second value says the page is crowded
    (typical rows of three lines or more): the caller then tries a smaller font. A words column is never
    narrower than its widest word (`words_min`) while the page has room; when there is not room for all,
    the column whose widest word is widest gives way first, to its next widest (so a rare long word
    breaks, not the common ones). When even that does not fit,
    every wrapping column is squeezed towards its minimum; nowrap columns (dates, IDs) keep their width
    unless they alone are wider than the page.
    """
    words_min = words_min or [[] for _ in columns]
    codes_min = codes_min or [0.0] * len(columns)
    pad = 2 * H_PAD
    one_char = body.width("国")

    def head_need(label: str) -> float:  # 民族 | 加入党组 / 织日期 | 是否为 / 失联党员
        return min_width_for_lines(head, label, 1 if len(label) <= 3 else 2 if len(label) <= 6 else 3, words=True)

    widths: dict[int, float] = {}
    natural: dict[int, float] = {}
    floor: dict[int, float] = {}
    char_floor: dict[int, float] = {}
    typical: dict[int, str] = {}
    typical_width: dict[int, float] = {}
    for i, col in enumerate(columns):
        measured = measures[i] or [(0.0, "")]
        head_width = max(head_need(col.label), one_char, col.room_chars * one_char)  # room to write in
        need = max(measured[-1][0] * scale, head_width) + pad
        if col.nowrap:
            widths[i] = need
        else:
            natural[i] = need
            width, typical[i] = measured[int(0.9 * (len(measured) - 1))]
            typical_width[i] = max(width * scale, head_width) + pad
            char_floor[i] = min(need, max(min_width_for_lines(head, col.label, MAX_HEADER_LINES, words=True) + pad,
                                          LONG_FLOOR_CHARS * one_char + pad))
            char_floor[i] = max(char_floor[i], codes_min[i] * scale + pad)  # dates, codes: never broken
            floor[i] = min(need, max(char_floor[i], (words_min[i] or [0.0])[0] * scale + pad))
    rest = frame_width - sum(widths.values())
    while sum(floor.values()) > rest + 1e-6:  # the widest word floors give way to their next widest
        giving = [i for i in natural if floor[i] > char_floor[i] + 1e-6]
        if not giving:
            break
        i = max(giving, key=lambda i: floor[i] - char_floor[i])
        lower = next((w * scale + pad for w in words_min[i] if w * scale + pad < floor[i] - 1e-6), 0.0)
        floor[i] = max(char_floor[i], lower)
    crowded = False
    need: dict[int, float] | None = None
    for lines in range(1, MAX_CELL_LINES + 1):  # the fewest lines the longest values can take
        wanted = {i: typical_width[i] if lines == 1 else
                  max(floor[i], min(typical_width[i],
                                    min_width_for_lines(body, typical[i], lines, words=columns[i].words) + pad))
                  for i in natural}
        if sum(wanted.values()) <= rest + 1e-6:
            need = wanted
            crowded = lines > 2
            break
    if need is None and sum(floor.values()) <= rest:
        need, crowded = dict(floor), True
    if need is None:  # words columns down to their character floor: a word may then break
        floor = char_floor
    if need is not None:
        spare = rest - sum(need.values())
        # typical values back on one line, cheapest first (a rare long value, 道德与法治教师, does not
        # take the room a long column needs: it wraps)
        for i in sorted(natural, key=lambda i: typical_width[i] - need[i]):
            cost = typical_width[i] - need[i]
            if 0 < cost <= spare:
                need[i] = typical_width[i]
                spare -= cost
        wrapping = [i for i in natural if need[i] < natural[i]] or list(natural)
        total_rel = sum(columns[i].width for i in wrapping) or 1.0
        for i in wrapping:
            need[i] += spare * columns[i].width / total_rel
        widths.update(need)
    elif natural:  # very crowded: squeeze every wrapping column between its floor and its natural width
        low = sum(floor.values())
        high = sum(natural.values())
        ratio = max(0.0, min(1.0, (rest - low) / (high - low))) if high > low else 1.0
        widths.update({i: floor[i] + (natural[i] - floor[i]) * ratio for i in natural})
        crowded = True
    if not natural and widths:  # only nowrap columns: stretch them to the frame
        scale = frame_width / sum(widths.values())
        widths = {i: w * scale for i, w in widths.items()}
    total = sum(widths.values())
    if total > frame_width + 1e-6 and natural:  # the wrapping columns give way first, down to a character
        fixed = sum(w for i, w in widths.items() if i not in natural)
        room = frame_width - fixed
        wrap_total = sum(widths[i] for i in natural)
        if room >= len(natural) * (one_char + pad):
            ratio = room / wrap_total
            widths.update({i: max(one_char + pad, widths[i] * ratio) for i in natural})
            crowded = True
    total = sum(widths.values())
    if total > frame_width + 1e-6:  # too many columns for the page: shrink all, values will wrap
        widths = {i: w * frame_width / total for i, w in widths.items()}
        crowded = True
    return [widths[i] for i in range(len(columns))], crowded


def min_width_for_lines(layout: TextLayout, text: str, max_lines: int, *, words: bool = False) -> float:
    """The narrowest width in which `text` takes at most `max_lines` lines."""
    full = max((layout.width(p) for p in text.split("\n")), default=0.0)
    if max_lines <= 1 or "\n" in text or not full:
        return full
    low, high = full / max_lines * 0.98, full
    if words:  # never narrower than a word: that would break it
        low = max(low, min(full, layout.widest_word(text)))
    for _ in range(9):
        mid = (low + high) / 2
        if len(layout.break_lines(text, mid, words=words)) <= max_lines:
            high = mid
        else:
            low = mid
    return high


def _column_font(font_of, rows: list[list[str]], index: int, primary: str) -> str:
    """The font most of a column's values are drawn in: those values can be plain strings."""
    counts: dict[str, int] = {}
    for text, n in Counter(row[index] for row in rows).items():  # each distinct value looked up once
        font = font_of(text) if text else None
        if font:
            counts[font] = counts.get(font, 0) + n
    return max(counts, key=counts.__getitem__) if counts else primary


def _header_rows(columns: list[Column], widths: list[float], head: TextLayout, leading: float,
                 has_groups: bool) -> tuple[list[list], list[tuple]]:
    """One header row, or two when columns are grouped (ungrouped labels span both)."""
    def block(text: str, width: float) -> TextBlock:
        return TextBlock(head.balanced_lines(text, width - 2 * H_PAD, words=True), head, CENTER, leading)

    labels = [block(c.label, w) for c, w in zip(columns, widths, strict=True)]
    if not has_groups:
        return [labels], []
    top: list = []
    spans: list[tuple] = []
    i = 0
    while i < len(columns):
        group = columns[i].group
        if not group:
            top.append(labels[i])
            labels[i] = ""
            spans.append(("SPAN", (i, 0), (i, 1)))
            i += 1
            continue
        j = i
        while j + 1 < len(columns) and columns[j + 1].group == group:
            j += 1
        top.append(block(group, sum(widths[i:j + 1])))
        top.extend([""] * (j - i))
        if j > i:
            spans.append(("SPAN", (i, 0), (j, 0)))
        i = j + 1
    return [top, labels], spans


def build_table(table: Table, fonts: ReportFonts, frame_width: float, frame_height: float) -> RLTable:
    columns = table.all_columns()
    rows = table.all_rows()
    size = table.font_size
    base = TextLayout(fonts.body, fonts.latin, size)
    measures = measure_columns(rows, base, len(columns))
    words_min = widest_words(rows, base, columns)
    codes_min = widest_codes(rows, base, columns)
    while True:  # the largest size down to min_font_size at which the columns fit without squeezing
        body = TextLayout(fonts.body, fonts.latin, size)
        head = TextLayout(fonts.heading, fonts.latin, size)
        if table.fixed_widths:
            relative = sum(c.width for c in columns) or 1.0
            widths = [frame_width * c.width / relative for c in columns]
            break
        widths, crowded = _column_widths(columns, measures, size / table.font_size, body, head, frame_width,
                                         words_min, codes_min)
        if not crowded or size - 0.5 < table.min_font_size - 1e-9:
            break
        size -= 0.5
    leading = round(size * 1.3, 2)
    inner = [w - 2 * H_PAD for w in widths]
    header, spans = _header_rows(columns, widths, head, leading, table.has_groups())
    header_height = sum(max(c.height if isinstance(c, TextBlock) else leading for c in r) + 2 * V_PAD
                        for r in header)
    # A row must fit on one page under the header; a taller one continues in the rows below it.
    max_lines = max(1, int((frame_height - header_height - 4 * leading) / leading))
    fonts_of: dict[str, str | None] = {}  # many values repeat (男, 汉族, 大学本科 …): look each up once

    def font_of(text: str) -> str | None:
        if text not in fonts_of:
            fonts_of[text] = body.single_font(text)
        return fonts_of[text]

    col_fonts = [_column_font(font_of, rows, i, body.primary) for i in range(len(columns))]
    # The widths measured for the column widths, at this size: a value surely narrower than its cell
    # is one line without measuring it again (break_lines decides the close calls).
    scale = size / table.font_size
    known = [{line: width * scale for width, line in measured} for measured in measures]
    data: list[list] = list(header)
    heights: list[float] = []
    broken: list[dict[str, list[str]]] = [{} for _ in columns]  # a column's repeated values broken once
    for row in rows:
        cells = []
        for i, text in enumerate(row):
            if not text:
                lines = []
            elif known[i].get(text, inner[i]) < inner[i] - 1e-6:
                lines = [text]
            else:
                lines = broken[i].get(text)
                if lines is None:
                    lines = broken[i][text] = body.break_lines(text, inner[i], words=columns[i].words)
            plain = bool(text) and font_of(text) == col_fonts[i]
            cells.append((lines, plain))
        height = max((len(lines) for lines, _ in cells), default=1)
        for start in range(0, max(height, 1), max_lines):
            out = []
            for i, (lines, plain) in enumerate(cells):
                part = lines[start:start + max_lines]
                if not part:
                    out.append("")
                elif part[0] in _BOXES and len(part) == 1:
                    out.append(checkbox_for(part[0], size, columns[i].align))
                elif plain:
                    out.append("\n".join(part))
                else:
                    out.append(TextBlock(part, body, columns[i].align, leading))
            data.append(out)
            heights.append(_row_height(out, leading))
    n_head = len(header)
    # Fonts, alignment and paddings as one prepared CellStyle per column, shared by its cells: given as
    # style commands they were applied again cell by cell to each page's table (a tenth of the time).
    head_styles = [_cell_style(col_fonts[i], size, leading, "LEFT") for i in range(len(columns))]
    body_styles = [_cell_style(col_fonts[i], size, leading, _ALIGN[col.align]) for i, col in enumerate(columns)]
    lines = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, n_head - 1), HEADER_SHADE),
             *spans]
    style = [lines[0], ("BOX", (0, 0), (-1, -1), 1.0, colors.black), *lines[1:]]
    # A page that the table continues from has no thick bottom edge (as reportlab's own split draws it).
    open_style = [lines[0], ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                  ("LINEBEFORE", (0, 0), (0, -1), 1.0, colors.black),
                  ("LINEAFTER", (-1, 0), (-1, -1), 1.0, colors.black), *lines[1:]]
    return PagedTable(data[:n_head], data[n_head:], heights, widths, TableStyle(style), TableStyle(open_style),
                      [head_styles] * n_head, body_styles)


def _cell_style(font: str, size: float, leading: float, align: str) -> CellStyle:
    cell = CellStyle("register")
    cell.fontname, cell.fontsize, cell.leading = font, size, leading
    cell.alignment, cell.valign = align, "MIDDLE"
    cell.leftPadding = cell.rightPadding = H_PAD
    cell.topPadding = cell.bottomPadding = V_PAD
    return cell


def _row_height(cells: list, leading: float) -> float:
    """The height reportlab gives the row (tables._calc_height): a string takes a leading per line,
    a flowable its own height, plus the paddings."""
    tallest = 0.0
    for cell in cells:
        if isinstance(cell, str):
            height = (cell.count("\n") + 1) * leading
        else:
            height = cell.wrap(0, 0)[1]
        tallest = max(tallest, height)
    return tallest + 2 * V_PAD


class PagedTable(Flowable):
    """A long register table laid out a page at a time.

    reportlab measures every row of a Table before splitting it, and each split copies the rows left
    over, so one table of thousands of rows grows worse than linearly (issue 14). The rows' heights are
    known here (the cells are broken into lines already), so this flowable cuts off what fits on the
    page and builds a reportlab Table of just those rows, with the header repeated and the heights
    given, which reportlab then need not measure. The pages come out as one split Table would make them.
    """

    def __init__(self, header: list[list], body: list[list], heights: list[float], widths: list[float],
                 style: TableStyle, open_style: TableStyle, head_styles: list[list[CellStyle]],
                 body_styles: list[CellStyle]) -> None:
        super().__init__()
        self.open_style = open_style
        self.head_styles = head_styles
        self.body_styles = body_styles
        self.header = header
        self.body = body
        self.heights = heights
        self.widths = widths
        self.style = style
        self.hAlign = "CENTER"
        self._header_heights: list[float] | None = None
        self._table: RLTable | None = None

    def _table_of(self, start: int, end: int, *, last: bool = True) -> RLTable:
        return RLTable(self.header + self.body[start:end], colWidths=self.widths,
                       rowHeights=self.header_heights() + self.heights[start:end], repeatRows=len(self.header),
                       style=self.style if last else self.open_style, hAlign="CENTER",
                       cellStyles=self.head_styles + [self.body_styles] * (end - start))

    def header_heights(self) -> list[float]:
        if self._header_heights is None:  # spanned group labels: let reportlab work these out
            probe = RLTable(self.header, colWidths=self.widths, style=self.style, cellStyles=self.head_styles)
            probe.wrap(sum(self.widths), 1e9)
            self._header_heights = list(probe._rowHeights)
        return self._header_heights

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = sum(self.header_heights()) + sum(self.heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used = sum(self.header_heights())
        count = 0
        for height in self.heights:  # the test of tables._getFirstPossibleSplitRowPosition
            if used + height > avail_height:
                break
            used += height
            count += 1
        if count == 0:
            return []  # not even one row under the header: the next page
        if count == len(self.body):
            return [self._table_of(0, count)]
        rest = PagedTable(self.header, self.body[count:], self.heights[count:], self.widths, self.style,
                          self.open_style, self.head_styles, self.body_styles)
        rest._header_heights = self._header_heights
        return [self._table_of(0, count, last=False), rest]

    def draw(self) -> None:
        if self._table is None:
            self._table = self._table_of(0, len(self.body))
            self._table.wrap(self.width, self.height)
        self._table.drawOn(self.canv, 0, 0)


