"""One writer per data folder: a second running copy is refused with a Chinese message, not a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.infra.instance_lock import AlreadyRunningError, InstanceLock, acquire_instance_lock
from app.services.common.storage import open_data_folder
from tests.infra.lock_helpers import folder_is_free

HOLDER = textwrap.dedent("""
    import sys
    from app.services.common.storage import open_data_folder
    db = open_data_folder(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()  # hold the folder until the test closes our stdin
    db.dispose()
""")


def expected_message(folder: Path) -> str:
    return f"数据文件夹正被另一个支部台账窗口使用：{folder.resolve()}。请先关闭另一个窗口。"


@pytest.fixture
def holder(data_dir):
    """Another running copy of the application with `data_dir` open."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.stdin.close()
        proc.wait(timeout=10)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_a_second_copy_is_refused_while_one_runs(holder, data_dir):
    # The application in this process: refused with the message.
    with pytest.raises(AlreadyRunningError) as info:
        open_data_folder(data_dir)
    assert str(info.value) == expected_message(data_dir)
    # A writing command: the message on stderr, exit status 2, no traceback, nothing written.
    result = run_cli("demo", "--data-dir", str(data_dir))
    assert (result.returncode, result.stderr) == (2, f"错误：{expected_message(data_dir)}\n")
    assert "Traceback" not in result.stderr + result.stdout
    # `check` only reads, so it may run beside the application.
    result = run_cli("check", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "检查完成：未发现问题"
    # The running copy is killed: the system drops its lock, the lock file left behind does not matter.
    holder.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    holder.wait(timeout=10)
    assert (data_dir / "ledger.lock").exists()
    db = open_data_folder(data_dir)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM member").scalar() == 0  # demo wrote nothing
    db.dispose()




def test_lock_is_given_back_by_dispose(data_dir):
    db = open_data_folder(data_dir)
    assert not folder_is_free(data_dir)
    db.dispose()
    db.dispose()  # twice is harmless
    assert folder_is_free(data_dir)


def test_opening_the_same_folder_twice_in_one_process_shares_the_lock(data_dir):
    first = open_data_folder(data_dir)
    second = open_data_folder(data_dir)  # e.g. a command run beside a test's own database
    first.dispose()
    assert not folder_is_free(data_dir)  # still held by `second`
    second.dispose()
    assert folder_is_free(data_dir)
    lock = acquire_instance_lock(data_dir)
    assert lock.held
    lock.release()
    assert not lock.held


def test_failed_open_gives_the_lock_back(data_dir):
    (data_dir / "ledger.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(Exception):  # noqa: B017 - whatever SQLite says; the point is the lock
        open_data_folder(data_dir)
    (data_dir / "ledger.sqlite3").unlink()
    assert folder_is_free(data_dir)
    with InstanceLock(data_dir) as lock:
        assert lock.held
    assert not lock.held
