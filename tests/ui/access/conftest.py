"""The recovery key dialog is modal: tests that set a first password get it accepted at once."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def recovery_key_noted(monkeypatch):
    from PySide6.QtWidgets import QDialog

    from app.ui.access.recovery_dialogs import RecoveryKeyDialog

    shown: list[str] = []

    def exec_(dialog) -> int:
        shown.append(dialog.key_label.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryKeyDialog, "exec", exec_)
    return shown
