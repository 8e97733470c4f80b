"""Issue 7 §4: a swap killed after any rename is finished (or undone) at the next start, and said so."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.services.backup.backup_service import backup_database, create_backup, prepare_restore
from app.services.common.storage import open_data_folder
from tests.services.backup.backup_helpers import attachment_digests, table_contents

pytestmark = pytest.mark.usefixtures("fast_scrypt")


class Killed(BaseException):
    """The process dies here: no except-clause of the swap runs its undo."""


def kill_after_renames(monkeypatch, n: int) -> None:
    real_replace = os.replace
    done = []

    def replace(src, dst):
        if ".恢复暂存_" in str(src) or Path(dst).name == "attachments":
            if len(done) == n:
                raise Killed
            done.append(src)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("renames", [1, 2], ids=["after the attachments went aside",
                                                 "after the backup's attachments came in"])
def test_a_swap_killed_half_way_is_finished_at_the_next_start(source, other, tmp_path, monkeypatch, renames):
    made = backup_database(source, tmp_path)
    before = table_contents(other / "ledger.sqlite3")
    prepared = prepare_restore(made.path, other)
    with monkeypatch.context() as patch:
        kill_after_renames(patch, renames)
        with pytest.raises(Killed):
            prepared.apply()
    assert (other / "restore-journal.json").exists()

    db = open_data_folder(other)
    try:
        assert "本次启动时已把恢复做完" in db.restore_notice
    finally:
        db.dispose()
    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(other) == attachment_digests(source.path.parent)
    assert not (other / "restore-journal.json").exists()
    kept = next((other / "backups" / "恢复前").iterdir())
    assert table_contents(kept / "ledger.sqlite3") == before
    assert (kept / "attachments" / "旧附件.txt").read_bytes() == b"old attachment"
    assert not [p for p in (other / "backups").iterdir() if p.name.startswith(".恢复暂存_")]


def test_a_swap_killed_after_the_last_rename_is_complete_at_the_next_start(source, other, tmp_path, monkeypatch):
    from app.services.backup import restore_journal

    made = backup_database(source, tmp_path)
    prepared = prepare_restore(made.path, other)
    with monkeypatch.context() as patch:
        patch.setattr(restore_journal, "remove_journal", lambda folder: (_ for _ in ()).throw(Killed()))
        with pytest.raises(Killed):
            prepared.apply()
    db = open_data_folder(other)
    db.dispose()
    assert "已把恢复做完" in db.restore_notice
    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(other) == attachment_digests(source.path.parent)


def test_a_swap_whose_staging_folder_vanished_is_undone(source, other, tmp_path, monkeypatch):
    import shutil

    made = backup_database(source, tmp_path)
    before_rows, before_files = table_contents(other / "ledger.sqlite3"), attachment_digests(other)
    prepared = prepare_restore(made.path, other)
    with monkeypatch.context() as patch:
        kill_after_renames(patch, 2)
        with pytest.raises(Killed):
            prepared.apply()
    shutil.rmtree(prepared.staging)

    db = open_data_folder(other)
    db.dispose()
    assert "已撤销这次恢复" in db.restore_notice
    assert table_contents(other / "ledger.sqlite3") == before_rows
    assert attachment_digests(other) == before_files


def test_another_process_cleanup_keeps_a_prepared_restores_staging_folder(source, other, tmp_path):
    made = backup_database(source, tmp_path)
    prepared = prepare_restore(made.path, other)  # the user is still reading the confirmation …
    two_hours_ago = time.time() - 7200
    os.utime(prepared.staging, (two_hours_ago, two_hours_ago))
    abandoned = other / "backups" / ".恢复暂存_999999999_old"  # a crashed process's
    abandoned.mkdir()
    os.utime(abandoned, (two_hours_ago, two_hours_ago))

    other_db = open_data_folder(other)
    try:
        create_backup(other, tmp_path / "usb2")  # … while a backup (its cleanup) runs
    finally:
        other_db.dispose()

    assert prepared.staging.is_dir() and not abandoned.exists()
    result = prepared.apply()
    assert result.summary.counts["member"] > 30


def test_a_restore_into_a_folder_with_an_interrupted_one_finishes_that_first_and_says_so(
        source, other, tmp_path, monkeypatch):
    from app.services.backup.backup_service import restore_backup

    made = backup_database(source, tmp_path)
    prepared = prepare_restore(made.path, other)
    with monkeypatch.context() as patch:
        kill_after_renames(patch, 1)
        with pytest.raises(Killed):
            prepared.apply()
    result = restore_backup(made.path, other)  # e.g. `branch-ledger restore` run right after the kill
    assert result.result_text().startswith("上次从备份恢复时被中断了")
    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(other) == attachment_digests(source.path.parent)
