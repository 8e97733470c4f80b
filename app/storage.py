"""Opening a data folder: the folder layout, the database with its migrations, and its safety copies."""

from __future__ import annotations

from pathlib import Path

from app.config import attachments_dir, backups_dir, database_path, resolve_data_dir
from app.models.database import Database


def open_data_folder(data_dir: str | Path | None = None) -> Database:
    """Resolve the data folder, create its layout, open (and if needed migrate) its database."""
    folder = resolve_data_dir(data_dir)
    attachments_dir(folder).mkdir(exist_ok=True)
    backups_dir(folder).mkdir(exist_ok=True)
    return Database(database_path(folder), safety_dir=backups_dir(folder) / "升级前")


def data_folder_of(db: Database) -> Path:
    return db.path.parent
