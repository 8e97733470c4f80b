"""A printed register (登记表 / 名册): the description most ledgers build, and writing it as PDF or XLSX.

A register is a title, a 制表 line (制表单位 / 制表日期 / 制表人), columns, rows of strings, and optional
notes under the table: `Register.document()` makes it a Document of blocks (Title, MetaLine, Table,
Paragraph) in A4 landscape, which the writers give the standard Chinese register look: a 序号 column, the
header repeated on every page, 第 X 页 共 Y 页. Ledgers (花名册, 党费收缴登记表 …) only describe their columns
and rows; nothing roster-specific lives here. The names this module always had (Column, ReportError,
ReportResult …) are still importable from it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from app.reports.engine.blocks import (
    BLANK,
    CENTER,
    LEFT,
    RIGHT,
    Column,
    MetaLine,
    Paragraph,
    SignatureLine,
    Spacer,
    Table,
    Title,
)
from app.reports.engine.document import (
    FORMAT_NAMES,
    LANDSCAPE,
    TABLE_FORMATS,
    Document,
    ReportResult,
    check_format,
    clean_text,
    yes_no,
)
from app.reports.engine.errors import ReportError
from app.reports.engine.output import write_document

FORMATS = TABLE_FORMATS

__all__ = ["BLANK", "CENTER", "FORMATS", "FORMAT_NAMES", "LEFT", "RIGHT", "Column", "Register", "ReportError",
           "ReportResult", "check_format", "clean_text", "write_register", "yes_no"]


@dataclass(frozen=True)
class Register:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    meta: Sequence[tuple[str, str]] = ()  # ("制表单位", …), ("制表日期", …), ("制表人", …); "" leaves a blank
    notes: Sequence[str] = ()  # lines under the table (totals, remarks)
    numbered: bool = True  # a leading 序号 column
    sheet_name: str = "Sheet1"
    freeze_columns: int = 0  # XLSX: columns kept in view when scrolling right (序号 counts)
    fit_to_width: bool = True  # XLSX: print one page wide (off for a sheet too wide to read that way)
    borders: bool = True  # XLSX: cell borders; without them (a data sheet) Excel's grid lines are printed
    font_size: float = 9.0  # PDF body size in points
    min_font_size: float = 9.0  # PDF: may shrink down to this in half points when the columns are crowded
    running_header: str = ""  # PDF: printed with the page number at the top of pages 2 on
    signatures: Sequence[Sequence[str | tuple[str, str]]] = ()  # SignatureLine rows after the notes

    def table(self) -> Table:
        return Table(self.columns, self.rows, numbered=self.numbered, font_size=self.font_size,
                     min_font_size=self.min_font_size, freeze_columns=self.freeze_columns, borders=self.borders)

    def document(self) -> Document:
        text_size = self.font_size + 1
        blocks: list = [Title(self.title)]
        if self.meta:
            blocks.append(MetaLine(self.meta, size=text_size))
        blocks.append(self.table())
        if self.notes:
            blocks.append(Spacer(2))
            blocks += [Paragraph(note, indent=False, size=text_size, line_spacing=1.3) for note in self.notes]
        blocks += [SignatureLine(items) for items in self.signatures]
        return Document(title=self.title, blocks=blocks, orientation=LANDSCAPE, font_size=text_size,
                        sheet_name=self.sheet_name, fit_to_width=self.fit_to_width,
                        running_header=self.running_header)


def write_register(register: Register, path: str | os.PathLike[str], fmt: str, *,
                   extra_sheets: Sequence[Register] = ()) -> ReportResult:
    """Write the register to `path` as PDF or XLSX; an XLSX gets `extra_sheets` as further worksheets."""
    return write_document(register.document(), path, fmt, extra_sheets=[r.document() for r in extra_sheets],
                          formats=TABLE_FORMATS)
