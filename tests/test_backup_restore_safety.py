"""Restore safety cases found in review: a damaged current database, and the restored files on the disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_helpers import attachment_digests, fill_data_folder, table_contents, use_fast_scrypt

from app.services.backup import backup_database, restore_backup
from app.services.branch import save_profile
from app.storage import open_data_folder

PASSWORD = "红旗飘飘-2026"


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch):
    use_fast_scrypt(monkeypatch)


@pytest.fixture
def source(db):
    fill_data_folder(db)
    return db


@pytest.fixture
def other(tmp_path) -> Path:
    """Another data folder with data of its own, closed (the restore target)."""
    folder = tmp_path / "other"
    db = open_data_folder(folder)
    with db.transaction() as session:
        save_profile(session, full_name="中共另一所学校支部委员会", group_names=["甲组"])
    db.dispose()
    (folder / "attachments" / "旧附件.txt").write_bytes(b"old attachment")
    return folder


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
