"""The 保存 / 取消 button row of the entry dialogs: 保存 is the default (Enter), 取消 the escape."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def save_cancel_buttons(dialog: QDialog) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A button box wired to the dialog's accept() and reject(); returns (box, save, cancel)."""
    box = QDialogButtonBox(dialog)
    save = box.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    save.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, save, cancel
