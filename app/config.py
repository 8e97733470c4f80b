"""The data folder and the typed settings with their defaults.

The data folder holds the one SQLite database (``ledger.sqlite3``), ``attachments/``, ``backups/`` and
the UI's ``ui.ini``. It is platformdirs' user data dir unless ``--data-dir`` or ``BRANCH_LEDGER_HOME``
says otherwise (portable use from a USB stick, and every test).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from app import APP_NAME
from app.kit.settings import Setting

HOME_ENV = "BRANCH_LEDGER_HOME"
DB_FILENAME = "ledger.sqlite3"


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None, *, create: bool = True) -> Path:
    """The data folder: the command-line value, else the environment variable, else the user data dir.
    Created unless `create` is False (to ask whether it exists yet)."""
    raw = cli_value or os.environ.get(HOME_ENV) or user_data_dir(APP_NAME, appauthor=False)
    path = Path(raw).expanduser().resolve()
    if create:
        path.mkdir(parents=True, exist_ok=True)
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
        Setting("access.idle_lock_minutes", 15, "闲置自动锁定（分钟）"),
        Setting("roster.probation_months", 12, "预备期（月）"),
        Setting("roster.min_admission_age", 18, "入党最低年龄"),
        Setting("report.preparer", "", "制表人"),
        Setting("demo.is_sample", False, "示例支部（虚构数据）"),
        Setting("import.mappings", {}, "导入时记住的列对应（按表头文字）"),
    ]
}
