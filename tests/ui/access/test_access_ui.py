"""The start-up password and the idle lock, as the user meets them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QVBoxLayout
from shiboken6 import isValid

from app.services.access import control as access
from app.services.access.control import AccessControl
from app.ui.access.access_settings_dialog import AccessSettingsDialog
from app.ui.access.idle_locker import IdleLocker, LockCover
from app.ui.access.unlock_dialog import WRONG_PASSWORD, UnlockDialog, unlock_at_start
from app.ui.application import create_qt_application

PASSWORD = "zhibu-2026"


@pytest.fixture
def control(db, monkeypatch) -> AccessControl:
    monkeypatch.setattr(access, "LOG2_N", 10)  # cheaper scrypt: these tests check the flow, not the cost
    create_qt_application()
    return AccessControl(db)


@pytest.fixture
def protected(control) -> AccessControl:
    control.save(old="", new=PASSWORD, confirm=PASSWORD, remove=False, idle_minutes=15)
    return control


@pytest.fixture
def window(qtbot):
    w = QMainWindow()
    w.setCentralWidget(QLabel("张三丰 110105198003010011 13812345678"))
    w.resize(640, 420)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def make_locker():
    """IdleLockers that are always stopped, even when a test fails half-way."""
    made = []

    def make(*args, **kwargs) -> IdleLocker:
        locker = IdleLocker(*args, **kwargs)
        made.append(locker)
        return locker

    yield make
    for locker in made:
        if isValid(locker):
            locker.stop()


def enter(qtbot, dialog: UnlockDialog, text: str) -> None:
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


# -- at start


def test_start_prompt_wrong_then_right_password(qtbot, protected):
    dialog = UnlockDialog(protected.verify, at_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "支部台账 — 请输入启动密码"
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    enter(qtbot, dialog, "zhibu-2025")
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == WRONG_PASSWORD == "密码不正确，请重新输入。"
    assert dialog.password.text() == ""  # cleared for the next try
    enter(qtbot, dialog, "wrong")
    assert dialog.error.text() == "密码不正确，请重新输入。（已错 2 次）"
    enter(qtbot, dialog, PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_escape_at_start_means_do_not_open(qtbot, protected):
    dialog = UnlockDialog(protected.verify, at_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_without_a_password_the_app_opens_directly(control):
    assert unlock_at_start(control.has_password(), control.verify) is True  # no dialog, nothing to click


# -- the idle lock


def test_idle_lock_covers_the_window_and_unlocks_with_the_password(qtbot, protected, window, make_locker):
    quits = []
    locker = make_locker(protected, window, idle_ms=60, quit_app=lambda: quits.append(1))
    locker.start()
    assert locker.counting
    qtbot.waitUntil(lambda: locker.is_locked, timeout=3000)
    covers = window.findChildren(LockCover)
    assert len(covers) == 1 and covers[0].isVisible() and covers[0].geometry() == window.rect()
    dialog = locker.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "支部台账已锁定"
    assert dialog.windowModality() == Qt.WindowModality.ApplicationModal

    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)  # Esc is not a way in
    assert locker.is_locked and dialog.isVisible()
    enter(qtbot, dialog, "guess")
    assert locker.is_locked and dialog.error.text() == WRONG_PASSWORD
    enter(qtbot, dialog, PASSWORD)
    assert not locker.is_locked and not dialog.isVisible()
    assert locker.counting and quits == []  # counting down again
    # Stopped before waiting for the cover to go: with a 60 ms idle time a busy machine would lock again first.
    locker.stop()
    qtbot.waitUntil(lambda: not window.findChildren(LockCover))


def test_typing_and_clicking_postpone_the_lock(qtbot, protected, window, make_locker):
    locker = make_locker(protected, window, idle_ms=2000)
    locker.start()
    qtbot.wait(600)
    before = locker._timer.remainingTime()
    qtbot.keyClick(window.centralWidget(), Qt.Key.Key_A)
    assert locker._timer.remainingTime() > before + 300  # the countdown started again
    qtbot.wait(600)
    before = locker._timer.remainingTime()
    qtbot.mouseClick(window.centralWidget(), Qt.MouseButton.LeftButton)
    assert locker._timer.remainingTime() > before + 300
    assert not locker.is_locked
    locker.stop()


def test_open_form_is_covered_and_keeps_what_was_typed(qtbot, protected, window, make_locker):
    form = QDialog(window)
    field = QLineEdit(form)
    QVBoxLayout(form).addWidget(field)
    form.show()
    qtbot.keyClicks(field, "half typed")
    locker = make_locker(protected, window, idle_ms=60000)
    locker.start()
    locker.lock()
    assert len(form.findChildren(LockCover)) == 1 and len(window.findChildren(LockCover)) == 2
    enter(qtbot, locker.dialog, PASSWORD)
    assert form.isVisible() and field.text() == "half typed"
    locker.stop()


def test_quit_from_the_lock_asks_the_app_to_quit_and_stays_locked(qtbot, protected, window, make_locker):
    quits = []
    locker = make_locker(protected, window, idle_ms=60000, quit_app=lambda: quits.append(1))
    locker.start()
    locker.lock()
    first = locker.dialog
    assert first.quit_button.text() == "退出支部台账"
    qtbot.mouseClick(first.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [1]
    qtbot.waitUntil(lambda: locker.dialog is not None and locker.dialog.isVisible())
    assert locker.is_locked and window.findChildren(LockCover)  # if the app did not quit: still locked
    enter(qtbot, locker.dialog, PASSWORD)
    assert not locker.is_locked
    locker.stop()


def test_no_password_means_no_lock(qtbot, control, window, make_locker):
    locker = make_locker(control, window, idle_ms=10)
    locker.start()
    assert not locker.counting
    locker.lock()
    assert not locker.is_locked and not window.findChildren(LockCover)
    locker.stop()


# -- the settings dialog


def click_save(qtbot, dialog: AccessSettingsDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_setting_a_password_with_confirmation(qtbot, control, window, make_locker):
    locker = make_locker(control, window)
    locker.start()
    assert not locker.counting
    dialog = AccessSettingsDialog(control)
    qtbot.addWidget(dialog)
    dialog.accessChanged.connect(locker.reconfigure)
    dialog.show()
    assert dialog.status.text() == "当前：未设置启动密码，打开支部台账时不询问密码。"
    assert not dialog.current.isVisible() and not dialog.remove.isVisible()
    assert dialog.idle.value() == 15
    qtbot.keyClicks(dialog.new, PASSWORD)
    qtbot.keyClicks(dialog.confirm, PASSWORD + "x")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == "两次输入的新密码不一致，请重新输入"
    assert dialog.confirm.text() == "" and dialog.focusWidget() is dialog.confirm  # AccessError.field
    assert not control.has_password()
    qtbot.keyClicks(dialog.confirm, PASSWORD)
    dialog.idle.setValue(5)
    with qtbot.waitSignal(dialog.accessChanged):
        click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.outcome == "已设置启动密码：以后打开支部台账时需要输入此密码。闲置 5 分钟后自动锁定。"
    assert control.verify(PASSWORD) and control.idle_minutes() == 5
    assert locker.counting and locker.idle_ms == 5 * 60_000  # the lock is armed at once
    locker.stop()


def test_changing_and_removing_need_the_current_password(qtbot, protected):
    dialog = AccessSettingsDialog(protected)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status.text() == "当前：已设置启动密码。"
    assert dialog.current.isVisible() and dialog.remove.isVisible()
    dialog.remove.setChecked(True)
    assert not dialog.new.isEnabled() and not dialog.confirm.isEnabled()
    qtbot.keyClicks(dialog.current, "not-it")
    click_save(qtbot, dialog)
    assert dialog.error.text() == "当前密码不正确" and dialog.current.text() == ""
    assert dialog.focusWidget() is dialog.current
    assert protected.has_password()
    qtbot.keyClicks(dialog.current, PASSWORD)
    dialog.idle.setValue(0)
    assert dialog.idle.text() == "不自动锁定"
    click_save(qtbot, dialog)
    assert dialog.outcome == "已取消启动密码：以后打开支部台账时不再询问密码。不再自动锁定。"
    assert not protected.has_password()
