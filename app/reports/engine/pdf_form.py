"""A KeyValueTable (a meeting record's header, a 登记表) as a bordered reportlab Table.

Columns alternate label, value (`pairs` pairs). A value spanning several pairs is one SPAN cell. A long
value is cut into row parts of a few lines each, drawn without a line between them, so reportlab can
continue it on the next page (it cannot split one table row); the label sits in the first part.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from app.reports.engine.blocks import CENTER, CHECKBOX, CHECKED, KeyValueTable
from app.reports.engine.fonts import ReportFonts
from app.reports.engine.pdf_text import TextBlock, checkbox_for
from app.reports.engine.text_layout import TextLayout

H_PAD = 4.0
V_PAD = 3.0
PART_LINES = 6  # lines per row part of a long value: how finely it can continue on the next page
MAX_LABEL_CHARS = 7  # a longer label wraps (its cell does not take the value's room)


def build_key_values(block: KeyValueTable, fonts: ReportFonts, size: float, frame_width: float) -> RLTable:
    body = TextLayout(fonts.body, fonts.latin, size)
    leading = round(size * 1.45, 2)
    pairs = max(1, block.pairs)
    one = body.width("国")
    if block.label_chars:
        label_w = block.label_chars * one
    else:
        longest = max((body.width(f.label) for row in block.rows for f in row), default=one * 4) or one * 4
        label_w = min(longest, MAX_LABEL_CHARS * one)
    label_w += 2 * H_PAD
    value_w = max(one * 2, (frame_width - pairs * label_w) / pairs)
    widths = [label_w, value_w] * pairs

    data: list[list] = []
    style: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), H_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), H_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), V_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), V_PAD),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("FONT", (0, 0), (-1, -1), fonts.body, size, leading),  # else empty cells reference Helvetica
    ]
    for fields in block.placed_rows():
        cells = []
        for fld, at, span in fields:
            label_lines = body.balanced_lines(fld.label, label_w - 2 * H_PAD) if fld.label else [""]
            inner = sum(widths[2 * at + 1:2 * (at + span)]) - 2 * H_PAD
            text = fld.value or ""
            if text in (CHECKBOX, CHECKED):
                lines = [text]
            else:
                lines = list(body.break_lines(text, inner)) if text else []
            lines += [""] * (max(1, fld.min_lines) - len(lines))
            cells.append((fld, at, span, label_lines, lines))
        parts = max(-(-len(lines) // PART_LINES) for *_, lines in cells)
        first = len(data)
        for p in range(parts):
            out: list = [""] * (2 * pairs)
            for fld, at, _span, label_lines, lines in cells:
                if p == 0:
                    out[2 * at] = TextBlock(label_lines, body, CENTER, leading)
                part = lines[p * PART_LINES:(p + 1) * PART_LINES]
                if part == [CHECKBOX] or part == [CHECKED]:
                    out[2 * at + 1] = checkbox_for(part[0], size, fld.align)
                elif part:
                    out[2 * at + 1] = TextBlock(part, body, fld.align, leading)
            data.append(out)
        last = len(data) - 1
        if first > 0:
            style.append(("LINEABOVE", (0, first), (-1, first), 0.5, colors.black))
        if parts > 1:  # parts of one row: no gap between them, labels at the top
            style.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
            style.append(("BOTTOMPADDING", (0, first), (-1, last - 1), 0))
            style.append(("VALIGN", (0, first), (-1, last), "TOP"))
        for _fld, at, span, *_ in cells:
            if at > 0:
                style.append(("LINEBEFORE", (2 * at, first), (2 * at, last), 0.5, colors.black))
            style.append(("LINEBEFORE", (2 * at + 1, first), (2 * at + 1, last), 0.5, colors.black))
            if span > 1:
                for r in range(first, last + 1):
                    style.append(("SPAN", (2 * at + 1, r), (2 * at + 2 * span - 1, r)))
    return RLTable(data, colWidths=widths, style=TableStyle(style), hAlign="CENTER")
