"""Issue 7 §7: the 备份 page restores a backup of an encrypted ledger (encryption at rest), asking for the
start-up password of the day it was made; a wrong one is asked again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool

from app.infra import ledger_db
from app.services.access import encryption
from app.services.backup.backup_service import create_backup, database_facts
from app.services.common.branch import save_profile
from app.services.common.storage import open_data_folder
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.backup.backup_page import BackupPage

pytestmark = pytest.mark.usefixtures("fast_scrypt")
START = "zhibu-2026"


@pytest.fixture
def shown(monkeypatch):
    """Message boxes recorded instead of shown; confirmations answered yes."""
    record = {"errors": [], "infos": [], "questions": []}
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="", detail="": record["errors"].append(text))
    monkeypatch.setattr(messages, "show_info", lambda parent, text, title="", detail="": record["infos"].append(text))
    monkeypatch.setattr(messages, "ask_confirm",
                        lambda parent, text, title="", **kw: record["questions"].append((text, kw.get("detail", "")))
                        or True)
    return record


def test_restore_of_an_encrypted_ledgers_backup_asks_its_start_password(qtbot, tmp_path, monkeypatch, shown, db):
    other = open_data_folder(tmp_path / "other")
    with other.transaction() as s:
        save_profile(s, full_name="中共加密的小学支部委员会", group_names=["甲组"])
    other, _key = encryption.set_start_password(other, START, encrypt=True)
    made = create_backup(other.path.parent, tmp_path / "usb")
    other.dispose()

    create_qt_application()
    page = BackupPage(db)
    page.releaseDatabase.connect(db.dispose)
    qtbot.addWidget(page)
    monkeypatch.setattr(page, "_choose_backup_file", lambda: str(made.path))
    asked: list[str] = []
    monkeypatch.setattr(page, "_ask_ledger_secret", lambda why: asked.append(why) or
                        ("错的密码" if len(asked) == 1 else START))
    with qtbot.waitSignal(page.databaseReplaced, timeout=20_000):
        page.restore_button.click()
    QThreadPool.globalInstance().waitForDone(10_000)
    assert len(asked) == 2 and "需要做备份时的启动密码" in asked[0] and "不正确" in asked[1]
    _question, detail = shown["questions"][0]
    assert "中共加密的小学支部委员会" in detail and "另行加密" in detail
    folder = db.path.parent
    assert encryption.is_encrypted(folder)
    assert database_facts(folder / "ledger.sqlite3")[1] == "中共加密的小学支部委员会"  # unlocked in this process
    ledger_db.forget_key(folder)
    assert encryption.unlock_folder(folder, START)  # the next start opens it with that password
