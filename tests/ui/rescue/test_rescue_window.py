"""Issue 7 §6: a data folder that cannot be opened shows the rescue window, which restores a backup."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.services.backup.auto_backup import AUTO_PREFIX, auto_backups_dir
from app.services.backup.backup_service import create_backup
from app.services.backup.rescue import explain_open_failure
from app.services.common.storage import open_data_folder
from app.ui import application
from app.ui.rescue.rescue_window import RescueWindow
from tests.services.backup.backup_helpers import attachment_digests, fill_data_folder, table_contents
from tests.ui.dialog_helpers import Messages

pytestmark = pytest.mark.usefixtures("fast_scrypt")
DAMAGED = b"SQLite format 3\x00" + bytes(range(256)) * 64


@pytest.fixture
def damaged_folder(tmp_path):
    """A folder with two automatic backups (the newer one with one member more), then its database damaged."""
    folder = tmp_path / "damaged"
    db = open_data_folder(folder)
    fill_data_folder(db)
    older_rows = table_contents(db.path)
    create_backup(folder, auto_backups_dir(folder), name_prefix=AUTO_PREFIX, now=datetime(2026, 11, 20, 9, 0))
    with db.transaction() as session:
        from datetime import date

        from app.kit.idcard import make_id_number
        from app.services.roster.members import save_member

        save_member(session, {"name": "后来的党员", "id_number": make_id_number("110105", date(1990, 5, 5), 21),
                              "category": "正式党员", "joined_date": date(2015, 7, 1),
                              "full_member_date": date(2016, 7, 1)})
    newer_rows = table_contents(db.path)
    create_backup(folder, auto_backups_dir(folder), name_prefix=AUTO_PREFIX, now=datetime(2026, 11, 21, 17, 30))
    db.dispose()
    (folder / "ledger.sqlite3").write_bytes(DAMAGED)
    return folder, older_rows, newer_rows


def test_the_rescue_window_lists_the_backups_and_restores_the_newest(qtbot, monkeypatch, damaged_folder):
    folder, older_rows, newer_rows = damaged_folder
    shown = Messages(monkeypatch)
    try:
        open_data_folder(folder)
        raise AssertionError("a damaged database must not open")
    except Exception as exc:  # noqa: BLE001 - what the start-up catches
        problem = explain_open_failure(exc, folder)
    from PySide6.QtWidgets import QApplication

    from app.ui.qt_setup import ensure_cjk_font

    ensure_cjk_font(QApplication.instance())  # as the application does, so the grab shows Chinese
    window = RescueWindow(folder, problem)
    qtbot.addWidget(window)
    window.show()
    window.grab().save("/tmp/rescue_window.png")

    assert "数据库文件" in window.problem_label.text() and "Error" not in window.problem_label.text()
    assert window.folder_label.text() == f"数据文件夹：{folder}"
    lines = [window.backup_list.item(i).text() for i in range(window.backup_list.count())]
    members_newer = len(newer_rows["member"])
    assert lines[0].startswith("2026年11月21日 17:30") and f"党员 {members_newer} 人" in lines[0]
    assert lines[1].startswith("2026年11月20日 09:00") and f"党员 {members_newer - 1} 人" in lines[1]
    assert window.backup_list.currentRow() == 0

    window.restore_selected_button.click()

    assert "确定用这份备份替换" in shown.questions[0]
    assert window.result is not None and "已恢复" in shown.errors[-1]
    assert table_contents(folder / "ledger.sqlite3") == newer_rows
    kept = window.result.pre_restore_dir
    assert (kept / "ledger.sqlite3").read_bytes() == DAMAGED  # kept aside, byte for byte


def test_start_up_shows_the_rescue_window_instead_of_an_error_then_opens(qtbot, monkeypatch, damaged_folder):
    folder, _older, newer_rows = damaged_folder
    shown = Messages(monkeypatch)
    seen = []

    def restore_the_newest(dialog):
        seen.append(dialog)
        dialog.restore_selected()
        return dialog.result is not None

    monkeypatch.setattr(application.messages, "run_dialog", restore_the_newest)
    db = application.open_database_or_explain(str(folder))
    try:
        assert isinstance(seen[0], RescueWindow)
        assert db is not None and table_contents(db.path) == newer_rows
        assert not [e for e in shown.errors if "无法打开" in e]
    finally:
        db.dispose()


def test_restore_from_a_file_on_a_stick(qtbot, monkeypatch, damaged_folder, tmp_path, source):
    folder, _older, _newer = damaged_folder
    Messages(monkeypatch)
    stick = create_backup(source.path.parent, tmp_path / "usb", password="红旗飘飘-2026")
    window = RescueWindow(folder, "数据库文件已损坏。")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "choose_file", lambda: str(stick.path))
    answers = ["不对的密码", "红旗飘飘-2026"]
    monkeypatch.setattr(window, "ask_password", lambda text: answers.pop(0))
    window.restore_file_button.click()
    assert not answers
    assert table_contents(folder / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(folder) == attachment_digests(source.path.parent)


def test_no_backups_found_points_to_the_file_button(qtbot, tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    window = RescueWindow(folder, "数据库文件已损坏。")
    qtbot.addWidget(window)
    assert "没有自动备份" in window.list_heading.text()
    assert not window.restore_selected_button.isEnabled() and window.restore_file_button.isDefault()
