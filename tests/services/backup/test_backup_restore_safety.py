"""Restore safety cases found in review: a damaged current database, and the restored files on the disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.backup.backup_service import backup_database, restore_backup
from tests.services.backup.backup_helpers import (
    attachment_digests,
    table_contents,
)

pytestmark = pytest.mark.usefixtures("fast_scrypt")
PASSWORD = "红旗飘飘-2026"


def test_a_damaged_current_database_is_kept_as_it_is_and_replaced(source, other, tmp_path):
    # a database SQLite cannot read at all is the very reason to restore: it must not block the restore
    made = backup_database(source, tmp_path, password=PASSWORD)
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 64
    (other / "ledger.sqlite3").write_bytes(damaged)

    restored = restore_backup(made.path, other, PASSWORD)

    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(other) == attachment_digests(source.path.parent)
    kept = restored.pre_restore_dir
    assert (kept / "ledger.sqlite3").read_bytes() == damaged  # kept byte for byte, for a rescue attempt
    assert (kept / "attachments" / "旧附件.txt").read_bytes() == b"old attachment"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names open files through /proc")
def test_restored_files_are_flushed_to_the_disk_before_they_replace_the_current_ones(
        source, other, tmp_path, monkeypatch):
    # without fsync, a power cut just after "恢复完成" can leave an empty ledger.sqlite3 where the
    # current database was: the rename reached the disk, the data did not
    import os

    made = backup_database(source, tmp_path, password=PASSWORD)
    flushed: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    restore_backup(made.path, other, PASSWORD)

    # a staging path is the file's name before its rename, so these were flushed before the swap
    inside = [p.split("/.恢复暂存_", 1)[1] for p in flushed if "/.恢复暂存_" in p]
    staged_files = {rest.split("/", 1)[1] for rest in inside if "/" in rest}
    expected = {"ledger.sqlite3"} | {f"attachments/{rel}" for rel in attachment_digests(source.path.parent)}
    assert expected <= staged_files


def failing_replace(monkeypatch, *fail_when):
    """os.replace that fails (as on Windows, a file held open by another program) for the given moves."""
    import errno
    import os

    real_replace = os.replace
    failed = []

    def replace(src, dst):
        for test in fail_when:
            if test(Path(src), Path(dst)):
                failed.append((Path(src), Path(dst)))
                raise PermissionError(errno.EACCES, "拒绝访问。")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return failed


def test_a_failed_swap_puts_everything_back(source, other, tmp_path, monkeypatch):
    from app.services.backup.backup_service import BackupError

    made = backup_database(source, tmp_path)
    before = table_contents(other / "ledger.sqlite3")
    failed = failing_replace(monkeypatch, lambda src, dst: dst == other / "ledger.sqlite3")
    with pytest.raises(BackupError) as caught:
        restore_backup(made.path, other)
    assert failed  # the database swap, after the attachments had been swapped
    message = str(caught.value)
    assert "当前数据保持不变" in message and "其他程序" in message
    assert table_contents(other / "ledger.sqlite3") == before
    assert set(attachment_digests(other)) == {"旧附件.txt"}
    assert (other / "attachments" / "旧附件.txt").read_bytes() == b"old attachment"
    assert not list((other / "backups").glob(".恢复暂存_*"))


def test_a_swap_that_cannot_be_undone_says_where_the_old_attachments_are(source, other, tmp_path, monkeypatch):
    from app.services.backup.backup_service import BackupError

    made = backup_database(source, tmp_path)
    before = table_contents(other / "ledger.sqlite3")
    failing_replace(monkeypatch, lambda src, dst: dst == other / "ledger.sqlite3",
                    lambda src, dst: src == other / "attachments" and ".恢复暂存_" in str(dst))
    with pytest.raises(BackupError) as caught:
        restore_backup(made.path, other)
    message = str(caught.value)
    assert "未能把原来的附件文件夹放回原处" in message
    [kept] = (other / "backups" / "恢复前").iterdir()
    assert str(kept / "attachments") in message
    assert (kept / "attachments" / "旧附件.txt").read_bytes() == b"old attachment"  # nothing lost
    assert table_contents(other / "ledger.sqlite3") == before


def test_a_leftover_file_that_cannot_be_removed_refuses_the_restore_in_chinese(source, other, tmp_path):
    # stands in for Windows, where another program holding ledger.sqlite3-journal open makes it undeletable
    from app.services.backup.backup_service import BackupError

    made = backup_database(source, tmp_path)
    before = table_contents(other / "ledger.sqlite3")
    (other / "ledger.sqlite3-journal").mkdir()
    (other / "ledger.sqlite3-journal" / "x").write_bytes(b"x")
    with pytest.raises(BackupError, match="恢复没有进行，当前数据保持不变：无法删除 ledger.sqlite3-journal"):
        restore_backup(made.path, other)
    import shutil

    shutil.rmtree(other / "ledger.sqlite3-journal")
    assert table_contents(other / "ledger.sqlite3") == before
    assert (other / "attachments" / "旧附件.txt").read_bytes() == b"old attachment"
