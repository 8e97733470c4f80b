"""A register as XLSX: title rows, a frozen header, borders, wrapped text, and a print setup
(A4 landscape, fit to one page wide, header rows repeated, 第 X 页 共 Y 页) so it prints like the PDF.
Further registers become further worksheets of the same workbook.

Every value is written as a string (序号 as a number); columns marked `text` (ID and phone numbers) are
also formatted as text ('@'), so Excel never turns 110105198003010011 into 1.10105E+17.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.engine.register import Register

FONT_NAME = "宋体"
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 4.0, 40.0, 16.0
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
LINE_HEIGHT = 13.5  # points per line of 10-point 宋体
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def display_width(text: str) -> float:
    """Width in Excel's character units: a CJK character takes about two (3 bytes in UTF-8), ASCII one."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) / 2


def _column_widths(register: Register, columns, rows: list[list[str]]) -> list[float]:
    """Widths in Excel's character units: nowrap columns (IDs, dates) show their longest value; the
    others show their typical value (the longest but the top tenth), at most WRAP_WIDTH, and wrap."""
    widths = []
    for i, col in enumerate(columns):
        measured = sorted(display_width(line) for row in rows for line in row[i].split("\n") if line) or [0.0]
        label = max((display_width(ch) for ch in col.label), default=0.0)
        head = max(display_width(col.label) / 2, label * 2)  # a header may wrap onto two lines
        if col.nowrap:
            value = min(MAX_WIDTH, measured[-1])
        else:
            value = min(WRAP_WIDTH, measured[int(0.9 * (len(measured) - 1))])
        widths.append(max(MIN_WIDTH, value + 1.5, head + 1.5))
    return widths


def _row_height(values: Sequence[str], widths: list[float]) -> float:
    """Points for the row's wrapped lines. Set explicitly: WPS and LibreOffice do not grow a row to its
    wrapped text when they open a file (Excel does), and a cut-off address is worse than a tall row."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if not value or (len(value) * 2 * 0.9 <= width - 0.6 and "\n" not in value):
            continue  # surely one line
        usable = max(1.0, width - 0.6)
        # a CJK character is about 1.8 units of 10-point 宋体 and a digit 0.9 (display_width counts 2 and 1)
        cell_lines = sum(max(1, math.ceil(display_width(p) * 0.9 / usable - 0.1)) for p in value.split("\n"))
        lines = max(lines, cell_lines)
    return round(lines * LINE_HEIGHT + 3, 1)


def write_xlsx(registers: Sequence[Register], path: Path) -> None:
    """One worksheet per register, in order."""
    wb = Workbook()
    for index, register in enumerate(registers):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = (_BAD_SHEET_CHARS.sub("_", register.sheet_name) or f"Sheet{index + 1}")[:31]
        _fill_sheet(ws, register)
    wb.properties.title = registers[0].title
    wb.properties.creator = "支部台账"
    wb.save(path)


def _fill_sheet(ws: Worksheet, register: Register) -> None:
    columns = register.all_columns()
    rows = register.all_rows()
    n = len(columns)
    last = get_column_letter(n)

    title_font = Font(name=FONT_NAME, size=16, bold=True)
    meta_font = Font(name=FONT_NAME, size=10)
    head_font = Font(name=FONT_NAME, size=10, bold=True)
    body_font = Font(name=FONT_NAME, size=10)
    centre_wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    aligns = {a: Alignment(horizontal=a, vertical="center", wrap_text=True) for a in ("left", "center", "right")}

    ws.append([register.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = title_font
    # centred over a sheet printed one page wide; on a wider sheet the title would land on a later page
    ws["A1"].alignment = Alignment(horizontal="center" if register.fit_to_width else "left", vertical="center")
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

    widths = _column_widths(register, columns, rows)
    for r, values in enumerate(header_rows, start=first_header):
        ws.row_dimensions[r].height = _row_height(values, widths)

    first_data = last_header + 1
    # Style one prototype cell per column through the public API, then give the other cells a copy of
    # its style record: assigning Font/Border/Alignment objects cell by cell hashes them every time
    # and took 1.5 s for a 1,000-member roster.
    prototypes = []
    for col in columns:
        proto = WriteOnlyCell(ws)
        proto.font, proto.alignment = body_font, aligns[col.align]
        if register.borders:
            proto.border = _BORDER
        if col.text:
            proto.number_format = "@"
        prototypes.append(proto._style)
    for offset, row in enumerate(rows):
        cells = []
        for i, text in enumerate(row):
            cell = Cell(ws)  # an empty cell holds no "" (and, on an unbordered sheet, no style)
            if text:
                # the text is already cleaned of control characters (register_table.cleaned), so
                # openpyxl's per-string check is skipped: it was a tenth of the time of a 1,000-row sheet
                cell._value, cell.data_type = text[:MAX_CELL_CHARS], "s"
            if text or register.borders:
                cell._style = copy(prototypes[i])
            cells.append(cell)
        if register.numbered:
            cells[0].value = int(row[0])
        ws.append(cells)
        ws.row_dimensions[first_data + offset].height = _row_height(row, widths)
    for note in register.notes:
        ws.append([note])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        ws.cell(r, 1).font = meta_font
        ws.cell(r, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    ws.freeze_panes = ws.cell(first_data, register.freeze_columns + 1).coordinate
    ws.print_title_rows = f"{first_header}:{last_header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if register.fit_to_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as needed
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = not register.borders
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
