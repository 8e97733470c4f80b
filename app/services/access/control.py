"""The optional start-up password and the idle lock (issue 3, Access).

The password is never stored: only a scrypt hash (random salt, cost parameters) in the setting
``access.password_hash``, as ``scrypt$<log2 n>$<r>$<p>$<salt base64>$<hash base64>``. An empty setting
means no password, which is the default: the application opens directly.

What it protects: someone else at the shared office PC opening 支部台账 and reading the roster. By itself
it does not encrypt the database file; encryption at rest is a separate choice, keyed from this password
(app.services.access.encryption), and backups have their own encryption.

``access.idle_lock_minutes``: after that many minutes without keyboard or mouse use, a password-protected
application locks itself and asks for the password again; 0 means never.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.kit.errors import UserError

# The verifier (scrypt, bounded cost) is shared with the backup password: app.services.access.verifier.
from app.services.access.verifier import hash_password, password_matches
from app.services.common.settings import get_setting, set_setting

if TYPE_CHECKING:
    from app.models.database import Database

HASH_SETTING = "access.password_hash"
IDLE_SETTING = "access.idle_lock_minutes"

MIN_LENGTH = 4
MAX_LENGTH = 128
MAX_IDLE_MINUTES = 480

class AccessError(UserError):
    """A password change that cannot be made; the message is Chinese and says why, `field` which entry
    (OLD_PASSWORD, NEW_PASSWORD, CONFIRM_PASSWORD or IDLE_MINUTES: the AccessControl.save arguments)."""


OLD_PASSWORD, NEW_PASSWORD, CONFIRM_PASSWORD, IDLE_MINUTES = "old", "new", "confirm", "idle_minutes"


def check_new_password(new: str, confirm: str) -> None:
    """The rules for a new password; raises AccessError naming what is wrong."""
    if not new:
        raise AccessError("请输入新密码", NEW_PASSWORD)
    if len(new) < MIN_LENGTH:
        raise AccessError(f"新密码太短：至少需要 {MIN_LENGTH} 个字符", NEW_PASSWORD)
    if len(new) > MAX_LENGTH:
        raise AccessError(f"新密码太长：最多 {MAX_LENGTH} 个字符", NEW_PASSWORD)
    if new != confirm:
        raise AccessError("两次输入的新密码不一致，请重新输入", CONFIRM_PASSWORD)


# ------------------------------------------------------------------------------------------------
# On a session (in the caller's transaction)


def has_password(session: Session) -> bool:
    return bool(get_setting(session, HASH_SETTING))


def verify_password(session: Session, password: str) -> bool:
    stored = get_setting(session, HASH_SETTING)
    return bool(stored) and password_matches(password, stored)


def set_password(session: Session, new: str, confirm: str, old: str | None = None) -> str | None:
    """Set or change the password; changing needs the current one (or the recovery key).

    Returns a new recovery key when one was made (the first password, or none stored yet): it is shown
    to the user once and only its verifier is kept."""
    if has_password(session) and not (verify_password(session, old or "")
                                      or verify_recovery_key(session, old or "")):
        raise AccessError("当前密码不正确" if old else "请先输入当前密码", OLD_PASSWORD)
    check_new_password(new, confirm)
    set_setting(session, HASH_SETTING, hash_password(new))
    if get_setting(session, RECOVERY_SETTING):
        return None
    key = new_recovery_key()
    set_setting(session, RECOVERY_SETTING, hash_password(normalized_key(key)))
    return key


def clear_password(session: Session, old: str) -> None:
    """Remove the password (the application then opens directly); needs the current one or the
    recovery key. The recovery key goes with it."""
    if not has_password(session):
        return
    if not (verify_password(session, old) or verify_recovery_key(session, old)):
        raise AccessError("当前密码不正确" if old else "请先输入当前密码", OLD_PASSWORD)
    set_setting(session, HASH_SETTING, "")
    set_setting(session, RECOVERY_SETTING, "")


# -- the recovery key: a forgotten password does not mean lost records ------------------------------------

RECOVERY_SETTING = "access.recovery_hash"
_KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read from paper without mistakes
KEY_GROUPS, GROUP_LENGTH = 6, 5


def new_recovery_key() -> str:
    """E.g. "K7MPQ-2XR4T-…" (30 characters of ~4.95 bits: about 148 bits)."""
    import secrets

    chars = [secrets.choice(_KEY_ALPHABET) for _ in range(KEY_GROUPS * GROUP_LENGTH)]
    return "-".join("".join(chars[i:i + GROUP_LENGTH]) for i in range(0, len(chars), GROUP_LENGTH))


def normalized_key(text: str) -> str:
    """What the user typed or saved, as the key: spaces, dashes and case do not matter."""
    return "".join(c for c in text.upper() if c.isalnum())


def verify_recovery_key(session: Session, key: str) -> bool:
    stored = get_setting(session, RECOVERY_SETTING)
    key = normalized_key(key)
    return bool(stored) and len(key) == KEY_GROUPS * GROUP_LENGTH and password_matches(key, stored)


def recover_with_key(session: Session, key: str, new: str, confirm: str) -> None:
    """Set a new start-up password with the recovery key (the forgotten one is not needed)."""
    if not verify_recovery_key(session, key):
        raise AccessError("恢复密钥不正确，请核对打印或抄写的恢复密钥（不区分大小写，横线可省略）")
    check_new_password(new, confirm)
    set_setting(session, HASH_SETTING, hash_password(new))


def unlock_delay_seconds(wrong_attempts: int) -> int:
    """How long the unlock dialog waits after this many wrong passwords in a row: three tries free, then
    5, 10, 20, 40, 60 … seconds, so guessing at a shared PC takes hours, a typo costs nothing."""
    if wrong_attempts < 3:
        return 0
    return min(5 * 2 ** (wrong_attempts - 3), 60)


def idle_lock_minutes(session: Session) -> int:
    return int(get_setting(session, IDLE_SETTING))


def set_idle_lock_minutes(session: Session, minutes: int) -> None:
    if not 0 <= minutes <= MAX_IDLE_MINUTES:
        raise AccessError(f"自动锁定时间应在 0 到 {MAX_IDLE_MINUTES} 分钟之间（0 表示不自动锁定）", IDLE_MINUTES)
    set_setting(session, IDLE_SETTING, int(minutes))


# ------------------------------------------------------------------------------------------------
# Bound to an open database: what the dialogs and the idle locker are given


class AccessControl:
    """The access settings of the open database; each call is its own read or its own transaction.

    Give it the Database, or a function returning the current one (the main window reopens the database
    after a restore, and the restored data brings its own password setting).
    """

    def __init__(self, db: Database | Callable[[], Database]) -> None:
        self._db = db
        self.last_recovery_key: str | None = None  # made by the last save(): shown once, never stored

    def recover(self, key: str, new: str, confirm: str) -> None:
        from app.services.access.encryption import recover_password

        recover_password(self.db, key, new, confirm)  # an encrypted ledger's key follows the new password

    @property
    def db(self) -> Database:
        return self._db() if callable(self._db) else self._db

    def has_password(self) -> bool:
        with self.db.session() as s:
            return has_password(s)

    def verify(self, password: str) -> bool:
        with self.db.session() as s:
            return verify_password(s, password)

    def verify_recovery_key(self, key: str) -> bool:
        with self.db.session() as s:
            return verify_recovery_key(s, key)

    def idle_minutes(self) -> int:
        with self.db.session() as s:
            return idle_lock_minutes(s)

    def save(self, *, old: str, new: str, confirm: str, remove: bool, idle_minutes: int) -> str:
        """Apply the settings dialog in one transaction; returns a Chinese sentence saying what changed.

        An encrypted ledger's data key is re-wrapped for a new password in the same step (undone if the
        transaction fails); its password cannot be removed before it is decrypted
        (app.services.access.encryption.clear_start_password does both)."""
        from app.services.access import encryption

        folder = self.db.path.parent
        undo = lambda: None  # noqa: E731
        try:
            with self.db.transaction() as s:
                had = has_password(s)
                if remove:
                    if encryption.is_encrypted(folder):
                        raise AccessError("数据库已加密：请先取消数据库加密，再取消启动密码", OLD_PASSWORD)
                    clear_password(s, old)
                    done = "已取消启动密码：以后打开支部台账时不再询问密码。"
                elif new or confirm:
                    self.last_recovery_key = set_password(s, new, confirm, old if had else None)
                    undo = encryption.rewrap_for_password(folder, new)
                    done = "已修改启动密码。" if had else "已设置启动密码：以后打开支部台账时需要输入此密码。"
                else:
                    done = ""
                before = idle_lock_minutes(s)
                set_idle_lock_minutes(s, idle_minutes)
                if idle_minutes != before:
                    done += (f"闲置 {idle_minutes} 分钟后自动锁定。" if idle_minutes else "不再自动锁定。")
        except BaseException:
            undo()
            raise
        return done or "设置未改变。"

    def is_encrypted(self) -> bool:
        from app.services.access import encryption

        return encryption.is_encrypted(self.db.path.parent)


# -- the command line: the start-up password of a data folder, read without opening it --------------------


def stored_start_hash(db_path) -> str:
    """The start-up password's verifier read straight from the database file, read-only ("" for none).

    A file that cannot be read has no password we could check: the callers' own reading fails then."""
    import json
    import sqlite3
    from pathlib import Path

    path = Path(db_path)
    if not path.is_file():
        return ""
    try:  # not mode=ro: a read-only connection to a WAL database leaves -wal and -shm files behind
        con = sqlite3.connect(path, timeout=10)
    except sqlite3.Error:
        return ""
    try:
        row = con.execute("SELECT value FROM setting WHERE key = ?", (HASH_SETTING,)).fetchone()
    except sqlite3.DatabaseError:
        return ""
    finally:
        con.close()
    try:
        value = json.loads(row[0]) if row and row[0] is not None else ""
    except (ValueError, RecursionError, TypeError):
        return ""
    return value if isinstance(value, str) else ""
