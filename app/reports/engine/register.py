"""A printed register (登记表 / 名册): the description every ledger builds, and writing it as PDF or XLSX.

A register is a title, a 制表 line (制表单位 / 制表日期 / 制表人), columns, rows of strings, and optional
notes under the table. The PDF and XLSX writers give it the standard Chinese register look: A4 landscape,
a 序号 column, the header repeated on every page, 第 X 页 共 Y 页. Ledgers (花名册, 党费收缴登记表 …) only
describe their columns and rows; nothing roster-specific lives here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from app.kit.errors import UserError

FORMATS = ("pdf", "xlsx")
FORMAT_NAMES = {"pdf": "PDF", "xlsx": "Excel（xlsx）"}
LEFT, CENTER, RIGHT = "left", "center", "right"
BLANK = "__________"  # a line to write on by hand


class ReportError(UserError):
    """A report that cannot be made; the message is Chinese and says why."""


@dataclass(frozen=True)
class Column:
    label: str
    width: float = 1.0  # relative width of a wrapping column (nowrap columns take what they need)
    align: str = CENTER  # LEFT, CENTER or RIGHT
    nowrap: bool = False  # PDF: widen the column to its longest value instead of wrapping (IDs, dates)
    text: bool = False  # XLSX: a number-like value stored as text, never a number (ID, phone numbers)
    group: str = ""  # consecutive columns with the same group get a spanning header above their labels


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

    def all_columns(self) -> list[Column]:
        lead = [Column("序号", 1, CENTER, nowrap=True)] if self.numbered else []
        return lead + list(self.columns)

    def all_rows(self) -> list[list[str]]:
        width = len(self.columns)
        out = []
        for index, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ReportError(f"第 {index} 行有 {len(row)} 项，应为 {width} 项")
            cells = ["" if v is None else str(v) for v in row]
            out.append([str(index), *cells] if self.numbered else cells)
        return out

    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)

    def meta_line(self) -> list[str]:
        return [f"{label}：{value}" if value else f"{label}：{BLANK}" for label, value in self.meta]


@dataclass(frozen=True)
class ReportResult:
    path: Path
    rows: int
    pages: int | None  # None for XLSX (Excel paginates when printing)
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


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: object) -> str:
    """Text fit for a cell: control characters a user may have pasted in (which openpyxl refuses and
    a PDF cannot draw) removed, line ends normalised, tabs as spaces."""
    text = "" if value is None else str(value)
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL_CHARS.sub("", text)


def cleaned(register: Register) -> Register:
    return replace(
        register, title=clean_text(register.title),
        meta=[(clean_text(k), clean_text(v)) for k, v in register.meta],
        notes=[clean_text(n) for n in register.notes],
        rows=[[clean_text(v) for v in row] for row in register.rows],
    )


def check_format(fmt: str) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ReportError(f"不支持的导出格式“{fmt}”，可选：pdf、xlsx")
    return fmt


def write_register(register: Register, path: str | os.PathLike[str], fmt: str, *,
                   extra_sheets: Sequence[Register] = ()) -> ReportResult:
    """Write the register to `path` as PDF or XLSX; an XLSX gets `extra_sheets` as further worksheets.

    The file is written under a temporary name beside the target and renamed at the end, so a failure
    (a full disk, a stick pulled out) never leaves a half-written file under the chosen name.
    """
    fmt = check_format(fmt)
    register = cleaned(register)
    extra_sheets = [cleaned(r) for r in extra_sheets]
    target = Path(path)
    if target.is_dir():
        raise ReportError(f"“{target}”是一个文件夹，请指定文件名")
    if not target.parent.is_dir():
        raise ReportError(f"保存位置不存在：{target.parent}")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if fmt == "pdf":
            from app.reports.engine.fonts import report_fonts, undrawable
            from app.reports.engine.pdf_writer import write_pdf

            pages: int | None = write_pdf(register, tmp)
            missing = undrawable(register_texts(register), report_fonts())
        else:
            from app.reports.engine.xlsx_writer import write_xlsx

            write_xlsx([register, *extra_sheets], tmp)
            pages, missing = None, ""  # a spreadsheet keeps the characters; the viewer draws them
        os.replace(tmp, target)
    except LayoutError as exc:  # a single line or note taller than a page
        raise ReportError(f"有内容过长，无法排入一页，请缩短后重试。（{exc}）") from exc
    except PermissionError as exc:
        raise ReportError(
            f"无法写入“{target}”：文件可能正被其他程序（如 Excel 或 PDF 阅读器）打开，"
            f"或没有写入权限。请关闭后重试。（{exc.strerror or exc}）"
        ) from exc
    except OSError as exc:
        raise ReportError(f"无法写入“{target}”：{exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)
    return ReportResult(path=target, rows=len(register.rows), pages=pages, fmt=fmt, missing_glyphs=missing)


def register_texts(register: Register) -> list[str]:
    """Every piece of text a register prints."""
    return [register.title, *register.meta_line(), *(c.label for c in register.columns),
            *(c.group for c in register.columns), *register.notes, *(v for row in register.rows for v in row)]
