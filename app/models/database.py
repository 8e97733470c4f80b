"""The SQLite engine, sessions, and schema migration at start-up.

SQLite is opened with foreign keys on, a WAL journal, synchronous=FULL (a power cut loses no committed
transaction) and a busy timeout. The schema is managed by the Alembic migrations inside the package;
before a migration runs, the database file is copied aside with SQLite's online backup API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.migrations import SCHEMA_HEAD
from app.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a migration has to run: at an ordinary start the stamped revision is read
# with plain SQL and compared with SCHEMA_HEAD, which keeps ~0.2 s of imports off the start-up path.

BUSY_TIMEOUT_MS = 5000


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer version of the application."""


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def create_sqlite_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


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


def read_only_engine(db_path: Path) -> Engine:
    """An engine that can only read `db_path` (SQLite mode=ro): safe beside a running application.

    No lock is taken and no migration runs; a WAL database is read through its -wal/-shm files like any
    other reader, so a command sees exactly what the running application has committed.
    """
    uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA query_only=ON")

    return engine


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


def copy_database(src: Path, dest: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API, not a file copy)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)
    source.close()
    target.close()


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


class Database:
    """The open database of one data folder: an engine and a session factory."""

    def __init__(self, db_path: Path, safety_dir: Path | None = None) -> None:
        self.path = db_path
        self.engine = create_sqlite_engine(db_path)
        self.migration_copy = migrate(self.engine, db_path, safety_dir)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The data folder's single-writer claim (app.services.instance_lock), set by open_data_folder and
        # given back by dispose(); anything with a release() method.
        self.instance_lock = None

    def session(self) -> Session:
        """A session for reading; call .commit() yourself or use transaction() for writes."""
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self.instance_lock is not None:
            self.instance_lock.release()
            self.instance_lock = None
