"""Start-up as the user meets it: the password prompt before the window, the refusal when another copy runs,
and the settings entry in the 设置 menu. Modal exec() calls are replaced by functions that work the real
dialog's widgets, and the event loop by a function that looks at the running application."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from app.infra.instance_lock import _try_lock, _unlock, lock_path
from app.services.access.control import AccessControl
from app.ui import application, messages
from app.ui.access.access_settings_dialog import AccessSettingsDialog
from app.ui.access.idle_locker import IdleLocker, start_idle_lock
from app.ui.access.unlock_dialog import UnlockDialog
from app.ui.main_window import MainWindow
from tests.infra.lock_helpers import folder_is_free

PASSWORD = "zhibu-2026"


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr("app.services.access.verifier.LOG2_N", 10)
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda db, on_exit=False, **kw: None)


@pytest.fixture
def protected_folder(branch_db, data_dir):
    AccessControl(branch_db).save(old="", new=PASSWORD, confirm=PASSWORD, remove=False, idle_minutes=15)
    branch_db.dispose()
    return data_dir




def answer_prompt(monkeypatch, answers: list[str | None], seen: list[UnlockDialog]) -> None:
    """UnlockDialog.exec types each answer and clicks 进入; None presses Esc."""

    def exec_(dialog: UnlockDialog) -> int:
        seen.append(dialog)
        dialog.show()
        for answer in answers:
            if answer is None:
                QTest.keyClick(dialog.password, Qt.Key.Key_Escape)
                break
            dialog.password.setText(answer)
            dialog.ok_button.click()
            if not dialog.isVisible():
                break
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", exec_)


def test_password_asked_before_the_window_then_the_lock_is_armed(qtbot, monkeypatch, protected_folder):
    seen: list[UnlockDialog] = []
    answer_prompt(monkeypatch, ["wrong", PASSWORD], seen)
    during = {}

    def event_loop(app) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        during["window"] = windows[0]
        during["locker"] = windows[0].findChild(IdleLocker)
        during["free"] = folder_is_free(protected_folder)
        windows[0].close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert application.run_gui(str(protected_folder)) == 0
    assert len(seen) == 1 and seen[0].attempts == 1 and seen[0].result() == QDialog.DialogCode.Accepted
    locker = during["locker"]
    assert locker is not None and locker.idle_ms == 15 * 60_000
    assert during["free"] is False  # the running window holds the data folder
    assert folder_is_free(protected_folder)  # and gives it back on exit
    during["window"].deleteLater()


def test_escape_at_the_prompt_does_not_open_the_app(qtbot, monkeypatch, protected_folder):
    seen: list[UnlockDialog] = []
    answer_prompt(monkeypatch, [None], seen)
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("the main window must not open"))
    assert application.run_gui(str(protected_folder)) == 0
    assert seen[0].result() == QDialog.DialogCode.Rejected
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert folder_is_free(protected_folder)


def test_no_password_opens_directly(qtbot, monkeypatch, branch_db, data_dir):
    branch_db.dispose()
    monkeypatch.setattr(UnlockDialog, "exec", lambda d: pytest.fail("no password: no prompt"))
    opened = []

    def event_loop(app) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        # the quick start opens the database and arms the lock on the turn after the first paint
        qtbot.waitUntil(lambda: window.findChild(IdleLocker) is not None)
        opened.append(window.findChild(IdleLocker).counting)
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert application.run_gui(str(data_dir)) == 0
    assert opened == [False]  # no password: nothing to lock


def test_second_copy_is_refused_with_a_message_and_exit_code_1(qtbot, monkeypatch, data_dir):
    shown = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, text, title="", detail="": shown.append((title, text)))
    # Another copy of the application: a separate open of the lock file, holding it.
    fd = os.open(lock_path(data_dir), os.O_RDWR | os.O_CREAT)
    try:
        assert _try_lock(fd)
        assert application.run_gui(str(data_dir)) == 1
        _unlock(fd)
    finally:
        os.close(fd)
    assert shown == [("支部台账已在运行",
                      f"数据文件夹正被另一个支部台账窗口使用：{data_dir}。请先关闭另一个窗口。")]
    assert not (data_dir / "ledger.sqlite3").exists()  # it did not touch the data


def test_settings_menu_sets_the_password_and_arms_the_lock(qtbot, monkeypatch, branch_db):
    application.create_qt_application()
    window = MainWindow(branch_db)
    qtbot.addWidget(window)
    window.show()
    locker = start_idle_lock(window)
    assert not locker.counting
    action = next(a for a in window.settings_menu.actions() if a.text() == "启动密码与自动锁定(&L)…")

    def fill(dialog: AccessSettingsDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.new, PASSWORD)
        qtbot.keyClicks(dialog.confirm, PASSWORD)
        dialog.idle.setValue(10)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(AccessSettingsDialog, "exec", fill)
    action.trigger()
    assert window.statusBar().currentMessage() == \
        "已设置启动密码：以后打开支部台账时需要输入此密码。闲置 10 分钟后自动锁定。"
    assert locker.counting and locker.idle_ms == 10 * 60_000
    locker.lock()
    assert locker.is_locked and locker.dialog.isVisible()
    locker.dialog.password.setText(PASSWORD)
    locker.dialog.ok_button.click()
    assert not locker.is_locked
    locker.stop()
