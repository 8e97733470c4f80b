"""Opening a data folder: the folder layout, the database with its migrations, and its safety copies."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.config import attachments_dir, backups_dir, database_path, resolve_data_dir
from app.infra.instance_lock import acquire_instance_lock, lock_path
from app.kit.errors import UserError
from app.migrations.runner import open_migrated
from app.models.database import Database


def open_data_folder(data_dir: str | Path | None = None) -> Database:
    """Resolve the data folder, create its layout, open (and if needed migrate) its database.

    The folder is claimed for this process first (one writer: a second running copy gets
    AlreadyRunningError and touches nothing); Database.dispose() gives the claim back.
    """
    folder = resolve_data_dir(data_dir)
    lock = acquire_instance_lock(folder)
    try:
        attachments_dir(folder).mkdir(exist_ok=True)
        backups_dir(folder).mkdir(exist_ok=True)
        db = open_migrated(database_path(folder), safety_dir=backups_dir(folder) / "升级前")
    except BaseException:
        lock.release()
        raise
    db.instance_lock = lock
    return db


def data_folder_of(db: Database) -> Path:
    return db.path.parent


@dataclass(frozen=True)
class FolderBefore:
    """What the data folder was before this run opened it: whether it existed, whether it had a database."""

    folder: Path
    existed: bool
    had_database: bool


def folder_before_opening(data_dir: str | Path | None = None) -> FolderBefore:
    folder = resolve_data_dir(data_dir, create=False)
    return FolderBefore(folder, folder.is_dir(), database_path(folder).exists())


def discard_new_data_folder(db: Database, before: FolderBefore) -> None:
    """Undo what opening a new data folder created (the first-run dialog was cancelled): the empty
    database and its journal files, the lock file, the empty attachments and backups folders, and the
    folder itself if this run made it. Anything else in it (the user's own files) is left alone; a
    folder that had a database is never touched."""
    db.dispose()
    if before.had_database:
        return
    folder = before.folder
    database = database_path(folder)
    for path in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal")),
                 lock_path(folder)):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # still held by something else: harmless, it is an empty database
    for path in (attachments_dir(folder), backups_dir(folder) / "升级前", backups_dir(folder),
                 *([folder] if not before.existed else [])):
        try:
            path.rmdir()  # only when empty
        except OSError:
            pass


class ReplaceDatabaseError(UserError):
    """The database could not be replaced; the message is Chinese and says where the data is."""


_DB_PARTS = ("", "-wal", "-shm")


def replace_with_empty_database(db: Database, label: str) -> tuple[Database, Path]:
    """Move the folder's database aside into backups/<label>_<time>/ and open a new, empty one.

    Used to leave the sample branch: nothing is deleted, the fictional data is kept in the backups
    folder. The folder's claim is held throughout (the new Database shares it before the old one lets go).
    Returns the new Database and the folder the old files went to. If any step fails, the files moved so
    far are put back (a database is never separated from its -wal) and `db` stays usable; the
    ReplaceDatabaseError says so, or, if even that failed, where the files are.
    """
    folder = data_folder_of(db)
    db.engine.dispose()  # close every connection: SQLite checkpoints the WAL, and Windows can rename
    aside = backups_dir(folder) / f"{label}_{datetime.now():%Y%m%d_%H%M%S}"
    moved: list[tuple[Path, Path]] = []
    opening = False
    try:
        aside.mkdir(parents=True)
        for suffix in _DB_PARTS:
            part = db.path.with_name(db.path.name + suffix)
            if part.exists():
                part.rename(aside / part.name)
                moved.append((part, aside / part.name))
        opening = True
        fresh = open_data_folder(folder)
    except Exception as exc:
        try:
            _put_back(db.path, moved, aside, opening)
        except OSError as undo_exc:
            raise ReplaceDatabaseError(
                f"操作没有完成（{exc}），而且未能把原来的数据放回原处（{undo_exc}）。原来的数据库文件在 {aside}，"
                f"请关闭本软件和其他程序后，把其中的文件移回 {folder}。") from undo_exc
        raise ReplaceDatabaseError(f"操作没有完成，原来的数据保持不变（{exc}）。") from exc
    db.dispose()
    return fresh, aside


def _put_back(db_path: Path, moved: list[tuple[Path, Path]], aside: Path, opening: bool) -> None:
    """Undo a half-done replace_with_empty_database: whatever the failed open created at the database's
    place goes (a new -wal beside the old database would corrupt it), then the moved files come back."""
    moved_from = {src for src, _dest in moved}
    for suffix in reversed(_DB_PARTS):
        part = db_path.with_name(db_path.name + suffix)
        if part.exists() and (part in moved_from or opening):
            part.unlink()  # created by the failed open: every original still here was never moved
    for src, dest in reversed(moved):
        os.replace(dest, src)
    if aside.is_dir() and not any(aside.iterdir()):
        aside.rmdir()
