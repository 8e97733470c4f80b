"""打印预览: a PDF's pages inside the application, and 打印 through Qt's print dialog.

The pages are rendered by PDFium (app.ui.ledgers.pdf_pages) when they scroll into view, so a binder of a
few hundred pages opens at once and keeps only the pages near the view in memory. Where the computer has
no printer Qt knows of, 打印 opens the PDF in the system's viewer instead (it may print to a network or
PDF printer of its own).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.ui import messages
from app.ui.ledgers.pdf_pages import PdfPages

PAGE_GAP = 16  # pixels between pages and around them
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.2, 4.0  # pixels per point
KEEP_AROUND = 2  # rendered pages kept beyond the visible ones, each way


class _PageLabel(QLabel):
    """One page: its size is known before it is drawn; white until rendered."""

    def __init__(self, index: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.index = index
        self.rendered_scale: float | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: white; border: 1px solid #b0b0b0;")
        self.setAccessibleName(f"第 {index + 1} 页")


class PrintPreviewDialog(QDialog):
    """The pages of `path` one under another, 第 x 页 / 共 y 页, zoom (适合宽度 by default), 打印…"""

    def __init__(self, path: str | Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.title = title
        self.pages = PdfPages(self.path)
        self._scale = 1.0
        self._fit_width = True
        self.setWindowTitle(f"打印预览 - {title}")

        self.previous_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.page_label = QLabel()
        self.zoom_out_button = QPushButton("缩小")
        self.zoom_in_button = QPushButton("放大")
        self.fit_button = QPushButton("适合宽度")
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.zoom_label = QLabel()
        self.print_button = QPushButton("打印…")
        self.print_button.setToolTip("选择打印机、份数和页码范围后打印（Ctrl+P）")
        self.open_button = QPushButton("用系统程序打开")
        self.open_button.setToolTip(f"在系统的 PDF 阅读器中打开：{self.path}")
        self.close_button = QPushButton("关闭")
        for button in (self.previous_button, self.next_button, self.zoom_out_button, self.zoom_in_button,
                       self.fit_button, self.open_button, self.close_button):
            button.setAutoDefault(False)
        self.print_button.setDefault(True)

        bar = QHBoxLayout()
        for widget in (self.previous_button, self.next_button, self.page_label):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.print_button, self.open_button, self.close_button):
            bar.addWidget(widget)

        self.container = QWidget()
        self.container.setObjectName("previewPages")
        self.container.setStyleSheet("QWidget#previewPages { background: #7f7f7f; }")
        column = QVBoxLayout(self.container)
        column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        column.setSpacing(PAGE_GAP)
        self.page_labels = [_PageLabel(i, self.container) for i in range(len(self.pages))]
        for label in self.page_labels:
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.container)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # PgUp/PgDn/arrows scroll the pages

        self.outline = self._build_outline()
        split = QSplitter()
        split.addWidget(self.outline)
        split.addWidget(self.scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 780])
        self.outline.setVisible(self.outline.topLevelItemCount() > 0)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_visible)
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.set_scale(self._scale * ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.set_scale(self._scale / ZOOM_STEP))
        self.fit_button.clicked.connect(self._fit_clicked)
        self.print_button.clicked.connect(self.print_document)
        self.open_button.clicked.connect(self.open_in_viewer)
        self.close_button.clicked.connect(self.close)
        for keys, slot in ((QKeySequence.StandardKey.Print, self.print_document),
                           (QKeySequence.StandardKey.ZoomIn, self.zoom_in_button.click),
                           ("Ctrl+=", self.zoom_in_button.click),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out_button.click),
                           ("Ctrl+0", self.fit_button.click)):
            QShortcut(QKeySequence(keys), self, activated=slot)
        self.finished.connect(self._release)
        self._fit_size()
        self.scroll.setFocus()

    def _build_outline(self) -> QTreeWidget:
        """The PDF's bookmarks (the binder's contents and each record), to jump to a section."""
        tree = QTreeWidget()
        tree.setHeaderLabel("书签")
        tree.setAccessibleName("书签")
        parents: list[QTreeWidgetItem] = []
        for level, title, index in self.pages.bookmarks():
            item = QTreeWidgetItem([title])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setToolTip(0, f"{title}（第 {index + 1} 页）")
            del parents[level:]
            if parents:
                parents[-1].addChild(item)
            else:
                tree.addTopLevelItem(item)
            parents.append(item)
        tree.itemActivated.connect(lambda item, _col: self.go_to_page(item.data(0, Qt.ItemDataRole.UserRole)))
        tree.itemClicked.connect(lambda item, _col: self.go_to_page(item.data(0, Qt.ItemDataRole.UserRole)))
        return tree

    # -- size and zoom
    def _fit_size(self) -> None:
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or QApplication.primaryScreen()
        free = screen.availableGeometry() if screen else None
        width = min(1000, free.width() - 40) if free else 1000
        height = min(900, free.height() - 60) if free else 700
        self.resize(QSize(width, height))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(1000, 700)

    def _widest_page(self) -> float:
        return max((self.pages.size(i).width() for i in range(len(self.pages))), default=595.0)

    def fit_scale(self) -> float:
        """Pixels per point that make the widest page fill the view's width."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        room = self.scroll.viewport().width() - 2 * PAGE_GAP - (0 if self.scroll.verticalScrollBar().isVisible()
                                                                 else bar)
        return max(MIN_SCALE, min(MAX_SCALE, room / self._widest_page()))

    def _fit_clicked(self) -> None:
        self._fit_width = True
        self.fit_button.setChecked(True)
        self.set_scale(self.fit_scale(), keep_fit=True)

    def set_scale(self, scale: float, *, keep_fit: bool = False) -> None:
        page = self.current_page()
        self._fit_width = keep_fit
        self.fit_button.setChecked(keep_fit)
        self._scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        for label in self.page_labels:
            size = self.pages.size(label.index)
            label.setFixedSize(round(size.width() * self._scale), round(size.height() * self._scale))
        self.zoom_label.setText(f"{self._scale * 100:.0f}%")
        self.container.layout().activate()
        self.go_to_page(page)
        self._render_timer.start()

    @property
    def scale(self) -> float:
        return self._scale

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit_width:
            self.set_scale(self.fit_scale(), keep_fit=True)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._fit_width:
            self.set_scale(self.fit_scale(), keep_fit=True)

    # -- pages
    def page_count(self) -> int:
        return len(self.page_labels)

    def current_page(self) -> int:
        """The 0-based page at the upper third of the view."""
        if not self.page_labels:
            return 0
        mark = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        for label in self.page_labels:
            if label.geometry().bottom() + PAGE_GAP >= mark:
                return label.index
        return self.page_labels[-1].index

    def go_to_page(self, index: int) -> None:
        if not self.page_labels:
            return
        index = max(0, min(index, len(self.page_labels) - 1))
        self.scroll.verticalScrollBar().setValue(self.page_labels[index].y() - PAGE_GAP)
        self._show_position()

    def _scrolled(self) -> None:
        self._show_position()
        self._render_timer.start()

    def _show_position(self) -> None:
        count = self.page_count()
        page = self.current_page()
        self.page_label.setText(f"第 {page + 1 if count else 0} 页 / 共 {count} 页")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)

    def _render_visible(self) -> None:
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        visible = [lb.index for lb in self.page_labels if lb.geometry().bottom() >= top and lb.y() <= bottom]
        if not visible:
            return
        keep = range(max(0, visible[0] - KEEP_AROUND), min(len(self.page_labels), visible[-1] + KEEP_AROUND + 1))
        ratio = self.devicePixelRatioF()
        for label in self.page_labels:
            if label.index in keep:
                if label.rendered_scale != self._scale:
                    image = self.pages.render(label.index, self._scale * 72 * ratio)
                    pixmap = QPixmap.fromImage(image)
                    pixmap.setDevicePixelRatio(ratio)
                    label.setPixmap(pixmap)
                    label.rendered_scale = self._scale
            elif label.rendered_scale is not None:  # far from the view: let its pixels go
                label.clear()
                label.rendered_scale = None

    def rendered_pages(self) -> list[int]:
        return [lb.index for lb in self.page_labels if lb.rendered_scale is not None]

    # -- actions
    def print_document(self) -> bool:
        return print_pdf(self, self.path, self.title, self.page_count())

    def open_in_viewer(self) -> bool:
        if messages.open_path(self.path):
            return True
        messages.show_error(self, f"没有找到可以打开 PDF 的程序。文件保存在：\n{self.path}", "无法打开 PDF")
        return False

    def _release(self) -> None:
        self.pages.close()


def show_preview(parent: QWidget | None, path: str | Path, title: str) -> PrintPreviewDialog | None:
    """Open the preview beside the window (not modal: the user may go on working); None if unreadable."""
    try:
        dialog = PrintPreviewDialog(path, title, parent)
    except UserError as exc:
        messages.show_error(parent, exc.message, "无法预览")
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def printers_available() -> bool:
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinters())


def print_pdf(parent: QWidget | None, path: str | Path, title: str, page_count: int) -> bool:
    """打印: Qt's print dialog (printer, copies, page range), then the pages painted at the printer's resolution
    off the GUI thread with progress. Without any printer: the system's PDF viewer. True once sent."""
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from app.ui.ledgers.pdf_pages import print_pages
    from app.ui.tasks import run_task

    if not printers_available():
        if messages.open_path(path):
            messages.show_info(parent, "这台电脑上没有找到打印机，已用系统的 PDF 阅读器打开文件，请在那里打印。",
                               "打印")
            return True
        messages.show_error(parent, f"这台电脑上没有找到打印机，也没有可以打开 PDF 的程序。文件保存在：\n{path}",
                            "无法打印")
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印 - {title}")
    dialog.setMinMax(1, max(1, page_count))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not accepted:
        return False
    ranged = printer.printRange() == QPrinter.PrintRange.PageRange
    first, last = (printer.fromPage(), printer.toPage()) if ranged else (0, 0)
    outcome = run_task(parent, lambda progress: print_pages(path, printer, first=first, last=last, progress=progress),
                       title="正在打印", text=f"正在打印{title}…", cancellable=True)
    return outcome.ok
