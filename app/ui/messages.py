"""Chinese message boxes and confirmations, in one place.

Dialogs call these functions through the module (``messages.show_error(...)``), never QMessageBox
directly, so the buttons always read 确定/取消 and tests can replace the functions with recorders
instead of blocking on a modal box.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from app import APP_TITLE
from app.kit.errors import UserError


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title or APP_TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    return box


def show_error(parent: QWidget | None, text: str, title: str = "无法保存", detail: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text, detail)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def focus_error_field(error: UserError, focus: Mapping[str, QWidget] | None) -> QWidget | None:
    """Put the cursor in the widget of `error.field` (text selected, ready to retype); the widget, if any."""
    widget = (focus or {}).get(error.field or "")
    if widget is None:
        return None
    target = widget.focusProxy() or widget
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(target, QLineEdit):
        target.selectAll()
    return target


def show_user_error(parent: QWidget | None, error: UserError, focus: Mapping[str, QWidget] | None = None,
                    title: str = "无法保存") -> None:
    """The one way a dialog shows bad input: the Chinese message, then the cursor in the field at fault.

    `focus` maps field keys (UserError.field) to the dialog's widgets; nobody reads the message to find them.
    """
    show_error(parent, error.message, title)
    focus_error_field(error, focus)


def show_info(parent: QWidget | None, text: str, title: str, detail: str = "", *,
              file: str | os.PathLike[str] | None = None) -> None:
    """An information box; `title` says what it is about (never just the app's name). With `file` (an
    exported file) it also offers 打开文件 and 打开所在文件夹."""
    box = _box(parent, QMessageBox.Icon.Information, title, text, detail)
    open_file = open_folder = None
    if file is not None:
        open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
        open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    ok = box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.exec()
    clicked = box.clickedButton()
    if file is not None and clicked in (open_file, open_folder):
        target = Path(file) if clicked is open_file else Path(file).parent
        if not open_path(target):
            show_error(parent, f"无法打开：{target}", "无法打开")


def open_path(path: str | os.PathLike[str]) -> bool:
    """Open a file or folder with the system's program for it (the PDF viewer, Excel, Explorer)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_confirm(parent: QWidget | None, text: str, title: str = "请确认", *, yes_text: str = "确定",
                no_text: str = "取消", detail: str = "", default_yes: bool = False) -> bool:
    """Yes/no question; Esc means no. The safe answer is the default unless default_yes."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, detail)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes if default_yes else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_discard_changes(parent: QWidget | None) -> bool:
    """True when the user agrees to throw away what was typed."""
    return ask_confirm(parent, "填写的内容尚未保存，确定要放弃吗？", "放弃修改",
                       yes_text="放弃修改", no_text="继续填写")


def ask_text(parent: QWidget | None, text: str, title: str, *, ok_text: str = "确定") -> str | None:
    """One line of text from the user; None when cancelled. An empty answer is returned as "" (the caller
    says what was missing)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(text)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText(ok_text)
    dialog.setCancelButtonText("取消")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    answer = dialog.textValue()
    dialog.deleteLater()
    return answer if accepted else None


def run_dialog(dialog: QDialog) -> bool:
    """exec() a modal dialog; True when accepted. Read its results right away: it is deleted once control
    returns to the event loop (exec() alone leaves a dialog parented to a page alive, one per use)."""
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


def bullet_list(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)
