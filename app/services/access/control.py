"""The optional start-up password and the idle lock (issue 3, Access).

The password is never stored: only a scrypt hash (random salt, cost parameters) in the setting
``access.password_hash``, as ``scrypt$<log2 n>$<r>$<p>$<salt base64>$<hash base64>``. An empty setting
means no password, which is the default: the application opens directly.

What it protects: someone else at the shared office PC opening 支部台账 and reading the roster. It does
not encrypt the database file (backups have their own encryption); the dialogs say so.

``access.idle_lock_minutes``: after that many minutes without keyboard or mouse use, a password-protected
application locks itself and asks for the password again; 0 means never.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.services.common.settings import get_setting, set_setting

if TYPE_CHECKING:
    from app.models.database import Database

HASH_SETTING = "access.password_hash"
IDLE_SETTING = "access.idle_lock_minutes"

MIN_LENGTH = 4
MAX_LENGTH = 128
MAX_IDLE_MINUTES = 480

# scrypt cost: n = 2**15, r = 8 (32 MiB, about 0.1 s on an office PC); stored with each hash, so it can be
# raised later without breaking existing passwords.
LOG2_N, R, P = 15, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
_SCHEME = "scrypt"


class AccessError(UserError):
    """A password change that cannot be made; the message is Chinese and says why, `field` which entry
    (OLD_PASSWORD, NEW_PASSWORD, CONFIRM_PASSWORD or IDLE_MINUTES: the AccessControl.save arguments)."""


OLD_PASSWORD, NEW_PASSWORD, CONFIRM_PASSWORD, IDLE_MINUTES = "old", "new", "confirm", "idle_minutes"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    n = 1 << log2_n
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=128 * n * r * p + 1024 * 1024)


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, LOG2_N, R, P)
    return f"{_SCHEME}${LOG2_N}${R}${P}${_b64(salt)}${_b64(key)}"


def password_matches(password: str, stored: str) -> bool:
    """True if `password` gives `stored`; a malformed stored value matches nothing."""
    try:
        scheme, log2_n, r, p, salt, key = stored.split("$")
        if scheme != _SCHEME or not (1 <= int(log2_n) <= 20 and 1 <= int(r) <= 32 and 1 <= int(p) <= 16):
            return False  # not ours, or costs no real hash of ours has
        expected = base64.b64decode(key, validate=True)
        got = _scrypt(password, base64.b64decode(salt, validate=True), int(log2_n), int(r), int(p))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


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


def set_password(session: Session, new: str, confirm: str, old: str | None = None) -> None:
    """Set or change the password; changing needs the current one."""
    if has_password(session) and not verify_password(session, old or ""):
        raise AccessError("当前密码不正确" if old else "请先输入当前密码", OLD_PASSWORD)
    check_new_password(new, confirm)
    set_setting(session, HASH_SETTING, hash_password(new))


def clear_password(session: Session, old: str) -> None:
    """Remove the password (the application then opens directly); needs the current one."""
    if not has_password(session):
        return
    if not verify_password(session, old):
        raise AccessError("当前密码不正确" if old else "请先输入当前密码", OLD_PASSWORD)
    set_setting(session, HASH_SETTING, "")


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

    @property
    def db(self) -> Database:
        return self._db() if callable(self._db) else self._db

    def has_password(self) -> bool:
        with self.db.session() as s:
            return has_password(s)

    def verify(self, password: str) -> bool:
        with self.db.session() as s:
            return verify_password(s, password)

    def idle_minutes(self) -> int:
        with self.db.session() as s:
            return idle_lock_minutes(s)

    def save(self, *, old: str, new: str, confirm: str, remove: bool, idle_minutes: int) -> str:
        """Apply the settings dialog in one transaction; returns a Chinese sentence saying what changed."""
        with self.db.transaction() as s:
            had = has_password(s)
            if remove:
                clear_password(s, old)
                done = "已取消启动密码：以后打开支部台账时不再询问密码。"
            elif new or confirm:
                set_password(s, new, confirm, old if had else None)
                done = "已修改启动密码。" if had else "已设置启动密码：以后打开支部台账时需要输入此密码。"
            else:
                done = ""
            before = idle_lock_minutes(s)
            set_idle_lock_minutes(s, idle_minutes)
            if idle_minutes != before:
                done += (f"闲置 {idle_minutes} 分钟后自动锁定。" if idle_minutes else "不再自动锁定。")
        return done or "设置未改变。"
