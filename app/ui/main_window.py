"""The main window: a left navigation over the product's areas, a status bar, remembered geometry."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_TITLE, __version__
from app.kit import registry
from app.kit.findings import BRANCH_PROFILE_TARGET
from app.kit.registry import Area
from app.ui import messages
from app.ui.not_built_page import NotBuiltPage
from app.ui.qt_setup import ui_settings_at

if TYPE_CHECKING:  # the services and models (SQLAlchemy) are imported after the first paint
    from app.infra.start_peek import StartPeek
    from app.models.database import Database


def navigation_areas() -> list[Area]:
    """The areas in navigation order, from the registry (app.areas declares them)."""
    return registry.areas()


def build_page(area: Area, db: Database) -> QWidget:
    """An area's page: its declared class built with the database, or the plain "not built yet" page."""
    if area.page is None:
        return NotBuiltPage(area.title, area.plans)
    return registry.resolve(area.page)(db)


def build_early_page(area: Area, folder: Path | None) -> QWidget | None:
    """An area's page before the database is open (the quick start), or None: it is built when the database
    is open. A page class that can show its data read with plain sqlite3 offers `before_database(folder)`
    (and `attach_database(db)`, called when the database is open)."""
    if area.page is None or folder is None:
        return None
    early = getattr(registry.resolve(area.page), "before_database", None)
    return early(folder) if early is not None else None


DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 760
FRAME_ALLOWANCE = 40  # title bar and borders lie outside the geometry Qt sets


def default_window_geometry(available: QRect) -> QRect:
    """First start: the default size shrunk to the screen's free area, centred in it.

    A 1366x768 school laptop has about 728 pixels above the taskbar: 760 plus the title bar would hide the
    status bar and the roster's counts under the taskbar.
    """
    width = min(DEFAULT_WIDTH, available.width() - 16)
    height = min(DEFAULT_HEIGHT, available.height() - FRAME_ALLOWANCE)
    left = available.left() + (available.width() - width) // 2
    top = available.top() + FRAME_ALLOWANCE + (available.height() - FRAME_ALLOWANCE - height) // 2
    return QRect(left, top, width, height)


class MainWindow(QMainWindow):
    """Holds the pages; builds each on first visit so start-up stays quick.

    The quick start (app/ui/quick_start.py) builds it without a database: the frame, the navigation and
    the status texts read by `peek` paint first, and attach_database() then builds the page shown.
    """

    databaseReopened = Signal()
    accessChanged = Signal()  # the start-up password or idle-lock time changed (the idle locker listens)

    def __init__(self, db: Database | None, parent: QWidget | None = None, *, folder: Path | None = None,
                 peek: StartPeek | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._folder = folder
        self._peek = peek
        if db is not None:
            from app.services.common.storage import data_folder_of

            self._folder = data_folder_of(db)
        self._settings = ui_settings_at(self._folder)
        self._pages: dict[str, QWidget] = {}
        self._early_pages = False  # show_early_page() was called: pages may be built before the database
        self._areas = navigation_areas()
        self.setWindowTitle(APP_TITLE)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(132)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; }"
                               "QListWidget#navigation::item { padding: 8px 14px; }")
        for area in self._areas:
            item = QListWidgetItem(area.title)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setSizeHint(item.sizeHint().expandedTo(self.nav.fontMetrics().size(0, "国") * 2.4))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.sample_banner = self._build_sample_banner()
        pages = QVBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.setSpacing(0)
        pages.addWidget(self.sample_banner)
        pages.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addLayout(pages, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_area)

        self.branch_label = QLabel()
        self.folder_label = QLabel()
        self.statusBar().addWidget(self.branch_label)
        self.statusBar().addPermanentWidget(self.folder_label)
        self._build_menus()
        self._update_status()
        self._restore_state()

    # -- pages
    def page(self, key: str) -> QWidget | None:
        """The area's page, built on first use (None before the database is open, for a page that needs it)."""
        if key not in self._pages:
            area = next(a for a in self._areas if a.key == key)
            widget = build_page(area, self._db) if self._db is not None else build_early_page(area, self._folder)
            if widget is None:
                return None
            self._pages[key] = widget
            self.stack.addWidget(widget)
            for signal_name in ("membersChanged", "dataChanged"):
                signal = getattr(widget, signal_name, None)
                if signal is not None:
                    signal.connect(self._data_changed)
            opener = getattr(widget, "openTarget", None)  # the home page's reminders: go where they point
            if opener is not None:
                opener.connect(self.open_target)
            release = getattr(widget, "releaseDatabase", None)
            if release is not None:
                release.connect(self.release_database)
            replaced = getattr(widget, "databaseReplaced", None)
            if replaced is not None:
                replaced.connect(self.reopen_database)
        return self._pages[key]

    def show_early_page(self) -> QWidget | None:
        """The quick start, after the frame's first paint: show the current area's page before the database
        opens, if its page can read its data with plain sqlite3 (see build_page). The page, or None."""
        self._early_pages = True
        self._show_area(self.nav.currentRow())
        return self.stack.currentWidget()

    def attach_database(self, db: Database) -> None:
        """The quick start's last step: the database is open; pages shown before it get it, the page shown is
        built if it was not, and the status is read."""
        self._db = db
        self._peek = None
        for widget in self._pages.values():
            attach = getattr(widget, "attach_database", None)
            if attach is not None:
                attach(db)
        self._show_area(self.nav.currentRow())
        self._update_status()

    def _show_area(self, row: int) -> None:
        if row < 0 or (self._db is None and not self._early_pages):  # attach_database() shows it
            return
        key = self._areas[row].key
        widget = self.page(key)
        if widget is None:  # a page that needs the database: attach_database() shows it
            return
        self.stack.setCurrentWidget(widget)
        self._settings.setValue("window/last_page", key)

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(next(i for i, a in enumerate(self._areas) if a.key == key))

    def open_target(self, target: str) -> None:
        """Go where a reminder or a finding points: "area" shows the area's page; "area:kind:id" (or
        "area:kind:value") also asks that page to open the record, when its page knows how (`open_record`)."""
        if target == BRANCH_PROFILE_TARGET:  # not a page: the 设置 → 支部信息 dialog
            self._edit_profile()
            return
        area, _, record = target.partition(":")
        if not any(a.key == area for a in self._areas):
            return
        self.show_area(area)
        if record and self._db is not None:
            opener = getattr(self.page(area), "open_record", None)
            if opener is not None:
                opener(record)

    def _data_changed(self) -> None:
        """A page wrote data: other built pages reload what they show."""
        self._refresh_pages(skip=self.sender())

    def _refresh_pages(self, skip: object = None) -> None:
        for widget in self._pages.values():
            if widget is not skip and hasattr(widget, "refresh"):
                widget.refresh()
        self._update_status()

    def release_database(self) -> None:
        """A page is about to swap the data folder's files (a restore): close every connection to them.
        The window owns the database; pages never dispose it."""
        self._db.dispose()

    def reopen_database(self) -> None:
        """After a restore swapped the database file: open it again and rebuild every page."""
        from app.services.common.storage import data_folder_of, open_data_folder

        folder = data_folder_of(self._db)
        self._db.dispose()
        try:
            self._use_database(open_data_folder(folder))
        except Exception as exc:  # noqa: BLE001 - shown to the user, app stays up
            messages.show_error(self, f"恢复后重新打开数据失败：{exc}", "无法打开数据")

    def convert_database(self, job, title: str) -> bool:
        """Encrypting or decrypting the database file (the access settings): ``job(db, progress)`` runs off
        the GUI thread with a progress dialog and returns the Database to use; every page is then built on
        it. On failure the message is shown and the current database stays (the conversion undid itself)."""
        from app.ui.tasks import run_task

        db = self._db
        outcome = run_task(self, lambda progress: job(db, progress), title=title,
                           text=f"{title}：先写出新文件并校验，再替换原文件，请稍候…")
        if not outcome.ok:
            return False
        self._use_database(outcome.value)
        return True

    def _use_database(self, db: Database) -> None:
        """Show another database (restored, or a fresh one): every page is built anew on it."""
        self._db = db
        current = self._areas[max(self.nav.currentRow(), 0)].key
        for widget in self._pages.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._pages.clear()
        self.show_area(current)
        self._show_area(self.nav.currentRow())
        self._update_status()
        self.databaseReopened.emit()

    def start_own_branch(self) -> bool:
        """Leave the sample branch: its data goes to the backups folder, then the branch profile is asked."""
        if self._db is None:
            return False
        if not messages.ask_confirm(
                self, "开始录入本支部的真实信息？\n\n示例支部的虚构数据将移到数据文件夹的 backups 中保存"
                      "（不会删除），然后请填写本支部的基本信息。", "开始使用本支部", yes_text="开始使用"):
            return False
        from app.services.common.storage import ReplaceDatabaseError, replace_with_empty_database

        try:
            fresh, _aside = replace_with_empty_database(self._db, "示例支部")
        except ReplaceDatabaseError as exc:
            messages.show_error(self, f"无法移走示例数据。{exc}\n请关闭正在使用数据文件夹的其他程序后重试。",
                                "无法开始")
            return False
        self._use_database(fresh)
        from app.ui.branch.branch_profile_dialog import BranchProfileDialog

        messages.run_dialog(BranchProfileDialog(self._db, self))
        self._refresh_pages()
        return True

    def _build_sample_banner(self) -> QWidget:
        banner = QFrame()
        banner.setObjectName("sampleBanner")
        banner.setStyleSheet("QFrame#sampleBanner { background: #fff4d6; border-bottom: 1px solid #e0c070; }")
        text = QLabel("当前是<b>示例支部</b>（虚构数据），可以随意试用。准备好后，点右边的按钮开始录入本支部的真实信息。")
        start = QPushButton("开始使用本支部…")
        start.clicked.connect(self.start_own_branch)
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 6, 16, 6)
        row.addWidget(text, 1)
        row.addWidget(start)
        banner.hide()
        return banner

    @property
    def database(self) -> Database:
        return self._db

    # -- chrome
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.settings_menu = self.menuBar().addMenu("设置(&S)")
        profile_action = QAction("支部信息(&B)…", self)
        profile_action.triggered.connect(self._edit_profile)
        self.settings_menu.addAction(profile_action)
        access_action = QAction("启动密码与自动锁定(&L)…", self)
        access_action.triggered.connect(self._edit_access)
        self.settings_menu.addAction(access_action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于支部台账(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _edit_profile(self) -> None:
        if self._db is None:
            return
        from app.ui.branch.branch_profile_dialog import BranchProfileDialog

        dialog = BranchProfileDialog(self._db, self)
        if messages.run_dialog(dialog):
            self._refresh_pages()

    def _edit_access(self) -> None:
        if self._db is None:
            return
        from app.services.access.control import AccessControl
        from app.ui.access.access_settings_dialog import AccessSettingsDialog

        dialog = AccessSettingsDialog(AccessControl(lambda: self._db), self, convert=self.convert_database)
        dialog.accessChanged.connect(self.accessChanged)
        if messages.run_dialog(dialog):
            self.statusBar().showMessage(dialog.outcome, 10_000)

    def _about(self) -> None:
        messages.show_info(self, f"<b>{APP_TITLE}</b> {__version__}<br>"
                           "学校党支部台账管理（花名册、变更、备份与打印）。<br>数据只保存在本机的数据文件夹中。",
                           "关于支部台账")

    def _update_status(self) -> None:
        if self._db is None:  # the quick start's frame: what the plain look at the database read
            name, sample, folder = self._peek.branch_name, self._peek.is_sample, self._folder
        else:
            from app.services.common.branch import display_name, get_profile
            from app.services.common.settings import get_setting
            from app.services.common.storage import data_folder_of

            with self._db.session() as session:
                name = display_name(get_profile(session))
                sample = bool(get_setting(session, "demo.is_sample"))
            folder = data_folder_of(self._db)
        self.sample_banner.setVisible(sample)
        self.branch_label.setText(f"支部：{name}")
        self.folder_label.setText(f"数据文件夹：{folder}")
        # the branch first and the app last: Qt appends the application display name to a title that
        # does not already end with it, which doubled it ("支部台账 — 支部 — 支部台账")
        self.setWindowTitle(f"{name} — {APP_TITLE}")

    def _restore_state(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.setGeometry(default_window_geometry(self.screen().availableGeometry()))
        last = self._settings.value("window/last_page", "home")  # a fresh install opens on 首页
        keys = [a.key for a in self._areas]
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.sync()
        if self._db is not None:  # closed before the quick start opened the database: nothing to back up
            self._backup_on_exit()
        super().closeEvent(event)

    def _backup_on_exit(self) -> None:
        """The automatic local backup (at most daily), taken while the window can still report a failure."""
        from app.services.backup import auto_backup
        from app.ui.tasks import run_task, task_error_text

        self.statusBar().showMessage("正在自动备份…")
        db = self._db
        outcome = run_task(self, lambda _progress: auto_backup.auto_backup_if_due(db, on_exit=True),
                           title="自动备份", text="正在自动备份，请稍候…", show_errors=False)
        if outcome.error is not None:  # the user must hear of it, the app still closes
            messages.show_error(self, f"退出前的自动备份没有完成：{task_error_text(outcome.error)}\n"
                                "您的数据没有丢失；建议在“备份”页手动备份一次。", "自动备份失败")
