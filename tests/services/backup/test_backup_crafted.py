"""Issue 7 §5: crafted backup files get a Chinese refusal, never a traceback; one bounded verifier."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import time

import pytest

from app.services.backup import backup_format as fmt
from app.services.backup.backup_service import prepare_restore
from tests.services.backup.backup_helpers import tree_bytes

pytestmark = pytest.mark.usefixtures("fast_scrypt")
DEEP = b"[" * 30000 + b"]" * 30000
HUGE = b"9" * 5000


def prefix(header: bytes) -> bytes:
    head = fmt.MAGIC + struct.pack("<HI", fmt.FORMAT_VERSION, len(header)) + header
    return head + hashlib.sha256(head).digest()


def record(meta: bytes, data: bytes = b"") -> bytes:
    return struct.pack("<I", len(meta)) + meta + data


PLAIN_HEADER = json.dumps({"app": "branch-ledger", "encryption": None}).encode()


def refused(data: bytes, other, tmp_path, match: str) -> None:
    path = tmp_path / "crafted.blbak"
    path.write_bytes(data)
    before = tree_bytes(other)
    with pytest.raises(fmt.BackupFormatError, match=match):
        prepare_restore(path, other)
    assert tree_bytes(other) == before


def test_a_nul_byte_in_an_attachment_name_is_refused(other, tmp_path):
    path = tmp_path / "nul.blbak"
    with open(path, "wb") as f:
        writer = fmt.ContainerWriter(f)
        writer.add_part("ledger.sqlite3", io.BytesIO(b"x"), 1)
        writer.add_part("attachments/a\x00b.txt", io.BytesIO(b"evil"), 4)
        writer.finish({"format": 1, "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256}
                                              for p in writer.parts]})
    refused(path.read_bytes(), other, tmp_path, "不安全的文件名")


def test_a_name_too_long_for_the_disk_is_refused(other, tmp_path):
    path = tmp_path / "long.blbak"
    with open(path, "wb") as f:
        writer = fmt.ContainerWriter(f)
        writer.add_part("ledger.sqlite3", io.BytesIO(b"x"), 1)
        writer.add_part("attachments/" + "长" * 200 + ".txt", io.BytesIO(b"x"), 1)
        writer.finish({"format": 1, "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256}
                                              for p in writer.parts]})
    refused(path.read_bytes(), other, tmp_path, "不安全的文件名")


def test_deeply_nested_json_in_the_header_is_refused(other, tmp_path):
    refused(prefix(DEEP), other, tmp_path, "备份文件头已损坏")


def test_deeply_nested_json_in_a_record_is_refused(other, tmp_path):
    refused(prefix(PLAIN_HEADER) + record(DEEP), other, tmp_path, "已损坏或被改动过")


def test_deeply_nested_json_in_the_manifest_is_refused(other, tmp_path):
    meta = json.dumps({"type": "manifest", "size": len(DEEP)}).encode()
    refused(prefix(PLAIN_HEADER) + record(meta, DEEP), other, tmp_path, "已损坏或被改动过")


def test_a_5000_digit_integer_in_the_metadata_is_refused(other, tmp_path):
    meta = b'{"type": "part", "name": "ledger.sqlite3", "size": ' + HUGE + b"}"
    refused(prefix(PLAIN_HEADER) + record(meta), other, tmp_path, "已损坏或被改动过")


def test_a_5000_digit_integer_in_the_header_is_refused(other, tmp_path):
    header = b'{"app": "branch-ledger", "encryption": {"n": ' + HUGE + b"}}"
    refused(prefix(header), other, tmp_path, "备份文件头已损坏")


# -- one verifier, bounded ------------------------------------------------------------------------------


def test_one_verifier_format_for_both_passwords(db):
    from app.services.access.control import hash_password as start_password_hash
    from app.services.backup.backup_service import check_backup_password, set_backup_password
    from app.services.common.settings import get_setting

    with db.transaction() as session:
        set_backup_password(session, "红旗飘飘-2026")
    with db.session() as session:
        stored = get_setting(session, "backup.password_hash")
        assert check_backup_password(session, "红旗飘飘-2026")
    assert stored.split("$")[:4] == start_password_hash("x").split("$")[:4]


def test_a_stored_verifier_asking_for_a_huge_cost_matches_nothing_at_once():
    from app.services.access.verifier import password_matches

    salt, key = "AAAAAAAAAAAAAAAAAAAAAA==", "A" * 43 + "="
    started = time.perf_counter()
    for stored in (f"scrypt$30$8$1${salt}${key}", f"scrypt${1 << 30}$8$1${salt}${key}",
                   f"scrypt$17$32$16${salt}${key}", "scrypt$" + "9" * 5000 + f"$8$1${salt}${key}"):
        assert not password_matches("x", stored)
        assert not fmt.verify_password("x", stored)
    assert time.perf_counter() - started < 1


def test_an_old_backup_password_verifier_still_matches():
    import base64
    import os

    salt = os.urandom(16)
    digest = hashlib.scrypt(b"old-password", salt=salt, n=1 << 12, r=8, p=1, dklen=32)
    old = f"scrypt${1 << 12}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert fmt.verify_password("old-password", old) and not fmt.verify_password("other", old)
