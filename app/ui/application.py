"""Start-up of the desktop application: Qt set-up, the data folder, first run, the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from app import APP_NAME, APP_TITLE
from app.models.database import Database
from app.ui import messages
from app.ui.qt_setup import ensure_cjk_font, install_chinese_translation


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
        return open_data_folder(data_dir)
    except AlreadyRunningError as exc:  # one writer: the other window has the data folder
        messages.show_error(None, str(exc), "支部台账已在运行")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure here is shown, never a traceback
        messages.show_error(None, str(exc) or type(exc).__name__, "无法打开数据")
        return None


def ensure_branch(db: Database) -> bool:
    """On an empty database, ask for the branch profile or the sample branch. False if the user quits."""
    from app.services.common.branch import is_empty

    with db.session() as session:
        if not is_empty(session):
            return True
    from app.ui.branch.branch_profile_dialog import BranchProfileDialog

    return bool(BranchProfileDialog(db, first_run=True).exec())


def run_gui(data_dir: str | None = None) -> int:
    from app.services.common.storage import discard_new_data_folder, folder_before_opening

    app = create_qt_application()
    before = folder_before_opening(data_dir)
    db = open_database_or_explain(data_dir)
    if db is None:
        return 1
    from app.ui.access.unlock_dialog import ask_start_password

    if not ask_start_password(db):  # a start-up password is set and the user did not give it
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
    db.dispose()
    return code
