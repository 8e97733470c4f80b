"""The one password verifier of the application (start-up password and backup password alike).

Only a scrypt verifier is stored, as ``scrypt$<log2 n>$<r>$<p>$<salt base64>$<hash base64>``. Checking a
stored value never costs more than the bounds below, whatever the value says (a setting can be edited
by anyone who can write the database file): at most 2**17 for n and 128 MiB of memory.

The backup password was once stored as ``scrypt$<n>$…`` (n itself, 2**17); such values are still
accepted, within the same bounds, and replaced by the one format when the password is next set.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

LOG2_N, R, P = 15, 8, 1  # 32 MiB, about 0.1 s on an office PC
MAX_LOG2_N = 17
MAX_MEMORY = 128 << 20
SALT_BYTES, KEY_BYTES = 16, 32
_SCHEME = "scrypt"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=128 * n * r * p + (1 << 20))


def hash_password(password: str, log2_n: int | None = None) -> str:
    log2_n = LOG2_N if log2_n is None else log2_n
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, 1 << log2_n, R, P, KEY_BYTES)
    b64 = base64.b64encode
    return f"{_SCHEME}${log2_n}${R}${P}${b64(salt).decode()}${b64(key).decode()}"


def _cost(field: str) -> int | None:
    """n from the stored field: log2 n (this format) or n itself (the old backup format)."""
    if not field.isdigit() or len(field) > 8:
        return None
    value = int(field)
    if value <= MAX_LOG2_N:
        return 1 << value if value >= 1 else None
    if value & (value - 1) == 0 and value <= 1 << MAX_LOG2_N:
        return value
    return None


def password_matches(password: str, stored: object) -> bool:
    """True if ``password`` gives ``stored``; anything malformed or too costly matches nothing."""
    if not isinstance(stored, str) or len(stored) > 512:
        return False
    try:
        scheme, n_field, r_field, p_field, salt_b64, key_b64 = stored.split("$")
        n = _cost(n_field)
        if scheme != _SCHEME or n is None or not (r_field.isdigit() and p_field.isdigit()):
            return False
        r, p = int(r_field), int(p_field)
        if not (1 <= r <= 32 and 1 <= p <= 16 and 128 * n * r * p <= MAX_MEMORY):
            return False
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(key_b64, validate=True)
        if not 16 <= len(expected) <= 64:
            return False
        got = _scrypt(password, salt, n, r, p, len(expected))
    except (ValueError, TypeError, MemoryError, binascii.Error):
        return False
    return hmac.compare_digest(got, expected)
