"""Start-up of the desktop application: Qt set-up, the data folder, first run, the main window."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from app import APP_NAME, APP_TITLE
from app.ui import messages
from app.ui.qt_setup import ensure_cjk_font, install_chinese_translation

if TYPE_CHECKING:  # SQLAlchemy is imported after the first paint (app/ui/quick_start.py)
    from app.models.database import Database


def create_qt_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setOrganizationName(APP_NAME)
    install_chinese_translation(app)
    ensure_cjk_font(app)
    return app


def open_database_or_explain(data_dir: str | None) -> Database | None:
    """Open the data folder; on failure tell the user in Chinese what happened and return None."""
    from app.infra.instance_lock import AlreadyRunningError
    from app.services.common.storage import open_data_folder

    try:
        db = open_data_folder(data_dir)
        if getattr(db, "restore_notice", None):  # an interrupted restore was finished or undone
            messages.show_info(None, db.restore_notice, "上次的恢复")
        return db
    except AlreadyRunningError as exc:  # one writer: the other window has the data folder
        messages.show_error(None, str(exc), "支部台账已在运行")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure here is shown, never a traceback
        return rescue_or_explain(data_dir, exc)


def rescue_or_explain(data_dir: str | None, exc: Exception) -> Database | None:
    """The rescue window (what is wrong, the backups found, restore one) instead of an error box; after a
    restore the folder is opened again. None when the user quits."""
    from app.config import DataFolderError, resolve_data_dir
    from app.services.backup.rescue import explain_open_failure
    from app.services.common.storage import DamagedDatabaseError

    try:
        folder = resolve_data_dir(data_dir)
    except DataFolderError as folder_exc:  # no folder to rescue: say why
        messages.show_error(None, str(folder_exc), "无法打开数据")
        return None
    if isinstance(exc, DataFolderError) and not isinstance(exc, DamagedDatabaseError):
        messages.show_error(None, str(exc), "无法打开数据")  # a read-only folder: a restore cannot help
        return None
    from app.ui.rescue.rescue_window import RescueWindow

    window = RescueWindow(folder, explain_open_failure(exc, folder))
    if not messages.run_dialog(window):
        return None
    return open_database_or_explain(str(folder))


def ensure_branch(db: Database) -> bool:
    """On an empty database, ask for the branch profile or the sample branch. False if the user quits."""
    from app.services.common.branch import is_empty

    with db.session() as session:
        if not is_empty(session):
            return True
    from app.ui.branch.branch_profile_dialog import BranchProfileDialog

    return bool(BranchProfileDialog(db, first_run=True).exec())


def run_gui(data_dir: str | None = None) -> int:
    from app.config import folder_before_opening

    app = create_qt_application()
    before = folder_before_opening(data_dir)  # before anything creates it: 取消 on first run leaves nothing
    from app.ui.quick_start import run_quick_start

    code = run_quick_start(app, data_dir)  # the ordinary start: the window paints before the database opens
    if code is not None:
        return code
    from app.services.common.storage import discard_new_data_folder
    from app.ui.access.unlock_dialog import ask_start_password, unlock_encrypted_folder

    unlocked = unlock_encrypted_folder(data_dir)  # an encrypted database needs its key before it opens
    if unlocked is False:
        return 0
    db = open_database_or_explain(data_dir)
    if db is None:
        return 1
    if not unlocked and not ask_start_password(db):  # a start-up password is set and the user did not give it
        db.dispose()
        return 0
    if not ensure_branch(db):  # 取消 on first run: leave no empty database, lock file or folders behind
        discard_new_data_folder(db, before)
        return 0
    from app.ui.main_window import MainWindow

    window = MainWindow(db)
    window.show()
    from app.ui.access.idle_locker import start_idle_lock

    locker = start_idle_lock(window)  # referenced below, so it surely lives as long as the event loop
    code = app.exec()
    locker.stop()
    db = window.database  # a restore may have reopened it
    from app.services.common.storage import data_folder_of, remove_print_previews

    remove_print_previews(data_folder_of(db))  # the PDFs opened for printing hold full ID numbers
    db.dispose()
    return code
