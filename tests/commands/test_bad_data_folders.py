"""Issue 7 §5: bad data folders and broken database files get a Chinese sentence, never a traceback."""

from __future__ import annotations

import errno
import io
import sys

import pytest

from app.cli import main


@pytest.fixture
def no_terminal(monkeypatch):
    class FakeStdin(io.StringIO):
        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdin", FakeStdin(""))


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.err + captured.out


COMMANDS = {
    "check": ["check"],
    "backup": ["backup", "--no-password", "-o", "{tmp}/usb"],
    "demo": ["demo"],
    "restore": ["restore", "{tmp}/x.blbak", "--yes"],
    "due": ["due"],
    "password": ["password"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_data_folder_that_is_a_file(tmp_path, capsys, command, no_terminal):
    folder = tmp_path / "ledger-folder"
    folder.write_text("not a folder")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    code, text = run(capsys, *argv, "--data-dir", str(folder))
    assert code == 2
    assert f"数据文件夹的位置上是一个文件，而不是文件夹：{folder}" in text
    assert "Traceback" not in text and "Error" not in text


@pytest.mark.parametrize("command", ["demo", "password"])
def test_a_read_only_data_folder(tmp_path, capsys, monkeypatch, command):
    # tests run as root, which ignores permissions: the lock file's creation fails as on a read-only disk
    def read_only(folder):
        raise OSError(errno.EROFS, "Read-only file system", str(folder / "ledger.lock"))

    monkeypatch.setattr("app.services.common.storage.acquire_instance_lock", read_only)
    code, text = run(capsys, command, "--data-dir", str(tmp_path))
    assert code == 2
    assert f"无法使用数据文件夹“{tmp_path}”：所在的磁盘是只读的" in text
    assert "Errno" not in text and "Read-only" not in text


@pytest.mark.parametrize("damage", ["random bytes", "cut in half"])
@pytest.mark.parametrize("command", ["demo", "password"])
def test_a_broken_database_file(db, data_dir, capsys, command, damage):
    from app.services.demo.sample_branch import create_demo_branch

    with db.transaction() as session:
        create_demo_branch(session)
    db.dispose()
    path = data_dir / "ledger.sqlite3"
    data = path.read_bytes()
    path.write_bytes(bytes(range(256)) * 64 if damage == "random bytes" else data[: len(data) // 2])
    broken = path.read_bytes()

    code, text = run(capsys, command, "--data-dir", str(data_dir))
    assert code == 2
    assert f"：{path}。没有作任何改动；可以从备份恢复" in text
    assert "Traceback" not in text and "DatabaseError" not in text
    assert path.read_bytes() == broken


@pytest.mark.parametrize("argv", [
    ["check"], ["due"], ["export", "roster", "-o", "{tmp}/r.xlsx"], ["backup", "--no-password", "-o", "{tmp}/usb"],
], ids=["check", "due", "export", "backup"])
def test_read_only_commands_create_no_folder(tmp_path, capsys, argv):
    missing = tmp_path / "mistyped"
    code, text = run(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in argv], "--data-dir", str(missing))
    assert code == 2 and "数据文件夹不存在" in text
    assert not missing.exists()


@pytest.mark.parametrize("already_there", [False, True], ids=["new folder", "empty folder"])
def test_a_failed_restore_into_an_empty_folder_leaves_it_empty(tmp_path, capsys, no_terminal, already_there):
    target = tmp_path / "empty"
    if already_there:
        target.mkdir()
    bad = tmp_path / "bad.blbak"
    bad.write_bytes(b"BLBAK\x00\r\n" + b"\x01\x00" + b"\xff\xff\xff\x7f")
    code, text = run(capsys, "restore", str(bad), "--yes", "--data-dir", str(target))
    assert code == 2 and "没有作任何改动" in text
    assert target.exists() is already_there
    if already_there:
        assert list(target.iterdir()) == []


def test_os_errors_are_told_in_chinese_with_the_path():
    from app.infra.os_errors import describe_os_error

    cases = {
        errno.ENOENT: "找不到", errno.EACCES: "没有权限", errno.ENOSPC: "空间已满",
        errno.EROFS: "只读", errno.ENAMETOOLONG: "路径太长", errno.EBUSY: "正被其他程序使用",
    }
    for code, words in cases.items():
        text = describe_os_error(OSError(code, "English text"), "/media/usb/x.blbak", "写入")
        assert text.startswith("无法写入“/media/usb/x.blbak”：") and words in text and text.endswith("。")
        assert "English" not in text
