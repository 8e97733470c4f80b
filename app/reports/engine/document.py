"""The neutral form of a document that every writer consumes: a Document is page setup plus a story of
blocks (app.reports.engine.blocks). This module imports no writer and no reportlab, so the writers, the
register description and the binder can all import it without a cycle.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from app.reports.engine.blocks import CHECKBOX, CHECKED, Block, Image, Table, table_rows
from app.reports.engine.errors import ReportError

PORTRAIT, LANDSCAPE = "portrait", "landscape"
FORMATS = ("pdf", "xlsx", "docx")
TABLE_FORMATS = ("pdf", "xlsx")  # registers and statistics
TEXT_FORMATS = ("pdf", "docx")  # records and notices
FORMAT_NAMES = {"pdf": "PDF", "xlsx": "Excel（xlsx）", "docx": "Word（docx）"}


@dataclass(frozen=True)
class Document:
    """One printable document. `title` names the file's metadata (and the XLSX workbook); what is printed
    on the page is what the blocks say (usually a Title block first)."""

    title: str
    blocks: Sequence[Block]
    orientation: str = PORTRAIT  # LANDSCAPE for wide registers
    running_header: str = ""  # printed at the top of every page but the first (e.g. the branch's name)
    font_size: float = 10.5  # body text in points (五号); tables have their own size
    sheet_name: str = "Sheet1"  # XLSX worksheet name
    fit_to_width: bool = True  # XLSX: print one page wide (off for a sheet too wide to read that way)
    count: int | None = None  # what ReportResult.rows reports; None: the rows of the document's tables

    def counted_rows(self) -> int:
        return self.count if self.count is not None else len(table_rows(self.blocks))


@dataclass(frozen=True)
class ReportResult:
    path: Path
    rows: int
    pages: int | None  # None for XLSX and DOCX (the office program paginates)
    fmt: str = "pdf"
    missing_glyphs: str = ""  # PDF: characters no font could draw; they print as gaps

    def missing_glyphs_warning(self) -> str:
        if not self.missing_glyphs:
            return ""
        return (f"注意：以下字符在打印字体中没有，PDF 中这些位置是空白，请打印后手写补上："
                f"{'、'.join(self.missing_glyphs)}")

    def summary(self) -> str:
        pages = f"，共 {self.pages} 页" if self.pages is not None else ""
        return f"已导出 {FORMAT_NAMES.get(self.fmt, self.fmt)} 文件：{self.path}（{self.rows} 行{pages}）"


def yes_no(value: bool | None) -> str:
    return "是" if value else "否"


def check_format(fmt: str, formats: Sequence[str] = TABLE_FORMATS) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in formats:
        raise ReportError(f"不支持的导出格式“{fmt}”，可选：{'、'.join(formats)}")
    return fmt


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: object) -> str:
    """Text fit for a cell: control characters a user may have pasted in (which openpyxl refuses and
    a PDF cannot draw) removed, line ends normalised, tabs as spaces."""
    text = "" if value is None else str(value)
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL_CHARS.sub("", text)


def _cleaned(value):
    if isinstance(value, str):
        return clean_text(value)
    if value is None:
        return ""  # a None cell prints as empty
    if isinstance(value, list | tuple):
        try:  # a row of printable texts, the common case: checked at once, in C
            if "".join(value).isprintable():
                return list(value)
        except TypeError:  # not only texts (None, numbers, a nested row)
            pass
        return [_cleaned(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _cleaned(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if isinstance(getattr(value, f.name), str | list | tuple)}
        return replace(value, **changes)
    return value


def cleaned(document: Document) -> Document:
    """The document with every text cleaned (clean_text); an image path is kept as given."""
    blocks = [b if isinstance(b, Image) else _cleaned(b) for b in document.blocks]
    return replace(document, title=clean_text(document.title), running_header=clean_text(document.running_header),
                   blocks=blocks)


def _texts(value) -> Iterator[str]:
    if isinstance(value, Table):  # the bulk of a register: its cells, without the generic walk
        yield from (cell for row in value.rows for cell in row if isinstance(cell, str))
        yield from _texts(list(value.columns))
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "path":
                yield from _texts(getattr(value, f.name))


def document_texts(document: Document) -> list[str]:
    """Every piece of text the document prints (to find characters no font can draw)."""
    texts = [t for t in _texts(list(document.blocks)) if t not in (CHECKBOX, CHECKED)]  # boxes are drawn
    texts.append(document.running_header)
    for block in document.blocks:
        if hasattr(block, "texts"):
            texts.extend(block.texts())
    return texts
