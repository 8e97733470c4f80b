"""The blocks a document is made of: plain data, no reportlab, openpyxl or python-docx here.

Each writer (pdf_writer, xlsx_writer, docx_writer) turns the same blocks into its format, so a ledger
describes its content once. Texts are plain strings; a writer cleans, measures and breaks them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from app.reports.engine.errors import ReportError

LEFT, CENTER, RIGHT = "left", "center", "right"
BLANK = "__________"  # a line to write on by hand (the 制表 line, XLSX and DOCX signature lines)
CHECKBOX = "□"  # a cell with exactly this text prints as an empty tick box (ballots)
CHECKED = "☑"  # … and with this text as a ticked one
WORD_BREAK = "\u200b"  # in a Column label: where the PDF header may break (是否为\u200b失联党员)


@dataclass(frozen=True)
class Title:
    """The document's title, centred, in the heading font; an optional smaller subtitle under it
    (e.g. the meeting's 第几次 or the year)."""

    text: str
    subtitle: str = ""
    size: float = 16.0  # 三号 is 16 pt


@dataclass(frozen=True)
class Heading:
    """A section heading inside a document: level 1 (一、议题), level 2 smaller."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Long text that flows over pages, as pasted by the user.

    Each line of `text` is a paragraph; a blank line leaves a half-line gap. With `indent`, every
    paragraph starts two characters in (the Chinese 首行缩进); leading spaces (also full-width ones the
    user typed for that indent) are dropped so the indent is never doubled.
    """

    text: str
    indent: bool = True
    size: float | None = None  # points; None: the document's font_size
    align: str = LEFT
    line_spacing: float = 1.5  # leading as a multiple of the size


@dataclass(frozen=True)
class MetaLine:
    """label：value items on one line, the first left, the last right (制表单位 … 制表日期 … 制表人);
    an empty value leaves a BLANK to fill in by hand."""

    items: Sequence[tuple[str, str]]
    size: float | None = None

    def texts(self) -> list[str]:
        return [f"{label}：{value}" if value else f"{label}：{BLANK}" for label, value in self.items]


@dataclass(frozen=True)
class Field:
    """One label/value pair of a KeyValueTable. `span` counts pairs: a value with span 2 takes its own
    value cell and the next pair's label and value cells. `min_lines` keeps room to write by hand."""

    label: str
    value: str = ""
    span: int = 1
    min_lines: int = 1
    align: str = LEFT


@dataclass(frozen=True)
class KeyValueTable:
    """A bordered form: rows of label/value cells, `pairs` pairs per row (a 会议记录's header, a 登记表).

    The last field of a row that has fewer pairs than `pairs` stretches to the right edge. A long value
    (the 内容 of a meeting) may flow onto the next page, its label staying in the first part.
    `label_chars` is the width of the label cells in characters (None: the longest label).
    """

    rows: Sequence[Sequence[Field]]
    pairs: int = 2
    label_chars: float | None = None
    size: float | None = None  # points; None: the document's font_size (a form made smaller to keep to its page)

    def placed_rows(self) -> list[list[tuple[Field, int, int]]]:
        """Each non-empty row as (field, first pair, pairs taken); the last field of a row takes what is
        left. A row whose fields need more pairs than the table has is a mistake in the layout."""
        pairs = max(1, self.pairs)
        out = []
        for number, row in enumerate(self.rows, start=1):
            placed = []
            at = 0
            for k, fld in enumerate(row):
                span = max(1, fld.span)
                if at + span > pairs:
                    raise ValueError(f"KeyValueTable row {number}: its fields need more than {pairs} pairs")
                if k == len(row) - 1:
                    span = pairs - at
                placed.append((fld, at, span))
                at += span
            if placed:
                out.append(placed)
        return out


@dataclass(frozen=True)
class Column:
    label: str
    width: float = 1.0  # relative width of a wrapping column (nowrap columns take what they need)
    align: str = CENTER  # LEFT, CENTER or RIGHT
    nowrap: bool = False  # PDF: widen the column to its longest value instead of wrapping (IDs, dates)
    text: bool = False  # XLSX: a number-like value stored as text, never a number (ID, phone numbers)
    group: str = ""  # consecutive columns with the same group get a spanning header above their labels
    words: bool = False  # PDF: break only between words (names, groups, posts), never inside one
    date: bool = False  # XLSX: a yyyy-mm-dd value stored as a real date with that number format
    room_chars: float = 0.0  # PDF: at least this many characters wide (a 备注 column to write in by hand)
    number: bool = False  # XLSX: "12", "3.5" stored as numbers and "25.0%" as 0.25 shown as 25.0% (counts, shares)

    @property
    def plain_label(self) -> str:
        """The label without its WORD_BREAK marks (U+200B, where a PDF header may break): XLSX, DOCX."""
        return self.label.replace(WORD_BREAK, "")


@dataclass(frozen=True)
class Table:
    """A register table: columns and rows of strings, the header repeated on every page, an optional
    leading 序号 column. Column widths follow the content (see pdf_writer). Cells "□"/"☑" are tick boxes."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    numbered: bool = True
    font_size: float = 9.0  # PDF body size in points
    min_font_size: float = 9.0  # PDF: may shrink down to this in half points when the columns are crowded
    freeze_columns: int = 0  # XLSX: columns kept in view when scrolling right (序号 counts)
    borders: bool = True  # XLSX: cell borders; without them (a data sheet) Excel's grid lines are printed
    # PDF: the columns share the frame's width in proportion to Column.width, whatever they hold (a form of
    # small tables one above the other, lined up, as a 统计表 has them); the text wraps inside
    fixed_widths: bool = False

    def all_columns(self) -> list[Column]:
        lead = [Column("序号", 1, CENTER, nowrap=True)] if self.numbered else []
        return lead + list(self.columns)

    def all_rows(self) -> list[list[str]]:
        width = len(self.columns)
        out = []
        for index, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ReportError(f"第 {index} 行有 {len(row)} 项，应为 {width} 项")
            cells = list(map(str, row)) if None not in row else ["" if v is None else str(v) for v in row]
            out.append([str(index), *cells] if self.numbered else cells)
        return out

    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)


@dataclass(frozen=True)
class SignatureLine:
    """Places to sign on one line, spread across the width: 主持人签字：____  记录人签字：____.

    Each item is a label, or (label, value) when something is printed after it (日期：2026年5月20日).
    """

    items: Sequence[str | tuple[str, str]]
    line_mm: float = 35.0  # length of the line to sign on

    def pairs(self) -> list[tuple[str, str]]:
        return [(item, "") if isinstance(item, str) else (item[0], item[1]) for item in self.items]


@dataclass(frozen=True)
class Image:
    """A picture (a photo of the sign-in sheet), scaled down to fit the frame, aspect kept, centred.
    A missing or unreadable file is a ReportError naming it."""

    path: str | os.PathLike[str]
    caption: str = ""
    max_height_mm: float | None = None  # None: what is left of the page's frame


@dataclass(frozen=True)
class Bookmark:
    """An entry of the PDF's outline (the viewer's bookmarks pane) pointing here: e.g. each meeting in a
    year's book. Level 0 is the top; in the annual binder a section's own bookmarks sit under the section's.
    Prints nothing; XLSX and DOCX have no outline and skip it."""

    title: str
    level: int = 0


@dataclass(frozen=True)
class Spacer:
    height_mm: float


@dataclass(frozen=True)
class PageBreak:
    """What follows starts on a new page (XLSX: a manual page break; DOCX: a page break)."""


Block = (Title | Heading | Paragraph | MetaLine | KeyValueTable | Table | SignatureLine | Image | Bookmark | Spacer
         | PageBreak)
BLOCK_TYPES = (Title, Heading, Paragraph, MetaLine, KeyValueTable, Table, SignatureLine, Image, Bookmark, Spacer,
               PageBreak)


def paragraph_lines(text: str) -> list[str]:
    """The paragraphs of pasted text: one per line, "" for a blank line (runs of blank lines as one),
    leading and trailing blanks (ASCII and full-width) removed."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip(" \t\u3000\xa0")
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def tables_of(blocks: Sequence[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def table_rows(blocks: Sequence[Block]) -> Sequence[Sequence[str]]:
    return [row for t in tables_of(blocks) for row in t.rows]
