"""Asking for the start-up password: when the application opens, and when it has locked itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_TITLE
from app.kit.errors import UserError
from app.services.access.control import AccessError, unlock_delay_seconds

WRONG_PASSWORD = "密码不正确，请重新输入。"


class UnlockDialog(QDialog):
    """The password prompt. At start, cancelling (Esc, 退出, closing) quits; when locked, only the right
    password or an explicit 退出支部台账 ends it, so Esc cannot uncover the window behind."""

    QUIT_REQUESTED = 2  # exec()/finished result when the user chose to quit from the lock

    def __init__(self, verify: Callable[[str], bool], parent: QWidget | None = None, *,
                 at_start: bool, recover: Callable[[str, str, str], None] | None = None) -> None:
        super().__init__(parent)
        self._verify = verify
        self._recover = recover
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.timeout.connect(self._end_wait)
        self._at_start = at_start
        self.attempts = 0
        self.setWindowTitle(f"{APP_TITLE} — 请输入启动密码" if at_start else f"{APP_TITLE}已锁定")
        self.setModal(True)
        self.setMinimumWidth(380)
        # No "?" button, and when locked no close button either: the dialog is the only way back in.
        flags = self.windowFlags() & ~Qt.WindowType.WindowContextHelpButtonHint
        if not at_start:
            flags &= ~Qt.WindowType.WindowCloseButtonHint
        self.setWindowFlags(flags)

        heading = QLabel("请输入启动密码" if at_start else "支部台账已锁定")
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        explain = QLabel("打开支部台账需要输入启动密码。" if at_start else
                         "长时间没有操作，支部台账已自动锁定，以免他人查看党员信息。\n请输入启动密码继续使用。")
        explain.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("启动密码")
        self.password.setAccessibleName("启动密码")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        self.ok_button = QPushButton("进入" if at_start else "解锁")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._try_password)
        self.quit_button = QPushButton("退出" if at_start else "退出支部台账")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self._quit)
        buttons = QHBoxLayout()
        self.forgot_button = QPushButton("忘记密码…")
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.clicked.connect(self._forgot)
        self.forgot_button.setVisible(recover is not None)
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.quit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addSpacing(6)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self.password.setFocus()

    @property
    def at_start(self) -> bool:
        return self._at_start

    def _try_password(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt takes a tenth of a second
        try:
            right = self._verify(self.password.text())
        finally:
            QApplication.restoreOverrideCursor()
        if right:
            self.password.clear()  # nothing of it stays in the widget
            self.error.hide()
            self.accept()
            return
        self.attempts += 1
        self.error.setText(WRONG_PASSWORD if self.attempts == 1 else f"{WRONG_PASSWORD}（已错 {self.attempts} 次）")
        self.error.show()
        self.password.clear()
        self.password.setFocus()
        delay = unlock_delay_seconds(self.attempts)
        if delay:  # repeated wrong passwords: the next try waits
            self.error.setText(f"密码不正确（已错 {self.attempts} 次），请等 {delay} 秒后再试。")
            self.password.setEnabled(False)
            self.ok_button.setEnabled(False)
            self._wait_timer.start(delay * 1000)

    @property
    def waiting(self) -> bool:
        return self._wait_timer.isActive()

    def _end_wait(self) -> None:
        self._wait_timer.stop()
        self.password.setEnabled(True)
        self.ok_button.setEnabled(True)
        self.error.setText(f"{WRONG_PASSWORD}（已错 {self.attempts} 次）")
        self.password.setFocus()

    def _forgot(self) -> None:
        """The recovery key sets a new password; the dialog then lets the user in."""
        from app.ui import messages
        from app.ui.access.recovery_dialogs import RecoverDialog

        assert self._recover is not None
        if messages.run_dialog(RecoverDialog(self._recover, self)):
            self.password.clear()
            self.error.hide()
            messages.show_info(self, "已用恢复密钥设置了新的启动密码。", "新密码已设置")
            self.accept()

    def _quit(self) -> None:
        self.password.clear()
        if self._at_start:
            self.reject()
        else:
            self.done(self.QUIT_REQUESTED)

    def reject(self) -> None:
        if self._at_start:  # Esc or closing at start means: do not open the application
            self.password.clear()
            super().reject()
        # when locked, Esc does nothing

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and not self._at_start:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._at_start or not event.spontaneous():
            super().closeEvent(event)  # a quitting application (log-off, shutdown) may close it
        else:
            event.ignore()  # Alt+F4 on the lock is not a way in


def unlock_at_start(has_password: bool, verify: Callable[[str], bool], parent: QWidget | None = None,
                    recover: Callable[[str, str, str], None] | None = None) -> bool:
    """Before the main window shows: True to go on (no password, or the right one), False to quit."""
    if not has_password:
        return True
    return UnlockDialog(verify, parent, at_start=True, recover=recover).exec() == QDialog.DialogCode.Accepted


def ask_start_password(db) -> bool:
    """run_gui's step after the database opens: True to go on, False if the user chose not to open."""
    from app.services.access.control import AccessControl

    access = AccessControl(db)
    return unlock_at_start(access.has_password(), access.verify, recover=access.recover)


def unlock_encrypted_folder(data_dir: str | None, parent: QWidget | None = None) -> bool | None:
    """run_gui's step before the database opens: None when the data folder's database is not encrypted
    (the usual case: the password, if any, is asked after it opens); True when the password (or the
    recovery key, through 忘记密码) unlocked its key; False when the user chose not to open."""
    from app.config import DataFolderError, resolve_data_dir
    from app.services.access import encryption

    try:
        folder = resolve_data_dir(data_dir)
    except DataFolderError:
        return None  # opening the folder says what is wrong
    if not encryption.is_encrypted(folder) or encryption.is_unlocked(folder):
        return None
    from app.services.access.data_key import KeyFileError, key_file_path, read_key_file

    try:
        read_key_file(key_file_path(folder))
    except KeyFileError:
        return None  # no password can help: opening fails and the rescue window offers the backups

    def verify(password: str) -> bool:
        try:
            return encryption.unlock_folder(folder, password)
        except UserError:
            return False

    def recover(key: str, new: str, confirm: str) -> None:
        try:
            encryption.recover_before_open(folder, key, new, confirm)
        except AccessError:
            raise
        except UserError as exc:  # the key file or the folder: said in the dialog, never a traceback
            raise AccessError(str(exc)) from exc

    dialog = UnlockDialog(verify, parent, at_start=True, recover=recover)
    dialog.setWindowTitle(f"{APP_TITLE} — 数据库已加密，请输入启动密码")
    return dialog.exec() == QDialog.DialogCode.Accepted
