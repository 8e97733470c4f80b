"""The SQLite engine and sessions.

SQLite is opened with foreign keys on, a WAL journal, synchronous=FULL (a power cut loses no committed
transaction) and a busy timeout. Bringing the schema up to date is app.migrations.runner's job.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def create_sqlite_engine(db_path: Path) -> Engine:
    """The engine of a ledger database: the standard sqlite3 driver for a plain file (the usual case,
    unchanged), sqlcipher3 with the folder's unlocked data key for an encrypted one (app.infra.ledger_db)."""
    if _unlocked_encrypted(db_path):
        engine = _encrypted_engine(db_path, read_only=False)
    else:
        engine = create_engine(f"sqlite:///{db_path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def _unlocked_encrypted(db_path: Path) -> bool:
    """An encrypted file whose key this process has unlocked. Any other file that is not plain SQLite
    (damaged, random bytes, or encrypted and locked) gets the plain engine, whose use fails as for any
    unreadable file ("file is not a database"); opening a locked ledger is refused before that."""
    from app.infra.ledger_db import is_encrypted_file, key_for

    return is_encrypted_file(db_path) and key_for(db_path) is not None


def _encrypted_engine(db_path: Path, *, read_only: bool) -> Engine:
    """SQLAlchemy's pysqlite dialect over sqlcipher3 (module=, so its errors become DBAPIError too); each
    connection is keyed before SQLAlchemy uses it (the caller checked that the key is unlocked)."""
    from app.infra.ledger_db import apply_key, cipher_module, key_for

    key = key_for(db_path)
    assert key is not None
    dbapi = cipher_module()
    target = f"{Path(db_path).resolve().as_uri()}?mode=ro" if read_only else str(db_path)

    def connect():
        con = dbapi.connect(target, uri=read_only, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        apply_key(con, key)
        return con

    # the pool a file database gets (the bare "sqlite://" URL would otherwise mean one in memory)
    from sqlalchemy.pool import QueuePool

    return create_engine("sqlite://", creator=connect, module=dbapi, poolclass=QueuePool)


def read_only_engine(db_path: Path) -> Engine:
    """An engine that can only read `db_path` (SQLite mode=ro): safe beside a running application.

    No lock is taken and no migration runs; a WAL database is read through its -wal/-shm files like any
    other reader, so a command sees exactly what the running application has committed.
    """
    if _unlocked_encrypted(db_path):
        engine = _encrypted_engine(db_path, read_only=True)
    else:
        uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)

        engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA query_only=ON")

    return engine


class Database:
    """The open database of one data folder: an engine and a session factory."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self.engine = create_sqlite_engine(db_path)
        self.migration_copy: str | None = None  # set by app.migrations.runner.open_migrated
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The data folder's single-writer claim (app.infra.instance_lock), set by open_data_folder and
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
