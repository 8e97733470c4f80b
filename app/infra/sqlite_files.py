"""SQLite database files: consistent copies of a live database."""

from __future__ import annotations

from pathlib import Path

from app.infra import ledger_db


def copy_database(src: Path, dest: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API, not a file copy); the copy
    of an encrypted database is encrypted with the same key."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    key = ledger_db.key_for(src) if ledger_db.is_encrypted_file(src) else None
    source = ledger_db.connect(src)
    try:
        target = ledger_db.connect(dest, key=key)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
