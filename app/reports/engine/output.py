"""Writing a Document to a file in one of the formats, safely: under a temporary name beside the target,
renamed at the end, so a failure (a full disk, a stick pulled out) never leaves a half-written file under
the chosen name; every failure a user can cause becomes a Chinese ReportError.

The writers are imported when used: building a document description costs no reportlab or openpyxl
import (start-up stays fast), and no writer imports this module (no cycle).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from app.kit.gc_pause import collection_paused
from app.reports.engine.document import FORMATS, Document, ReportResult, check_format, cleaned, document_texts
from app.reports.engine.errors import ReportError


def checked_target(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    if target.is_dir():
        raise ReportError(f"“{target}”是一个文件夹，请指定文件名")
    if not target.parent.is_dir():
        raise ReportError(f"保存位置不存在：{target.parent}")
    return target


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call write(tmp) and rename tmp to target; OS and layout errors as Chinese ReportErrors."""
    from reportlab.platypus.doctemplate import LayoutError

    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    except LayoutError as exc:  # a single line or note taller than a page
        raise ReportError(f"有内容过长，无法排入一页，请缩短后重试。（{exc}）") from exc
    except PermissionError as exc:
        raise ReportError(
            f"无法写入“{target}”：文件可能正被其他程序（如 Excel、Word 或 PDF 阅读器）打开，"
            f"或没有写入权限。请关闭后重试。（{exc.strerror or exc}）"
        ) from exc
    except OSError as exc:
        raise ReportError(f"无法写入“{target}”：{exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)


def write_document(document: Document, path: str | os.PathLike[str], fmt: str, *,
                   extra_sheets: Sequence[Document] = (), formats: Sequence[str] = FORMATS) -> ReportResult:
    """Write `document` to `path` as "pdf", "xlsx" or "docx" (limited to `formats`); an XLSX gets
    `extra_sheets` as further worksheets. Returns what was written; raises ReportError."""
    fmt = check_format(fmt, formats)
    document = cleaned(document)
    extra_sheets = [cleaned(d) for d in extra_sheets]
    target = checked_target(path)
    pages: int | None = None
    missing = ""

    def write(tmp: Path) -> None:
        nonlocal pages, missing
        if fmt == "pdf":
            from app.reports.engine.fonts import report_fonts, undrawable
            from app.reports.engine.pdf_writer import write_pdf

            pages = write_pdf(document, tmp)
            missing = undrawable(document_texts(document), report_fonts())
        elif fmt == "xlsx":
            from app.reports.engine.xlsx_writer import write_xlsx

            write_xlsx([document, *extra_sheets], tmp)  # the viewer draws the characters: none missing
        else:
            from app.reports.engine.docx_writer import write_docx

            write_docx(document, tmp)

    with collection_paused():  # tens of thousands of cells and flowables: see app.kit.gc_pause
        write_atomically(target, write)
    return ReportResult(path=target, rows=document.counted_rows(), pages=pages, fmt=fmt, missing_glyphs=missing)
