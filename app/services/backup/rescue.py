"""When the data folder cannot be opened: what is wrong, which backups are there, and restoring one.

The rescue window (app/ui/rescue/) is thin: it shows ``explain_open_failure``, lists ``found_backups``
and calls ``restore_into``. Nothing in the damaged folder is deleted: the restore keeps the current
database byte for byte in ``backups/恢复前/`` (a file SQLite cannot read is copied as it is), with its
attachments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.infra.os_errors import describe_os_error
from app.kit.errors import UserError
from app.migrations.runner import SchemaTooNewError
from app.services.backup import backup_format as fmt
from app.services.backup.auto_backup import list_auto_backups
from app.services.backup.backup_service import (
    BackupSummary,
    RestoreResult,
    prepare_restore,
)

MAX_LISTED = 20
MAX_READ_FOR_LISTING = 200 << 20  # a larger automatic backup is listed without its contents


@dataclass(frozen=True)
class FoundBackup:
    path: Path
    when: datetime
    summary: BackupSummary | None
    problem: str = ""  # why its contents could not be read (then it cannot be restored either)

    def line(self) -> str:
        stamp = f"{self.when:%Y年%m月%d日 %H:%M}"
        if self.summary is not None:
            return f"{stamp}　{self.summary.contents_text()}"
        return f"{stamp}　{self.problem or '（内容未读取）'}"


def explain_open_failure(exc: BaseException, data_dir: Path) -> str:
    """What is wrong, in Chinese, for the rescue window (never an English exception text)."""
    if isinstance(exc, (UserError, SchemaTooNewError)):
        return str(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc, data_dir, "使用数据文件夹")
    orig = getattr(exc, "orig", None)
    reason = str(orig or exc)
    from app.infra.ledger_db import cipher_error_types

    if isinstance(exc, sqlite3.DatabaseError) or isinstance(orig, cipher_error_types()):
        if "locked" in reason or "busy" in reason:
            return "数据库文件正被其他程序占用（如杀毒软件或另一个支部台账），请关闭它们后重新打开。"
        return "数据库文件已损坏，或不是支部台账的数据库。"
    return f"打开数据时出现了意外的错误（{type(exc).__name__}）。"


def _summary_of(path: Path) -> tuple[BackupSummary | None, str]:
    try:
        if path.stat().st_size > MAX_READ_FOR_LISTING:
            return None, "（文件较大，内容未读取）"
        with open(path, "rb") as f:
            header = fmt.read_header(f)
            f.seek(0)
            manifest = fmt.read_container(f, None, lambda name, size: None)
        return BackupSummary.from_manifest(manifest, encrypted=header.encrypted), ""
    except fmt.PasswordRequiredError:
        return None, "（已加密，恢复时需输入备份密码）"
    except fmt.BackupFormatError as exc:
        return None, f"（无法使用：{exc}）"
    except OSError as exc:
        return None, f"（{describe_os_error(exc, path, '读取')}）"


def found_backups(data_dir: Path, limit: int = MAX_LISTED) -> list[FoundBackup]:
    """The automatic backups of the data folder, newest first, each with what it holds."""
    found = []
    for when, path in list_auto_backups(data_dir)[:limit]:
        summary, problem = _summary_of(path)
        found.append(FoundBackup(path, when, summary, problem))
    return found


def restore_into(data_dir: Path, backup: Path, password: str | None = None,
                 progress: Callable[[str, int, int], None] | None = None,
                 ledger_secret: str | None = None) -> RestoreResult:
    """Verify and restore a backup into the folder that could not be opened (no database is open);
    ``ledger_secret`` opens a backup whose database is encrypted (the start-up password of that day)."""
    with prepare_restore(backup, data_dir, password, progress, ledger_secret) as prepared:
        return prepared.apply()
