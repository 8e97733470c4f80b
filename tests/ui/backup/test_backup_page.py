"""The 备份 page as a user works it: choose a folder, back up (off the GUI thread), set a password,
restore from a backup with confirmation, and be refused for a damaged one."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QThreadPool

from app.services.backup.backup_format import peek_header
from app.services.backup.backup_service import backup_database, has_backup_password
from app.services.common.branch import save_profile
from app.services.common.settings import get_setting
from app.services.common.storage import open_data_folder
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.backup.backup_page import BackupPage, BackupPasswordDialog
from tests.services.backup.backup_helpers import (
    attachment_digests,
    fill_data_folder,
    table_contents,
    tree_bytes,
)

pytestmark = pytest.mark.usefixtures("fast_scrypt")
PASSWORD = "党支部备份密码2026"


@pytest.fixture
def shown(monkeypatch):
    """Message boxes are recorded instead of shown; confirmations answer from `answers` (default yes)."""
    record = {"errors": [], "infos": [], "questions": [], "answers": []}
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="", detail="":
                        record["errors"].append(text))
    monkeypatch.setattr(messages, "show_info", lambda parent, text, title="", detail="":
                        record["infos"].append(text))

    def ask(parent, text, title="", **kw):
        record["questions"].append((text, kw.get("detail", "")))
        return record["answers"].pop(0) if record["answers"] else True

    monkeypatch.setattr(messages, "ask_confirm", ask)
    return record


@pytest.fixture
def page(qtbot, db):
    create_qt_application()
    fill_data_folder(db)
    widget = BackupPage(db)
    widget.releaseDatabase.connect(db.dispose)  # the test owns the database, as the main window does
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    QThreadPool.globalInstance().waitForDone(10_000)


def choose_folder(page, monkeypatch, folder) -> None:
    monkeypatch.setattr(page, "_choose_folder", lambda: str(folder))
    page.browse_button.click()


def test_plain_backup_through_the_button_after_the_warning(page, qtbot, tmp_path, monkeypatch, shown, db):
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert page.app_password_hint.isVisible() and "可在设置中设置启动密码" in page.app_password_hint.text()
    assert "尚未设置备份密码" in page.password_status.text()
    choose_folder(page, monkeypatch, usb)
    assert page.current_target() == str(usb)

    shown["answers"].append(False)  # the warning about ID numbers: the user says no first
    page.backup_button.click()
    assert "身份证号" in shown["questions"][0][1]
    assert list(usb.iterdir()) == [] and not page.is_busy()

    page.backup_button.click()  # then agrees
    qtbot.waitUntil(lambda: "备份完成" in page.result_label.text(), timeout=10_000)
    [made] = usb.iterdir()
    text = page.result_label.text()
    assert "已校验" in text and "未加密" in text and str(made) in text and "党员" in text and "附件 6 个" in text
    assert not peek_header(made).encrypted
    assert page.backup_button.isEnabled() and not page.progress.isVisible()
    with db.session() as session:
        assert get_setting(session, "backup.last_target") == str(usb)


def test_set_password_then_encrypted_backup(page, qtbot, tmp_path, monkeypatch, shown, db):
    dialog = BackupPasswordDialog(db, page)
    qtbot.addWidget(dialog)
    dialog.new.setText("short")
    dialog.confirm.setText("short")
    dialog._save()
    assert "至少要 8 个字符" in dialog.error.text() and not dialog.result()
    dialog.new.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD + "x")
    dialog._save()
    assert "不一样" in dialog.error.text()
    dialog.confirm.setText(PASSWORD)
    dialog._save()
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.session() as session:
        assert has_backup_password(session)
    page.refresh()
    assert "已设置备份密码" in page.password_status.text() and page.password_edit.isVisible()

    usb = tmp_path / "usb"
    usb.mkdir()
    choose_folder(page, monkeypatch, usb)
    page.password_edit.setText("不是这个密码")
    qtbot.keyClick(page.password_edit, Qt.Key.Key_Return)  # Enter in the password field backs up
    qtbot.waitUntil(lambda: bool(shown["errors"]), timeout=10_000)
    assert "备份密码不正确" in shown["errors"][0] and list(usb.iterdir()) == []
    # the cursor is back in the password field, the wrong password selected to retype
    assert page.focusWidget() is page.password_edit and page.password_edit.selectedText() == "不是这个密码"

    page.password_edit.setText(PASSWORD)
    page.backup_button.click()
    qtbot.waitUntil(lambda: "备份完成" in page.result_label.text(), timeout=10_000)
    assert "已加密" in page.result_label.text()
    [made] = usb.iterdir()
    assert peek_header(made).encrypted
    assert not shown["questions"]  # no plain-backup warning when encrypting
    assert page.password_edit.text() == ""  # not kept around


def make_backup_of_another_branch(tmp_path, password=None):
    folder = tmp_path / "another"
    other = open_data_folder(folder)
    with other.transaction() as session:
        save_profile(session, full_name="中共备份里的小学支部委员会", group_names=["一组", "二组"])
    (folder / "attachments" / "照片.jpg").write_bytes(b"\xff\xd8 jpeg bytes")
    stick = tmp_path / "stick"
    stick.mkdir()
    made = backup_database(other, stick, password=password)
    other.dispose()
    return folder, made


def test_restore_from_the_page(page, qtbot, tmp_path, monkeypatch, shown, db):
    folder, made = make_backup_of_another_branch(tmp_path, password=PASSWORD)
    monkeypatch.setattr(page, "_choose_backup_file", lambda: str(made.path))
    asked = []
    monkeypatch.setattr(page, "_ask_password", lambda text: asked.append(text) or
                        ("错的密码" if len(asked) == 1 else PASSWORD))
    with qtbot.waitSignal(page.databaseReplaced, timeout=10_000):
        page.restore_button.click()
    assert len(asked) == 2 and "不正确" in asked[1]  # a wrong password is asked again
    question, detail = shown["questions"][0]
    assert "替换当前的全部数据" in question
    assert "中共备份里的小学支部委员会" in detail and "党小组 2 个" in detail and "恢复前" in detail
    assert table_contents(db.path) == table_contents(folder / "ledger.sqlite3")
    assert attachment_digests(db.path.parent) == attachment_digests(folder)
    assert list((db.path.parent / "backups" / "恢复前").iterdir())
    assert "已恢复" in shown["infos"][0]


def test_damaged_backup_is_refused_and_nothing_changes(page, qtbot, tmp_path, monkeypatch, shown, db):
    _folder, made = make_backup_of_another_branch(tmp_path)
    data = bytearray(made.path.read_bytes())
    data[-100] ^= 0x10
    made.path.write_bytes(bytes(data))
    replaced = []
    page.databaseReplaced.connect(lambda: replaced.append(True))
    monkeypatch.setattr(page, "_choose_backup_file", lambda: str(made.path))
    db.dispose()  # so the folder's bytes can be compared; the page's database reconnects on use
    before = tree_bytes(db.path.parent)
    page.restore_button.click()
    qtbot.waitUntil(lambda: bool(shown["errors"]), timeout=10_000)
    assert "损坏" in shown["errors"][0] and "没有任何改动" in shown["errors"][0]
    assert not shown["questions"] and not replaced
    assert tree_bytes(db.path.parent) == before


def test_user_can_cancel_the_restore(page, qtbot, tmp_path, monkeypatch, shown, db):
    _folder, made = make_backup_of_another_branch(tmp_path)
    monkeypatch.setattr(page, "_choose_backup_file", lambda: str(made.path))
    shown["answers"].append(False)
    page.restore_button.click()
    qtbot.waitUntil(lambda: "已取消恢复" in page.result_label.text(), timeout=10_000)
    with sqlite3.connect(db.path) as con:
        assert con.execute("SELECT count(*) FROM member").fetchone()[0] > 30
    assert not list((db.path.parent / "backups").glob(".恢复暂存_*"))


def test_main_window_reopens_the_restored_data(qtbot, branch_db, tmp_path, monkeypatch, shown):
    from app.ui.main_window import MainWindow

    create_qt_application()
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda db, **kw: None)
    window = MainWindow(branch_db)
    qtbot.addWidget(window)
    window.show()
    window.show_area("backup")
    page = window.page("backup")
    _folder, made = make_backup_of_another_branch(tmp_path)
    monkeypatch.setattr(page, "_choose_backup_file", lambda: str(made.path))
    with qtbot.waitSignal(window.databaseReopened, timeout=10_000):
        page.restore_button.click()
    assert window.database is not branch_db
    assert "中共备份里的小学支部委员会" in window.branch_label.text()
    assert isinstance(window.page("backup"), BackupPage) and window.page("backup") is not page
    window.database.dispose()


def test_automatic_backup_count_is_set_on_the_page(qtbot, db):
    from app.services.common.settings import get_setting
    from app.ui.backup.backup_page import BackupPage

    page = BackupPage(db)
    qtbot.addWidget(page)
    assert page.keep_spin.value() == 10  # the default
    page.keep_spin.setValue(25)
    with db.session() as session:
        assert get_setting(session, "backup.keep_last") == 25
    page.refresh()
    assert page.keep_spin.value() == 25


def test_a_running_backup_can_be_cancelled_from_the_page(page, qtbot, tmp_path, monkeypatch, shown):
    import threading

    from app.services.backup import backup_service

    usb = tmp_path / "U盘"
    usb.mkdir()
    choose_folder(page, monkeypatch, usb)
    started = threading.Event()

    def slow_backup(data_dir, output, *, password=None, progress=None, **kw):
        while True:  # a backup reports progress as it writes; the report after 取消 stops it
            progress("正在备份", 1, 4)
            started.set()
            threading.Event().wait(0.01)

    monkeypatch.setattr(backup_service, "create_backup", slow_backup)
    page.backup_button.click()
    qtbot.waitUntil(lambda: "正在备份… 25%" in page.stage_label.text())
    assert page.cancel_button.isVisible() and not page.backup_button.isEnabled()
    page.cancel_button.click()
    qtbot.waitUntil(lambda: "已取消备份" in page.result_label.text())
    assert not page.is_busy() and page.backup_button.isEnabled() and not page.cancel_button.isVisible()
    assert list(usb.iterdir()) == [] and not shown["errors"]
