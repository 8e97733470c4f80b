"""SQLite database files: consistent copies of a live database."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_database(src: Path, dest: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API, not a file copy)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)
    source.close()
    target.close()


