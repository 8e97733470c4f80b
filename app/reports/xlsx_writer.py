"""A register as XLSX: title rows, a frozen header, borders, wrapped text, and a print setup
(A4 landscape, fit to one page wide, header rows repeated, 第 X 页 共 Y 页) so it prints like the PDF.

Every value is written as a string (序号 as a number); columns marked `text` (ID and phone numbers) are
also formatted as text ('@'), so Excel never turns 110105198003010011 into 1.10105E+17.
"""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from app.reports.register_table import Register

FONT_NAME = "宋体"
MIN_WIDTH, MAX_WIDTH = 4.0, 40.0
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def display_width(text: str) -> float:
    """Width in Excel's character units: a CJK character takes about two."""
    return sum(1.0 if ord(ch) < 0x2E80 else 2.0 for ch in text)


def _column_widths(register: Register, header_labels: list[str], rows: list[list[str]]) -> list[float]:
    widths = []
    for i, label in enumerate(header_labels):
        longest = max((display_width(line) for row in rows for line in row[i].split("\n")), default=0.0)
        # a header may wrap onto two lines; values up to MAX_WIDTH stay on one
        head = max(display_width(label) / 2, max((display_width(ch) for ch in label), default=0.0) * 2)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 1.5, head + 1.5)))
    return widths


def write_xlsx(register: Register, path: Path) -> None:
    columns = register.all_columns()
    rows = register.all_rows()
    n = len(columns)
    last = get_column_letter(n)

    wb = Workbook()
    ws = wb.active
    ws.title = (_BAD_SHEET_CHARS.sub("_", register.sheet_name) or "Sheet1")[:31]

    title_font = Font(name=FONT_NAME, size=16, bold=True)
    meta_font = Font(name=FONT_NAME, size=10)
    head_font = Font(name=FONT_NAME, size=10, bold=True)
    body_font = Font(name=FONT_NAME, size=10)
    centre_wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    aligns = {a: Alignment(horizontal=a, vertical="center", wrap_text=True) for a in ("left", "center", "right")}

    ws.append([register.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = title_font
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    first_header = 2
    if register.meta:
        ws.append(["        ".join(register.meta_line())])
        ws.merge_cells(f"A2:{last}2")
        ws["A2"].font = meta_font
        ws["A2"].alignment = Alignment(horizontal="left", vertical="center")
        first_header = 3

    # header: one row, or a group row above the labels (ungrouped labels span both)
    header_rows: list[list[str]] = []
    if register.has_groups():
        header_rows.append([c.group or c.label for c in columns])
        header_rows.append([c.label if c.group else "" for c in columns])
    else:
        header_rows.append([c.label for c in columns])
    for values in header_rows:
        ws.append(values)
    last_header = first_header + len(header_rows) - 1
    for r in range(first_header, last_header + 1):
        for c in range(1, n + 1):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border, cell.fill = head_font, centre_wrap, _BORDER, _HEADER_FILL
    if len(header_rows) == 2:
        c = 0
        while c < n:
            group = columns[c].group
            if not group:
                ws.merge_cells(start_row=first_header, start_column=c + 1, end_row=last_header, end_column=c + 1)
                c += 1
                continue
            end = c
            while end + 1 < n and columns[end + 1].group == group:
                end += 1
            if end > c:
                ws.merge_cells(start_row=first_header, start_column=c + 1, end_row=first_header,
                               end_column=end + 1)
            c = end + 1

    first_data = last_header + 1
    # Style one prototype cell per column through the public API, then give the other cells a copy of
    # its style record: assigning Font/Border/Alignment objects cell by cell hashes them every time
    # and took 1.5 s for a 1,000-member roster.
    prototypes = []
    for col in columns:
        proto = WriteOnlyCell(ws)
        proto.font, proto.border, proto.alignment = body_font, _BORDER, aligns[col.align]
        if col.text:
            proto.number_format = "@"
        prototypes.append(proto._style)
    for offset, row in enumerate(rows):
        values: list[object] = list(row)
        if register.numbered:
            values[0] = int(row[0])
        ws.append(values)
        r = first_data + offset
        for i in range(n):
            ws.cell(r, i + 1)._style = copy(prototypes[i])
    for note in register.notes:
        ws.append([note])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        ws.cell(r, 1).font = meta_font
        ws.cell(r, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)

    for i, width in enumerate(_column_widths(register, [c.label for c in columns], rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    ws.freeze_panes = ws.cell(first_data, register.freeze_columns + 1).coordinate
    ws.print_title_rows = f"{first_header}:{last_header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    wb.properties.title = register.title
    wb.properties.creator = "支部台账"
    wb.save(path)
