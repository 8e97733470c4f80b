"""Opening a data folder: the folder layout, the database with its migrations, and its safety copies."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from app.config import (
    DataFolderError,
    FolderBefore,
    attachments_dir,
    backups_dir,
    database_path,
    resolve_data_dir,
)
from app.infra.instance_lock import InstanceLock, acquire_instance_lock, lock_path
from app.infra.os_errors import describe_os_error
from app.kit.errors import UserError
from app.migrations.runner import open_migrated
from app.models.database import Database
from app.services.access.encryption import finish_interrupted_conversion, is_encrypted, is_unlocked
from app.services.backup.restore_journal import recover_interrupted_restore
from app.services.common import audit as _audit  # noqa: F401  (registers the audit trail listener)


def open_data_folder(data_dir: str | Path | None = None, lock: InstanceLock | None = None) -> Database:
    """Resolve the data folder, create its layout, open (and if needed migrate) its database.

    The folder is claimed for this process first (one writer: a second running copy gets
    AlreadyRunningError and touches nothing); Database.dispose() gives the claim back. `lock` is a claim
    the caller already holds on this folder (the GUI's quick start takes it before its first paint).
    """
    folder = resolve_data_dir(data_dir)
    try:
        lock = lock or acquire_instance_lock(folder)
    except OSError as exc:  # a read-only folder or disk, no permission …
        raise DataFolderError(describe_os_error(exc, folder, "使用数据文件夹")) from exc
    try:
        # before anything opens the database: a restore's swap left half-done is finished or undone
        notice = recover_interrupted_restore(folder)
        finish_interrupted_conversion(folder)  # an encryption turned on or off half-way
        if is_encrypted(folder) and not is_unlocked(folder):
            raise_locked(folder)
        remove_print_previews(folder)  # left by the last session: printed by now
        attachments_dir(folder).mkdir(exist_ok=True)
        backups_dir(folder).mkdir(exist_ok=True)
        db = open_migrated(database_path(folder), safety_dir=backups_dir(folder) / "升级前")
        check_readable(db)
    except (sqlite3.DatabaseError, DBAPIError) as exc:
        lock.release()
        raise DamagedDatabaseError(damaged_database_message(database_path(folder), exc)) from exc
    except OSError as exc:
        lock.release()
        raise DataFolderError(describe_os_error(exc, folder, "使用数据文件夹")) from exc
    except BaseException:
        lock.release()
        raise
    db.instance_lock = lock
    db.restore_notice = notice  # told to the user by the caller (a dialog, or stderr on the command line)
    return db


class LockedLedgerError(DataFolderError):
    """The database is encrypted and its key was not unlocked with the start-up password first."""


LOCKED_MESSAGE = ("数据库已加密：需要先输入启动密码（或恢复密钥）才能打开。在命令行中请在终端里按提示输入，"
                  "或用 --login-password-file 提供启动密码。")


class DamagedDatabaseError(DataFolderError):
    """The folder's database file is not a readable ledger database (damaged, not SQLite, truncated)."""


def raise_locked(folder: Path) -> None:
    """An encrypted database not unlocked: the password is needed, or (a damaged key file) a backup."""
    from app.services.access.data_key import KeyFileError, key_file_path, read_key_file

    try:
        read_key_file(key_file_path(folder))
    except KeyFileError as exc:
        raise DamagedDatabaseError(f"{exc}没有作任何改动。") from exc
    raise LockedLedgerError(LOCKED_MESSAGE)


def damaged_database_message(db_path: Path, exc: BaseException) -> str:
    reason = str(getattr(exc, "orig", None) or exc)
    kind = "已损坏" if "malformed" in reason or "corrupt" in reason else "无法读取或不是支部台账的数据库"
    if "locked" in reason or "busy" in reason:
        kind = "正被其他程序占用"
    return (f"数据库文件{kind}：{db_path}。没有作任何改动；可以从备份恢复"
            "（打开支部台账会显示找到的备份，或在命令行运行 branch-ledger restore 备份文件）。")


def check_readable(db: Database) -> None:
    """A file cut short (its header counts more pages than the file holds) fails here, with a message,
    instead of later in the middle of the user's work. Random bytes already fail while opening. O(1):
    no page is read at start-up beyond the header."""
    try:
        with open(db.path, "rb") as f:
            header = f.read(100)
        size = db.path.stat().st_size
    except OSError:
        return
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the in-header size is only trusted when this matches
    if valid and pages and page_size * pages > size:
        raise sqlite3.DatabaseError("database disk image is malformed (the file is shorter than its header says)")


PRINT_FOLDER = "打印暂存"


def print_preview_dir(data_dir: Path) -> Path:
    """Where a PDF opened for printing is written: inside the data folder (it holds full ID numbers),
    not the system's temporary folder. Its files are removed once no longer needed."""
    folder = data_dir / PRINT_FOLDER
    folder.mkdir(exist_ok=True)
    return folder


def remove_print_previews(data_dir: Path, older_than_seconds: float = 0) -> int:
    """Remove the print previews (older than the given age); a file a PDF viewer still holds open on
    Windows stays until the next time. Returns how many were removed."""
    import time

    folder = data_dir / PRINT_FOLDER
    if not folder.is_dir():
        return 0
    removed = 0
    now = time.time()
    for path in folder.iterdir():
        try:
            if path.is_file() and now - path.stat().st_mtime >= older_than_seconds:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def data_folder_of(db: Database) -> Path:
    return db.path.parent


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
        key_file = folder / "ledger.key"  # an encrypted database's key goes with it (app.services.access.data_key)
        if key_file.exists():
            key_file.rename(aside / key_file.name)
            moved.append((key_file, aside / key_file.name))
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



def discard_new_data_folder(db: Database, before: FolderBefore | None) -> None:
    """Undo what opening a new data folder created (the first-run dialog was cancelled): the empty
    database and its journal files, the lock file, the empty attachments and backups folders, and the
    folder itself if this run made it. Anything else in it (the user's own files) is left alone; a
    folder that had a database is never touched."""
    db.dispose()
    if before is not None and before.had_database:
        return
    folder = before.folder if before is not None else db.path.parent
    database = database_path(folder)
    for path in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal")),
                 lock_path(folder)):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # still held by something else: harmless, it is an empty database
    for path in (attachments_dir(folder), backups_dir(folder) / "升级前", backups_dir(folder),
                 *([folder] if before is None else [])):
        try:
            path.rmdir()  # only when empty
        except OSError:
            pass
