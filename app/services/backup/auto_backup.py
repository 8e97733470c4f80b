"""Automatic local backups: on exit and at most once a day, into the data folder's ``backups/auto/``.

They guard against a damaged database or a mistaken mass change, not against losing the computer: that
is what the backup to a USB stick is for. They are NOT encrypted: the backup password is never stored
(only a verifier of it), so nothing could encrypt them without asking the user. They stay inside the data
folder, next to the database they copy, and so reveal nothing that is not already there: with encryption
at rest on, the database in them is the encrypted one (with its wrapped key), only attachments are plain.

Retention: the newest ``backup.keep_last`` (default 10) are kept, plus the newest of each calendar month
for the last twelve months; older ones are deleted. The date is read from the file name, not from the
file's modification time, which copying can change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from app.config import backups_dir
from app.models.database import Database
from app.services.backup.backup_format import FILE_SUFFIX
from app.services.backup.backup_service import create_backup
from app.services.common.branch import is_empty
from app.services.common.settings import get_setting

AUTO_FOLDER = "auto"
AUTO_PREFIX = "自动备份"
MONTHS_KEPT = 12
_STAMP = re.compile(r"_(\d{4}-\d{2}-\d{2}_\d{4})(?:_\d+)?" + re.escape(FILE_SUFFIX) + "$")


def auto_backups_dir(data_dir: Path) -> Path:
    return backups_dir(data_dir) / AUTO_FOLDER


def backup_time(path: Path) -> datetime | None:
    """When an automatic backup was made, from its name (…_2026-11-22_1530.blbak); None if not one."""
    if not path.name.startswith(AUTO_PREFIX + "_"):
        return None
    match = _STAMP.search(path.name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y-%m-%d_%H%M")
    except ValueError:
        return None


def list_auto_backups(data_dir: Path) -> list[tuple[datetime, Path]]:
    """Automatic backups, newest first."""
    folder = auto_backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [(when, p) for p in folder.iterdir() if p.is_file() and (when := backup_time(p))]
    return sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)


def _month_index(when: datetime) -> int:
    return when.year * 12 + when.month - 1


def backups_to_keep(stamps: Iterable[datetime], now: datetime, keep_last: int = 10) -> set[datetime]:
    """Which backups to keep: the newest ``keep_last``, and the newest of each of the last 12 months.

    A pure function of the dates (tested with made-up ones); duplicates count once.
    """
    ordered = sorted(set(stamps), reverse=True)
    keep = set(ordered[: max(keep_last, 1)])
    newest_in_month: dict[int, datetime] = {}
    for when in ordered:
        age_months = _month_index(now) - _month_index(when)
        if 0 <= age_months < MONTHS_KEPT:
            newest_in_month.setdefault(_month_index(when), when)
    return keep | set(newest_in_month.values())


def prune_auto_backups(data_dir: Path, keep_last: int, now: datetime) -> list[Path]:
    """Delete the automatic backups retention does not keep; returns what was deleted."""
    backups = list_auto_backups(data_dir)
    keep = backups_to_keep([when for when, _ in backups], now, keep_last)
    kept_stamps: set[datetime] = set()
    deleted = []
    for when, path in backups:  # newest first: of two files with the same minute, the first is kept
        if when in keep and when not in kept_stamps:
            kept_stamps.add(when)
            continue
        try:
            path.unlink()
            deleted.append(path)
        except OSError:
            pass  # tried again next time
    return deleted


def is_due(data_dir: Path, *, on_exit: bool, now: datetime) -> bool:
    """At most one automatic backup per calendar day.

    On exit: due when none was made today. At other times (the app starting after a crash or power cut
    that skipped the exit backup): due only when the newest is also more than a day old. A backup dated
    after ``now`` (made while the computer's clock was wrong) does not count, or it would stop the
    automatic backups until that date.
    """
    backups = [(when, path) for when, path in list_auto_backups(data_dir) if when <= now]
    if not backups:
        return True
    newest = backups[0][0]
    if newest.date() >= now.date():
        return False
    return on_exit or now - newest >= timedelta(days=1)


def auto_backup_if_due(db: Database, *, on_exit: bool, now: datetime | None = None) -> Path | None:
    """Make the automatic backup if one is due; returns its path, or None if none was due.

    An empty database (first run, nothing entered yet) is not backed up. Raises BackupError with a
    Chinese message if the backup fails; the data itself is never touched.
    """
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    data_dir = db.path.parent
    with db.session() as session:
        if is_empty(session):
            return None
        keep_last = int(get_setting(session, "backup.keep_last"))
    if not is_due(data_dir, on_exit=on_exit, now=now):
        return None
    folder = auto_backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    result = create_backup(data_dir, folder, password=None, now=now, name_prefix=AUTO_PREFIX)
    prune_auto_backups(data_dir, keep_last, now)
    return result.path
