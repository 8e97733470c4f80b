import sqlite3

import pytest

from app.migrations.runner import SchemaTooNewError, head_revision
from app.migrations.runner import open_migrated as Database
from app.services.common.storage import open_data_folder


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
    import app.migrations.runner as database

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


def test_a_database_of_schema_0001_upgrades_with_its_data(data_dir):
    """tests/migrations/fixtures/ledger_schema_0001.sqlite3: the sample branch written by 0.1.0 (schema 0001)."""
    import shutil
    from pathlib import Path

    from sqlalchemy import func, select

    from app.kit.findings import PROBLEM
    from app.models import Member, MemberEvent
    from app.services.roster.checks import record_checks
    from app.services.roster.member_events import EventError, void_event

    fixture = Path(__file__).parent / "fixtures" / "ledger_schema_0001.sqlite3"
    shutil.copy(fixture, data_dir / "ledger.sqlite3")
    db = open_data_folder(data_dir)
    try:
        assert db.migration_copy and "升级前_0001" in db.migration_copy
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Member)) == 50
            events = s.scalars(select(MemberEvent)).all()
            assert len(events) == 11 and all(e.voided_at is None and e.state_before is None for e in events)
            findings, members, _events = record_checks(s)
            assert members == 50 and [f for f in findings if f.severity == PROBLEM] == []
        with pytest.raises(EventError, match="旧版本"):
            with db.transaction() as s:
                void_event(s, max(e.id for e in events), "误登记")
    finally:
        db.dispose()
    assert sqlite3.connect(db.migration_copy).execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
