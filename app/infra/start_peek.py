"""What the main window's frame shows at start-up, read from the data folder's database with plain sqlite3.

The GUI paints its window before it imports SQLAlchemy and the models (about half of the start-up time):
this look tells it whether that is safe, and what the frame shows meanwhile. Whenever anything is out of
the ordinary — no database yet, a schema that is not at head (a migration must run), a start-up password,
an empty database (the first-run dialog), no branch profile, an interrupted restore (opening the folder
finishes or undoes it, and says so), anything unreadable — it answers None and the
GUI takes its full path, unchanged, before any window shows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.config import database_path
from app.migrations import SCHEMA_HEAD

PASSWORD_SETTING = "access.password_hash"  # app.services.access.control.HASH_SETTING
SAMPLE_SETTING = "demo.is_sample"
RESTORE_JOURNAL = "restore-journal.json"  # app.services.backup.restore_journal.JOURNAL_NAME


@dataclass(frozen=True)
class StartPeek:
    branch_name: str  # the branch profile's full name, as the title and status bar show it
    is_sample: bool  # the sample branch: the window shows its banner


def peek_at_start(folder: Path) -> StartPeek | None:
    """The frame's texts when the ordinary start applies, else None (see the module's docstring)."""
    path = database_path(folder)
    if not path.is_file() or (folder / RESTORE_JOURNAL).exists():
        return None  # no database yet; or an interrupted restore, which opening finishes or undoes and tells
    try:
        # read-only and without creating anything: the full path does any writing, after its safety copy
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return _peek(con)
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        con.close()


def _peek(con: sqlite3.Connection) -> StartPeek | None:
    revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision is None or revision[0] != SCHEMA_HEAD:
        return None
    if _setting(con, PASSWORD_SETTING):
        return None
    profile = con.execute("SELECT full_name FROM branch_profile WHERE id = 1").fetchone()
    if profile is None or not profile[0]:
        return None
    return StartPeek(branch_name=profile[0], is_sample=bool(_setting(con, SAMPLE_SETTING)))


def _setting(con: sqlite3.Connection, key: str) -> object:
    row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else json.loads(row[0])
