"""The plain look at the database that lets the window paint before SQLAlchemy loads: it answers only for
the ordinary start, and None whenever the full start-up path has something to do first."""

from __future__ import annotations

import sqlite3

from app.infra.start_peek import peek_at_start
from app.services.access.control import AccessControl
from app.services.common.settings import set_setting


def test_an_ordinary_branch_gives_the_frame_its_texts(branch_db, data_dir):
    assert peek_at_start(data_dir).branch_name == "中共测试市实验小学支部委员会"
    assert peek_at_start(data_dir).is_sample is False
    with branch_db.transaction() as s:
        set_setting(s, "demo.is_sample", True)
    assert peek_at_start(data_dir).is_sample is True


def test_no_database_an_empty_one_or_a_password_takes_the_full_path(db, data_dir, tmp_path):
    assert peek_at_start(tmp_path / "nothing here") is None
    assert peek_at_start(data_dir) is None  # empty: the first-run dialog comes first
    from app.services.common.branch import save_profile

    with db.transaction() as s:
        save_profile(s, full_name="中共测试市实验小学支部委员会")
    assert peek_at_start(data_dir) is not None
    AccessControl(db).save(old="", new="zhibu-2026", confirm="zhibu-2026", remove=False, idle_minutes=15)
    assert peek_at_start(data_dir) is None  # the start-up password is asked before any window


def test_a_schema_below_head_or_an_unreadable_file_takes_the_full_path(branch_db, data_dir):
    branch_db.dispose()
    path = data_dir / "ledger.sqlite3"
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    assert peek_at_start(data_dir) is None  # a migration runs first, after its safety copy
    path.write_bytes(b"not a database" * 100)
    assert peek_at_start(data_dir) is None


def test_an_interrupted_restore_takes_the_full_path(branch_db, data_dir):
    """Opening the folder finishes or undoes the swap and tells the user; the window must not show the
    rows of the database as it was before that."""
    from app.services.backup.restore_journal import journal_path

    assert peek_at_start(data_dir) is not None
    journal_path(data_dir).write_text("{}", encoding="utf-8")
    assert peek_at_start(data_dir) is None
