"""Issue 7 §7 in the GUI: the unlock dialog slows down; the recovery key is shown once and opens the ledger."""

from __future__ import annotations

import pytest

from app.services.access.control import AccessControl, unlock_delay_seconds
from app.ui import messages
from app.ui.access.access_settings_dialog import AccessSettingsDialog
from app.ui.access.recovery_dialogs import RecoverDialog, RecoveryKeyDialog
from app.ui.access.unlock_dialog import UnlockDialog

PASSWORD = "zhibu-2026"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    monkeypatch.setattr("app.services.access.verifier.LOG2_N", 10)


def test_the_unlock_dialog_waits_longer_after_repeated_wrong_passwords(qtbot):
    assert [unlock_delay_seconds(n) for n in range(1, 8)] == [0, 0, 5, 10, 20, 40, 60]
    dialog = UnlockDialog(lambda text: text == PASSWORD, at_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    for guess in ("a", "b"):
        dialog.password.setText(guess)
        dialog.ok_button.click()
        assert dialog.ok_button.isEnabled() and not dialog.waiting
    dialog.password.setText("c")
    dialog.ok_button.click()
    assert dialog.waiting and not dialog.ok_button.isEnabled() and not dialog.password.isEnabled()
    assert dialog.error.text() == "密码不正确（已错 3 次），请等 5 秒后再试。"
    dialog.password.setText(PASSWORD)  # typing is not possible while waiting; Enter does nothing either
    dialog._wait_timer.timeout.emit()  # the five seconds are over (no sleeping in tests)
    assert dialog.ok_button.isEnabled() and dialog.password.isEnabled()
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_setting_the_password_shows_the_recovery_key_once(qtbot, db, monkeypatch):
    shown: list[RecoveryKeyDialog] = []

    def record(dialog):
        shown.append(dialog)
        dialog.grab().save("/tmp/recovery_key.png")
        return True

    monkeypatch.setattr(messages, "run_dialog", record)
    access = AccessControl(db)
    dialog = AccessSettingsDialog(access)
    qtbot.addWidget(dialog)
    dialog.new.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD)
    dialog._save()
    assert len(shown) == 1
    key = shown[0].key_label.text()
    assert len(key.replace("-", "")) == 30 and access.last_recovery_key is None

    again = AccessSettingsDialog(access)  # changing the password later shows no key
    qtbot.addWidget(again)
    again.current.setText(PASSWORD)
    again.new.setText("second-pass")
    again.confirm.setText("second-pass")
    again._save()
    assert len(shown) == 1

    # forgotten: the key sets a new password from the unlock dialog, which then lets the user in
    def recover_in_dialog(dialog):
        if isinstance(dialog, RecoverDialog):
            dialog.key.setText("wrong-key")
            dialog.new.setText("third-pass")
            dialog.confirm.setText("third-pass")
            dialog._save()
            assert "恢复密钥不正确" in dialog.error.text()
            dialog.key.setText(key.lower())
            dialog._save()
            return dialog.result() == dialog.DialogCode.Accepted
        return True

    monkeypatch.setattr(messages, "run_dialog", recover_in_dialog)
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    unlock = UnlockDialog(access.verify, at_start=True, recover=access.recover)
    qtbot.addWidget(unlock)
    assert unlock.forgot_button.isVisibleTo(unlock)
    unlock.forgot_button.click()
    assert unlock.result() == unlock.DialogCode.Accepted
    assert access.verify("third-pass") and not access.verify("second-pass")
