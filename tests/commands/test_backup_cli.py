"""`branch-ledger backup` and `branch-ledger restore` as a user or a script runs them."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pytest

from app.cli import main
from app.services.backup.backup_format import peek_header
from app.services.backup.backup_service import set_backup_password
from app.services.common.branch import save_profile
from app.services.common.storage import open_data_folder
from tests.services.backup.backup_helpers import (
    attachment_digests,
    fill_data_folder,
    table_contents,
    tree_bytes,
)

pytestmark = pytest.mark.usefixtures("fast_scrypt")
PASSWORD = "党员之家2026"




@pytest.fixture
def other(tmp_path):
    folder = tmp_path / "other"
    db = open_data_folder(folder)
    with db.transaction() as session:
        save_profile(session, full_name="中共另一所学校支部委员会")
    db.dispose()
    return folder


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "pw.txt"
    path.write_text(PASSWORD + "\r\n", encoding="utf-8-sig")  # as Notepad saves it
    return path


def backup_cli(source, usb, *extra) -> int:
    return main(["backup", "-o", str(usb), "--data-dir", str(source.path.parent), *extra])


def test_plain_backup_needs_no_password_flag_and_warns(source, tmp_path, capsys, no_terminal):
    usb = tmp_path / "usb"
    usb.mkdir()
    assert backup_cli(source, usb) == 2
    err = capsys.readouterr().err
    assert "身份证号" in err and "--no-password" in err
    assert list(usb.iterdir()) == []

    assert backup_cli(source, usb, "--no-password") == 0
    out, err = capsys.readouterr()
    assert "警告：这份备份不加密" in err and "身份证号" in err
    assert "备份完成" in out and "已校验" in out and "未加密" in out and "党员" in out
    [made] = usb.iterdir()
    assert made.name.startswith("支部台账备份_") and not peek_header(made).encrypted


def test_a_missing_usb_stick_is_said_in_chinese_by_the_one_cli_handler(source, tmp_path, capsys, no_terminal):
    gone = tmp_path / "E盘" / "备份"  # the stick is not plugged in: not even its root exists
    assert backup_cli(source, gone, "--no-password") == 2
    err = capsys.readouterr().err
    assert f"错误：备份位置不存在：{gone.parent}（U 盘是否已插好？）" in err and "Traceback" not in err


def test_encrypted_backup_with_the_set_password(source, tmp_path, capsys, password_file, no_terminal):
    with source.transaction() as session:
        set_backup_password(session, PASSWORD)
    usb = tmp_path / "usb"
    usb.mkdir()
    assert backup_cli(source, usb) == 2  # a password is set: it must be given (or plain asked for)
    assert "--password-file" in capsys.readouterr().err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("别的密码12345", encoding="utf-8")
    assert backup_cli(source, usb, "--password-file", str(wrong)) == 2
    assert "不一致" in capsys.readouterr().err
    assert list(usb.iterdir()) == []

    assert backup_cli(source, usb / "周五.blbak", "--password-file", str(password_file)) == 0
    assert "已加密" in capsys.readouterr().out
    assert peek_header(usb / "周五.blbak").encrypted


def test_backup_asks_for_the_password_on_a_terminal(source, tmp_path, capsys, terminal):
    with source.transaction() as session:
        set_backup_password(session, PASSWORD)
    terminal.append(PASSWORD)
    assert backup_cli(source, tmp_path) == 0
    assert "已加密" in capsys.readouterr().out


def test_restore_without_a_terminal_needs_yes(source, other, tmp_path, capsys, no_terminal):
    assert backup_cli(source, tmp_path / "usb", "--no-password") == 0
    [made] = (tmp_path / "usb").iterdir()
    before = tree_bytes(other)
    assert main(["restore", str(made), "--data-dir", str(other)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert tree_bytes(other) == before


def test_restore_checks_the_file_and_password_before_asking_to_confirm(
        source, other, tmp_path, capsys, password_file, no_terminal):
    """Without --yes and without a terminal, a missing file or a wrong password is said, not "必须确认"."""
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "没有这个文件.blbak"), "--data-dir", str(other)]) == 2
    err = capsys.readouterr().err
    assert "必须确认" not in err and "没有作任何改动" in err
    assert backup_cli(source, tmp_path / "usb", "--password-file", str(password_file)) == 0
    [made] = (tmp_path / "usb").iterdir()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("别的密码12345", encoding="utf-8")
    capsys.readouterr()
    before = tree_bytes(other)
    assert main(["restore", str(made), "--password-file", str(wrong), "--data-dir", str(other)]) == 2
    err = capsys.readouterr().err
    assert "密码" in err and "必须确认" not in err
    assert main(["restore", str(made), "--password-file", str(password_file), "--data-dir", str(other)]) == 2
    assert "必须确认" in capsys.readouterr().err  # all checks passed: only then the missing --yes
    assert tree_bytes(other) == before


def test_restore_for_scripts(source, other, tmp_path, capsys, password_file, no_terminal):
    assert backup_cli(source, tmp_path / "usb", "--password-file", str(password_file)) == 0
    [made] = (tmp_path / "usb").iterdir()
    capsys.readouterr()
    before = tree_bytes(other)
    assert main(["restore", str(made), "--yes", "--data-dir", str(other)]) == 2
    assert "--password-file" in capsys.readouterr().err  # encrypted, no way to ask
    assert tree_bytes(other) == before

    assert main(["restore", str(made), "--yes", "--password-file", str(password_file),
                 "--data-dir", str(other)]) == 0
    out = capsys.readouterr().out
    assert "支部：中共示例市实验小学支部委员会" in out and "校验：全部通过" in out
    assert "已恢复" in out and "恢复前" in out
    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(other) == attachment_digests(source.path.parent)


def test_restore_on_a_terminal_asks_first(source, other, tmp_path, capsys, terminal):
    assert backup_cli(source, tmp_path / "usb", "--no-password") == 0
    [made] = (tmp_path / "usb").iterdir()
    before = tree_bytes(other)
    terminal.append("")  # just Enter: cancel
    assert main(["restore", str(made), "--data-dir", str(other)]) == 1
    assert "已取消" in capsys.readouterr().out
    assert tree_bytes(other) == before

    terminal.append("是")
    assert main(["restore", str(made), "--data-dir", str(other)]) == 0
    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)


def test_restore_of_a_damaged_file_changes_nothing(source, other, tmp_path, capsys, no_terminal):
    assert backup_cli(source, tmp_path / "usb", "--no-password") == 0
    [made] = (tmp_path / "usb").iterdir()
    data = bytearray(made.read_bytes())
    data[len(data) // 3] ^= 0x40
    made.write_bytes(bytes(data))
    before = tree_bytes(other)
    assert main(["restore", str(made), "--yes", "--data-dir", str(other)]) == 2
    err = capsys.readouterr().err
    assert "损坏" in err and "没有作任何改动" in err
    assert tree_bytes(other) == before


def test_restore_is_refused_while_the_app_has_the_folder_open(other, tmp_path, capsys, no_terminal, source):
    assert backup_cli(source, tmp_path / "usb", "--no-password") == 0
    [made] = (tmp_path / "usb").iterdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from app.services.common.storage import open_data_folder
            db = open_data_folder({str(other)!r})
            print("open", flush=True)
            sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = table_contents(other / "ledger.sqlite3")
        assert main(["restore", str(made), "--yes", "--data-dir", str(other)]) == 2
        assert "另一个支部台账" in capsys.readouterr().err
        assert table_contents(other / "ledger.sqlite3") == before
    finally:
        holder.communicate("", timeout=30)


def test_progress_is_printed_for_large_backups():
    from app.commands.backup import progress_printer

    out = io.StringIO()
    progress = progress_printer(out, min_total=100)
    for done in range(0, 1001, 50):
        progress("正在备份", done, 1000)
    progress_printer(out, min_total=10_000)("正在校验", 5, 1000)  # small: silent
    lines = out.getvalue().splitlines()
    assert lines[0] == "正在备份… 0%" and lines[-1] == "正在备份… 100%" and len(lines) == 11


def test_done_means_stick_reinstall_restore(tmp_path, capsys, password_file, no_terminal):
    """Set a backup password, back up to the stick, lose the data folder, reinstall, restore: all there;
    a damaged copy of the backup is refused and changes nothing."""
    import shutil

    from tests.services.backup.backup_helpers import ATTACHMENTS

    folder = tmp_path / "数据"
    db = open_data_folder(folder)
    fill_data_folder(db)
    with db.transaction() as session:
        set_backup_password(session, PASSWORD)
    before = table_contents(db.path)
    before_files = attachment_digests(folder)
    db.dispose()
    stick = tmp_path / "U盘"
    stick.mkdir()
    assert main(["backup", "-o", str(stick), "--password-file", str(password_file),
                 "--data-dir", str(folder)]) == 0
    [made] = stick.iterdir()

    shutil.rmtree(folder)  # the PC is reinstalled
    fresh = open_data_folder(folder)  # the new install's first start
    fresh.dispose()
    assert main(["restore", str(made), "--yes", "--password-file", str(password_file),
                 "--data-dir", str(folder)]) == 0
    assert table_contents(folder / "ledger.sqlite3") == before
    assert attachment_digests(folder) == before_files and set(ATTACHMENTS) <= set(before_files)  # + the demo photo

    damaged = stick / "损坏的副本.blbak"
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    unchanged = tree_bytes(folder)
    assert main(["restore", str(damaged), "--yes", "--password-file", str(password_file),
                 "--data-dir", str(folder)]) == 2
    assert "损坏" in capsys.readouterr().err
    assert tree_bytes(folder) == unchanged
