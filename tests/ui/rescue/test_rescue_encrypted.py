"""Issue 7 §7 with §6: the rescue window restores a backup of an encrypted ledger, asking for the start-up
password of the day the backup was made."""

from __future__ import annotations

import pytest

from app.infra import ledger_db
from app.services.access import encryption
from app.services.backup.backup_service import create_backup, database_facts
from app.ui.rescue.rescue_window import RescueWindow
from tests.ui.dialog_helpers import Messages
from tests.ui.rescue.test_rescue_window import DAMAGED

pytestmark = pytest.mark.usefixtures("fast_scrypt")
START = "zhibu-2026"


def test_the_rescue_window_restores_an_encrypted_ledgers_backup(qtbot, monkeypatch, branch_db, tmp_path):
    db, _key = encryption.set_start_password(branch_db, START, encrypt=True)
    stick = create_backup(db.path.parent, tmp_path / "usb")
    db.dispose()
    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "ledger.sqlite3").write_bytes(DAMAGED)
    Messages(monkeypatch)
    window = RescueWindow(folder, "数据库文件已损坏。")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "choose_file", lambda: str(stick.path))
    asked: list[str] = []
    answers = ["不对的密码", START]

    def ask(text: str) -> str:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(window, "ask_password", ask)
    window.restore_file_button.click()
    assert not answers
    assert "需要做备份时的启动密码" in asked[0] and "不正确" in asked[1]
    assert encryption.is_encrypted(folder)
    ledger_db.forget_key(folder)
    assert encryption.unlock_folder(folder, START)
    facts = database_facts(folder / "ledger.sqlite3")
    assert facts[1] == "中共测试市实验小学支部委员会"
