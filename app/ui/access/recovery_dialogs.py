"""The recovery key in the GUI: shown once when the start-up password is set; used when it is forgotten."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_TITLE
from app.services.access.control import AccessError


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key, once: to print or copy down and keep with the branch secretary."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_TITLE} — 恢复密钥")
        self.key_label = QLabel(key)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.5)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain = QLabel(
            "这是启动密码的恢复密钥。忘记启动密码时，可在“请输入启动密码”窗口点“忘记密码”，"
            "用它设置新密码。\n请把它打印或抄写下来，交支部书记另行保管，不要和电脑放在一起。"
            "它只显示这一次。")
        explain.setWordWrap(True)
        self.copy_button = QPushButton("复制")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(key))
        buttons = QDialogButtonBox()
        done = buttons.addButton("我已记下", QDialogButtonBox.ButtonRole.AcceptRole)
        done.setDefault(True)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.key_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


class RecoverDialog(QDialog):
    """Forgotten start-up password: the recovery key and a new password (typed twice)."""

    def __init__(self, recover: Callable[[str, str, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recover = recover
        self.setWindowTitle(f"{APP_TITLE} — 用恢复密钥设置新密码")
        explain = QLabel("请输入设置启动密码时显示的恢复密钥（不区分大小写，横线可省略），再设置新的启动密码。")
        explain.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setPlaceholderText("恢复密钥，如 K7MPQ-2XR4T-…")
        self.new = QLineEdit()
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.new.setPlaceholderText("新的启动密码")
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setPlaceholderText("再输入一次新密码")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("设置新密码", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (explain, self.key, self.new, self.confirm, self.error, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)
        self.key.setFocus()

    def _save(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._recover(self.key.text(), self.new.text(), self.confirm.text())
        except AccessError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        finally:
            QApplication.restoreOverrideCursor()
        for field in (self.key, self.new, self.confirm):
            field.clear()
        self.accept()
