"""A Document as XLSX, one worksheet per document: the title row, the 制表 line, register tables with a
frozen header, borders and wrapped text, key–value forms as bordered label/value cells, paragraphs and
signature lines as merged rows, page breaks as manual breaks; and a print setup (A4 in the document's
orientation, fit to one page wide, the first table's header repeated, 第 X 页 共 Y 页) so it prints like the
PDF. XLSX is the format for tabular documents: an Image block is not carried into the sheet.

Every value is written as a string (序号 as a number); columns marked `text` (ID and phone numbers) are
also formatted as text ('@'), so Excel never turns 110105198003010011 into 1.10105E+17. Columns marked
`date` hold real Excel dates formatted yyyy-mm-dd, so Excel and WPS sort and filter them as dates; a value
there that is not a yyyy-mm-dd date (an explanation, a blank) stays text. Columns marked `number` hold
numbers a user sums (counts, and shares like 25.0% as the fraction 0.25 shown as a percentage); a value
there that is no number (—, a remark) stays text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.engine.blocks import (
    BLANK,
    Heading,
    KeyValueTable,
    MetaLine,
    PageBreak,
    Paragraph,
    SignatureLine,
    Table,
    Title,
    paragraph_lines,
)
from app.reports.engine.document import LANDSCAPE, Document

FONT_NAME = "宋体"
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 4.0, 40.0, 16.0
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
LINE_HEIGHT = 13.5  # points per line of 10-point 宋体
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


DATE_FORMAT = "yyyy-mm-dd"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _as_date(text: str) -> datetime | None:
    """A yyyy-mm-dd text as the datetime openpyxl writes as an Excel date (None: not such a date)."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day)


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _as_number(text: str) -> int | float | None:
    """"12" -> 12, "3.5" -> 3.5, "25.0%" -> 0.25 (None: not such a number)."""
    body = text[:-1] if text.endswith("%") else text
    if not _NUMBER.fullmatch(body):
        return None
    if text.endswith("%"):
        return float(Decimal(body) / 100)  # 57.1% is 0.571, not 0.5710000000000001
    return float(body) if "." in body else int(body)


def _percent_format(texts: Sequence[str]) -> str | None:
    """The format of a `number` column's percentages, with their decimals (0.0%); None: it has none."""
    for text in texts:
        if text.endswith("%") and _as_number(text) is not None:
            decimals = len(text[:-1].partition(".")[2])
            return "0." + "0" * decimals + "%" if decimals else "0%"
    return None


def display_width(text: str) -> float:
    """Width in Excel's character units: a CJK character takes about two (3 bytes in UTF-8), ASCII one."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) / 2


def _column_widths(columns, rows: list[list[str]]) -> list[float]:
    """Widths in Excel's character units: nowrap columns (IDs, dates) show their longest value; the
    others show their typical value (the longest but the top tenth), at most WRAP_WIDTH, and wrap."""
    widths = []
    by_column = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    for col, column in zip(columns, by_column, strict=True):
        counts = Counter(column)  # values repeat (男, 汉族, the branch's name): measure each once
        counts.pop("", None)
        # how many lines (of the column's cells) have each width: the sorted list of every line's width,
        # without making it
        lines_of_width: Counter[float] = Counter()
        for value, n in counts.items():
            if "\n" in value:
                for line in value.split("\n"):
                    if line:
                        lines_of_width[display_width(line)] += n
            else:
                lines_of_width[display_width(value)] += n
        label = max((display_width(ch) for ch in col.plain_label), default=0.0)
        head = max(display_width(col.plain_label) / 2, label * 2)  # a header may wrap onto two lines
        if col.nowrap:
            value = min(MAX_WIDTH, max(lines_of_width, default=0.0))
        else:
            value = min(WRAP_WIDTH, _nth_smallest(lines_of_width, int(0.9 * (sum(lines_of_width.values()) - 1))))
        widths.append(max(MIN_WIDTH, value + 1.5, head + 1.5))
    return widths


def _nth_smallest(counts: Counter[float], k: int) -> float:
    """The k-th (0-based) of the values counted, in ascending order (0.0 when there are none)."""
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen > k:
            return value
    return 0.0


def _row_height(values: Sequence[str], widths: list[float]) -> float:
    """Points for the row's wrapped lines. Set explicitly: WPS and LibreOffice do not grow a row to its
    wrapped text when they open a file (Excel does), and a cut-off address is worse than a tall row."""
    lines = max((_cell_lines(value, width) for value, width in zip(values, widths, strict=True)), default=1)
    return round(max(1, lines) * LINE_HEIGHT + 3, 1)


def _cell_lines(value: str, width: float) -> int:
    """The lines a value takes in a wrapped cell `width` units wide (an empty cell: one)."""
    if not value or (len(value) * 2 * 0.9 <= width - 0.6 and "\n" not in value):
        return 1  # surely one line
    usable = max(1.0, width - 0.6)
    # a CJK character is about 1.8 units of 10-point 宋体 and a digit 0.9 (display_width counts 2 and 1)
    if "\n" not in value:
        return max(1, math.ceil(display_width(value) * 0.9 / usable - 0.1))
    return sum(max(1, math.ceil(display_width(p) * 0.9 / usable - 0.1)) for p in value.split("\n"))


def _row_heights(rows: list[list[str]], widths: list[float]) -> list[float]:
    """_row_height of every row, column by column: a value repeated down a column (男, 汉族, a 党小组) is
    looked at once, a column whose every value fits on one line (most of them) is left out, and the
    rows' largest line counts are taken in C."""
    if not rows:
        return []
    per_column = []
    for width, column in zip(widths, zip(*rows, strict=True), strict=True):
        distinct = set(column)
        if max(map(len, distinct)) * 2 * 0.9 <= width - 0.6 and "\n" not in "".join(distinct):
            continue  # every value is surely one line (_cell_lines' first test), so none raises a row
        lines = {value: _cell_lines(value, width) for value in distinct}
        if max(lines.values()) > 1:  # a column of one-line values cannot raise a row
            per_column.append(list(map(lines.__getitem__, column)))
    heights = {}
    if not per_column:
        return [round(LINE_HEIGHT + 3, 1)] * len(rows)
    return [heights[n] if n in heights else heights.setdefault(n, round(n * LINE_HEIGHT + 3, 1))
            for n in map(max, zip(*per_column, strict=True))]


TEXT_COLUMN_WIDTH = 90.0  # a sheet of text only: one wide column
KV_VALUE_WIDTH = 24.0
_TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
_SUBTITLE_FONT = Font(name=FONT_NAME, size=12)
_HEADING_FONT = Font(name=FONT_NAME, size=12, bold=True)
_TEXT_FONT = Font(name=FONT_NAME, size=10)
_HEAD_FONT = Font(name=FONT_NAME, size=10, bold=True)
_CENTRE_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
_ALIGNS = {a: Alignment(horizontal=a, vertical="center", wrap_text=True) for a in ("left", "center", "right")}


class _SharedStyle(StyleArray):
    """A column's style record, shared by its cells and never changed after they get it: its hash is worked
    out once. openpyxl looks every styled cell's record up in the workbook's style list when it saves
    (Cell.style_id), hashing the record's nine numbers in Python each time; that was a fifth of a
    1,000-member roster sheet's time."""

    __slots__ = ("_hash",)

    def __new__(cls, style: StyleArray):
        shared = super().__new__(cls, style)
        shared._hash = hash(tuple(style))
        return shared

    def __hash__(self) -> int:
        return self._hash


class _StyledCell(Cell):
    """A table cell whose style record is already in the workbook's list: its index is kept in the cell,
    so saving does not look the record up cell by cell (the property Cell.style_id it shadows).

    Made with its place and style in one step: Cell.__init__ goes through StyleableObject's and copies
    the style record, which the cell would replace at once (a sixth of a roster sheet's fill).
    tests/reports/engine/test_xlsx_cells.py checks it has every attribute a Cell made by openpyxl has."""

    __slots__ = ("style_id",)

    def __init__(self, worksheet, row: int, column: int, style: StyleArray, style_id: int) -> None:
        self.parent = worksheet
        self._style = style
        self.style_id = style_id
        self.row = row
        self.column = column
        self._value = None
        self.data_type = "n"
        self._hyperlink = None
        self._comment = None


class _SharedRowHeight(RowDimension):
    """One height record shared by every data row of that height. openpyxl builds a RowDimension per row
    (nine checked attributes) and, saving, reads its fields back one by one for every row; the table's
    rows take a handful of heights, so their record and its XML attributes are made once per height.
    Nothing changes a data row's height after the table is written."""

    def __init__(self, worksheet, height: float) -> None:
        super().__init__(worksheet, ht=height)
        self._attributes = tuple(RowDimension.__iter__(self))

    def __iter__(self):
        return iter(self._attributes)


def write_xlsx(documents: Sequence[Document], path: Path) -> None:
    """One worksheet per document, in order."""
    wb = Workbook()
    for index, document in enumerate(documents):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = (_BAD_SHEET_CHARS.sub("_", document.sheet_name) or f"Sheet{index + 1}")[:31]
        _SheetWriter(ws, document).fill()
    wb.properties.title = documents[0].title
    wb.properties.creator = "支部台账"
    wb.save(path)


def sheet_width(document: Document) -> int:
    """Columns the sheet's rows span: the widest table or form."""
    n = 0
    for block in document.blocks:
        if isinstance(block, Table):
            n = max(n, len(block.all_columns()))
        elif isinstance(block, KeyValueTable):
            n = max(n, 2 * max(1, block.pairs))
    return n or 1


class _SheetWriter:
    def __init__(self, ws: Worksheet, document: Document) -> None:
        self.ws = ws
        self.document = document
        self.n = sheet_width(document)
        self.widths: list[float] | None = None  # set by the first table (or form)
        self.frozen: tuple[int, int] | None = None  # (first data row, freeze columns) of the first table
        self.title_rows: tuple[int, int] | None = None  # header rows of the first table, printed on every page
        self._measured: dict[int, tuple[list[list[str]], list[float]]] = {}  # id(table) -> rows, widths

    def fill(self) -> None:
        ws, document = self.ws, self.document
        self.widths = self._planned_widths()
        for block in document.blocks:
            if isinstance(block, Title):
                self._merged_row(block.text, _TITLE_FONT,
                                 Alignment(horizontal="center" if document.fit_to_width else "left",
                                           vertical="center"), height=30)
                if block.subtitle:
                    self._merged_row(block.subtitle, _SUBTITLE_FONT, Alignment(horizontal="center"), height=20)
            elif isinstance(block, Heading):
                self._merged_row(block.text, _HEADING_FONT, _LEFT, height=20)
            elif isinstance(block, MetaLine):
                self._merged_row("        ".join(block.texts()), _TEXT_FONT, _LEFT)
            elif isinstance(block, Paragraph):
                for para in paragraph_lines(block.text):
                    if para:
                        self._merged_row(para, _TEXT_FONT, _LEFT_WRAP, wrap=True)
            elif isinstance(block, SignatureLine):
                text = "        ".join(f"{label}：{value or BLANK}" for label, value in block.pairs())
                self._merged_row(text, _TEXT_FONT, _LEFT)
            elif isinstance(block, KeyValueTable):
                self._key_values(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, PageBreak):
                ws.row_breaks.append(Break(id=ws.max_row))
            # Image and Spacer: nothing in a sheet
        for i, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if self.frozen:
            ws.freeze_panes = ws.cell(self.frozen[0], self.frozen[1] + 1).coordinate
        if self.title_rows:
            ws.print_title_rows = f"{self.title_rows[0]}:{self.title_rows[1]}"
        ws.page_setup.orientation = "landscape" if document.orientation == LANDSCAPE else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        if document.fit_to_width:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0  # as many pages tall as needed
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        table = next((b for b in document.blocks if isinstance(b, Table)), None)
        ws.print_options.gridLines = table is not None and not table.borders
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        if document.running_header:
            ws.oddHeader.right.text = document.running_header
            ws.HeaderFooter.differentFirst = True
            ws.firstFooter.center.text = "第 &P 页 共 &N 页"

    def _measure(self, table: Table) -> tuple[list[list[str]], list[float]]:
        """The table's rows and column widths, worked out once (they cost a pass over every cell)."""
        if id(table) not in self._measured:
            rows = table.all_rows()
            self._measured[id(table)] = rows, _column_widths(table.all_columns(), rows)
        return self._measured[id(table)]

    def _planned_widths(self) -> list[float]:
        for block in self.document.blocks:
            if isinstance(block, Table):
                widths = list(self._measure(block)[1])
                return widths + [KV_VALUE_WIDTH] * (self.n - len(widths))
            if isinstance(block, KeyValueTable):
                labels = [display_width(f.label) for row in block.rows for f in row] or [8.0]
                label = min(16.0, max(labels)) + 2
                widths = [label, KV_VALUE_WIDTH] * max(1, block.pairs)
                return widths + [KV_VALUE_WIDTH] * (self.n - len(widths))
        return [TEXT_COLUMN_WIDTH] + [KV_VALUE_WIDTH] * (self.n - 1)

    def _next_row(self) -> int:
        ws = self.ws
        return 1 if ws.max_row == 1 and ws.max_column == 1 and ws["A1"].value is None else ws.max_row + 1

    def _merged_row(self, text: str, font: Font, alignment: Alignment, *, height: float | None = None,
                    wrap: bool = False) -> None:
        ws = self.ws
        r = self._next_row()
        ws.cell(r, 1, text[:MAX_CELL_CHARS])
        if self.n > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=self.n)
        cell = ws.cell(r, 1)
        cell.font, cell.alignment = font, alignment
        if wrap:
            total = sum(self.widths or [TEXT_COLUMN_WIDTH])
            needed = _row_height([text], [total])
            if needed > LINE_HEIGHT + 3:  # more than one line: WPS does not grow the row itself
                height = needed
        if height:
            ws.row_dimensions[r].height = height

    def _key_values(self, block: KeyValueTable) -> None:
        ws = self.ws
        pairs = max(1, block.pairs)
        widths = self.widths or []
        for fields in block.placed_rows():
            r = self._next_row()
            heights = []
            for fld, at, span in fields:
                first, last = 2 * at + 1, 2 * (at + span)
                if at + span == pairs:
                    last = max(last, self.n)  # the row's last value reaches the sheet's right edge
                label = ws.cell(r, first, fld.label)
                label.font, label.alignment, label.border = _HEAD_FONT, _CENTRE_WRAP, _BORDER
                value = ws.cell(r, first + 1, fld.value[:MAX_CELL_CHARS] if fld.value else None)
                value.font, value.alignment = _TEXT_FONT, _ALIGNS.get(fld.align, _LEFT_WRAP)
                for c in range(first + 1, last + 1):
                    ws.cell(r, c).border = _BORDER
                if last > first + 1:
                    ws.merge_cells(start_row=r, start_column=first + 1, end_row=r, end_column=last)
                value_width = sum(widths[first:last]) if widths else KV_VALUE_WIDTH
                heights.append(max(_row_height([fld.value or ""], [value_width]),
                                   max(1, fld.min_lines) * LINE_HEIGHT + 3))
            ws.row_dimensions[r].height = max(heights, default=LINE_HEIGHT + 3)

    def _table(self, table: Table) -> None:
        ws = self.ws
        columns = table.all_columns()
        rows, widths = self._measure(table)
        n = len(columns)
        # header: one row, or a group row above the labels (ungrouped labels span both)
        header_rows: list[list[str]] = []
        if table.has_groups():
            header_rows.append([c.group or c.plain_label for c in columns])
            header_rows.append([c.plain_label if c.group else "" for c in columns])
        else:
            header_rows.append([c.plain_label for c in columns])
        first_header = self._next_row()
        for r, values in enumerate(header_rows, start=first_header):
            for c, value in enumerate(values, start=1):
                ws.cell(r, c, value)
        last_header = first_header + len(header_rows) - 1
        for r in range(first_header, last_header + 1):
            for c in range(1, n + 1):
                cell = ws.cell(r, c)
                cell.font, cell.alignment, cell.border, cell.fill = _HEAD_FONT, _CENTRE_WRAP, _BORDER, _HEADER_FILL
        if len(header_rows) == 2:
            c = 0
            while c < n:
                group = columns[c].group
                if not group:
                    ws.merge_cells(start_row=first_header, start_column=c + 1, end_row=last_header,
                                   end_column=c + 1)
                    c += 1
                    continue
                end = c
                while end + 1 < n and columns[end + 1].group == group:
                    end += 1
                if end > c:
                    ws.merge_cells(start_row=first_header, start_column=c + 1, end_row=first_header,
                                   end_column=end + 1)
                c = end + 1
        for r, values in enumerate(header_rows, start=first_header):
            ws.row_dimensions[r].height = _row_height(values, widths)

        first_data = last_header + 1
        # Style one prototype cell per column through the public API, then give the other cells a copy of
        # its style record: assigning Font/Border/Alignment objects cell by cell hashes them every time
        # and took 1.5 s for a 1,000-member roster.
        prototypes = []
        percent_styles = {}  # a number column's style for its percentages (a column may mix counts and shares)
        for index, col in enumerate(columns):
            proto = WriteOnlyCell(ws)
            proto.font, proto.alignment = _TEXT_FONT, _ALIGNS[col.align]
            if table.borders:
                proto.border = _BORDER
            if col.text:
                proto.number_format = "@"
            elif col.date:
                proto.number_format = DATE_FORMAT
            elif col.number and (fmt := _percent_format([row[index] for row in rows])):
                share = WriteOnlyCell(ws)
                share.font, share.alignment, share.number_format = _TEXT_FONT, _ALIGNS[col.align], fmt
                if table.borders:
                    share.border = _BORDER
                percent_styles[index] = _SharedStyle(share._style)
            prototypes.append(_SharedStyle(proto._style))
        style_ids = [ws.parent._cell_styles.add(style) for style in prototypes]
        percent_ids = {i: ws.parent._cell_styles.add(style) for i, style in percent_styles.items()}
        heights = _row_heights(rows, widths)
        height_records: dict[float, _SharedRowHeight] = {}
        row_dimensions = ws.row_dimensions
        borders, numbered = table.borders, table.numbered
        dates = [col.date for col in columns]  # looked up once, not for each of the sheet's cells
        numbers = [col.number for col in columns]
        # cells go straight into the sheet's table of cells at their known place: Worksheet.append
        # checks and numbers each one again (a fifth of the fill)
        sheet_cells = ws._cells
        for offset, row in enumerate(rows):
            r = first_data + offset
            for i, text in enumerate(row):
                if not (text or borders):
                    continue  # an empty cell on an unbordered sheet: no cell, as openpyxl would write it
                # one style record shared by the column's cells: nothing changes a cell's style after
                # this, and copying it per cell was a tenth of the sheet's time
                cell = _StyledCell(ws, r, i + 1, prototypes[i], style_ids[i])
                if text:
                    # the text is already cleaned of control characters (document.cleaned), so
                    # openpyxl's per-string check is skipped: it was a tenth of the time of a 1,000-row sheet
                    cell._value, cell.data_type = text[:MAX_CELL_CHARS], "s"
                    if dates[i]:
                        day = _as_date(text)
                        if day is not None:
                            cell._value, cell.data_type = day, "d"
                    elif numbers[i]:
                        number = _as_number(text)
                        if number is not None:
                            cell._value, cell.data_type = number, "n"
                            if i in percent_styles and text.endswith("%"):
                                cell._style, cell.style_id = percent_styles[i], percent_ids[i]
                sheet_cells[r, i + 1] = cell
            if numbered:
                sheet_cells[r, 1].value = int(row[0])
            height = heights[offset]
            record = height_records.get(height)
            if record is None:
                record = height_records[height] = _SharedRowHeight(ws, height)
            row_dimensions[first_data + offset] = record
        if rows:
            ws._current_row = max(ws._current_row, first_data + len(rows) - 1)  # as append leaves it
        if self.frozen is None:
            self.frozen = (first_data, table.freeze_columns)
            self.title_rows = (first_header, last_header)
