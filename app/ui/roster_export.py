"""Saving and printing the 花名册 from the GUI: shared by the roster page and the 台账与打印 page.

The document itself is the core's (app.reports.roster_report); this module only asks where, shows a
wait cursor, and tells the user in Chinese what was written or what went wrong.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from sqlalchemy.exc import SQLAlchemyError

from app.models.database import Database
from app.services.branch import get_profile
from app.ui import messages

SETTING_EXPORT_DIR = "roster/export_dir"
FORMATS = {"pdf": ("PDF", "PDF 文件 (*.pdf)"), "xlsx": ("Excel", "Excel 工作簿 (*.xlsx)")}


def safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) or "支部"


class RosterExporter:
    """Export or print the whole roster on behalf of a widget (the parent of its dialogs)."""

    def __init__(self, db: Database, settings: QSettings, parent: QWidget) -> None:
        self._db = db
        self._settings = settings
        self._parent = parent

    def default_path(self, fmt: str) -> str:
        with self._db.session() as session:
            profile = get_profile(session)
        branch = safe_file_name(profile.short_name or profile.full_name) if profile else "支部"
        folder = self._settings.value(SETTING_EXPORT_DIR, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(folder) / f"{branch}党员花名册_{date.today():%Y-%m-%d}.{fmt}")

    def export(self, fmt: str, *, include_former: bool, mask_ids: bool) -> Path | None:
        """导出 PDF… / 导出 Excel…: ask where, write the whole roster, say where it went."""
        kind, file_filter = FORMATS[fmt]
        chosen, _filter = QFileDialog.getSaveFileName(
            self._parent, f"导出党员花名册（{kind}）", self.default_path(fmt), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        result = self.write(path, fmt, include_former=include_former, mask_ids=mask_ids)
        if result is None:
            return None
        self._settings.setValue(SETTING_EXPORT_DIR, str(path.parent))
        pages = f"，{result.pages} 页" if result.pages else ""
        extras = []
        if include_former:
            extras.append("含已离开的党员")
        if mask_ids:
            extras.append("身份证号已打码")
        note = f"（{'，'.join(extras)}）" if extras else ""
        messages.show_info(self._parent, f"党员花名册已导出{note}：共 {result.rows} 人{pages}。\n\n"
                                         f"文件保存在：\n{path}", "导出完成")
        return path

    def print_pdf(self, *, include_former: bool, mask_ids: bool) -> Path | None:
        """打印（打开PDF）…: a PDF in a temporary folder, opened in the system's viewer to print from there."""
        folder = Path(tempfile.gettempdir()) / "branch-ledger-print"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            messages.show_error(self._parent, f"无法创建临时文件夹：{folder}", "无法打印", detail=str(exc))
            return None
        path = folder / f"党员花名册_{datetime.now():%Y%m%d_%H%M%S}.pdf"
        if self.write(path, "pdf", include_former=include_former, mask_ids=mask_ids) is None:
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            messages.show_error(
                self._parent, f"没有找到可以打开 PDF 的程序。花名册已保存在：\n{path}\n\n"
                              "请安装 PDF 阅读器后打开它打印。", "无法打开 PDF")
        return path

    def write(self, path: Path, fmt: str, *, include_former: bool, mask_ids: bool):
        # Imported on use: reportlab and openpyxl take a while to load and most sessions never export.
        from app.reports.roster_report import ReportError, write_roster

        error: tuple[str, str] | None = None
        result = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self._db.session() as session:
                result = write_roster(session, path, fmt, include_former=include_former, mask_ids=mask_ids)
        except ReportError as exc:
            error = (str(exc), "")
        except OSError as exc:
            error = (f"无法写入文件：\n{path}\n\n请确认该文件没有在 WPS 或 Excel 等程序中打开，"
                     "并且所选的文件夹（或U盘）可以写入。", str(exc))
        except SQLAlchemyError as exc:
            error = ("读取数据失败，没有生成文件。", str(exc))
        finally:
            QApplication.restoreOverrideCursor()
        if error is not None:
            messages.show_error(self._parent, error[0], "无法导出", detail=error[1])
            return None
        return result
