"""A PDF's pages as images, and printing them through Qt's printer, with PDFium (pypdfium2).

Why pypdfium2 and not QtPdf: QtPdf ships in PySide6-Addons (a very large wheel the installer would carry
for one preview); pypdfium2 is a small wheel that renders pages offline, and QtPrintSupport (QPrinter,
QPrintDialog) is in PySide6-Essentials already. The PDF is the one the engine wrote: what is previewed and
printed is exactly the file that was saved.

PDFium is not thread-safe: every call goes through one process-wide lock, so the preview (GUI thread) and a
print job (a task runner thread) take turns page by page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPainter, QTransform

from app.kit.errors import UserError

_PDFIUM = threading.Lock()
POINTS_PER_INCH = 72
PRINT_DPI_CAP = 300  # enough for text and tables on paper; 1200 dpi pages would take 16 times the memory


class PdfPages:
    """An open PDF: its page count, each page's size in points, and a page rendered at a resolution."""

    def __init__(self, path: str | Path) -> None:
        import pypdfium2 as pdfium  # on use: only a preview or a print needs it

        self.path = Path(path)
        try:
            with _PDFIUM:
                self._doc = pdfium.PdfDocument(str(self.path))
                self._sizes = [self._doc[i].get_size() for i in range(len(self._doc))]
        except (pdfium.PdfiumError, OSError) as exc:
            raise UserError(f"无法读取 PDF 文件：{self.path}（{exc}）") from exc

    def __len__(self) -> int:
        return len(self._sizes)

    def size(self, index: int) -> QSizeF:
        """The page's size in points (1/72 inch)."""
        width, height = self._sizes[index]
        return QSizeF(width, height)

    def bookmarks(self) -> list[tuple[int, str, int]]:
        """The PDF's outline as (level, title, 0-based page): the binder's sections and their records."""
        out = []
        with _PDFIUM:
            for mark in self._doc.get_toc(max_depth=4):
                dest = mark.get_dest()
                index = dest.get_index() if dest is not None else None
                if index is not None and 0 <= index < len(self._sizes):
                    out.append((mark.level, mark.get_title(), index))
        return out

    def render(self, index: int, dpi: float) -> QImage:
        """The page as an RGB image at `dpi` dots per inch."""
        with _PDFIUM:
            page = self._doc[index]
            try:
                bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
                try:
                    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                                   QImage.Format.Format_RGB888)
                    return image.copy()  # own its pixels: the bitmap's buffer goes with it
                finally:
                    bitmap.close()
            finally:
                page.close()

    def close(self) -> None:
        """Let go of the file (Windows keeps an open file from being removed from 打印暂存)."""
        with _PDFIUM:
            self._doc.close()


def page_range(count: int, first: int = 0, last: int = 0) -> range:
    """Pages to print as 0-based indexes; `first`/`last` as QPrinter gives them (1-based, 0 = all)."""
    if first <= 0 or last <= 0:
        return range(count)
    return range(max(first, 1) - 1, min(last, count))


def paint_pages(painter: QPainter, pages: PdfPages, indexes: range, *, dpi: float, new_page: Callable[[], bool],
                progress: Callable[[str, int, int], None] | None = None) -> int:
    """Paint the pages, each fitted into the painter's viewport (turned a quarter when the page is landscape
    and the paper portrait, or the reverse, as a PDF viewer's 自动旋转 does); `new_page()` between pages.
    Returns the pages painted."""
    area = painter.viewport()
    painted = 0
    for n, index in enumerate(indexes):
        if progress is not None:
            progress(f"正在打印第 {index + 1} 页（共 {len(indexes)} 页）", n, len(indexes))
        if n and not new_page():
            raise UserError("打印机不接受下一页，打印已中止。")
        image = pages.render(index, dpi)
        if (image.width() > image.height()) != (area.width() > area.height()):
            image = image.transformed(QTransform().rotate(90))
        scale = min(area.width() / image.width(), area.height() / image.height())
        width, height = image.width() * scale, image.height() * scale
        target = QRectF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2, width, height)
        painter.drawImage(target, image)
        painted += 1
    if progress is not None:
        progress("正在送往打印机", len(indexes), len(indexes))
    return painted


def print_pages(path: str | Path, printer, *, first: int = 0, last: int = 0,
                progress: Callable[[str, int, int], None] | None = None) -> int:
    """Print the PDF's pages (first..last, 1-based, 0 = all) on `printer` (a QPrinter set up by the print
    dialog). Runs on a task runner thread: Qt allows painting on a QPrinter outside the GUI thread."""
    pages = PdfPages(path)
    try:
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError("无法开始打印：打印机没有响应，请检查打印机是否已连接并开启。")
        try:
            dpi = min(printer.resolution(), PRINT_DPI_CAP)
            return paint_pages(painter, pages, page_range(len(pages), first, last), dpi=dpi,
                               new_page=printer.newPage, progress=progress)
        except BaseException:
            printer.abort()  # 取消 or an error: the spooler drops the pages sent so far
            raise
        finally:
            painter.end()
    finally:
        pages.close()
