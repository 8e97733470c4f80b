"""Leaving the sample branch (storage.replace_with_empty_database) when a step fails half-way: the sample
database must be back where it was, still open and readable, and the user told in Chinese."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Member
from app.services.common import storage
from app.services.common.storage import ReplaceDatabaseError, replace_with_empty_database
from app.services.demo.sample_branch import create_demo_branch

SAMPLE_MEMBERS = 53  # the sample branch: 50 of the roster + 3 admitted through 发展党员


@pytest.fixture
def sample(db):
    with db.transaction() as s:
        create_demo_branch(s)
    return db


def members(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Member))


def test_a_new_database_that_cannot_be_opened_leaves_the_sample_in_place(sample, data_dir, monkeypatch):
    def broken_open(folder):
        sqlite3.connect(Path(folder) / "ledger.sqlite3").close()  # the failed open left an empty file behind
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(storage, "open_data_folder", broken_open)
    with pytest.raises(ReplaceDatabaseError, match="原来的数据保持不变") as caught:
        replace_with_empty_database(sample, "示例支部")
    assert "disk I/O error" in str(caught.value)
    assert members(sample) == SAMPLE_MEMBERS  # the old Database still works on its own file
    assert sqlite3.connect(data_dir / "ledger.sqlite3").execute("SELECT count(*) FROM member").fetchone() == (SAMPLE_MEMBERS,)
    assert list((data_dir / "backups").glob("示例支部_*")) == []


def test_a_wal_file_that_cannot_be_moved_does_not_separate_it_from_its_database(sample, data_dir, monkeypatch):
    reader = sqlite3.connect(data_dir / "ledger.sqlite3")  # another program keeps the -wal alive
    reader.execute("SELECT count(*) FROM member").fetchone()
    with sample.transaction() as s:
        s.get(Member, 1).notes = "最后一次修改，还在 WAL 里"
    assert (data_dir / "ledger.sqlite3-wal").exists()
    real_rename = Path.rename

    def rename(self, target):
        if self.name.endswith("-wal"):
            raise PermissionError(13, "另一个程序正在使用此文件")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(ReplaceDatabaseError, match="原来的数据保持不变"):
        replace_with_empty_database(sample, "示例支部")
    reader.close()
    monkeypatch.undo()
    with sample.session() as s:
        assert s.get(Member, 1).notes == "最后一次修改，还在 WAL 里"
    assert members(sample) == SAMPLE_MEMBERS


def test_the_window_stays_on_the_sample_and_says_why(qtbot, sample, monkeypatch):
    from app.ui import messages
    from app.ui.application import create_qt_application
    from app.ui.main_window import MainWindow

    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda *a, **k: None)
    monkeypatch.setattr(storage, "open_data_folder",
                        lambda folder: (_ for _ in ()).throw(sqlite3.OperationalError("disk I/O error")))
    errors: list[str] = []
    monkeypatch.setattr(messages, "ask_confirm", lambda *a, **k: True)
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a, **k: errors.append(text))
    create_qt_application()
    w = MainWindow(sample)
    qtbot.addWidget(w)
    w.show()
    assert w.start_own_branch() is False
    assert len(errors) == 1 and "无法移走示例数据" in errors[0] and "原来的数据保持不变" in errors[0]
    assert w.sample_banner.isVisible() and w.database is sample and members(sample) == SAMPLE_MEMBERS
