"""The data folder and the typed settings with their defaults.

The data folder holds the one SQLite database (``ledger.sqlite3``), ``attachments/``, ``backups/`` and
the UI's ``ui.ini``. It is platformdirs' user data dir unless ``--data-dir`` or ``BRANCH_LEDGER_HOME``
says otherwise (portable use from a USB stick, and every test).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from app import APP_NAME
from app.kit.errors import UserError
from app.kit.settings import Setting

HOME_ENV = "BRANCH_LEDGER_HOME"
DB_FILENAME = "ledger.sqlite3"


class DataFolderError(UserError):
    """The data folder cannot be used (it is a file, cannot be created, does not exist …)."""


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None, *, create: bool = True) -> Path:
    """The data folder: the command-line value, else the environment variable, else the user data dir.

    ``create=False`` is for the commands that only read (check, export, due, backup): a mistyped
    --data-dir then says so instead of leaving an empty folder behind. Raises DataFolderError in Chinese.
    """
    raw = cli_value or os.environ.get(HOME_ENV) or user_data_dir(APP_NAME, appauthor=False)
    try:
        path = Path(raw).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise DataFolderError(f"数据文件夹的路径无法使用：{raw}。") from exc
    if path.exists() and not path.is_dir():
        raise DataFolderError(f"数据文件夹的位置上是一个文件，而不是文件夹：{path}。请用 --data-dir 指定一个文件夹。")
    if not create:
        if not path.is_dir():
            raise DataFolderError(f"数据文件夹不存在，也就没有数据库文件：{path}（可用 --data-dir 指定数据文件夹）。")
        return path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from app.infra.os_errors import describe_os_error

        raise DataFolderError(describe_os_error(exc, path, "建立数据文件夹")) from exc
    return path


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def attachments_dir(data_dir: Path) -> Path:
    return data_dir / "attachments"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def ui_settings_path(data_dir: Path) -> Path:
    return data_dir / "ui.ini"


# Every setting the application knows, with its default. Values live in the `settings` table.
SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in [
        Setting("backup.keep_last", 10, "自动备份保留份数"),
        Setting("backup.last_target", "", "上次备份位置"),
        Setting("backup.password_hash", "", "备份密码校验值"),
        Setting("access.password_hash", "", "启动密码校验值"),
        Setting("access.recovery_hash", "", "恢复密钥校验值"),
        Setting("access.idle_lock_minutes", 15, "闲置自动锁定（分钟）"),
        Setting("roster.probation_months", 12, "预备期（月）"),
        Setting("roster.min_admission_age", 18, "入党最低年龄"),
        Setting("report.preparer", "", "制表人"),
        Setting("demo.is_sample", False, "示例支部（虚构数据）"),
        Setting("import.mappings", {}, "导入时记住的列对应（按表头文字）"),
    ]
}


@dataclass(frozen=True)
class FolderBefore:
    """What the data folder was before this run opened it: whether it existed, whether it had a database."""

    folder: Path
    existed: bool
    had_database: bool


def folder_before_opening(data_dir: str | Path | None = None) -> FolderBefore | None:
    """None when the folder does not exist yet: opening it creates it, and discarding removes it whole."""
    try:
        folder = resolve_data_dir(data_dir, create=False)
    except DataFolderError:  # not there yet (or not usable, which opening it then says)
        return None
    return FolderBefore(folder, True, database_path(folder).exists())
