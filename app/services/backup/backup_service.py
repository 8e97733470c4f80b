"""Backup and restore of a data folder: one verified ``.blbak`` file, written safely, restored safely.

A backup holds a consistent snapshot of the database (SQLite's online backup API, so it can be taken
while the application has the database open), every file under ``attachments/``, and a manifest (app
version, schema revision, branch name, counts per table, created-at, SHA-256 of each part). The file
format is described in :mod:`app.services.backup.backup_format`.

Writing follows KeePassXC's safe saving: the file is written under a temporary name next to the target,
flushed and fsync'd, read back in full from the disk (decrypted, the structure and seal checked, every
part's bytes compared with the file it was written from, ``integrity_check`` on the database snapshot)
and only then given its final name. A disk that fills up or a USB stick pulled out half-way leaves at
most a ``*.tmp`` file, never one that looks like a good backup.

Order and overlap, for speed: the attachments are written first while the snapshot is taken on a helper
thread, then the database; parts are hashed on two helper threads; the disk is asked to start writing
every few MiB (durable.start_writeback) so the final fsync has little left.

Restoring checks everything before touching the data folder: the format, the password, every hash, the
database's ``integrity_check``, its counts against the manifest, its schema revision (a backup from a
newer version of the application is refused), its structure against what this application's migrations
make for that revision and its settings values (schema_check), and the manifest against the data (what
the user confirms is read from the snapshot and the parts). An older schema is migrated in the staging
folder. Only then, after the user confirms, the current database is copied aside
(``backups/恢复前/恢复前_<time>/``, kept), and the restored database and attachments folder are moved
into place with renames on the same disk, under a journal (restore_journal) that lets the next start
finish or undo a swap that was interrupted.

Backups never replace an existing file: the final name is claimed with a hard link or an exclusive
create (claim_final_name).
"""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sqlalchemy.orm import Session

from app import APP_TITLE, __version__
from app.config import attachments_dir, backups_dir, database_path
from app.infra import ledger_db
from app.infra.durable import fsync_dir, start_writeback
from app.infra.instance_lock import AlreadyRunningError, acquire_instance_lock
from app.infra.os_errors import describe_os_error, os_error_reason
from app.infra.sqlite_files import copy_database
from app.kit import registry
from app.kit.errors import UserError
from app.migrations import SCHEMA_HEAD
from app.migrations.runner import known_revisions, open_migrated
from app.models.database import Database
from app.services.backup import backup_format as fmt
from app.services.backup import restore_journal, schema_check
from app.services.backup.last_backup import record_backup
from app.services.common.settings import get_setting, set_setting

BACKUP_PREFIX = "支部台账备份"
DB_PART = "ledger.sqlite3"
KEY_PART = "ledger.key"  # an encrypted ledger's wrapped data key (app.services.access.data_key), first
ATTACHMENT_PREFIX = "attachments/"
PRE_RESTORE_FOLDER = "恢复前"
MIN_PASSWORD_LENGTH = 8
_STAGING_PREFIXES = (".备份暂存_", ".恢复暂存_")

# How the counts of the manifest are shown comes from the areas (registry count labels); tables no area
# labels are summed up as "其他记录"; an area's quiet tables and `alembic_version` say nothing to the user.

NEWER_SCHEMA_MESSAGE = "备份来自更新版本的支部台账，请先升级本软件"

Progress = Callable[[str, int, int], None]
"""progress(stage, done_bytes, total_bytes); stage is a Chinese word for the user (正在备份 / 正在校验)."""


class BackupError(UserError):
    """A backup or restore that cannot go on; the message is Chinese and says what to do."""


class NewerSchemaError(BackupError):
    pass


class ForeignDatabaseError(fmt.CorruptBackupError):
    """The backup's database has a structure (tables, triggers, views …) this application does not make."""


class LedgerPasswordError(fmt.BackupFormatError):
    """The backup's database is encrypted (encryption at rest) and the start-up password it was made
    under, or the recovery key, was not given or is wrong."""

    def __init__(self, message: str, *, given: bool) -> None:
        super().__init__(message)
        self.given = given


LEDGER_PASSWORD_NEEDED = ("这份备份中的数据库已加密：需要做备份时的启动密码（或恢复密钥）才能恢复。")
LEDGER_PASSWORD_WRONG = ("启动密码（或恢复密钥）不正确：这份备份中的数据库是用做备份时的启动密码加密的。")


# -- what a backup holds ----------------------------------------------------------------------------------


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} 字节"
    for unit in ("KB", "MB", "GB"):
        n /= 1024
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
    raise AssertionError


@dataclass(frozen=True)
class BackupSummary:
    """What the user sees about a backup before restoring it, and after making it."""

    branch_name: str
    created_at: datetime
    app_version: str
    schema_revision: str
    counts: dict[str, int]
    attachment_count: int
    attachment_bytes: int
    encrypted: bool
    database_encrypted: bool = False  # encryption at rest: the database inside is SQLCipher-encrypted

    @classmethod
    def from_manifest(cls, manifest: dict, encrypted: bool) -> BackupSummary:
        try:
            return cls(
                branch_name=str(manifest["branch_name"]),
                created_at=datetime.fromisoformat(manifest["created_at"]),
                app_version=str(manifest["app_version"]),
                schema_revision=str(manifest["schema_revision"]),
                counts={str(k): int(v) for k, v in manifest["counts"].items()},
                attachment_count=int(manifest["attachments"]["count"]),
                attachment_bytes=int(manifest["attachments"]["bytes"]),
                encrypted=encrypted,
                database_encrypted=any(isinstance(p, dict) and p.get("name") == KEY_PART
                                       for p in manifest.get("parts", [])),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise fmt.CorruptBackupError("备份文件的清单已损坏，无法使用。") from exc

    def contents_text(self) -> str:
        """E.g. "党员 45 人、党员变更记录 12 条、党小组 3 个；附件 8 个（2.1 MB）"."""
        shown = []
        other = 0
        labels, quiet = registry.count_labels(), registry.quiet_tables()
        for table, n in self.counts.items():
            if table in labels:
                continue
            if table not in quiet:
                other += n
        for table, (label, unit) in labels.items():
            if table in self.counts:
                shown.append(f"{label} {self.counts[table]} {unit}")
        if other:
            shown.append(f"其他记录 {other} 条")
        text = "、".join(shown) or "（没有记录）"
        return f"{text}；附件 {self.attachment_count} 个（{human_size(self.attachment_bytes)}）"

    def describe_lines(self) -> list[str]:
        return [
            f"支部：{self.branch_name}",
            f"备份时间：{self.created_at:%Y年%m月%d日 %H:%M}",
            f"内容：{self.contents_text()}",
            f"加密：{'是（AES-256）' if self.encrypted else '否'}"
            + ("；其中的数据库另行加密（需启动密码）" if self.database_encrypted else ""),
            f"软件版本：{self.app_version}（数据结构版本 {self.schema_revision}）",
        ]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    summary: BackupSummary
    seconds: float
    cleaned: int = 0  # stale temporary files of killed backups removed from the target folder

    def result_text(self) -> str:
        locked = "已加密" if self.summary.encrypted else (
            "备份文件未另行加密（其中的数据库已用启动密码加密，附件未加密）" if self.summary.database_encrypted
            else "未加密")
        text = (f"备份完成：{self.path}（{human_size(self.size)}；{self.summary.contents_text()}），"
                f"已校验，{locked}。")
        if self.cleaned:
            text += f"另已删除以前中断的备份在该文件夹中留下的 {self.cleaned} 个临时文件。"
        return text


# -- backup passwords (only a scrypt verifier is stored) -----------------------------------------------


def password_problem(password: str) -> str | None:
    """Why a new backup password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"备份密码至少要 {MIN_PASSWORD_LENGTH} 个字符。"
    if password != password.strip():
        return "备份密码的开头和结尾不能是空格。"
    return None


def has_backup_password(session: Session) -> bool:
    return bool(get_setting(session, "backup.password_hash"))


def set_backup_password(session: Session, password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise BackupError(problem)
    set_setting(session, "backup.password_hash", fmt.hash_password(password))


def check_backup_password(session: Session, password: str) -> bool:
    stored = get_setting(session, "backup.password_hash")
    return bool(stored) and fmt.verify_password(password, stored)


# -- file names and targets -------------------------------------------------------------------------------


NO_BRANCH_NAME = "未设置支部"  # a backup's name and summary when the database has no branch profile


def safe_file_part(text: str) -> str:
    """Text usable in a file name on Windows and Linux."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", text).strip(" .")
    return cleaned[:80] or NO_BRANCH_NAME


def default_backup_name(branch_name: str, when: datetime, prefix: str = BACKUP_PREFIX) -> str:
    return f"{prefix}_{safe_file_part(branch_name)}_{when:%Y-%m-%d_%H%M}{fmt.FILE_SUFFIX}"


def _unique(path: Path) -> Path:
    if not path.exists():
        return path
    for i in range(2, 1000):
        candidate = path.with_name(f"{path.stem}_{i}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise BackupError(f"目标文件夹里同名的备份太多：{path.parent}")


def resolve_target(output: Path, branch_name: str, when: datetime, prefix: str = BACKUP_PREFIX) -> Path:
    """A folder (existing, or any path not ending in .blbak) gets the default name; else it is the file."""
    output = Path(output)
    if output.is_dir() or output.suffix.lower() != fmt.FILE_SUFFIX:
        if not output.is_dir():
            if not output.parent.is_dir():
                raise BackupError(f"备份位置不存在：{output.parent}（U 盘是否已插好？）")
            try:
                output.mkdir()
            except OSError as exc:
                raise BackupError(describe_os_error(exc, output, "建立文件夹")) from exc
        return _unique(output / default_backup_name(branch_name, when, prefix))
    if not output.parent.is_dir():
        raise BackupError(f"备份位置不存在：{output.parent}（U 盘是否已插好？）")
    if output.exists() or output.is_symlink():
        raise BackupError(f"已有同名的文件：{output}。备份不会覆盖已有的文件，请换一个文件名或文件夹。")
    return output


_TEMP_NAME = re.compile(r"\.blbak\.(\d+)(?:\.[0-9a-f]+)?\.tmp$", re.IGNORECASE)
STALE_TEMP_SECONDS = 24 * 3600  # a process id may be reused: a day-old temporary file is abandoned anyway


def temp_name_for(target: Path) -> Path:
    """``<name>.blbak.<pid>.<random>.tmp``: unique even for two backups of one process to one name."""
    return target.with_name(f"{target.name}.{os.getpid()}.{os.urandom(3).hex()}.tmp")


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """This application's temporary backup files left by runs that were killed (their process is gone,
    or they are a day old), removed: on a USB stick a plain one is a readable copy of the ledger."""
    from app.infra.processes import pid_running

    removed = []
    now = time.time() if now is None else now
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        match = _TEMP_NAME.search(path.name)
        if not match or not path.is_file() or path.is_symlink():
            continue
        pid = int(match.group(1)[:9])
        try:
            old = now - path.stat().st_mtime > STALE_TEMP_SECONDS
        except OSError:
            continue
        if pid != os.getpid() and (old or not pid_running(pid)):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def _numbered(path: Path, i: int) -> Path:
    return path.with_name(f"{path.stem}_{i}{path.suffix}")


def claim_final_name(temp: Path, target: Path, *, may_rename: bool) -> Path:
    """Give the verified temporary file its final name without ever replacing an existing file.

    A hard link fails if the name exists (atomic on every local file system and NTFS); where links are
    not supported (FAT32 sticks) the name is claimed with an exclusive create and then filled by the
    rename. Another backup that took the name first makes this one ``_2``, ``_3`` … when the name was
    chosen by us (a folder was given), and is a refusal when the user named the file."""
    for i in range(1, 1000):
        candidate = target if i == 1 else _numbered(target, i)
        try:
            os.link(temp, candidate)
        except FileExistsError:
            if not may_rename:
                raise BackupError(f"已有同名的文件：{target}。备份不会覆盖已有的文件，这份备份没有保存；"
                                  "请换一个文件名或文件夹。") from None
            continue
        except OSError:
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                if not may_rename:
                    raise BackupError(f"已有同名的文件：{target}。备份不会覆盖已有的文件，这份备份没有保存；"
                                      "请换一个文件名或文件夹。") from None
                continue
            os.close(fd)
            os.replace(temp, candidate)  # replaces only the empty file claimed just now
            return candidate
        _remove_quietly(temp)
        return candidate
    raise BackupError(f"目标文件夹里同名的备份太多：{target.parent}")


# -- the database snapshot and its checks -----------------------------------------------------------------


# How much of a database file SQLite may map into memory for the snapshot and its check (SQLCipher
# ignores it: encrypted pages are always read and decrypted).
_MMAP_BYTES = 1 << 30


def snapshot_database(db_path: Path, dest: Path) -> None:
    """A consistent single-file copy of a live (WAL) database, taken with the online backup API."""
    source = ledger_db.connect(db_path, timeout=10)
    source.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")  # pages read in place, not copied (plain files)
    # an encrypted ledger's snapshot is encrypted with the same key: the backup holds no plain copy
    key = ledger_db.key_for(db_path) if ledger_db.is_encrypted_file(db_path) else None
    target = ledger_db.connect(dest, key=key)
    try:
        # a scratch file: no journal and no fsync while it is filled (it is checked before it is used)
        target.execute("PRAGMA synchronous=OFF")
        target.execute("PRAGMA journal_mode=OFF")
        source.backup(target)  # one step: a single read transaction, so a consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    finally:
        target.close()
        source.close()


def _snapshot_with_facts(db_path: Path, dest: Path) -> tuple[str | None, str, dict[str, int]]:
    snapshot_database(db_path, dest)
    return database_facts(dest)


def _read_only(path: Path) -> sqlite3.Connection:
    return ledger_db.connect(path, read_only=True)


def database_facts(path: Path) -> tuple[str | None, str, dict[str, int]]:
    """(schema revision, branch full name, rows per table) of a database file."""
    con = _read_only(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        branch = _branch_name(con) if "branch_profile" in tables else ""
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t in tables if t != "alembic_version"}
    finally:
        con.close()
    return revision, branch or NO_BRANCH_NAME, counts


def _branch_name(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT full_name FROM branch_profile ORDER BY id LIMIT 1").fetchone()
    return row[0] if row and row[0] else ""


def branch_name(path: Path) -> str:
    """The branch's full name in a database file, as the backup's name gives it."""
    con = _read_only(path)
    try:
        try:
            name = _branch_name(con)
        except sqlite3.OperationalError:  # no branch_profile table: the facts' check will tell why
            name = ""
    finally:
        con.close()
    return name or NO_BRANCH_NAME


def integrity_check(path: Path) -> list[str]:
    """SQLite's PRAGMA integrity_check of a database file, read-only (["ok"] when it is sound)."""
    con = _read_only(path)
    try:
        con.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")  # some 15 % faster on a plain file
        return [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()


def check_database_file(path: Path, manifest: dict, *, for_restore: bool = True,
                        integrity: Future | None = None,
                        facts: tuple[str | None, str, dict[str, int]] | None = None) -> None:
    """integrity_check, and the revision and counts must match the manifest; to be restored, the revision
    must be one this version of the app knows (checking a freshly written backup skips that).
    ``integrity`` is an integrity_check already running on a helper thread; ``facts`` the file's
    database_facts when they are known already (the snapshot a backup was just written from)."""
    try:
        result = integrity.result() if integrity is not None else integrity_check(path)
        revision, _branch, counts = facts if facts is not None else database_facts(path)
    except sqlite3.DatabaseError as exc:
        raise fmt.CorruptBackupError(f"备份中的数据库已损坏（{exc}），无法使用。") from exc
    if result != ["ok"]:
        raise fmt.CorruptBackupError(f"备份中的数据库未通过完整性检查（{result[0]}），无法使用。")
    if revision is None:
        raise fmt.CorruptBackupError("备份中的数据库不是支部台账的数据库，无法使用。")
    if revision != manifest.get("schema_revision") or counts != manifest.get("counts"):
        raise fmt.CorruptBackupError("备份中的数据库与清单不符（文件已损坏或被改动过），无法使用。")
    if for_restore and revision not in known_revisions():
        raise NewerSchemaError(f"{NEWER_SCHEMA_MESSAGE}（备份的数据结构版本为 {revision}）。")
    if for_restore:
        refuse_foreign_database(path)


def refuse_foreign_database(path: Path) -> None:
    """The database must be one this application's migrations made: same tables, columns, indexes,
    triggers and views as the reference for its revision, and settings values it can read."""
    con = _read_only(path)
    try:
        _revision, problems = schema_check.database_problems(con)
    except sqlite3.DatabaseError as exc:
        raise fmt.CorruptBackupError(f"备份中的数据库已损坏（{exc}），无法使用。") from exc
    finally:
        con.close()
    if problems:
        raise ForeignDatabaseError(
            f"备份中的数据库不是本软件建立的，可能被人改动过：{schema_check.problems_sentence(problems)}。"
            "这份备份不能恢复。")


# -- making a backup ---------------------------------------------------------------------------------------


def _attachment_files(data_dir: Path) -> list[tuple[str, Path, int]]:
    root = attachments_dir(data_dir)
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(root).as_posix()
            files.append((ATTACHMENT_PREFIX + rel, path, path.stat().st_size))
    return files


class _SourceFile:
    """An attachment being read into the backup: its problems are told apart from the target's."""

    def __init__(self, path: Path, label: str) -> None:
        self._label = label
        try:
            self._f = open(path, "rb")
        except OSError as exc:
            raise self._error(exc) from exc

    def _error(self, exc: OSError) -> BackupError:
        return BackupError(f"备份没有完成：{describe_os_error(exc, self._label, '读取附件')}"
                           "它是否正被其他程序打开？请关闭后重新备份。")

    def read(self, n: int) -> bytes:
        try:
            block = self._f.read(n)
        except OSError as exc:
            raise self._error(exc) from exc
        if n and not block:
            raise BackupError(f"备份没有完成：附件“{self._label}”在备份过程中被改动了，请重新备份。")
        return block

    def __enter__(self) -> _SourceFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._f.close()


class _WritingAhead:
    """The backup file as the container writer sees it: every WRITEBACK_STEP bytes, the system is asked
    to start putting what was written so far on the disk (durable.start_writeback), so the disk works
    while the rest is read and hashed and the final fsync has little left to wait for."""

    WRITEBACK_STEP = 8 << 20

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self._written = 0
        self._started = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        n = self._f.write(data)
        self._written += len(data)
        if self._written - self._started >= self.WRITEBACK_STEP:
            self._f.flush()
            start_writeback(self._f.fileno(), self._started, self._written - self._started)
            self._started = self._written
        return n


def _open_for_writing(path: Path) -> BinaryIO:
    """The one place where the backup file is opened (tests replace it to simulate a failing disk)."""
    return open(path, "xb")


def _drop_cached_pages(fd: int) -> None:
    """After fsync, ask the system to forget the file's cached pages, so that the read-back check reads
    what is really on the stick rather than what is still in memory (Linux and other POSIX systems;
    Windows has no such call and the check there may be served from its cache)."""
    if hasattr(os, "posix_fadvise"):
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass


def describe_write_error(exc: OSError, folder: Path) -> str:
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or winerror == 112:
        return (f"备份没有完成：{folder} 所在的磁盘空间不足。未写完的文件已删除；"
                "请换一个空间更大的 U 盘，或删掉 U 盘上不需要的文件后再试。")
    if code in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO) or winerror in (21, 433, 1167):
        return (f"备份没有完成：写入 {folder} 时出错（U 盘可能已被拔出）。"
                "未写完的文件不是有效的备份；请插好 U 盘后重新备份。")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"备份没有完成：没有权限写入 {folder}（U 盘可能处于写保护状态）。"
    return f"备份没有完成：{describe_os_error(exc, folder, '写入')}"


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _staging_dir(data_dir: Path, prefix: str) -> Path:
    """A private scratch folder inside the data folder (it may hold personal data unencrypted, so it
    stays where the database already is, and on the same disk so that restore can rename from it).

    Its name carries the process id, so that the cleanup of folders left by crashes (an hour old) never
    removes one a running process still uses, nor the one an interrupted restore's journal needs."""
    parent = backups_dir(data_dir)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned_staging(data_dir)
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}_", dir=parent))
    except OSError as exc:
        raise BackupError(f"没有作任何改动：{describe_os_error(exc, parent, '在数据文件夹中写入暂存文件')}") from exc


_STAGING_PID = re.compile(r"^\.(?:备份|恢复)暂存_(\d+)_")


def remove_abandoned_staging(data_dir: Path, now: float | None = None) -> None:
    from app.infra.processes import pid_running

    parent = backups_dir(data_dir)
    needed = restore_journal.staging_in_journal(data_dir)
    now = time.time() if now is None else now
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for old in entries:
        if not old.name.startswith(_STAGING_PREFIXES) or old == needed:
            continue
        match = _STAGING_PID.match(old.name)
        if match and pid_running(int(match.group(1)[:9])):
            continue  # a backup or a prepared restore of a running process (maybe this one)
        try:
            if now - old.stat().st_mtime > 3600:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


def create_backup(data_dir: Path, output: Path, *, password: str | None = None,
                  progress: Progress | None = None, now: datetime | None = None,
                  name_prefix: str = BACKUP_PREFIX) -> BackupResult:
    """Write a verified backup of the data folder to ``output`` (a folder or a ``.blbak`` file).

    ``password`` None makes a plain backup: callers must have warned the user that it holds ID numbers.
    Opens its own SQLite connections, so it can run on a worker thread while the app is open.
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    db_path = database_path(data_dir)
    if not db_path.is_file():
        raise BackupError(f"数据文件夹中没有数据库，无法备份：{db_path}")
    when = (now or datetime.now()).replace(microsecond=0)
    scratch = _staging_dir(data_dir, ".备份暂存_")
    snapshot_sound: Future | None = None
    try:
        snapshot = scratch / DB_PART
        try:
            branch = branch_name(db_path)  # the backup's file name, before the snapshot is there
            encrypted_ledger = ledger_db.is_encrypted_file(db_path)
        except sqlite3.Error as exc:
            raise BackupError(f"读取数据库失败，无法备份：{exc}") from exc
        # The snapshot is taken on a helper thread while the attachments are copied (SQLite releases the
        # GIL), and the database part is written last.
        snapshot_made = _CHECKER.submit(_snapshot_with_facts, db_path, snapshot)
        attachments = _attachment_files(data_dir)
        key_file = data_dir / KEY_PART if encrypted_ledger else None
        # until the snapshot is made its size is the live file's and its write-ahead log's
        db_size = sum(p.stat().st_size for p in (db_path, db_path.with_name(db_path.name + "-wal"))
                      if p.exists())
        total = db_size + sum(size for _, _, size in attachments)
        target = resolve_target(Path(output), branch, when, name_prefix)
        named_by_user = not (Path(output).is_dir() or Path(output).suffix.lower() != fmt.FILE_SUFFIX)
        cleaned = remove_stale_temp_files(target.parent)
        free = shutil.disk_usage(target.parent).free
        if free < total + (1 << 20):
            raise BackupError(f"备份没有开始：{target.parent} 所在磁盘的剩余空间（{human_size(free)}）"
                              f"不够放下这份备份（约 {human_size(total)}）。请换一个 U 盘或先腾出空间。")
        temp = temp_name_for(target)
        done = 0

        def step(stage: str) -> Callable[[int], None]:
            def advance(n: int) -> None:
                nonlocal done
                done += n
                if progress:
                    progress(stage, done, total)
            return advance

        writing = step("正在备份")
        try:
            with _open_for_writing(temp) as f:
                writer = fmt.ContainerWriter(_WritingAhead(f), password)
                if key_file is not None:
                    with open(key_file, "rb") as src:
                        writer.add_part(KEY_PART, src, key_file.stat().st_size, writing)
                for name, path, size in attachments:
                    with _SourceFile(path, name.removeprefix(ATTACHMENT_PREFIX)) as src:
                        writer.add_part(name, src, size, writing)
                try:
                    revision, branch, counts = snapshot_made.result()
                except sqlite3.Error as exc:
                    raise BackupError(f"读取数据库失败，无法备份：{exc}") from exc
                if revision is None:
                    raise BackupError("数据库没有结构版本信息，无法备份。")
                total += snapshot.stat().st_size - db_size
                db_size = snapshot.stat().st_size
                # The snapshot's integrity_check runs on the helper thread from now on, while the last
                # part is written and this thread waits for the disk (fsync, read-back): before, both
                # cores are busy hashing and copying the attachments. See the read-back below for why
                # it is the backup's database that is being checked.
                snapshot_sound = _CHECKER.submit(integrity_check, snapshot)
                with open(snapshot, "rb") as src:
                    writer.add_part(DB_PART, src, db_size, writing)
                parts = writer.parts
                manifest = {
                    "format": fmt.FORMAT_VERSION, "app": APP_TITLE, "app_version": __version__,
                    "schema_revision": revision, "branch_name": branch,
                    "created_at": when.isoformat(), "counts": counts,
                    "attachments": {"count": len(attachments),
                                    "bytes": sum(size for _, _, size in attachments)},
                    "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256} for p in parts],
                }
                writer.finish(manifest)
                f.flush()
                os.fsync(f.fileno())
                _drop_cached_pages(f.fileno())
        except OSError as exc:
            _remove_quietly(temp)
            raise BackupError(describe_write_error(exc, target.parent)) from exc
        except BaseException:
            _remove_quietly(temp)
            raise

        done = 0
        try:
            # Every byte is read back from the disk and compared with the file it was written from
            # (fmt.SameBytesAs), so each part holds the bytes whose hash the manifest lists. The
            # database part is the snapshot's bytes, so the snapshot's integrity_check and counts are
            # those of the database in the backup: it is not extracted a second time to be checked.
            written_from = {DB_PART: snapshot, **{name: path for name, path, _ in attachments}}
            if key_file is not None:
                written_from[KEY_PART] = key_file
            hashes = {p.name: p.sha256 for p in parts}

            def same_bytes_as_source(name: str) -> fmt.SameBytesAs | None:
                source = written_from.get(name)
                return fmt.SameBytesAs(source, hashes[name]) if source is not None else None

            read_back = _read_backup(temp, password, scratch / "verify", extract_attachments=False,
                                     progress=step("正在校验"), for_restore=False, keys=writer.keys,
                                     ledger_key=ledger_db.key_for(db_path) if key_file else None,
                                     database_as_written=(snapshot, snapshot_sound,
                                                          (revision, branch, counts)),
                                     digest_for=same_bytes_as_source)
            if read_back["parts"] != manifest["parts"]:
                raise fmt.CorruptBackupError("读回的内容与写入的不一致")
        except (fmt.BackupFormatError, OSError) as exc:
            _remove_quietly(temp)
            reason = describe_os_error(exc, temp, "读回") if isinstance(exc, OSError) else str(exc)
            raise BackupError(f"备份写入后校验失败（{reason}）。这份备份不能用，已删除；"
                              "请换一个 U 盘或文件夹再试。") from exc
        except BaseException:
            _remove_quietly(temp)
            raise
        try:
            target = claim_final_name(temp, target, may_rename=not named_by_user)
        except OSError as exc:
            _remove_quietly(temp)
            raise BackupError(describe_write_error(exc, target.parent)) from exc
        except BaseException:
            _remove_quietly(temp)
            raise
        fsync_dir(target.parent)
        summary = replace(BackupSummary.from_manifest(manifest, encrypted=password is not None),
                          database_encrypted=key_file is not None)
        if name_prefix == BACKUP_PREFIX:  # made by hand, not the automatic copy on this computer
            record_backup(data_dir, target, when)
        return BackupResult(target, target.stat().st_size, summary, time.perf_counter() - started,
                            cleaned=len(cleaned))
    finally:
        if snapshot_sound is not None:
            snapshot_sound.exception()  # done with the snapshot before its folder is removed
        ledger_db.forget_key(scratch / "verify")
        shutil.rmtree(scratch, ignore_errors=True)


def backup_database(db: Database, output: Path, **kwargs) -> BackupResult:
    """create_backup for the data folder of an open Database."""
    return create_backup(db.path.parent, output, **kwargs)


# -- reading a backup --------------------------------------------------------------------------------------


_CHECKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup-integrity")


class _NotifyingFile(io.FileIO):
    """A file for writing that calls ``on_closed`` once its last byte is written and it is closed."""

    def __init__(self, path: Path, on_closed: Callable[[], None]) -> None:
        super().__init__(path, "wb")
        self._on_closed: Callable[[], None] | None = on_closed

    def close(self) -> None:
        super().close()
        if self._on_closed is not None:
            notify, self._on_closed = self._on_closed, None
            notify()


def _attachment_relpath(name: str) -> PurePosixPath:
    rel = PurePosixPath(name[len(ATTACHMENT_PREFIX):])
    if (not rel.parts or rel.is_absolute() or len(name) > 1024
            or any(p in ("", ".", "..") or ":" in p or "\\" in p or len(p.encode("utf-8")) > 255
                   or any(ord(c) < 32 for c in p) for p in rel.parts)):
        shown = repr(name[:80]) if any(ord(c) < 32 for c in name) else name[:80]
        raise fmt.CorruptBackupError(f"备份中有不安全的文件名（{shown}），无法使用。")
    return rel


def _read_backup(path: Path, password: str | None, dest: Path, *, extract_attachments: bool,
                 progress: Callable[[int], None] | None = None, for_restore: bool = True,
                 keys: tuple[bytes, bytes] | None = None, ledger_secret: str | None = None,
                 ledger_key: bytes | None = None,
                 database_as_written: tuple[Path, Future, tuple] | None = None,
                 digest_for: Callable[[str], fmt.PartDigest | None] | None = None) -> dict:
    """Read and verify a whole backup; the database lands in dest/ledger.sqlite3, attachments in
    dest/attachments/ when asked. Returns the manifest once every check has passed.

    An encrypted database (its wrapped key comes first, as ledger.key) is opened with ``ledger_key``
    (a backup just written) or the key unwrapped by ``ledger_secret`` (the start-up password of the day
    the backup was made, or the recovery key); LedgerPasswordError without either.

    ``database_as_written`` (a backup just written: the database file its part was written from, that
    file's integrity_check running, and its database_facts): the part is only read, and that file is
    checked instead."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "attachments").mkdir(exist_ok=True)
    checking: list[Future] = [] if database_as_written is None else [database_as_written[1]]
    database = dest / DB_PART if database_as_written is None else database_as_written[0]

    def start_integrity_check() -> None:
        # the database part is complete: check it on a helper thread while the attachments are read
        # (SQLite releases the GIL); its verdict only counts once the hashes have passed too
        checking.append(_CHECKER.submit(integrity_check, dest / DB_PART))

    def open_part(name: str, size: int) -> BinaryIO | None:
        if name == KEY_PART:
            if size > 16 * 1024:
                raise fmt.CorruptBackupError("备份中的密钥文件大小不对，无法使用。")
            return open(dest / KEY_PART, "wb")
        if name == DB_PART:
            if database_as_written is not None:
                return None
            if (dest / KEY_PART).exists():  # the key part came first: the database inside is encrypted
                _unlock_staged(dest, ledger_secret, ledger_key)
            return _NotifyingFile(dest / DB_PART, start_integrity_check)
        if name.startswith(ATTACHMENT_PREFIX):
            rel = _attachment_relpath(name)
            if not extract_attachments:
                return None
            target = dest / "attachments" / Path(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            return open(target, "wb")
        raise fmt.CorruptBackupError(f"备份中有不认识的内容（{name}），无法使用。")

    try:
        try:
            with open(path, "rb") as f:
                manifest = fmt.read_container(f, password, open_part, progress, keys=keys,
                                              digest_for=digest_for)
        except FileNotFoundError as exc:
            if not Path(path).exists():
                raise BackupError(f"找不到备份文件：{path}") from exc
            raise BackupError(describe_os_error(exc, path, "读取备份文件")) from exc
        except OSError as exc:
            raise BackupError(describe_os_error(exc, path, "读取备份文件")) from exc
        if manifest.get("format") != fmt.FORMAT_VERSION or DB_PART not in {
                p.get("name") for p in manifest["parts"] if isinstance(p, dict)}:
            raise fmt.CorruptBackupError("备份文件的清单已损坏，无法使用。")
        check_database_file(database, manifest, for_restore=for_restore,
                            facts=database_as_written[2] if database_as_written is not None else None,
                            integrity=checking[0] if checking else None)
        return manifest
    finally:
        for future in checking:  # done with the file before the caller removes the folder
            future.exception()


def _unlock_staged(dest: Path, secret: str | None, key: bytes | None) -> None:
    """The key of the backup's encrypted database, for the files under ``dest`` (this process only)."""
    from app.services.access import data_key

    if key is None:
        if not secret:
            raise LedgerPasswordError(LEDGER_PASSWORD_NEEDED, given=False)
        try:
            key = data_key.unlock(dest / KEY_PART, secret)
        except data_key.KeyFileError as exc:
            raise fmt.CorruptBackupError("备份中的密钥文件已损坏，无法使用。") from exc
        if key is None:
            raise LedgerPasswordError(LEDGER_PASSWORD_WRONG, given=True)
    ledger_db.remember_key(dest, key)


def backup_is_encrypted(path: Path) -> bool:
    """Whether the file needs a password (raises BackupFormatError if it is not a backup at all)."""
    return fmt.peek_header(path).encrypted


def _prepare(path: Path, password: str | None, scratch: Path, progress: Progress | None,
             ledger_secret: str | None = None) -> BackupSummary:
    path = Path(path)
    try:
        total = path.stat().st_size
    except OSError as exc:
        raise BackupError(describe_os_error(exc, path, "读取备份文件")) from exc
    if total == 0:
        raise fmt.NotABackupError("这个文件是空的，不是支部台账的备份文件。")
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("正在校验", min(done, total), total)

    header = fmt.peek_header(path)
    manifest = _read_backup(path, password, scratch, extract_attachments=True, progress=advance,
                            ledger_secret=ledger_secret)
    return summary_from_contents(scratch / DB_PART, manifest, encrypted=header.encrypted)


_VERSION_TEXT = re.compile(r"^[0-9][0-9A-Za-z.+-]{0,31}$")
_MANIFEST_LIES = "备份的清单与其中的实际数据不符（{what}），文件可能被人改动过，无法使用。"


def summary_from_contents(db_file: Path, manifest: dict, *, encrypted: bool) -> BackupSummary:
    """What the user confirms, read from the verified database and parts, not from the manifest's word.

    Branch name, schema revision and counts come from the database, attachment totals from the parts
    that were read and hashed; the manifest must say the same, or the backup is refused. Only the
    creation time and the app version exist nowhere else: they must be plausible (not in the future)."""
    try:
        revision, branch, counts = database_facts(db_file)
    except sqlite3.DatabaseError as exc:
        raise fmt.CorruptBackupError(f"备份中的数据库已损坏（{exc}），无法使用。") from exc
    parts = [p for p in manifest.get("parts", []) if isinstance(p, dict)]
    attached = [p for p in parts if str(p.get("name", "")).startswith(ATTACHMENT_PREFIX)]
    attachment_count = len(attached)
    attachment_bytes = sum(int(p["size"]) for p in attached)
    claimed = BackupSummary.from_manifest(manifest, encrypted=encrypted)
    if claimed.branch_name != branch:
        raise fmt.CorruptBackupError(_MANIFEST_LIES.format(what=f"支部名称写的是“{claimed.branch_name[:40]}”"))
    if claimed.schema_revision != revision or claimed.counts != counts:
        raise fmt.CorruptBackupError(_MANIFEST_LIES.format(what="记录数或数据结构版本"))
    if (claimed.attachment_count, claimed.attachment_bytes) != (attachment_count, attachment_bytes):
        raise fmt.CorruptBackupError(_MANIFEST_LIES.format(what="附件的个数或大小"))
    created = claimed.created_at
    if created.tzinfo is not None or created > datetime.now() + timedelta(days=1) or created.year < 2000:
        raise fmt.CorruptBackupError(_MANIFEST_LIES.format(what=f"备份时间写的是 {created:%Y年%m月%d日}"))
    if not _VERSION_TEXT.match(claimed.app_version):
        raise fmt.CorruptBackupError(_MANIFEST_LIES.format(what="软件版本"))
    return BackupSummary(branch_name=branch, created_at=created, app_version=claimed.app_version,
                         schema_revision=revision or "", counts=counts, attachment_count=attachment_count,
                         attachment_bytes=attachment_bytes, encrypted=encrypted,
                         database_encrypted=ledger_db.is_encrypted_file(db_file))


def _upgrade_staged_database(db_file: Path) -> str | None:
    """An older backup's database is migrated here, in the staging folder, before anything is swapped:
    a migration that fails leaves the data folder as it was. Returns the revision it came from."""
    con = _read_only(db_file)
    try:
        revision = schema_check.stamped_revision(con)
    finally:
        con.close()
    if revision == SCHEMA_HEAD:
        return None
    try:
        staged = open_migrated(db_file)
        staged.dispose()
        con = ledger_db.connect(db_file)
        try:
            con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to move into place
        finally:
            con.close()
    except Exception as exc:
        raise BackupError(f"备份来自较早的版本（数据结构版本 {revision}），升级它的数据结构时出错"
                          f"（{exc}）。当前数据没有任何改动。") from exc
    refuse_foreign_database(db_file)
    return revision


# -- restoring ---------------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    summary: BackupSummary
    pre_restore_dir: Path | None
    upgraded_from: str | None = None  # the backup's older schema revision, migrated before the swap
    earlier_notice: str | None = None  # an interrupted earlier restore found and finished or undone first

    @property
    def migration_copy(self) -> str | None:
        """Where the data before the schema upgrade is: the backup file itself, unchanged."""
        return self.upgraded_from

    def result_text(self) -> str:
        text = f"{self.earlier_notice}\n" if self.earlier_notice else ""
        text += f"已恢复“{self.summary.branch_name}”{self.summary.created_at:%Y年%m月%d日 %H:%M} 的备份。"
        if self.pre_restore_dir:
            text += f"恢复前的数据已另存到：{self.pre_restore_dir}"
        return text


@dataclass
class PreparedRestore:
    """A backup read into a scratch folder of the data folder and fully verified; nothing changed yet.

    ``apply()`` swaps it in; ``discard()`` (or leaving the with-block) removes the scratch folder.
    """

    data_dir: Path
    staging: Path
    summary: BackupSummary
    upgraded_from: str | None = None  # the older revision the staged database was migrated from
    applied: bool = field(default=False)

    def __enter__(self) -> PreparedRestore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def discard(self) -> None:
        ledger_db.forget_key(self.staging)
        shutil.rmtree(self.staging, ignore_errors=True)

    def apply(self, now: datetime | None = None) -> RestoreResult:
        """Copy the current data aside, then move the restored data in. Every connection to the current
        database must be closed first (Database.dispose()); another running copy of the app is refused."""
        if self.applied:
            raise BackupError("这份备份已经恢复过了。")
        try:
            lock = acquire_instance_lock(self.data_dir)
        except AlreadyRunningError as exc:
            raise BackupError(f"{exc} 恢复没有进行。") from exc
        try:
            # an earlier swap left half-done is finished or undone first, and said so with the result
            earlier = restore_journal.recover_interrupted_restore(self.data_dir)
            result = self._swap(now)
            result.earlier_notice = earlier
            return result
        finally:
            lock.release()

    def _swap(self, now: datetime | None) -> RestoreResult:
        data_dir = self.data_dir
        db_path = database_path(data_dir)
        stamp = (now or datetime.now()).strftime("%Y%m%d_%H%M%S")
        pre_dir = _unique(backups_dir(data_dir) / PRE_RESTORE_FOLDER / f"{PRE_RESTORE_FOLDER}_{stamp}")
        had_db = db_path.exists()
        if had_db:
            _leave_wal_mode(db_path)
            try:
                pre_dir.mkdir(parents=True)
                try:
                    copy_database(db_path, pre_dir / DB_PART)
                except sqlite3.DatabaseError as exc:
                    if "locked" in str(exc) or "busy" in str(exc):
                        raise
                    # the current database is damaged (often the very reason for restoring): SQLite cannot
                    # copy it, so its bytes are kept as they are, with any -wal or -journal beside them
                    _copy_files_as_they_are(db_path, pre_dir)
                _copy_key_file(data_dir / KEY_PART, pre_dir / KEY_PART)
            except (sqlite3.Error, OSError) as exc:
                shutil.rmtree(pre_dir, ignore_errors=True)
                raise BackupError(f"无法先把当前数据另存一份，恢复没有进行：{exc}") from exc
        try:
            for suffix in ("-wal", "-shm", "-journal"):
                stale = db_path.with_name(db_path.name + suffix)
                if stale.exists():
                    stale.unlink()  # the database is in DELETE mode and closed: these are leftovers
        except OSError as exc:
            raise BackupError(f"恢复没有进行，当前数据保持不变：无法删除 {stale.name}（{os_error_reason(exc)}）。"
                              "数据库可能正被其他程序打开（如杀毒软件），请关闭它们后再试。") from exc
        try:  # the restored files reach the disk before they replace the current ones (safe saving)
            _fsync_tree(self.staging)
        except OSError as exc:
            raise BackupError(f"恢复没有进行，当前数据保持不变：{describe_os_error(exc, self.staging, '写入')}"
                              ) from exc
        current_attachments = attachments_dir(data_dir)
        moved_aside = moved_in = key_moved = False
        staged_key = ledger_db.key_for(self.staging / DB_PART) if (self.staging / KEY_PART).exists() else None
        try:  # from here a kill is finished or undone at the next start (restore_journal)
            restore_journal.write_journal(data_dir, restore_journal.Journal(
                staging=self.staging, pre_dir=pre_dir, had_attachments=current_attachments.exists(),
                had_database=had_db))
        except OSError as exc:
            raise BackupError(f"恢复没有进行，当前数据保持不变：无法在数据文件夹中写入恢复记录"
                              f"（{describe_os_error(exc, data_dir, '写入')}）") from exc
        try:
            if current_attachments.exists():
                pre_dir.mkdir(parents=True, exist_ok=True)
                os.replace(current_attachments, pre_dir / "attachments")
                moved_aside = True
            os.replace(self.staging / "attachments", current_attachments)
            moved_in = True
            key_moved = _swap_key_file(self.staging, data_dir)
            os.replace(self.staging / DB_PART, db_path)
        except OSError as exc:
            try:
                if key_moved:
                    _put_key_file_back(data_dir, pre_dir)
                if moved_in:
                    os.replace(current_attachments, self.staging / "attachments")
                    moved_in = False
                if moved_aside:
                    os.replace(pre_dir / "attachments", current_attachments)
            except OSError as undo_exc:
                where = "是备份中的附件" if moved_in else "不存在"
                raise BackupError(
                    f"恢复没有完成（{describe_os_error(exc, data_dir)}），而且未能把原来的附件文件夹放回原处"
                    f"（{describe_os_error(undo_exc, data_dir)}）。数据库仍是原来的；原来的附件在 {pre_dir / 'attachments'}，"
                    f"数据文件夹中的 attachments 现在{where}。请关闭其他程序后，把原来的附件文件夹移回 "
                    f"{data_dir} 并命名为 attachments。") from undo_exc
            restore_journal.remove_journal(data_dir)
            raise BackupError(
                f"恢复没有完成，当前数据保持不变：{describe_os_error(exc, data_dir, '替换数据')}数据库或附件可能正被其他程序"
                "打开（如 PDF 阅读器、Excel、杀毒软件），请关闭它们后再试。") from exc
        fsync_dir(data_dir)
        restore_journal.remove_journal(data_dir)
        if staged_key is not None:  # the restored database opens with the backup's key from now on
            ledger_db.remember_key(data_dir, staged_key)
        else:
            ledger_db.forget_key(data_dir)
        self.applied = True
        self.discard()
        return RestoreResult(self.summary, pre_dir if pre_dir.exists() else None, self.upgraded_from)


def _copy_key_file(source: Path, copy: Path) -> None:
    """The current encrypted database's key file goes with its copy into the pre-restore folder."""
    if source.is_file():
        shutil.copyfile(source, copy)
        with open(copy, "rb+") as f:
            os.fsync(f.fileno())


def _swap_key_file(staging: Path, data_dir: Path) -> bool:
    """Just before the database: the backup's key file in (an encrypted database), or the current one
    removed (a plain database needs none; its copy is in the pre-restore folder). True if changed."""
    staged, current = staging / KEY_PART, data_dir / KEY_PART
    if staged.exists():
        os.replace(staged, current)
        return True
    if current.exists():
        current.unlink()
        return True
    return False


def _put_key_file_back(data_dir: Path, pre_dir: Path) -> None:
    current, copy = data_dir / KEY_PART, pre_dir / KEY_PART
    if copy.is_file():
        shutil.copyfile(copy, current)
    elif current.exists():
        current.unlink()


def _fsync_tree(folder: Path) -> None:
    """Flush every file under a folder, and the folders themselves, to the disk."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb+") as f:  # Windows flushes only a handle opened for writing
                os.fsync(f.fileno())
        elif path.is_dir():
            fsync_dir(path)
    fsync_dir(folder)


def _copy_files_as_they_are(db_path: Path, folder: Path) -> None:
    """A byte copy of a database SQLite cannot read, and of its -wal / -journal, flushed to the disk."""
    for old in folder.iterdir():  # whatever the failed SQLite copy left
        old.unlink()
    for suffix in ("", "-wal", "-journal"):
        source = db_path.with_name(db_path.name + suffix)
        if source.is_file():
            copy = folder / (DB_PART + suffix)
            shutil.copyfile(source, copy)
            with open(copy, "rb+") as f:
                os.fsync(f.fileno())
    fsync_dir(folder)


def _leave_wal_mode(db_path: Path) -> None:
    """Checkpoint the current database into its main file and switch it out of WAL, so no -wal file is
    left to be applied to the restored one. Fails if any other connection (another running copy of the
    app, or a connection not disposed) still has it open."""
    try:
        con = ledger_db.connect(db_path, timeout=2)
        try:
            mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            mode = "wal"
        else:
            return  # the current database is damaged: it is still copied aside as it is, then replaced
    if mode.lower() != "delete":
        raise BackupError("当前数据库正在被使用（是否还开着另一个支部台账？），请先关闭它再恢复。")


def prepare_restore(backup_path: Path, data_dir: Path, password: str | None = None,
                    progress: Progress | None = None, ledger_secret: str | None = None) -> PreparedRestore:
    """Read and verify a backup into a scratch folder of ``data_dir``; the current data is untouched.

    Raises BackupFormatError (not a backup, password needed or wrong, damaged), NewerSchemaError or
    BackupError, each with a Chinese message.
    """
    data_dir = Path(data_dir)
    staging = _staging_dir(data_dir, ".恢复暂存_")
    try:
        summary = _prepare(Path(backup_path), password, staging, progress, ledger_secret)
        upgraded_from = _upgrade_staged_database(staging / DB_PART)
    except BaseException:
        ledger_db.forget_key(staging)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PreparedRestore(data_dir, staging, summary, upgraded_from)


def restore_backup(backup_path: Path, data_dir: Path, password: str | None = None,
                   progress: Progress | None = None, ledger_secret: str | None = None) -> RestoreResult:
    """Verify, then restore at once (for scripts and tests; the UI confirms between the two steps)."""
    with prepare_restore(backup_path, data_dir, password, progress, ledger_secret) as prepared:
        return prepared.apply()


def stored_password_hash(data_dir: Path) -> str:
    """The backup password verifier read straight from the database file, read-only.

    For the command line, which must work while the application has the data folder open (and so must
    not claim it or migrate it); "" when no password is set.
    """
    import json

    db_path = database_path(Path(data_dir))
    if not db_path.is_file():
        return ""
    try:
        con = ledger_db.connect(db_path, timeout=10)
    except sqlite3.DatabaseError:
        return ""
    try:
        row = con.execute("SELECT value FROM setting WHERE key = 'backup.password_hash'").fetchone()
    except sqlite3.DatabaseError:
        return ""
    finally:
        con.close()
    value = json.loads(row[0]) if row and row[0] is not None else ""
    return value if isinstance(value, str) else ""
