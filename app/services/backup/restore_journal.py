"""The restore journal: a swap interrupted half-way is finished or undone at the next start.

A restore's swap is three renames on one disk: the current attachments aside into the pre-restore
folder, the backup's attachments in, the backup's database in. A kill or a power cut between them would
leave the old database beside the backup's attachments (or without its own). So before the first rename
a small journal (``restore-journal.json`` in the data folder, flushed to the disk) names the staging
folder and the pre-restore folder; it is removed after the last rename.

At the next start, with the data folder claimed and before anything opens the database:
- the staging folder is still there (it only ever loses what was already moved in): the swap is
  **finished** (rolled forward) with what is left in it, everything in it having been verified;
- the staging folder is gone: the swap is **undone** (rolled back) from the pre-restore folder, which
  holds a copy of the database and the moved-aside attachments.
The user is told which, with the folder where the other data is.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.config import attachments_dir, database_path
from app.infra.durable import fsync_dir

JOURNAL_NAME = "restore-journal.json"
DB_PART = "ledger.sqlite3"
KEY_PART = "ledger.key"  # an encrypted database's wrapped key: it moves just before the database


@dataclass(frozen=True)
class Journal:
    staging: Path
    pre_dir: Path
    had_attachments: bool
    had_database: bool


def journal_path(data_dir: Path) -> Path:
    return data_dir / JOURNAL_NAME


def write_journal(data_dir: Path, journal: Journal) -> None:
    """Written (and flushed) before the first rename of the swap."""
    path = journal_path(data_dir)
    temp = path.with_name(path.name + ".tmp")
    payload = {"staging": journal.staging.name, "pre_dir": str(journal.pre_dir.relative_to(data_dir)),
               "had_attachments": journal.had_attachments, "had_database": journal.had_database}
    with open(temp, "w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)
    fsync_dir(data_dir)


def remove_journal(data_dir: Path) -> None:
    """After the last rename: the swap is complete."""
    try:
        journal_path(data_dir).unlink()
    except FileNotFoundError:
        return
    fsync_dir(data_dir)


def read_journal(data_dir: Path) -> Journal | None:
    path = journal_path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
        staging_name, pre_rel = str(data["staging"]), Path(str(data["pre_dir"]))
        if "/" in staging_name or "\\" in staging_name or pre_rel.is_absolute() or ".." in pre_rel.parts:
            raise ValueError(staging_name)
        return Journal(staging=data_dir / "backups" / staging_name, pre_dir=data_dir / pre_rel,
                       had_attachments=bool(data["had_attachments"]),
                       had_database=bool(data["had_database"]))
    except (ValueError, KeyError, TypeError, RecursionError):
        return None  # unreadable: recover_interrupted_restore says so and changes nothing


def staging_in_journal(data_dir: Path) -> Path | None:
    """The staging folder an unfinished restore still needs (another process's cleanup keeps it)."""
    journal = read_journal(data_dir)
    return journal.staging if journal else None


def finish_swap(data_dir: Path, journal: Journal) -> None:
    """The swap's renames in order, each one skipped when already done (roll forward)."""
    current = attachments_dir(data_dir)
    aside = journal.pre_dir / "attachments"
    staged_attachments = journal.staging / "attachments"
    if staged_attachments.exists():
        if journal.had_attachments and current.exists() and not aside.exists():
            journal.pre_dir.mkdir(parents=True, exist_ok=True)
            os.replace(current, aside)
        elif current.exists():  # an empty attachments folder made since: nothing of the user's in it
            shutil.rmtree(current)
        os.replace(staged_attachments, current)
    staged_db = journal.staging / DB_PART
    if staged_db.exists():
        staged_key, current_key = journal.staging / KEY_PART, data_dir / KEY_PART
        if staged_key.exists():
            os.replace(staged_key, current_key)
        elif current_key.exists():
            current_key.unlink()  # the backup's database is plain; the pre-restore folder keeps a copy
        os.replace(staged_db, database_path(data_dir))
    fsync_dir(data_dir)


def undo_swap(data_dir: Path, journal: Journal) -> None:
    """Put the data from before the restore back from the pre-restore folder (roll back)."""
    db_path = database_path(data_dir)
    copy = journal.pre_dir / DB_PART
    if journal.had_database and copy.is_file():
        temp = db_path.with_name(db_path.name + ".rollback.tmp")
        shutil.copyfile(copy, temp)
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(temp, db_path)
    elif not journal.had_database and db_path.exists():
        db_path.unlink()  # the folder had no database before the restore
    key_copy, current_key = journal.pre_dir / KEY_PART, data_dir / KEY_PART
    if key_copy.is_file():  # the database from before was encrypted: its key file comes back with it
        shutil.copyfile(key_copy, current_key)
    # a key file beside a plain database is removed when the folder is opened (encryption module)
    current = attachments_dir(data_dir)
    aside = journal.pre_dir / "attachments"
    if aside.exists():
        if current.exists():  # the backup's attachments, moved in before the kill: kept, not deleted
            os.replace(current, journal.pre_dir / "attachments_备份中的")
        os.replace(aside, current)
    fsync_dir(data_dir)


def recover_interrupted_restore(data_dir: Path) -> str | None:
    """Finish or undo a swap left half-done; the Chinese sentence for the user, or None if there was none.

    The caller holds the data folder's claim (so the restoring process is gone) and has not opened the
    database yet."""
    path = journal_path(data_dir)
    if not path.exists():
        return None
    journal = read_journal(data_dir)
    if journal is None:
        return (f"数据文件夹中有一份无法读取的恢复记录（{path}），上次的恢复可能没有完成。"
                "没有作任何改动；如数据不对，请重新从备份恢复。")
    if journal.staging.is_dir():
        finish_swap(data_dir, journal)
        shutil.rmtree(journal.staging, ignore_errors=True)
        remove_journal(data_dir)
        return ("上次从备份恢复时被中断了，本次启动时已把恢复做完：现在是备份中的数据。"
                f"恢复前的数据保存在：{journal.pre_dir}")
    undo_swap(data_dir, journal)
    remove_journal(data_dir)
    return ("上次从备份恢复时被中断了，而备份的暂存文件已经不在，本次启动时已撤销这次恢复："
            f"现在仍是恢复前的数据。恢复前的数据另有一份在：{journal.pre_dir}")
