"""The one way the application opens a connection to one of its SQLite files, plain or encrypted.

A ledger whose database is encrypted at rest (SQLCipher, through ``sqlcipher3``) is opened with its
32-byte data key, applied as a raw key (``PRAGMA key = "x'…'"``: no key derivation at each connection;
the password is stretched once, when the key is unwrapped, app.services.access.data_key). The key of a
data folder is remembered in this process once it was unlocked (``remember_key``) and found again for
any file under that folder — the live database, a backup's snapshot in the staging folder, the copy made
before a restore — so every caller just asks ``connect(path)``. A more specific folder may be given its
own key (a backup of another ledger being restored here).

Whether a file is encrypted is read from its first 16 bytes: a plain SQLite file starts with
``SQLite format 3\\0``; an encrypted one has random bytes there. A plain file is always opened with the
standard library's sqlite3, unchanged; ``sqlcipher3`` is imported only when an encrypted file is opened.

Errors of an encrypted connection are raised as the standard library's sqlite3 errors (same class name,
same message), so the callers' ``except sqlite3.DatabaseError`` keep working for both.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32

_keys: dict[Path, bytes] = {}
_keys_lock = threading.Lock()


# -- the keys this process has unlocked ------------------------------------------------------------------


def _norm(path: Path | str) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()


def remember_key(folder: Path | str, key: bytes) -> None:
    """The data key of every encrypted file under ``folder`` (until forget_key)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key has 32 bytes")
    with _keys_lock:
        _keys[_norm(folder)] = bytes(key)


def forget_key(folder: Path | str) -> None:
    with _keys_lock:
        _keys.pop(_norm(folder), None)


def key_for(path: Path | str) -> bytes | None:
    """The key remembered for the nearest folder holding ``path`` (the file itself may be named too)."""
    target = _norm(path)
    with _keys_lock:
        for folder in (target, *target.parents):
            if folder in _keys:
                return _keys[folder]
    return None


# -- the files ------------------------------------------------------------------------------------------


def is_encrypted_file(path: Path | str) -> bool:
    """True for a non-empty file that does not start with the plain SQLite header (SQLCipher's random
    salt is there instead). A damaged file of random bytes looks the same: opening it then fails."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(PLAIN_HEADER))
    except OSError:
        return False
    return bool(head) and head != PLAIN_HEADER


def raw_key_literal(key: bytes) -> str:
    """SQLCipher's raw-key form, to follow ``PRAGMA key =`` or ``ATTACH … KEY``."""
    return f"\"x'{key.hex()}'\""


def cipher_module():
    """sqlcipher3's DB-API module (imported on first use: a plain ledger never loads it)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def apply_key(con, key: bytes) -> None:
    """Key a fresh sqlcipher3 connection; SQLCipher's own log lines (a wrong key) stay off the console."""
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute(f"PRAGMA key = {raw_key_literal(key)}")


_AUTO = object()


def connect(path: Path | str, *, key: bytes | None | object = _AUTO, read_only: bool = False,
            timeout: float = 5.0, check_same_thread: bool = True):
    """A DB-API connection to ``path``: the standard sqlite3 one for a plain file, a keyed sqlcipher3
    one (with sqlite3's errors) for an encrypted file or when ``key`` is given (a new encrypted file).

    ``key`` left out: the remembered key when the file is encrypted; without one the file is opened plain
    and its use fails like that of any unreadable file ("file is not a database": a damaged file looks
    the same, and a locked ledger is refused before anything connects). ``key=None``: always plain.
    ``read_only`` opens with mode=ro (nothing is created or written)."""
    path = Path(path)
    if key is _AUTO:
        key = key_for(path) if is_encrypted_file(path) else None
    target, uri = (f"{path.resolve().as_uri()}?mode=ro", True) if read_only else (str(path), False)
    if key is None:
        return sqlite3.connect(target, uri=uri, timeout=timeout, check_same_thread=check_same_thread)
    dbapi = cipher_module()
    try:
        con = dbapi.connect(target, uri=uri, timeout=timeout, check_same_thread=check_same_thread)
    except dbapi.Error as exc:
        raise translate_error(exc) from exc
    try:
        apply_key(con, key)  # type: ignore[arg-type]
    except dbapi.Error as exc:
        con.close()
        raise translate_error(exc) from exc
    return _Connection(con, dbapi.Error)


def translate_error(exc: BaseException) -> sqlite3.Error:
    """sqlcipher3's error as the standard library's class of the same name (DatabaseError otherwise)."""
    cls = getattr(sqlite3, type(exc).__name__, None)
    if not (isinstance(cls, type) and issubclass(cls, sqlite3.Error)):
        cls = sqlite3.DatabaseError
    return cls(*exc.args)


def cipher_error_types() -> tuple[type[BaseException], ...]:
    """sqlite3.Error and, when it is loaded, sqlcipher3's Error: for callers that see raw errors of an
    engine's connection (SQLAlchemy's DBAPIError.orig)."""
    import sys

    module = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error,) if module is None else (sqlite3.Error, module.Error)


class _Translating:
    """Calls on the wrapped sqlcipher3 object raise sqlite3 errors; cursors it returns are wrapped too."""

    def __init__(self, inner, errors: type[BaseException]) -> None:
        self._inner = inner
        self._errors = errors

    def _call(self, fn, *args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except self._errors as exc:
            raise translate_error(exc) from exc
        if type(result).__name__ == "Cursor":
            return _Cursor(result, self._errors)
        return result

    def __getattr__(self, name: str):
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            return self._call(attr, *args, **kwargs)
        return call


class _Cursor(_Translating):
    def __iter__(self):
        return self

    def __next__(self):
        return self._call(self._inner.__next__)


class _Connection(_Translating):
    """A keyed sqlcipher3 connection behaving like sqlite3's for the application's own code."""

    @property
    def raw(self):
        return self._inner

    def backup(self, target, *args, **kwargs) -> None:
        target = target.raw if isinstance(target, _Connection) else target
        self._call(self._inner.backup, target, *args, **kwargs)

    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # like sqlite3: commit on success, roll back on error; the connection stays open
        self._call(self._inner.commit if exc_type is None else self._inner.rollback)


def database_files(db_path: Path) -> tuple[Path, ...]:
    """The database file and the journal files SQLite keeps beside it."""
    return tuple(db_path.with_name(db_path.name + s) for s in ("", "-wal", "-shm", "-journal"))
