import sqlite3

import pytest

from app.models.database import Database, SchemaTooNewError, head_revision
from app.storage import open_data_folder


def test_empty_folder_gives_a_working_database_with_pragmas(data_dir):
    db = open_data_folder(data_dir)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert (data_dir / "ledger.sqlite3").exists()
    db.dispose()


def test_database_from_a_newer_app_is_refused(data_dir):
    db = open_data_folder(data_dir)
    db.dispose()
    with sqlite3.connect(data_dir / "ledger.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNewError, match="升级本软件"):
        Database(data_dir / "ledger.sqlite3")


def test_older_schema_is_copied_aside_then_upgraded(data_dir, monkeypatch):
    # Simulate an older database: stamped with a revision that is not head yet.
    import app.models.database as database

    db = open_data_folder(data_dir)
    db.dispose()
    monkeypatch.setattr(database, "SCHEMA_HEAD", "0002_future")
    monkeypatch.setattr("alembic.command.upgrade", lambda cfg, rev: None)
    db2 = open_data_folder(data_dir)
    assert db2.migration_copy and "升级前" in db2.migration_copy
    db2.dispose()



def test_schema_head_constant_names_the_newest_migration():
    from app.migrations import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
