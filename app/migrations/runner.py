"""Bringing a database's schema to head: the Alembic migrations, run at start after a safety copy.

Alembic is imported only when a migration has to run: at an ordinary start the stamped revision is read
with plain SQL and compared with SCHEMA_HEAD, which keeps ~0.2 s of imports off the start-up path.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.infra.sqlite_files import copy_database
from app.kit.errors import UserError
from app.migrations import SCHEMA_HEAD
from app.models.database import Database
from app.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config


class SchemaTooNewError(UserError, RuntimeError):
    """The database was written by a newer version of the application; the message says to upgrade."""


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    """The newest revision among the migration scripts (SCHEMA_HEAD must name it; a test checks)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, read with plain SQL; None for an empty database."""
    with engine.connect() as conn:
        stamped = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").first()
        if stamped is None:
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def newer_schema_message(revision: str, then: str) -> str:
    """The refusal of a database written by a newer version; `then` is what the user meant to do (打开 …)."""
    return f"数据库由更新版本的支部台账创建（结构版本 {revision}），请先升级本软件再{then}。"


def read_only_refusal(engine: Engine, db_path: Path, then: str) -> str | None:
    """Why a command that reads without migrating cannot use this database (Chinese), or None.

    It must be a ledger database at the current schema revision: an older one is migrated by the next
    start of the application, a newer one needs a newer application. `then` is what the command does
    (导出, 检查). Raises SQLAlchemy's DBAPIError when the file cannot be read at all.
    """
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return None
    if revision is None:
        return f"{db_path} 不是支部台账的数据库（没有结构版本信息）"
    if revision not in known_revisions():
        return newer_schema_message(revision, then)
    return f"数据库的结构版本（{revision}）较旧，请先启动一次支部台账完成升级，再{then}。"


def migrate(engine: Engine, db_path: Path, safety_dir: Path | None = None) -> str | None:
    """Bring the schema to head. Returns the path of the safety copy made, if any."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return None
    if current is not None and current not in known_revisions():
        raise SchemaTooNewError(newer_schema_message(current, "打开"))
    copy_made = None
    if current is not None and safety_dir is not None:
        stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
        copy_path = safety_dir / f"升级前_{current}_{stamp}.sqlite3"
        copy_database(db_path, copy_path)
        copy_made = str(copy_path)
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return copy_made


def open_migrated(db_path: Path, safety_dir: Path | None = None) -> Database:
    """Open the database at `db_path`, migrating it to head first (after a safety copy into `safety_dir`)."""
    db = Database(db_path)
    try:
        db.migration_copy = migrate(db.engine, db_path, safety_dir)
    except BaseException:
        db.engine.dispose()
        raise
    return db
