"""Shared by the backup tests: a filled data folder, and snapshots of folders and databases to compare."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from app.services.backup import backup_format

ATTACHMENTS = {
    "会议记录/2026-03 支部党员大会.pdf": b"%PDF-1.4 fake minutes " * 500,
    "会议记录/签到表 第1页.jpg": bytes(range(256)) * 40,
    "党费/收据.xlsx": b"PK\x03\x04 not really a workbook",
    "空文件.txt": b"",
    "a/b/c/深层.bin": bytes(7000),
}


def use_fast_scrypt(monkeypatch) -> None:
    """The real scrypt cost is half a second per key; the format is the same with a smaller n."""
    monkeypatch.setattr(backup_format, "SCRYPT_N", 1 << 12)
    monkeypatch.setattr("app.services.access.verifier.LOG2_N", 10)


def make_other_folder(folder: Path) -> Path:
    """Another data folder with different data of its own, closed (the restore target)."""
    from app.services.common.branch import save_profile
    from app.services.common.storage import open_data_folder

    other = open_data_folder(folder)
    with other.transaction() as session:
        save_profile(session, full_name="中共另一所学校支部委员会", group_names=["甲组"])
    other.dispose()
    (folder / "attachments" / "旧附件.txt").write_bytes(b"old attachment")
    return folder


def fill_data_folder(db, attachments: dict[str, bytes] | None = None) -> None:
    """The sample branch (members, events, groups, audit trail) plus attachment files."""
    from datetime import date

    from app.services.demo.sample_branch import create_demo_branch

    with db.transaction() as session:
        create_demo_branch(session, today=date(2026, 11, 22))
    root = db.path.parent / "attachments"
    for rel, data in (ATTACHMENTS if attachments is None else attachments).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def table_contents(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (alembic_version included), sorted, read with plain sqlite3."""
    con = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def attachment_digests(data_dir: Path) -> dict[str, str]:
    root = data_dir / "attachments"
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (the lock file's holder note aside)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "ledger.lock"}
