"""The kill test: a process killed (SIGKILL) in the middle of a long write leaves all of it or none of it.

A child process opens the data folder and adds members in bulk through the real services
(demo.generate_members through roster.save_member: the user's path, validated and audited) inside ONE transaction:
600 members and about 8,000 audit rows. It reports its progress on stdout; the test kills it at several
points (early, half-way, late, while committing, after the commit) and then opens the folder as the
application would and proves: SQLite's integrity_check passes, no foreign key dangles, the ledger's own
checks find nothing, and the data is exactly the state before the write or exactly the state after it.

The children run side by side, each in its own copy of the folder, to keep the test to a few seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, Member
from app.services.common.integrity import check_engine
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch

COUNT = 600
TODAY = date(2026, 3, 15)

WRITER = textwrap.dedent(f"""
    import os, sys, time
    from datetime import date
    from sqlalchemy import event
    from sqlalchemy.orm import Session
    from app.services.demo.sample_branch import generate_members
    from app.services.common.storage import open_data_folder

    db = open_data_folder(sys.argv[1])
    wal = db.path.with_name(db.path.name + "-wal")
    flushes = 0

    def progress(_session, _context):
        global flushes
        flushes += 1
        if flushes % 50 == 0:
            size = wal.stat().st_size if wal.exists() else 0
            print(f"row {{flushes}} wal {{size}}", flush=True)

    event.listen(Session, "after_flush", progress)
    event.listen(Session, "before_commit", lambda _s: print("committing", flush=True))
    with db.transaction() as session:
        # A small page cache makes SQLite spill the transaction's pages into the WAL file long before the
        # commit, so the kill lands while the file on disk holds half a transaction.
        session.connection().exec_driver_sql("PRAGMA cache_size=64")
        generate_members(session, {COUNT}, seed=3, today=date({TODAY.year}, {TODAY.month}, {TODAY.day}),
                         through_save_member=True)
    print("committed", flush=True)
    time.sleep(60)  # killed here in the last case: a committed write must survive without a clean close
""")

# Where each child is killed: the line after which the test sends SIGKILL, and what must survive.
KILL_POINTS = {
    "early": ("row 50 ", "none"),
    "half-way": (f"row {COUNT // 2} ", "none"),
    "late": (f"row {COUNT - 50} ", "none"),
    "while committing": ("committing", "either"),
    "after the commit": ("committed", "all"),
}


def state(folder: Path) -> dict:
    """Open the folder as the application does and read what a user would rely on."""
    db = open_data_folder(folder)  # also proves the killed writer's lock was dropped
    try:
        with db.engine.connect() as conn:
            integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            dangling = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        with db.session() as s:
            numbers = frozenset(s.scalars(select(Member.id_number)))
            audit = s.scalar(select(func.count()).select_from(AuditEntry))
        report = check_engine(db.engine)
    finally:
        db.dispose()
    return {"integrity": integrity, "dangling": dangling, "numbers": numbers, "audit": audit,
            "problems": [str(f) for f in report.problems]}


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory) -> Path:
    """The sample branch, closed cleanly: the state before the bulk write."""
    folder = tmp_path_factory.mktemp("seed") / "data"
    db = open_data_folder(folder)
    with db.transaction() as s:
        create_demo_branch(s, today=TODAY)
    db.dispose()
    return folder


def run_and_kill(folder: Path, kill_after: str, log: list[str]) -> None:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        for line in child.stdout:
            log.append(line.strip())
            if line.startswith((kill_after, "committed")):
                child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up of any kind
                break
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        log.append(f"stderr: {child.stderr.read().strip()}")


def test_killed_bulk_write_leaves_all_or_nothing(seed_folder, tmp_path):
    before = state(seed_folder)
    assert before["integrity"] == ["ok"] and before["problems"] == []

    folders = {name: tmp_path / name.replace(" ", "_") for name in KILL_POINTS}
    logs: dict[str, list[str]] = {name: [] for name in KILL_POINTS}
    threads = []
    for name, (kill_after, _) in KILL_POINTS.items():
        shutil.copytree(seed_folder, folders[name])
        threads.append(threading.Thread(target=run_and_kill, args=(folders[name], kill_after, logs[name])))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    after = {name: state(folders[name]) for name in KILL_POINTS}
    complete = after["after the commit"]
    assert len(complete["numbers"] - before["numbers"]) == COUNT, logs["after the commit"]
    assert complete["audit"] > before["audit"] + 10 * COUNT  # the trail went in with the members

    for name, (kill_after, expected) in KILL_POINTS.items():
        log = logs[name]
        assert any(line.startswith(kill_after) for line in log), (name, log)  # killed where meant
        got = after[name]
        assert got["integrity"] == ["ok"], (name, got["integrity"])
        assert got["dangling"] == [] and got["problems"] == [], name
        outcome = {"none": before, "all": complete}
        matches = [k for k, ref in outcome.items()
                   if (got["numbers"], got["audit"]) == (ref["numbers"], ref["audit"])]
        assert matches, f"{name}: {len(got['numbers'])} members, {got['audit']} audit rows — half a write"
        if expected != "either":
            assert matches == [expected], name

    # The mid-write kills really hit a file holding part of the uncommitted transaction.
    for name in ("half-way", "late"):
        kill_line = logs[name][-2]  # "row N wal BYTES", the last line before the kill
        assert int(kill_line.split()[-1]) > 0, (name, kill_line)
