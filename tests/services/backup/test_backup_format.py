"""The .blbak container on its own: chunk boundaries, and every way an encrypted stream can be cut or shuffled."""

from __future__ import annotations

import io
import os
import struct

import pytest

from app.services.backup import backup_format as fmt

PASSWORD = "container-test-密码"


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch):
    monkeypatch.setattr(fmt, "SCRYPT_N", 1 << 12)


def build(parts: dict[str, bytes], password: str | None, chunk_size: int = fmt.CHUNK_SIZE) -> bytes:
    out = io.BytesIO()
    writer = fmt.ContainerWriter(out, password, chunk_size=chunk_size)
    for name, data in parts.items():
        writer.add_part(name, io.BytesIO(data), len(data))
    writer.finish({"format": 1, "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256}
                                          for p in writer.parts], "note": "清单"})
    return out.getvalue()


def read(data: bytes, password: str | None) -> tuple[dict, dict[str, bytes]]:
    got: dict[str, io.BytesIO] = {}

    class Keep(io.BytesIO):
        def close(self) -> None:  # keep the bytes readable after read_container closes the part
            pass

    def open_part(name: str, size: int):
        got[name] = Keep()
        return got[name]

    manifest = fmt.read_container(io.BytesIO(data), password, open_part)
    return manifest, {name: f.getvalue() for name, f in got.items()}


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 4096])
@pytest.mark.parametrize("password", [None, PASSWORD], ids=["plain", "encrypted"])
def test_any_chunk_size_round_trips(chunk_size, password):
    parts = {"ledger.sqlite3": os.urandom(1000), "attachments/空.txt": b"", "attachments/x/y.bin": bytes(300)}
    manifest, got = read(build(parts, password, chunk_size), password)
    assert got == parts and manifest["note"] == "清单"


def chunks_of(data: bytes) -> tuple[bytes, list[bytes]]:
    """Split an encrypted container into its prefix and its framed chunks."""
    header_len = struct.unpack("<I", data[10:14])[0]
    pos = 14 + header_len + 32
    prefix, chunks = data[:pos], []
    while pos < len(data):
        length = struct.unpack("<I", data[pos:pos + 4])[0] & ~fmt.FINAL_FLAG
        chunks.append(data[pos:pos + 4 + length])
        pos += 4 + length
    return prefix, chunks


@pytest.fixture
def encrypted() -> bytes:
    return build({"ledger.sqlite3": os.urandom(5000), "attachments/a": os.urandom(3000)}, PASSWORD,
                 chunk_size=1024)


def test_chunks_swapped_are_refused(encrypted):
    prefix, chunks = chunks_of(encrypted)
    assert len(chunks) > 5
    chunks[1], chunks[2] = chunks[2], chunks[1]
    with pytest.raises(fmt.CorruptBackupError, match="损坏或被改动"):
        read(prefix + b"".join(chunks), PASSWORD)


def test_dropping_the_final_chunk_is_refused(encrypted):
    prefix, chunks = chunks_of(encrypted)
    with pytest.raises(fmt.CorruptBackupError, match="不完整"):
        read(prefix + b"".join(chunks[:-1]), PASSWORD)


def test_dropping_a_middle_chunk_is_refused(encrypted):
    prefix, chunks = chunks_of(encrypted)
    with pytest.raises(fmt.CorruptBackupError):
        read(prefix + b"".join(chunks[:3] + chunks[4:]), PASSWORD)


def test_bytes_after_the_end_are_refused(encrypted):
    with pytest.raises(fmt.CorruptBackupError, match="多余的数据"):
        read(encrypted + b"\x00", PASSWORD)
    plain = build({"ledger.sqlite3": b"abc"}, None)
    with pytest.raises(fmt.CorruptBackupError, match="多余的数据"):
        read(plain + b"\x00", None)


def test_a_changed_header_is_refused_before_any_decryption(encrypted):
    data = bytearray(encrypted)
    data[40] ^= 0x01  # inside the header JSON
    with pytest.raises(fmt.CorruptBackupError, match="文件头已损坏"):
        read(bytes(data), PASSWORD)


def test_a_header_swapped_from_another_backup_is_refused(encrypted):
    # a header that is intact in itself, but belongs to another file: its key no longer fits the chunks
    other = build({"ledger.sqlite3": b"x"}, PASSWORD, chunk_size=1024)
    prefix_other, _ = chunks_of(other)
    _, chunks = chunks_of(encrypted)
    with pytest.raises(fmt.CorruptBackupError):
        read(prefix_other + b"".join(chunks), PASSWORD)


def test_wrong_or_missing_password(encrypted):
    with pytest.raises(fmt.WrongPasswordError, match="备份密码不正确"):
        read(encrypted, "wrong password")
    with pytest.raises(fmt.PasswordRequiredError):
        read(encrypted, None)


def test_a_newer_format_version_asks_to_upgrade():
    data = bytearray(build({"ledger.sqlite3": b"x"}, None))
    data[8:10] = struct.pack("<H", fmt.FORMAT_VERSION + 1)
    head_len = 14 + struct.unpack("<I", data[10:14])[0]
    import hashlib

    data[head_len:head_len + 32] = hashlib.sha256(bytes(data[:head_len])).digest()
    with pytest.raises(fmt.UnsupportedFormatError, match="请先升级本软件"):
        read(bytes(data), None)


def test_password_verifier():
    stored = fmt.hash_password(PASSWORD)
    assert PASSWORD not in stored and stored.count("$") == 5
    assert fmt.verify_password(PASSWORD, stored)
    assert not fmt.verify_password("other", stored)
    assert not fmt.verify_password(PASSWORD, "garbage")
    assert fmt.hash_password(PASSWORD) != stored  # salted


@pytest.mark.parametrize("n, r, p", [(1 << 20, 32, 1), (1 << 20, 8, 1), (1 << 17, 8, 16)],
                         ids=["4GiB", "1GiB", "16x-work"])
def test_a_header_asking_for_a_huge_scrypt_cost_is_refused_without_running_it(monkeypatch, n, r, p):
    # the header is not secret: a crafted file must not make the app allocate gigabytes or compute for minutes
    monkeypatch.setattr(fmt, "derive_keys", lambda *a: pytest.fail("scrypt was run with the header's cost"))
    fields = {"app": "branch-ledger", "encryption": {
        "cipher": "AES-256-GCM", "kdf": "scrypt", "n": n, "r": r, "p": p, "salt": fmt._b64(os.urandom(16)),
        "nonce_prefix": fmt._b64(os.urandom(7)), "chunk_size": 1024, "key_check": fmt._b64(bytes(16))}}
    with pytest.raises(fmt.CorruptBackupError, match="文件头已损坏"):
        read(fmt._build_prefix(fields) + bytes(100), PASSWORD)


def test_the_default_scrypt_cost_is_within_what_readers_accept():
    assert 128 * fmt.SCRYPT_R * fmt.SCRYPT_N <= fmt.MAX_SCRYPT_MEMORY
    assert fmt.SCRYPT_N * fmt.SCRYPT_R * fmt.SCRYPT_P <= fmt.MAX_SCRYPT_WORK
