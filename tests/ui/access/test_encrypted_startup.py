"""Issue 7 §7, encryption at rest in the GUI: the unlock dialog opens an encrypted ledger before its
database is opened (the password, or the recovery key through 忘记密码), and the settings dialog turns
the encryption on and off with its Chinese explanation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from app.infra import ledger_db
from app.services.access import encryption
from app.ui import application, messages
from app.ui.access.access_settings_dialog import AccessSettingsDialog
from app.ui.access.recovery_dialogs import RecoverDialog
from app.ui.access.unlock_dialog import UnlockDialog
from app.ui.main_window import MainWindow
from tests.ui.access.test_access_startup import answer_prompt

PASSWORD = "zhibu-2026"


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr("app.services.access.verifier.LOG2_N", 10)
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda db, on_exit=False, **kw: None)


@pytest.fixture
def encrypted_folder(branch_db, data_dir):
    """A closed data folder with an encrypted database, nothing unlocked (as at the next start)."""
    db, key = encryption.set_start_password(branch_db, PASSWORD, encrypt=True)
    db.dispose()
    ledger_db.forget_key(data_dir)
    return data_dir, key


def branch_shown(monkeypatch) -> dict:
    seen: dict = {}

    def event_loop(app) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["title"] = window.branch_label.text()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    return seen


def test_the_password_unlocks_an_encrypted_ledger_before_it_opens(qtbot, monkeypatch, encrypted_folder):
    folder, _key = encrypted_folder
    seen: list[UnlockDialog] = []
    answer_prompt(monkeypatch, ["wrong", PASSWORD], seen)
    shown = branch_shown(monkeypatch)
    assert application.run_gui(str(folder)) == 0
    assert len(seen) == 1  # asked once, before the database opened: not again after it
    assert seen[0].attempts == 1 and seen[0].result() == QDialog.DialogCode.Accepted
    assert "已加密" in seen[0].windowTitle()
    assert "实验小学支部" in shown["title"]


def test_escape_leaves_an_encrypted_ledger_closed(qtbot, monkeypatch, encrypted_folder):
    folder, _key = encrypted_folder
    answer_prompt(monkeypatch, [None], [])
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("the main window must not open"))
    assert application.run_gui(str(folder)) == 0
    assert not encryption.is_unlocked(folder)


def test_the_recovery_key_opens_an_encrypted_ledger_and_sets_a_new_password(qtbot, monkeypatch, encrypted_folder):
    folder, key = encrypted_folder

    def forgot(dialog: UnlockDialog) -> int:
        def recover(recover_dialog: RecoverDialog) -> int:
            recover_dialog.key.setText("WRONG-KEY")
            recover_dialog.new.setText("neu-2026")
            recover_dialog.confirm.setText("neu-2026")
            recover_dialog.ok_button.click()
            assert "恢复密钥不正确" in recover_dialog.error.text()
            recover_dialog.key.setText(key.lower())
            recover_dialog.ok_button.click()
            return recover_dialog.result()

        monkeypatch.setattr(RecoverDialog, "exec", recover)
        dialog.forgot_button.click()
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", forgot)
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    shown = branch_shown(monkeypatch)
    assert application.run_gui(str(folder)) == 0
    assert "实验小学支部" in shown["title"]
    ledger_db.forget_key(folder)
    assert not encryption.unlock_folder(folder, PASSWORD)
    assert encryption.unlock_folder(folder, "neu-2026")


def test_the_settings_dialog_turns_encryption_on_and_off(qtbot, monkeypatch, branch_db, data_dir,
                                                          recovery_key_noted):
    window = MainWindow(branch_db)
    qtbot.addWidget(window)
    from app.services.access.control import AccessControl

    dialog = AccessSettingsDialog(AccessControl(lambda: window.database), window, convert=window.convert_database)
    qtbot.addWidget(dialog)
    assert "加密数据库文件" in dialog.encrypt.text() and not dialog.encrypt.isChecked()
    dialog.new.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD)
    dialog.encrypt.setChecked(True)
    dialog._save()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert encryption.is_encrypted(data_dir) and "数据库文件已加密" in dialog.outcome
    assert len(recovery_key_noted) == 1  # the recovery key that wraps the data key, shown once
    assert window.database is not branch_db  # the window reads the encrypted file now
    window.database.dispose()
    ledger_db.forget_key(data_dir)
    assert encryption.unlock_folder(data_dir, recovery_key_noted[0])  # it opens the encrypted ledger

    off = AccessSettingsDialog(AccessControl(lambda: window.database), window, convert=window.convert_database)
    qtbot.addWidget(off)
    assert off.encrypt.isChecked() and "数据库文件已加密" in off.status.text()
    off.encrypt.setChecked(False)
    off._save()
    assert "请先输入当前密码" in off.error.text() or "需要先输入当前密码" in off.error.text()
    off.current.setText(PASSWORD)
    off._save()
    assert off.result() == QDialog.DialogCode.Accepted, off.error.text()
    assert not encryption.is_encrypted(data_dir) and not (data_dir / "ledger.key").exists()
    window.database.dispose()
