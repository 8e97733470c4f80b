"""Issue 7 §7: the command line under a start-up password; the recovery key; plain backups confirmed."""

from __future__ import annotations

import pytest

from app.cli import main
from app.services.access.control import AccessControl

pytestmark = pytest.mark.usefixtures("fast_scrypt")
START = "zhibu-2026"
BACKUP = "党员之家2026"




def secret_file(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def locked(source, tmp_path):
    """The filled data folder with a start-up password, closed."""
    control = AccessControl(source)
    control.save(old="", new=START, confirm=START, remove=False, idle_minutes=15)
    source.dispose()
    return source.path.parent, control.last_recovery_key


def id_number(folder) -> str:
    import sqlite3

    with sqlite3.connect(folder / "ledger.sqlite3") as con:
        return con.execute("SELECT id_number FROM member ORDER BY id LIMIT 1").fetchone()[0]


READERS = {
    "export": lambda tmp: ["export", "roster", "-o", f"{tmp}/roster.xlsx"],
    "backup": lambda tmp: ["backup", "--no-password", "-o", f"{tmp}/usb"],
    "due": lambda tmp: ["due"],
    "restore": lambda tmp: ["restore", f"{tmp}/none.blbak", "--yes"],
}


@pytest.mark.parametrize("command", sorted(READERS))
def test_commands_that_read_personal_data_are_refused_without_the_start_password(
        locked, tmp_path, capsys, no_terminal, command):
    folder, _key = locked
    code = main([*READERS[command](tmp_path), "--data-dir", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert "已设置启动密码" in err and "--login-password-file" in err
    assert not (tmp_path / "roster.xlsx").exists() and not (tmp_path / "usb").exists()


def test_export_with_the_login_password_file(locked, tmp_path, capsys, no_terminal):
    folder, _key = locked
    wrong = secret_file(tmp_path, "wrong.txt", "not-it")
    assert main(["export", "roster", "-o", str(tmp_path / "r.xlsx"), "--login-password-file", wrong,
                 "--data-dir", str(folder)]) == 2
    assert "启动密码不正确" in capsys.readouterr().err and not (tmp_path / "r.xlsx").exists()
    right = secret_file(tmp_path, "start.txt", START)
    assert main(["export", "roster", "-o", str(tmp_path / "r.xlsx"), "--login-password-file", right,
                 "--data-dir", str(folder)]) == 0
    assert (tmp_path / "r.xlsx").exists()


def test_the_start_password_is_asked_on_a_terminal(locked, tmp_path, capsys, terminal):
    folder, _key = locked
    terminal += ["wrong", START]
    assert main(["due", "--data-dir", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "启动密码不正确，请再输入一次" in captured.err and "待办" in captured.out


def test_check_shows_only_its_verdict_without_the_start_password(locked, tmp_path, capsys, no_terminal):
    import sqlite3

    folder, _key = locked
    with sqlite3.connect(folder / "ledger.sqlite3") as con:
        con.execute("UPDATE member SET id_number = 'bad' WHERE id = 1")
        name = con.execute("SELECT name FROM member WHERE id = 1").fetchone()[0]
    assert main(["check", "--data-dir", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "发现" in out and name not in out and "--login-password-file" in out
    right = secret_file(tmp_path, "start.txt", START)
    assert main(["check", "--login-password-file", right, "--data-dir", str(folder)]) == 1
    assert name in capsys.readouterr().out


def test_plain_backup_while_a_backup_password_is_set_needs_confirming(source, tmp_path, capsys, no_terminal):
    from app.services.backup.backup_service import set_backup_password

    with source.transaction() as session:
        set_backup_password(session, BACKUP)
    folder = source.path.parent
    assert main(["backup", "--no-password", "-o", str(tmp_path / "usb"), "--data-dir", str(folder)]) == 2
    assert "--confirm-plain" in capsys.readouterr().err and not (tmp_path / "usb").exists()
    assert main(["backup", "--no-password", "--confirm-plain", "-o", str(tmp_path / "usb"),
                 "--data-dir", str(folder)]) == 0
    assert "未加密" in capsys.readouterr().out


def test_set_shows_the_recovery_key_once_and_recover_sets_a_new_password(data_dir, db, tmp_path, capsys,
                                                                       no_terminal):
    db.dispose()
    first = secret_file(tmp_path, "first.txt", START)
    assert main(["password", "--set", "--password-file", first, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    key = next(line.split("：", 1)[1] for line in out.splitlines() if line.startswith("恢复密钥："))
    assert len(key.replace("-", "")) == 30 and "只显示这一次" in out
    # changing the password needs the old one, and shows no new key
    second = secret_file(tmp_path, "second.txt", "second-pass")
    assert main(["password", "--set", "--password-file", second, "--data-dir", str(data_dir)]) == 2
    assert main(["password", "--set", "--password-file", second, "--old-password-file", first,
                 "--data-dir", str(data_dir)]) == 0
    assert "恢复密钥" not in capsys.readouterr().out

    forgotten_new = secret_file(tmp_path, "new.txt", "brand-new-pass")
    bad_key = secret_file(tmp_path, "bad.txt", "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
    assert main(["password", "--recover", "--recovery-key-file", bad_key, "--password-file", forgotten_new,
                 "--data-dir", str(data_dir)]) == 2
    assert "恢复密钥不正确" in capsys.readouterr().err
    key_file = secret_file(tmp_path, "key.txt", key)
    assert main(["password", "--recover", "--recovery-key-file", key_file, "--password-file", forgotten_new,
                 "--data-dir", str(data_dir)]) == 0
    assert main(["due", "--login-password-file", forgotten_new, "--data-dir", str(data_dir)]) == 0
    assert main(["due", "--login-password-file", second, "--data-dir", str(data_dir)]) == 2
