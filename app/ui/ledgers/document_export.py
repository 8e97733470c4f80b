"""Saving and printing a ledger document from the GUI (the roster page and the 台账与打印 page).

The document itself is the core's (app.reports); this module only asks where, writes it off the GUI
thread (app.ui.tasks), and tells the user in Chinese what was written or what went wrong. A document is given as a `Document`:
its name and a function that writes it (session, path, fmt) -> ReportResult.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.kit import registry
from app.models.database import Database
from app.services.common.branch import get_profile
from app.ui import messages
from app.ui.widgets import file_dialogs

SETTING_EXPORT_DIR = "roster/export_dir"
FORMATS = {"pdf": ("PDF", "PDF 文件 (*.pdf)"), "xlsx": ("Excel", "Excel 工作簿 (*.xlsx)")}


def safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) or "支部"


@dataclass(frozen=True)
class Document:
    name: str  # 党员花名册
    write: Callable[[Session, Path, str], object]  # (session, path, fmt) -> ReportResult
    unit: str = "人"  # what a row is, for the message: 共 45 名党员 / 共 11 条记录
    remarks: Sequence[str] = field(default=())  # said after the name: 含已离开的党员, 身份证号已打码


def catalogue_document(key: str, **options) -> Document:
    """A document of the registry's catalogue with the options the user chose (mask_ids, year …)."""
    entry = registry.document(key)
    chosen = {o.name: options.get(o.name, o.default) for o in entry.options}
    chosen["preparer"] = options.get("preparer")
    if entry.has_ids:
        chosen["mask_ids"] = bool(options.get("mask_ids"))

    def write(session: Session, path: Path, fmt: str):
        # Imported on use: reportlab and openpyxl take a while to load and most sessions never export.
        return registry.resolve(entry.writer)(session, path, fmt, **chosen)

    remarks = [_remark(o, chosen[o.name]) for o in entry.options if chosen[o.name] not in (None, False, "")]
    if chosen.get("mask_ids"):
        remarks.append("身份证号已打码")
    return Document(entry.title, write, entry.unit, remarks)


def _remark(option, value) -> str:
    if option.kind == "year":
        return f"{value}年度"
    if option.kind == "flag":
        return REMARKS.get(option.name, option.label)
    return f"{option.label}：{value}"


# How a chosen flag is said after the document's name in the export message.
REMARKS = {"include_former": "含已离开的党员"}


class DocumentExporter:
    """Export or print a document on behalf of a widget (the parent of its dialogs)."""

    def __init__(self, db: Database, settings: QSettings, parent: QWidget) -> None:
        self._db = db
        self._settings = settings
        self._parent = parent

    def default_path(self, doc: Document, fmt: str) -> str:
        with self._db.session() as session:
            profile = get_profile(session)
        branch = safe_file_name(profile.short_name or profile.full_name) if profile else "支部"
        folder = self._settings.value(SETTING_EXPORT_DIR, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(folder) / f"{branch}{doc.name}_{date.today():%Y-%m-%d}.{fmt}")

    def export(self, doc: Document, fmt: str) -> Path | None:
        """导出 PDF… / 导出 Excel…: ask where, write the document, say where it went."""
        kind, file_filter = FORMATS[fmt]
        chosen = file_dialogs.save_file_name(
            self._parent, f"导出{doc.name}（{kind}）", self.default_path(doc, fmt), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        result = self.write(doc, path, fmt)
        if result is None:
            return None
        self._settings.setValue(SETTING_EXPORT_DIR, str(path.parent))
        pages = f"，{result.pages} 页" if result.pages else ""
        note = f"（{'，'.join(doc.remarks)}）" if doc.remarks else ""
        warning = result.missing_glyphs_warning()
        messages.show_info(self._parent, f"{doc.name}已导出{note}：共 {result.rows} {doc.unit}{pages}。\n\n"
                                         f"文件保存在：\n{path}" + (f"\n\n{warning}" if warning else ""), "导出完成",
                           file=path)
        return path

    def print_file(self, name: str) -> Path | None:
        """A new file name in the data folder's 打印暂存 (a print holds full ID numbers: never the system's
        temporary folder); earlier prints older than ten minutes are removed first. None after telling why not."""
        from app.services.common.storage import data_folder_of, print_preview_dir, remove_print_previews

        data_dir = data_folder_of(self._db)
        folder = data_dir / "打印暂存"
        try:
            remove_print_previews(data_dir, older_than_seconds=600)
            folder = print_preview_dir(data_dir)
        except OSError as exc:
            messages.show_error(self._parent, f"无法创建临时文件夹：{folder}", "无法打印", detail=str(exc))
            return None
        return folder / f"{name}_{datetime.now():%Y%m%d_%H%M%S_%f}.pdf"  # never the name of an earlier one

    def _print_copy(self, doc: Document) -> Path | None:
        path = self.print_file(doc.name)
        if path is None:
            return None
        result = self.write(doc, path, "pdf")
        if result is None:
            return None
        if result.missing_glyphs:
            messages.show_info(self._parent, result.missing_glyphs_warning(), "打印提示")
        return path

    def preview(self, doc: Document):
        """打印预览…: the document's pages inside the application, with 打印 through Qt's print dialog
        (app.ui.ledgers.print_preview); the PDF lives in 打印暂存 like print_pdf's."""
        from app.ui.ledgers.print_preview import show_preview

        path = self._print_copy(doc)
        return None if path is None else show_preview(self._parent, path, doc.name)

    def print_pdf(self, doc: Document) -> Path | None:
        """打印（打开PDF）…: a PDF in the data folder's 打印暂存, opened in the system's viewer to print from
        there; removed at the next print after ten minutes, when the application closes, and at the next start."""
        path = self._print_copy(doc)
        if path is None:
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            messages.show_error(
                self._parent, f"没有找到可以打开 PDF 的程序。{doc.name}已保存在：\n{path}\n\n"
                              "请安装 PDF 阅读器后打开它打印。", "无法打开 PDF")
        return path

    def write(self, doc: Document, path: Path, fmt: str):
        """Write the document off the GUI thread (app.ui.tasks: a progress dialog if it takes a while), in
        a session of its own; the ReportResult, or None after telling the user what went wrong."""
        from app.reports.engine.register import ReportError
        from app.ui.tasks import in_session, run_task, task_error_text  # on use: most sessions never export

        outcome = run_task(self._parent, in_session(self._db, lambda session, _progress: doc.write(session, path, fmt)),
                           title=f"正在生成{doc.name}", text=f"正在生成{doc.name}，请稍候…", show_errors=False)
        if outcome.ok:
            return outcome.value
        exc = outcome.error
        if isinstance(exc, ReportError):
            error = (str(exc), "")
        elif isinstance(exc, OSError):
            error = (f"无法写入文件：\n{path}\n\n请确认该文件没有在 WPS 或 Excel 等程序中打开，"
                     "并且所选的文件夹（或U盘）可以写入。", str(exc))
        elif isinstance(exc, SQLAlchemyError):
            error = ("读取数据失败，没有生成文件。", str(exc))
        else:
            error = (task_error_text(exc), "")
        messages.show_error(self._parent, error[0], "无法导出", detail=error[1])
        return None
