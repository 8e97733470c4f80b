"""A register table (blocks.Table) as one reportlab Table: column widths that follow the content, the
header row (or a group row above it) repeated on every page, CJK font per column.

Cells are pre-broken into lines by TextLayout: a cell drawn in its column's font is a plain string (cheap
for reportlab); a cell that mixes fonts (Chinese text with digits when the CJK font has no digits) is a
small TextBlock flowable; a "□"/"☑" cell is a drawn tick box.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

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


def _column_widths(columns: list[Column], rows: list[list[str]], body: TextLayout, head: TextLayout,
                   frame_width: float) -> tuple[list[float], bool]:
    """Column widths in the way of a table auto-layout, aiming at rows as few lines tall as possible.

    nowrap columns (IDs, dates) get their longest value. The wrapping columns get the width in which
    their typical value (the longest but the top tenth: one very long address must not set the width)
    takes L lines, for the smallest L that fits the page, never narrower than LONG_FLOOR_CHARS or the
    header in four lines; the room left over first puts whole columns on one line (学历, 职称),
    cheapest first, then widens the others by relative width. The second value says the page is crowded
    (typical rows of three lines or more): the caller then tries a smaller font. When even that does not
    fit, every wrapping column is squeezed towards its minimum.
    """
    pad = 2 * H_PAD
    one_char = body.width("国")

    def measured_lines(i: int) -> list[tuple[float, str]]:
        return sorted((body.width(line), line) for row in rows for line in row[i].split("\n") if line)

    def head_need(label: str) -> float:  # 民族 | 加入党组 / 织日期 | 是否为 / 失联党 / 员
        return min_width_for_lines(head, label, 1 if len(label) <= 3 else 2 if len(label) <= 6 else 3)

    widths: dict[int, float] = {}
    natural: dict[int, float] = {}
    floor: dict[int, float] = {}
    typical: dict[int, str] = {}
    typical_width: dict[int, float] = {}
    for i, col in enumerate(columns):
        measured = measured_lines(i) or [(0.0, "")]
        head_width = max(head_need(col.label), one_char)
        need = max(measured[-1][0], head_width) + pad
        if col.nowrap:
            widths[i] = need
        else:
            natural[i] = need
            width, typical[i] = measured[int(0.9 * (len(measured) - 1))]
            typical_width[i] = max(width, head_width) + pad
            floor[i] = min(need, max(min_width_for_lines(head, col.label, MAX_HEADER_LINES) + pad,
                                     LONG_FLOOR_CHARS * one_char + pad))
    rest = frame_width - sum(widths.values())
    crowded = False
    need: dict[int, float] | None = None
    for lines in range(1, MAX_CELL_LINES + 1):  # the fewest lines the longest values can take
        wanted = {i: typical_width[i] if lines == 1 else
                  max(floor[i], min(typical_width[i], min_width_for_lines(body, typical[i], lines) + pad))
                  for i in natural}
        if sum(wanted.values()) <= rest + 1e-6:
            need = wanted
            crowded = lines > 2
            break
    if need is None and sum(floor.values()) <= rest:
        need, crowded = dict(floor), True
    if need is not None:
        spare = rest - sum(need.values())
        for i in sorted(natural, key=lambda i: natural[i] - need[i]):  # whole columns back on one line
            cost = natural[i] - need[i]
            if 0 < cost <= spare:
                need[i] = natural[i]
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
    if total > frame_width + 1e-6:  # too many columns for the page: shrink all, values will wrap
        widths = {i: w * frame_width / total for i, w in widths.items()}
        crowded = True
    return [widths[i] for i in range(len(columns))], crowded


def min_width_for_lines(layout: TextLayout, text: str, max_lines: int) -> float:
    """The narrowest width in which `text` takes at most `max_lines` lines."""
    full = max((layout.width(p) for p in text.split("\n")), default=0.0)
    if max_lines <= 1 or "\n" in text or not full:
        return full
    low, high = full / max_lines * 0.98, full
    for _ in range(9):
        mid = (low + high) / 2
        if len(layout.break_lines(text, mid)) <= max_lines:
            high = mid
        else:
            low = mid
    return high


def _column_font(layout: TextLayout, rows: list[list[str]], index: int) -> str:
    """The font most of a column's values are drawn in: those values can be plain strings."""
    counts: dict[str, int] = {}
    for row in rows:
        text = row[index]
        if text:
            font = layout.single_font(text)
            if font:
                counts[font] = counts.get(font, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else layout.primary


def _header_rows(columns: list[Column], widths: list[float], head: TextLayout, leading: float,
                 has_groups: bool) -> tuple[list[list], list[tuple]]:
    """One header row, or two when columns are grouped (ungrouped labels span both)."""
    def block(text: str, width: float) -> TextBlock:
        return TextBlock(head.balanced_lines(text, width - 2 * H_PAD), head, CENTER, leading)

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
    while True:  # the largest size down to min_font_size at which the columns fit without squeezing
        body = TextLayout(fonts.body, fonts.latin, size)
        head = TextLayout(fonts.heading, fonts.latin, size)
        widths, crowded = _column_widths(columns, rows, body, head, frame_width)
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
    col_fonts = [_column_font(body, rows, i) for i in range(len(columns))]
    data: list[list] = list(header)
    for row in rows:
        cells = []
        for i, text in enumerate(row):
            lines = body.break_lines(text, inner[i]) if text else []
            plain = bool(text) and body.single_font(text) == col_fonts[i]
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
    n_head = len(header)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), H_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), H_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), V_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), V_PAD),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("BACKGROUND", (0, 0), (-1, n_head - 1), HEADER_SHADE),
        *spans,
    ]
    for i, col in enumerate(columns):
        style.append(("FONT", (i, 0), (i, -1), col_fonts[i], size, leading))
        style.append(("ALIGN", (i, n_head), (i, -1), _ALIGN[col.align]))
    return RLTable(data, colWidths=widths, repeatRows=n_head, style=TableStyle(style), hAlign="CENTER")


