"""When the user last made a backup by hand (to a USB stick or another folder), kept beside the backups.

Automatic backups stay on this computer, so they do not count: the reminder is about a copy that would
survive the computer. The note is a small JSON file in the data folder's backups/ (not the database), so
`branch-ledger backup` can write it while the application holds the database.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from app.config import backups_dir

NOTE_NAME = "last_backup.json"


def record_backup(data_dir: Path, target: Path, when: datetime) -> None:
    note = backups_dir(data_dir) / NOTE_NAME
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        temp = note.with_suffix(".tmp")
        temp.write_text(json.dumps({"at": when.isoformat(timespec="seconds"), "path": str(target)},
                                   ensure_ascii=False), encoding="utf-8")
        temp.replace(note)
    except OSError:
        pass  # the backup itself succeeded; a missing note only means an early reminder


def last_backup(data_dir: Path) -> tuple[datetime, str] | None:
    """(when, where) of the last hand-made backup, or None if there is no readable note."""
    try:
        data = json.loads((backups_dir(data_dir) / NOTE_NAME).read_text(encoding="utf-8"))
        return datetime.fromisoformat(str(data["at"])), str(data.get("path", ""))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
