"""Encryption at rest (off by default): the ledger database encrypted with SQLCipher, keyed from the
start-up password through a data key (app.services.access.data_key).

Whether a ledger is encrypted is what its database file is (app.infra.ledger_db.is_encrypted_file):
there is no setting inside the database to disagree with it, since nothing inside can be read before
the key is unlocked. ``ledger.key`` beside it holds the wrapped data key.

Turning it on or off converts the file safely, with the data folder claimed and every connection closed:
1. ``sqlcipher_export`` into a new file beside the database (``ledger.sqlite3.converting-new``);
2. the new file is verified: ``integrity_check``, every table's row count equal to the old file's;
3. it is flushed to the disk (fsync);
4. the old file is renamed aside (``….converting-old``), the new one renamed into place;
5. the new one is opened (with the key when encrypted); only then the old one is removed (and, when
   turning it off, the key file).
An interruption at any point leaves a ledger that opens: ``finish_interrupted_conversion`` (run when the
data folder is opened, before the database is) puts the old file back while the new one is not in place,
removes a half-written new file, and after the swap removes the old file once the new one opens.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.config import database_path
from app.infra import ledger_db
from app.infra.durable import fsync_dir
from app.kit.errors import UserError
from app.services.access import data_key

NEW_SUFFIX = ".converting-new"
OLD_SUFFIX = ".converting-old"

Progress = Callable[[str, int, int], None]
"""progress(stage, done_steps, total_steps); stage is Chinese (正在加密数据库 …)."""

STEPS = ("export", "verify", "fsync", "swap", "open")


class EncryptionError(UserError):
    """A conversion that did not happen; the message says the ledger is unchanged (Chinese)."""


def _after_step(name: str) -> None:
    """Called after each step of a conversion (tests replace it to interrupt one there)."""


def is_encrypted(data_dir: Path) -> bool:
    """An encrypted database with its key file; a file of random bytes without one is damaged instead."""
    return (data_key.key_file_path(Path(data_dir)).is_file()
            and ledger_db.is_encrypted_file(database_path(Path(data_dir))))


def is_unlocked(data_dir: Path) -> bool:
    return ledger_db.key_for(database_path(Path(data_dir))) is not None


def unlock_folder(data_dir: Path, secret: str) -> bool:
    """The start-up password (or the recovery key) unlocks the data folder's key for this process."""
    key = data_key.unlock(data_key.key_file_path(data_dir), secret)
    if key is None:
        return False
    ledger_db.remember_key(data_dir, key)
    return True


def current_key(data_dir: Path) -> bytes:
    key = ledger_db.key_for(database_path(Path(data_dir)))
    if key is None:
        raise EncryptionError("数据库已加密，但还没有输入启动密码，无法继续。")
    return key


# -- the password follows into the key file ------------------------------------------------------------


def rewrap_for_password(data_dir: Path, new_password: str) -> Callable[[], None]:
    """After the start-up password changed (in the open transaction): the data key is wrapped by the new
    one. Returns how to undo it if that transaction then fails. Nothing to do for a plain ledger."""
    if not is_encrypted(data_dir):
        return lambda: None
    path = data_key.key_file_path(data_dir)
    before = data_key.rewrap_password(path, current_key(data_dir), new_password)
    return lambda: data_key.write_key_file(path, before)


# -- converting ------------------------------------------------------------------------------------------


def _counts(con) -> dict[str, int]:
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:  # Windows flushes only a handle opened for writing
        os.fsync(f.fileno())


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _leave_wal(db_path: Path, key: bytes | None) -> None:
    """Checkpoint the database into its main file and leave WAL mode: no -wal may stay beside a file
    that is about to be replaced by one with another encryption."""
    con = ledger_db.connect(db_path, key=key, timeout=2)
    try:
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    finally:
        con.close()
    if str(mode).lower() != "delete":
        raise EncryptionError("数据库正在被使用（是否还开着另一个支部台账？），没有转换。")
    for part in ledger_db.database_files(db_path)[1:]:
        if part.exists():
            raise EncryptionError(f"数据库旁边还有 {part.name}（正在被其他程序使用？），没有转换。")


def convert_database(data_dir: Path, *, encrypt: bool, key: bytes, progress: Progress | None = None) -> None:
    """Encrypt (or decrypt) the data folder's database with ``key``; see the module docstring.

    The caller holds the folder's claim and has closed every connection; when encrypting, ledger.key
    already wraps ``key``. Raises EncryptionError (the database unchanged) or OSError."""
    data_dir = Path(data_dir)
    db_path = database_path(data_dir)
    new, old = db_path.with_name(db_path.name + NEW_SUFFIX), db_path.with_name(db_path.name + OLD_SUFFIX)
    finish_interrupted_conversion(data_dir, keep_key_file=True)
    if ledger_db.is_encrypted_file(db_path) == encrypt:
        return  # already so
    stage = "正在加密数据库" if encrypt else "正在解密数据库"

    def step(name: str) -> None:
        _after_step(name)
        if progress:
            progress(stage, STEPS.index(name) + 1, len(STEPS))

    source_key = None if encrypt else key
    if progress:
        progress(stage, 0, len(STEPS))
    _leave_wal(db_path, source_key)
    _remove(new)
    dbapi = ledger_db.cipher_module()
    try:
        # sqlcipher_export: the whole database into the attached one, with the attached one's encryption
        src = dbapi.connect(str(db_path), timeout=2)
        try:
            if source_key is not None:
                ledger_db.apply_key(src, source_key)
            else:
                src.execute("PRAGMA cipher_log_level = NONE")
            before = _counts(src)
            target_key = ledger_db.raw_key_literal(key) if encrypt else "''"
            src.execute(f"ATTACH DATABASE ? AS converted KEY {target_key}", (str(new),))
            src.execute("SELECT sqlcipher_export('converted')")
            src.execute("DETACH DATABASE converted")
        finally:
            src.close()
        step("export")
        check = ledger_db.connect(new, key=key if encrypt else None)
        try:
            result = [r[0] for r in check.execute("PRAGMA integrity_check")]
            after = _counts(check)
        finally:
            check.close()
        if result != ["ok"] or after != before:
            raise EncryptionError("转换后的数据库没有通过校验（完整性检查或记录数不一致），没有转换，"
                                  "数据库保持原样。")
        step("verify")
        _fsync_file(new)
        step("fsync")
    except dbapi.Error as exc:
        _remove(new)
        raise EncryptionError(f"转换数据库时出错（{exc}），没有转换，数据库保持原样。") from exc
    except BaseException:
        _remove(new)
        raise
    os.replace(db_path, old)
    os.replace(new, db_path)
    fsync_dir(data_dir)
    step("swap")
    if not _opens(db_path, key if encrypt else None):
        os.replace(old, db_path)
        fsync_dir(data_dir)
        raise EncryptionError("转换后的数据库无法打开，已换回原来的数据库，没有转换。")
    step("open")
    _remove(old)
    if not encrypt:
        _remove(data_key.key_file_path(data_dir))
    fsync_dir(data_dir)


def _opens(db_path: Path, key: bytes | None) -> bool:
    try:
        con = ledger_db.connect(db_path, key=key)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            con.close()
    except sqlite3.Error:
        return False


def finish_interrupted_conversion(data_dir: Path, *, keep_key_file: bool = False) -> str | None:
    """A conversion interrupted at any step is undone or finished (before anything opens the database);
    a Chinese sentence when something was done (for the log), else None. A key file beside a plain
    database (an interrupted turn-on or turn-off) is removed, unless ``keep_key_file`` (turning on).

    The caller holds the data folder's claim."""
    data_dir = Path(data_dir)
    db_path = database_path(data_dir)
    new, old = db_path.with_name(db_path.name + NEW_SUFFIX), db_path.with_name(db_path.name + OLD_SUFFIX)
    done = None
    if not db_path.exists() and old.exists():  # between the two renames: the old file comes back
        os.replace(old, db_path)
        done = "上次转换数据库（加密或解密）时被中断了，已换回原来的数据库。"
    if new.exists():  # written but never put in place
        _remove(new)
        done = done or "上次转换数据库（加密或解密）时被中断了，数据库保持原样。"
    if old.exists():  # after the swap: the new file must open before the old one goes
        encrypted = ledger_db.is_encrypted_file(db_path)
        key = ledger_db.key_for(db_path) if encrypted else None
        if encrypted and key is None:
            return done  # finished at the next open, once the key is unlocked
        if _opens(db_path, key):
            _remove(old)
            done = "上次转换数据库时被中断了，已把转换做完。"
        else:
            os.replace(old, db_path)
            done = "上次转换后的数据库无法打开，已换回原来的数据库。"
    key_file = data_key.key_file_path(data_dir)
    if not keep_key_file and key_file.exists() and db_path.exists() \
            and not ledger_db.is_encrypted_file(db_path) and not old.exists():
        _remove(key_file)  # a plain database needs no key: left by an interrupted turn-on or turn-off
    if done:
        fsync_dir(data_dir)
    return done


# -- turning it on and off for an open Database --------------------------------------------------------


def _reopen(db, data_dir: Path):
    from app.models.database import Database

    fresh = Database(database_path(data_dir))
    fresh.instance_lock, db.instance_lock = db.instance_lock, None
    fresh.restore_notice = getattr(db, "restore_notice", None)
    return fresh


def turn_on(db, password: str, recovery_key: str, progress: Progress | None = None):
    """Encrypt the open Database's file; returns the Database to use from now on (the old one is
    disposed; the folder's claim passes to the new one). The password must be the start-up password
    just verified or set, the recovery key the one the user holds (both wrap the new data key)."""
    from app.services.common.storage import data_folder_of

    data_dir = data_folder_of(db)
    if is_encrypted(data_dir):
        return db
    key = data_key.new_data_key()
    data_key.new_key_file(data_key.key_file_path(data_dir), key, password, recovery_key)
    db.engine.dispose()
    try:
        convert_database(data_dir, encrypt=True, key=key, progress=progress)
    except BaseException:
        finish_interrupted_conversion(data_dir)  # the stale key file goes
        raise
    ledger_db.remember_key(data_dir, key)
    return _reopen(db, data_dir)


def turn_off(db, progress: Progress | None = None):
    """Decrypt the open (unlocked) Database's file; returns the Database to use from now on."""
    from app.services.common.storage import data_folder_of

    data_dir = data_folder_of(db)
    if not is_encrypted(data_dir):
        return db
    key = current_key(data_dir)
    db.engine.dispose()
    convert_database(data_dir, encrypt=False, key=key, progress=progress)
    ledger_db.forget_key(data_dir)
    return _reopen(db, data_dir)


# -- the start-up password and the encryption together (the command line and the settings dialog) ------


def recovery_key_for_encryption(db, given: str | None, made: str | None) -> tuple[str, str | None]:
    """The recovery key that will wrap the data key, and the one to show the user (a new one), if any.

    The key made with a first password is used; else the one the user gives (checked); else a new one
    replaces the old (whose text this application never kept, so it cannot wrap anything)."""
    from app.services.access.control import (
        RECOVERY_SETTING,
        AccessError,
        hash_password,
        new_recovery_key,
        normalized_key,
        verify_recovery_key,
    )
    from app.services.common.settings import set_setting

    if made:
        return made, made
    if given:
        with db.session() as s:
            if not verify_recovery_key(s, given):
                raise AccessError("恢复密钥不正确，请核对打印或抄写的恢复密钥（不区分大小写，横线可省略）")
        return given, None
    key = new_recovery_key()
    with db.transaction() as s:
        set_setting(s, RECOVERY_SETTING, hash_password(normalized_key(key)))
    return key, key


def set_start_password(db, new: str, *, old: str | None = None, encrypt: bool | None = None,
                       recovery_key: str | None = None, progress: Progress | None = None):
    """Set or change the start-up password, then turn encryption on (True), off (False) or leave it
    (None). Returns (the Database to use from now on, a recovery key to show once or None)."""
    from app.services.access.control import set_password

    data_dir = Path(db.path).parent
    undo = lambda: None  # noqa: E731
    try:
        with db.transaction() as s:
            made = set_password(s, new, new, old)
            undo = rewrap_for_password(data_dir, new)  # an encrypted ledger: the key follows the password
    except BaseException:
        undo()
        raise
    shown = made
    if encrypt and not is_encrypted(data_dir):
        wrap_key, shown_now = recovery_key_for_encryption(db, recovery_key, made)
        shown = shown_now or shown
        db = turn_on(db, new, wrap_key, progress)
    elif encrypt is False and is_encrypted(data_dir):
        db = turn_off(db, progress)
    return db, shown


def encrypt_with_password(db, password: str, *, recovery_key: str | None = None,
                          progress: Progress | None = None):
    """Turn encryption on for a ledger whose start-up password is ``password`` (checked).
    Returns (Database, a new recovery key to show or None)."""
    from app.services.access.control import AccessError, verify_password

    with db.session() as s:
        if not verify_password(s, password):
            raise AccessError("启动密码不正确，数据库没有加密")
    wrap_key, shown = recovery_key_for_encryption(db, recovery_key, None)
    return turn_on(db, password, wrap_key, progress), shown


def clear_start_password(db, secret: str, progress: Progress | None = None):
    """Remove the start-up password with it or the recovery key; an encrypted ledger is decrypted first
    (without a password nothing could unlock it). Returns the Database to use from now on."""
    from app.services.access.control import AccessError, clear_password, verify_password, verify_recovery_key

    with db.session() as s:
        if not (verify_password(s, secret) or verify_recovery_key(s, secret)):
            raise AccessError("当前密码不正确" if secret else "请先输入当前密码")
    db = turn_off(db, progress)
    with db.transaction() as s:
        clear_password(s, secret)
    return db


def recover_password(db, key: str, new: str, confirm: str) -> None:
    """A forgotten password replaced with the recovery key; an encrypted ledger's data key is re-wrapped
    for the new password (the database itself is not re-encrypted)."""
    from app.services.access.control import recover_with_key

    data_dir = Path(db.path).parent
    undo = lambda: None  # noqa: E731
    try:
        with db.transaction() as s:
            recover_with_key(s, key, new, confirm)
            undo = rewrap_for_password(data_dir, new)
    except BaseException:
        undo()
        raise


def recover_before_open(data_dir: Path, key: str, new: str, confirm: str) -> None:
    """The forgotten password of an encrypted ledger, at start-up before its database is open: the
    recovery key unlocks the data key, then the new password is set (verifier and key wrap)."""
    from app.services.access.control import AccessError, check_new_password
    from app.services.common.storage import open_data_folder

    found = data_key.unlock_with_recovery_key(data_key.key_file_path(data_dir), key)
    if found is None:
        raise AccessError("恢复密钥不正确，请核对打印或抄写的恢复密钥（不区分大小写，横线可省略）")
    check_new_password(new, confirm)
    ledger_db.remember_key(data_dir, found)
    db = open_data_folder(data_dir)
    try:
        recover_password(db, key, new, confirm)
    finally:
        db.dispose()
