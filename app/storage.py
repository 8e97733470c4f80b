"""Opening a data folder: the folder layout, the database with its migrations, and its safety copies."""

from __future__ import annotations

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
