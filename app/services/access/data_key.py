"""The data key of an encrypted ledger, kept wrapped in ``ledger.key`` beside the database.

The database is encrypted (SQLCipher) with a random 32-byte data key. That key is never stored as it
is: ``ledger.key`` holds it twice, each copy encrypted (AES-256-GCM) with a key stretched by scrypt —
once from the start-up password, once from the recovery key (恢复密钥). So:
- the start-up password or the recovery key opens the ledger (either unwraps the data key);
- changing the password, or setting a new one with the recovery key, re-wraps the data key: the
  database itself is not re-encrypted;
- a wrong password is told from a right one by the authenticated encryption (no separate verifier).

It lives outside the database because it must be read before the database can be opened. It holds
nothing readable without the password or the recovery key; a backup of an encrypted ledger carries a
copy, so the backup opens elsewhere with the password (or the key) of the day it was made.

``{"format": "branch-ledger-data-key", "version": 1, "wraps": {"password": {...}, "recovery": {...}}}``,
each wrap ``{"log2_n", "r", "p", "salt", "nonce", "wrapped"}`` (base64), with the bounded scrypt cost of
app.services.access.verifier (a file anyone could edit cannot make the check cost more).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from pathlib import Path

from app.infra.durable import fsync_dir
from app.kit.errors import UserError
from app.services.access import verifier
from app.services.access.verifier import MAX_LOG2_N, MAX_MEMORY, P, R, _scrypt

KEY_FILE = "ledger.key"
FORMAT = "branch-ledger-data-key"
VERSION = 1
PASSWORD, RECOVERY = "password", "recovery"
DATA_KEY_BYTES = 32
MAX_FILE_BYTES = 16 * 1024


class KeyFileError(UserError):
    """ledger.key is missing or damaged: the encrypted ledger cannot be opened (a backup can)."""


def key_file_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def _normalized(kind: str, secret: str) -> str:
    if kind == RECOVERY:
        from app.services.access.control import normalized_key

        return normalized_key(secret)
    return secret


def _aad(kind: str) -> bytes:
    return f"{FORMAT}/{VERSION}/{kind}".encode()


def wrap(data_key: bytes, secret: str, kind: str, log2_n: int | None = None) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    log2_n = verifier.LOG2_N if log2_n is None else log2_n  # read now: tests lower the cost
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _scrypt(_normalized(kind, secret), salt, 1 << log2_n, R, P, 32)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, _aad(kind))
    b64 = base64.b64encode
    return {"log2_n": log2_n, "r": R, "p": P, "salt": b64(salt).decode(), "nonce": b64(nonce).decode(),
            "wrapped": b64(wrapped).decode()}


def unwrap(entry: object, secret: str, kind: str) -> bytes | None:
    """The data key, or None for a wrong secret or anything malformed or too costly."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not isinstance(entry, dict) or not secret:
        return None
    try:
        log2_n, r, p = (entry["log2_n"], entry["r"], entry["p"])
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (log2_n, r, p)):
            return None
        if not (1 <= log2_n <= MAX_LOG2_N and 1 <= r <= 32 and 1 <= p <= 16
                and 128 * (1 << log2_n) * r * p <= MAX_MEMORY):
            return None
        salt = base64.b64decode(str(entry["salt"]), validate=True)
        nonce = base64.b64decode(str(entry["nonce"]), validate=True)
        wrapped = base64.b64decode(str(entry["wrapped"]), validate=True)
        if len(nonce) != 12 or len(wrapped) != DATA_KEY_BYTES + 16 or not 8 <= len(salt) <= 64:
            return None
        kek = _scrypt(_normalized(kind, secret), salt, 1 << log2_n, r, p, 32)
        return AESGCM(kek).decrypt(nonce, wrapped, _aad(kind))
    except (KeyError, TypeError, ValueError, MemoryError, binascii.Error, InvalidTag):
        return None


# -- the file -------------------------------------------------------------------------------------------


def read_key_file(path: Path) -> dict:
    """The wraps of ledger.key; KeyFileError (Chinese) when it is missing or not one."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise KeyFileError(f"数据库已加密，但找不到它的密钥文件 {path}。没有它无法打开数据库；"
                           "请把密钥文件放回原处，或从备份恢复。") from exc
    except OSError as exc:
        from app.infra.os_errors import describe_os_error

        raise KeyFileError(describe_os_error(exc, path, "读取密钥文件")) from exc
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise ValueError("too large")
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError("format")
        wraps = data["wraps"]
        if not isinstance(wraps, dict) or not isinstance(wraps.get(PASSWORD), dict):
            raise ValueError("wraps")
        return wraps
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise KeyFileError(f"数据库的密钥文件已损坏：{path}。无法打开加密的数据库；请从备份恢复。") from exc


def write_key_file(path: Path, wraps: dict) -> None:
    """Safe saving: a temporary file, flushed, then renamed over the old one (never half-written)."""
    path = Path(path)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    payload = json.dumps({"format": FORMAT, "version": VERSION, "wraps": wraps}, ensure_ascii=True, indent=1)
    try:
        with open(temp, "w", encoding="utf-8") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def new_key_file(path: Path, data_key: bytes, password: str, recovery_key: str) -> None:
    write_key_file(path, {PASSWORD: wrap(data_key, password, PASSWORD),
                          RECOVERY: wrap(data_key, recovery_key, RECOVERY)})


def unlock(path: Path, secret: str) -> bytes | None:
    """The data key from the start-up password or the recovery key (either is accepted), else None."""
    wraps = read_key_file(path)
    key = unwrap(wraps.get(PASSWORD), secret, PASSWORD)
    if key is None and RECOVERY in wraps:
        key = unwrap(wraps.get(RECOVERY), secret, RECOVERY)
    return key


def unlock_with_password(path: Path, password: str) -> bytes | None:
    return unwrap(read_key_file(path).get(PASSWORD), password, PASSWORD)


def unlock_with_recovery_key(path: Path, recovery_key: str) -> bytes | None:
    return unwrap(read_key_file(path).get(RECOVERY), recovery_key, RECOVERY)


def rewrap_password(path: Path, data_key: bytes, new_password: str) -> dict:
    """A new password: only its wrap changes (the recovery key's stays). Returns the wraps before."""
    before = read_key_file(path)
    wraps = dict(before)
    wraps[PASSWORD] = wrap(data_key, new_password, PASSWORD)
    write_key_file(path, wraps)
    return before


def rewrap_recovery(path: Path, data_key: bytes, recovery_key: str) -> None:
    wraps = dict(read_key_file(path))
    wraps[RECOVERY] = wrap(data_key, recovery_key, RECOVERY)
    write_key_file(path, wraps)
