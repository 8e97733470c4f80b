"""Opening a data folder: the folder layout, the database with its migrations, and its safety copies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.config import attachments_dir, backups_dir, database_path, resolve_data_dir
from app.models.database import Database
from app.services.instance_lock import acquire_instance_lock


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
        db = Database(database_path(folder), safety_dir=backups_dir(folder) / "升级前")
    except BaseException:
        lock.release()
        raise
    db.instance_lock = lock
    return db


def data_folder_of(db: Database) -> Path:
    return db.path.parent


def replace_with_empty_database(db: Database, label: str) -> tuple[Database, Path]:
    """Move the folder's database aside into backups/<label>_<time>/ and open a new, empty one.

    Used to leave the sample branch: nothing is deleted, the fictional data is kept in the backups
    folder. The folder's claim is held throughout (the new Database shares it before the old one lets go).
    Returns the new Database and the folder the old files went to.
    """
    folder = data_folder_of(db)
    db.engine.dispose()  # close every connection: SQLite checkpoints the WAL, and Windows can rename
    aside = backups_dir(folder) / f"{label}_{datetime.now():%Y%m%d_%H%M%S}"
    aside.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        part = db.path.with_name(db.path.name + suffix)
        if part.exists():
            part.rename(aside / part.name)
    fresh = open_data_folder(folder)
    db.dispose()
    return fresh, aside
