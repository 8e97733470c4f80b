"""The ordinary start-up: the main window's frame paints first, then the database opens and its page is built.

SQLAlchemy, the models and the roster page cost more than the rest of the start-up together; the frame
(navigation, menus, title and status texts, the sample banner) needs none of them. When a plain look at
the database (app/infra/start_peek.py) says nothing out of the ordinary is due — no migration, no start-up
password, no first-run dialog — the window shows at once and the database is opened right after its first
paint. Otherwise run_quick_start returns None having shown nothing, and run_gui takes its full path.

Three steps, each after the previous one painted: the frame; the page shown, if it can read its data with
plain sqlite3 (the roster: MainWindow.show_early_page); then the database opens (SQLAlchemy, the models,
the page handed over to the database without a change on the screen).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.ui import messages

LATEST_OPEN_MS = 1000  # open the database even if no paint came (a window that is never exposed gets none)


class _AfterFirstPaint(QObject):
    """Calls `step` once, on the event-loop turn after the watched widget's first paint."""

    def __init__(self, window, step) -> None:
        super().__init__(window)
        self._step = step
        self._due = True
        window.installEventFilter(self)
        QTimer.singleShot(LATEST_OPEN_MS, self.run)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._due:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.run)
        return False

    def run(self) -> None:
        if self._due:
            self._due = False
            self._step()


def run_quick_start(app: QApplication, data_dir: str | None) -> int | None:
    """Run the application the quick way and return its exit code, or None if the full path must run."""
    from app.config import resolve_data_dir
    from app.infra.instance_lock import acquire_instance_lock
    from app.infra.start_peek import peek_at_start

    try:
        folder = resolve_data_dir(data_dir)
        lock = acquire_instance_lock(folder)
    except Exception:  # noqa: BLE001 - another copy running, a folder that cannot be made: the full path says so
        return None
    peek = peek_at_start(folder)
    if peek is None:
        lock.release()
        return None
    from app.ui.main_window import MainWindow

    window = MainWindow(None, folder=folder, peek=peek)
    started: dict[str, object] = {}

    def open_database() -> None:
        from app.services.common.storage import open_data_folder
        from app.ui.access.idle_locker import start_idle_lock

        try:
            db = open_data_folder(folder, lock=lock)  # gives the lock back if it fails
        except Exception as exc:  # noqa: BLE001 - any failure here is shown, never a traceback
            messages.show_error(window, str(exc) or type(exc).__name__, "无法打开数据")
            started["failed"] = True
            window.close()
            return
        window.attach_database(db)
        started["locker"] = start_idle_lock(window)  # kept here, so it lives as long as the event loop

    def show_early_page() -> None:
        early = window.show_early_page()
        if early is None:
            open_database()
        else:  # the page's rows paint before SQLAlchemy is imported
            _AfterFirstPaint(early, open_database)

    _AfterFirstPaint(window, show_early_page)
    window.show()
    code = app.exec()
    if "locker" in started:
        started["locker"].stop()
    if window.database is not None:  # a restore may have reopened it
        window.database.dispose()
    else:
        lock.release()
    return 1 if started.get("failed") else code
