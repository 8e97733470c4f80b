"""Issue 7 §7, encryption at rest from the command line: the round trip (set with --encrypt, use, back up,
restore elsewhere with the password, recover with the key and set a new password, turn it off), and no
file in the data folder or the temporary folder holding a readable ID number while it is on."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.infra import ledger_db
from app.services.access import encryption

pytestmark = pytest.mark.usefixtures("fast_scrypt", "no_terminal")
START, NEW = "zhibu-2026", "xin-mima-2027"


def secret_file(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def new_process(folder: Path) -> None:
    """The next command is another process: nothing of this one stays unlocked."""
    ledger_db.forget_key(folder)


@pytest.fixture
def encrypted_demo(tmp_path, capsys):
    """The sample branch, then `password --set --encrypt`; (folder, password file, recovery key)."""
    folder = tmp_path / "ledger"
    assert run(capsys, "demo", "--data-dir", str(folder))[0] == 0
    password = secret_file(tmp_path, "start.txt", START)
    code, text = run(capsys, "password", "--set", "--password-file", password, "--encrypt", "--data-dir", str(folder))
    assert code == 0, text
    assert "数据库文件已加密" in text
    key = re.search(r"恢复密钥：([A-Z0-9-]+)", text).group(1)
    new_process(folder)
    return folder, password, key


def add_member(folder: Path, password: str, name: str, number: str) -> None:
    from app.services.common.storage import open_data_folder
    from app.services.roster.members import save_member

    assert encryption.unlock_folder(folder, password)
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            save_member(s, {"name": name, "id_number": number, "category": "正式党员",
                            "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)})
    finally:
        db.dispose()
    new_process(folder)


def roster_names(capsys, tmp_path, folder: Path, login: str) -> list[str]:
    from openpyxl import load_workbook

    out = tmp_path / f"roster_{folder.name}.xlsx"
    out.unlink(missing_ok=True)
    code, text = run(capsys, "export", "roster", "-o", str(out), "--login-password-file", login,
                     "--data-dir", str(folder))
    assert code == 0, text
    new_process(folder)
    sheet = load_workbook(out).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value]


def test_the_encrypted_ledger_round_trip(encrypted_demo, tmp_path, capsys):
    from app.kit.idcard import make_id_number

    folder, password, key = encrypted_demo
    raw = (folder / "ledger.sqlite3").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(folder / "ledger.sqlite3").execute("SELECT count(*) FROM member").fetchone()

    # without the password nothing opens; with it everything works
    code, text = run(capsys, "export", "roster", "-o", str(tmp_path / "x.xlsx"), "--data-dir", str(folder))
    assert code == 2 and "数据库已加密" in text and not (tmp_path / "x.xlsx").exists()
    number = make_id_number("110105", date(1981, 4, 2), 37)
    add_member(folder, START, "加密测试员", number)
    assert "加密测试员" in roster_names(capsys, tmp_path, folder, password)

    # back up (no backup password: the database inside stays encrypted), restore elsewhere
    usb = tmp_path / "usb"
    usb.mkdir()
    code, text = run(capsys, "backup", "-o", str(usb), "--no-password", "--login-password-file", password,
                     "--data-dir", str(folder))
    assert code == 0, text
    backup = next(usb.glob("*.blbak"))
    assert number.encode() not in backup.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    code, text = run(capsys, "restore", str(backup), "--yes", "--data-dir", str(elsewhere))
    assert code == 2 and "需要做备份时的启动密码" in text and not (elsewhere / "ledger.sqlite3").exists()
    wrong = secret_file(tmp_path, "wrong.txt", "not-it")
    code, text = run(capsys, "restore", str(backup), "--yes", "--login-password-file", wrong,
                     "--data-dir", str(elsewhere))
    assert code == 2 and "不正确" in text
    code, text = run(capsys, "restore", str(backup), "--yes", "--login-password-file", password,
                     "--data-dir", str(elsewhere))
    assert code == 0, text
    assert "其中的数据库另行加密" in text
    new_process(elsewhere)
    assert encryption.is_encrypted(elsewhere)
    assert "加密测试员" in roster_names(capsys, tmp_path, elsewhere, password)

    # the password is forgotten: the recovery key sets a new one (and opens the encrypted database)
    key_file = secret_file(tmp_path, "key.txt", key)
    new = secret_file(tmp_path, "new.txt", NEW)
    code, text = run(capsys, "password", "--recover", "--recovery-key-file", secret_file(tmp_path, "bad.txt", "X" * 30),
                     "--password-file", new, "--data-dir", str(folder))
    assert code == 2 and "恢复密钥不正确" in text
    code, text = run(capsys, "password", "--recover", "--recovery-key-file", key_file, "--password-file", new,
                     "--data-dir", str(folder))
    assert code == 0 and "已用恢复密钥设置了新的启动密码" in text
    new_process(folder)
    code, text = run(capsys, "export", "roster", "-o", str(tmp_path / "y.xlsx"), "--login-password-file", password,
                     "--data-dir", str(folder))
    assert code == 2 and "启动密码不正确" in text  # the forgotten one no longer opens it
    new_process(folder)
    assert "加密测试员" in roster_names(capsys, tmp_path, folder, new)

    # turned off: a plain database again, the same records
    code, text = run(capsys, "password", "--set", "--password-file", new, "--old-password-file", new,
                     "--no-encrypt", "--data-dir", str(folder))
    assert code == 0 and "已解密为普通文件" in text
    assert not (folder / "ledger.key").exists()
    with sqlite3.connect(folder / "ledger.sqlite3") as con:
        assert con.execute("SELECT count(*) FROM member WHERE id_number = ?", (number,)).fetchone() == (1,)
    new_process(folder)
    code, text = run(capsys, "password", "--data-dir", str(folder))
    assert "数据库未加密" in text and "已设置启动密码" in text


def test_clear_on_an_encrypted_ledger_needs_the_password_or_the_key_and_decrypts(encrypted_demo, tmp_path, capsys):
    folder, _password, key = encrypted_demo
    code, text = run(capsys, "password", "--clear", "--data-dir", str(folder))
    assert code == 2 and "需要当前密码或恢复密钥" in text and encryption.is_encrypted(folder)
    code, text = run(capsys, "password", "--clear", "--password-file", secret_file(tmp_path, "w.txt", "wrong"),
                     "--data-dir", str(folder))
    assert code == 2 and "不正确" in text and encryption.is_encrypted(folder)
    code, text = run(capsys, "password", "--clear", "--recovery-key-file", secret_file(tmp_path, "k.txt", key),
                     "--data-dir", str(folder))
    assert code == 0 and "已取消启动密码" in text and "已解密" in text
    assert not encryption.is_encrypted(folder) and not (folder / "ledger.key").exists()
    with sqlite3.connect(folder / "ledger.sqlite3") as con:
        assert con.execute("SELECT count(*) FROM member").fetchone()[0] > 40


def test_no_readable_id_number_in_the_data_folder_or_the_temp_folder(tmp_path, capsys, monkeypatch, qtbot):
    """demo, encryption on, a print preview (written, opened, removed as the application does), a manual
    backup into the data folder and the automatic one: every byte of every file there is scanned."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QPushButton

    from app.services.backup.auto_backup import auto_backup_if_due
    from app.services.common.storage import open_data_folder, remove_print_previews
    from app.ui import messages
    from app.ui.application import create_qt_application
    from app.ui.ledgers.ledgers_page import LedgersPage

    system_temp = tmp_path / "系统临时文件夹"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))  # this process's temporary folder
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(system_temp))
    folder = tmp_path / "ledger"
    assert run(capsys, "demo", "--data-dir", str(folder))[0] == 0
    con = sqlite3.connect(folder / "ledger.sqlite3")
    numbers = [r[0] for r in con.execute("SELECT id_number FROM member WHERE id_number != '' LIMIT 5")]
    con.close()
    assert numbers[0].encode() in (folder / "ledger.sqlite3").read_bytes()  # the scan finds them when plain
    password = secret_file(tmp_path, "start.txt", START)
    assert run(capsys, "password", "--set", "--password-file", password, "--encrypt", "--data-dir", str(folder))[0] == 0
    new_process(folder)

    assert encryption.unlock_folder(folder, START)  # the GUI after its unlock dialog
    db = open_data_folder(folder)
    create_qt_application()
    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True)
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    page = LedgersPage(db)
    qtbot.addWidget(page)
    page.select_document("roster.roster")
    button = next(b for b in page.panel.findChildren(QPushButton) if b.text() == "打印（打开PDF）…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].parent == folder / "打印暂存"  # inside the data folder while printing
    assert auto_backup_if_due(db, on_exit=True) is not None  # the automatic backup on quitting
    remove_print_previews(folder)  # what quitting does
    db.dispose()
    new_process(folder)
    code, text = run(capsys, "backup", "-o", str(folder / "backups"), "--no-password", "--login-password-file",
                     password, "--data-dir", str(folder))
    assert code == 0, text
    new_process(folder)
    manual = next((folder / "backups").glob("*.blbak"))
    code, text = run(capsys, "restore", str(manual), "--yes", "--login-password-file", password,
                     "--data-dir", str(folder))  # its staging folder and the copy made before it
    assert code == 0, text
    assert not list((folder / "backups").glob(".恢复暂存_*"))  # the staging folder is gone after use

    scanned = []
    for root in (folder, system_temp):
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                scanned.append(path.name)
                for number in numbers:
                    assert number.encode() not in data, f"{path} holds the ID number {number}"
                    assert number.encode("utf-16-le") not in data, f"{path} holds the ID number {number}"
    assert "ledger.sqlite3" in scanned and any(n.endswith(".blbak") for n in scanned)
    assert len([n for n in scanned if n.endswith(".blbak")]) == 2  # the manual and the automatic backup
