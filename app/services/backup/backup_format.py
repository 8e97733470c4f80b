"""The backup file container (``.blbak``): framing, hashes and optional AES-256-GCM encryption.

No Qt, no database here: this module only turns named byte streams into one self-checking file and back.

Layout of a ``.blbak`` file (all integers little-endian)::

    file     = MAGIC (8 bytes: b"BLBAK\\0\\r\\n")
               u16 format version (1)
               u32 header length H
               H bytes header JSON (UTF-8)
               32 bytes SHA-256 of everything above            -- "the prefix"
               body
    body     = the inner stream as is                          (plain backup)
             | chunk* (see below)                              (encrypted backup)
    inner    = record* end-record seal
    record   = u32 meta length M, M bytes meta JSON, then meta["size"] bytes of data
               meta = {"type": "part", "name": "ledger.sqlite3" | "attachments/<relative path>", "size": n}
                      (any order; ledger.key, when there, before ledger.sqlite3; backups since 2026-12
                      write the database last, earlier ones first)
                    | {"type": "manifest", "size": n}           (data = manifest JSON, written last)
    end      = u32 meta length, {"type": "end"}
    seal     = 32 bytes SHA-256 over the prefix, every record's meta bytes and the manifest bytes

The part data is covered by the SHA-256 of each part listed in the manifest; the seal covers the structure
around it (the header, the names and sizes, the manifest itself). So a flipped byte anywhere, a missing
or added part, or a file cut short is detected, in plain and encrypted backups alike.

Encryption (header ``"encryption"`` not null): the password goes through scrypt (random 16-byte salt,
parameters in the header) to 64 bytes: the first 32 are the AES-256-GCM key, the last 32 make a short
key check in the header so that a wrong password is told apart from a damaged file. The inner stream is
cut into chunks of ``chunk_size`` plaintext bytes; each chunk is ``u32 (length | FINAL_FLAG)`` followed by
the GCM ciphertext and tag, with nonce = 7-byte random prefix + u32 big-endian chunk counter + final flag
byte, and the whole prefix as associated data. Reordered, dropped or appended chunks, a cut-off file and
any change to the header all fail authentication. Memory stays at about one chunk whatever the size.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import struct
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.kit.errors import UserError

MAGIC = b"BLBAK\x00\r\n"  # \0 and \r\n catch a text-mode transfer, like PNG's signature
FORMAT_VERSION = 1
FILE_SUFFIX = ".blbak"
CHUNK_SIZE = 1 << 20
FINAL_FLAG = 0x8000_0000
MAX_HEADER = 64 * 1024
MAX_META = 64 * 1024
MAX_MANIFEST = 256 * 1024 * 1024
BLOCK = 4 << 20  # read size when copying part data: fewer, larger reads, writes and hash updates

# scrypt cost: 2**17 * 8 * 128 bytes = 128 MiB and about half a second, once per backup or restore.
# The reader accepts any parameters within sane bounds, so the cost can be raised later.
SCRYPT_N = 1 << 17
SCRYPT_R = 8
SCRYPT_P = 1
# What a reader accepts from a header (which anyone can write): at most 512 MiB of scrypt memory
# (128 * r * n bytes, four times today's cost) and eight times today's work (n * r * p), so a crafted
# file cannot make the application allocate gigabytes or compute for minutes.
MAX_SCRYPT_MEMORY = 512 << 20
MAX_SCRYPT_WORK = 8 * SCRYPT_N * SCRYPT_R * SCRYPT_P
_KEY_CHECK_LABEL = b"branch-ledger backup key check"


class BackupFormatError(UserError):
    """A backup file that cannot be read; the message is Chinese and says what is wrong."""


class NotABackupError(BackupFormatError):
    pass


class PasswordRequiredError(BackupFormatError):
    pass


class WrongPasswordError(BackupFormatError):
    pass


class CorruptBackupError(BackupFormatError):
    pass


class TruncatedBackupError(CorruptBackupError):
    pass


class UnsupportedFormatError(BackupFormatError):
    pass


# -- keys and password verifiers ---------------------------------------------------------------------


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * r * n + (1 << 20), dklen=length)


def derive_keys(password: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """(AES-256 key, key-check key) from the password."""
    material = _scrypt(password, salt, n, r, p, 64)
    return material[:32], material[32:]


def _key_check(check_key: bytes) -> bytes:
    return hmac.new(check_key, _KEY_CHECK_LABEL, hashlib.sha256).digest()[:16]


def hash_password(password: str) -> str:
    """The backup password's verifier: the application's one format (app.services.access.verifier)."""
    from app.services.access.verifier import hash_password as one_verifier

    return one_verifier(password)


def verify_password(password: str, stored: str) -> bool:
    """Bounded: a stored value asking for a huge scrypt cost matches nothing (never minutes of work)."""
    from app.services.access.verifier import password_matches

    return password_matches(password, stored)


# -- hashing beside the I/O --------------------------------------------------------------------------------

# Two lanes, so that two parts are hashed at once on two cores while the caller copies. A part's blocks
# all go to one lane (each lane is one thread), so they are hashed in order; parts take turns.
_LANES = tuple(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"backup-sha256-{i}") for i in range(2))
_lane_turn = itertools.count()
# Blocks handed to the lanes and not yet hashed, over every digest: bounds the memory they hold (8 blocks).
_IN_FLIGHT = threading.BoundedSemaphore(8)


class _BackgroundSha256:
    """SHA-256 of a stream of blocks, computed on a helper thread while the caller reads and writes.

    hashlib and file I/O both release the GIL on large blocks, so on two cores the hash costs little
    wall time; ``hexdigest`` waits for the blocks still being hashed.
    """

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self._lane = _LANES[next(_lane_turn) % len(_LANES)]
        self._last: Future | None = None
        self._failure: BaseException | None = None

    def update(self, block: bytes | memoryview) -> None:
        _IN_FLIGHT.acquire()
        try:
            self._last = self._lane.submit(self._hash_block, block)
        except BaseException:
            _IN_FLIGHT.release()
            raise

    def _hash_block(self, block: bytes | memoryview) -> None:
        try:
            if self._failure is None:
                self._hash.update(block)
        except BaseException as exc:  # kept for hexdigest: a later block must not hash a broken state
            self._failure = exc
        finally:
            _IN_FLIGHT.release()

    def hexdigest(self) -> str:
        if self._last is not None:
            self._last.result()
        if self._failure is not None:
            raise self._failure
        return self._hash.hexdigest()


class SameBytesAs:
    """Stands in for a part's SHA-256 when a backup just written is read back: every block read from the
    disk is compared with the same bytes of the file the part was written from (still in memory, so a
    read and a memcmp instead of a second hash). If all match and the lengths agree, the bytes on the
    disk are the bytes that hashed to ``sha256`` while they were written, so that hash is returned;
    otherwise a value no hash can equal, and the read-back fails as a wrong hash would."""

    MISMATCH = "读回的内容与写入的不一致"

    def __init__(self, path: os.PathLike[str] | str, sha256: str) -> None:
        self._f = open(path, "rb")
        self._sha256 = sha256
        self._same = True

    def update(self, block: bytes | memoryview) -> None:
        if isinstance(block, memoryview):
            block = block.tobytes()  # bytes == memoryview compares item by item, 30 times slower
        if self._same and self._f.read(len(block)) != block:
            self._same = False

    def hexdigest(self) -> str:
        try:
            same = self._same and not self._f.read(1)
        finally:
            self._f.close()
        return self._sha256 if same else self.MISMATCH


class PartDigest(Protocol):
    def update(self, block: bytes | memoryview) -> None: ...

    def hexdigest(self) -> str: ...


# -- the prefix (magic, version, header) -------------------------------------------------------------


def _loads(raw: bytes, message: str) -> object:
    """JSON from a file anyone can write: invalid text, nesting deep enough to exhaust the parser's
    recursion and integers of thousands of digits are all "damaged", never an exception of their own."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError, MemoryError) as exc:
        raise CorruptBackupError(message) from exc


@dataclass(frozen=True)
class Header:
    raw: bytes  # the whole prefix: authenticated as GCM associated data and hashed into the seal
    fields: dict

    @property
    def encrypted(self) -> bool:
        return self.fields.get("encryption") is not None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _build_prefix(fields: dict) -> bytes:
    header = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
    head = MAGIC + struct.pack("<HI", FORMAT_VERSION, len(header)) + header
    return head + hashlib.sha256(head).digest()


def _read_exact(f: BinaryIO, n: int) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise TruncatedBackupError("备份文件不完整（可能复制或写入时被中断），无法使用。")
    return data


def read_header(f: BinaryIO) -> Header:
    """Read and check the prefix; the file position is left at the start of the body."""
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        if magic[:5] == MAGIC[:5]:
            raise CorruptBackupError("备份文件开头已损坏（可能以文本方式传输过），无法使用。")
        raise NotABackupError("这不是支部台账的备份文件（.blbak）。")
    version_bytes = f.read(6)
    if len(version_bytes) != 6:
        raise TruncatedBackupError("备份文件不完整（可能复制或写入时被中断），无法使用。")
    version, header_len = struct.unpack("<HI", version_bytes)
    if header_len > MAX_HEADER:
        raise CorruptBackupError("备份文件头已损坏，无法使用。")
    header = _read_exact(f, header_len)
    head = magic + version_bytes + header
    if _read_exact(f, 32) != hashlib.sha256(head).digest():
        raise CorruptBackupError("备份文件头已损坏（校验值不符），无法使用。")
    if version > FORMAT_VERSION:
        raise UnsupportedFormatError("备份来自更新版本的支部台账（文件格式较新），请先升级本软件。")
    fields = _loads(header, "备份文件头已损坏，无法使用。")
    if not isinstance(fields, dict):
        raise CorruptBackupError("备份文件头已损坏，无法使用。")
    return Header(head + hashlib.sha256(head).digest(), fields)


def peek_header(path: os.PathLike[str] | str) -> Header:
    """The header of a backup file, to know whether a password is needed before reading it."""
    try:
        with open(path, "rb") as f:
            return read_header(f)
    except OSError as exc:
        raise BackupFormatError(f"无法读取备份文件：{exc.strerror or exc}") from exc


# -- writing --------------------------------------------------------------------------------------------


class _PlainSink:
    def __init__(self, f: BinaryIO) -> None:
        self._f = f

    def write(self, data: bytes) -> None:
        self._f.write(data)

    def close(self) -> None:
        pass


class _GcmSink:
    def __init__(self, f: BinaryIO, key: bytes, nonce_prefix: bytes, aad: bytes, chunk_size: int) -> None:
        self._f = f
        self._aead = AESGCM(key)
        self._nonce_prefix = nonce_prefix
        self._aad = aad
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._counter = 0

    def _emit(self, plaintext: bytes | bytearray | memoryview, final: bool) -> None:
        nonce = self._nonce_prefix + struct.pack(">IB", self._counter, 1 if final else 0)
        sealed = self._aead.encrypt(nonce, plaintext, self._aad)
        self._f.write(struct.pack("<I", len(sealed) | (FINAL_FLAG if final else 0)))
        self._f.write(sealed)
        self._counter += 1

    def write(self, data: bytes) -> None:
        # A full chunk is sent only once more data follows, so the final chunk is never empty.
        # memoryview slices keep whole blocks from being copied on their way to the cipher.
        view = memoryview(data)
        size = self._chunk_size
        while view:
            if len(self._buffer) == size:
                self._emit(self._buffer, final=False)
                self._buffer = bytearray()
            if not self._buffer and len(view) > size:
                self._emit(view[:size], final=False)
                view = view[size:]
                continue
            take = size - len(self._buffer)
            self._buffer += view[:take]
            view = view[take:]

    def close(self) -> None:
        self._emit(self._buffer, final=True)
        self._buffer = bytearray()


@dataclass(frozen=True)
class PartInfo:
    name: str
    size: int
    sha256: str


class ContainerWriter:
    """Writes records into an open binary file; call ``finish(manifest)`` last."""

    def __init__(self, f: BinaryIO, password: str | None = None, *, chunk_size: int = CHUNK_SIZE,
                 scrypt_n: int | None = None) -> None:
        fields: dict = {"app": "branch-ledger", "encryption": None}
        key = nonce_prefix = None
        self.keys: tuple[bytes, bytes] | None = None  # lets the read-back check skip a second scrypt
        if password is not None:
            n = scrypt_n or SCRYPT_N
            salt = os.urandom(16)
            nonce_prefix = os.urandom(7)
            key, check_key = self.keys = derive_keys(password, salt, n, SCRYPT_R, SCRYPT_P)
            fields["encryption"] = {
                "cipher": "AES-256-GCM", "kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": _b64(salt), "nonce_prefix": _b64(nonce_prefix), "chunk_size": chunk_size,
                "key_check": _b64(_key_check(check_key)),
            }
        prefix = _build_prefix(fields)
        f.write(prefix)
        self._seal = hashlib.sha256(prefix)
        if key is None:
            self._sink: _PlainSink | _GcmSink = _PlainSink(f)
        else:
            assert nonce_prefix is not None
            self._sink = _GcmSink(f, key, nonce_prefix, prefix, chunk_size)
        # (name, size, digest) of the parts written; their hashes may still be being computed
        self._written: list[tuple[str, int, _BackgroundSha256]] = []

    def _meta(self, meta: dict) -> None:
        raw = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
        framed = struct.pack("<I", len(raw)) + raw
        self._seal.update(framed)
        self._sink.write(framed)

    @property
    def parts(self) -> list[PartInfo]:
        """The parts written so far, with their hashes (waits for those still being computed)."""
        return [PartInfo(name, size, digest.hexdigest()) for name, size, digest in self._written]

    def add_part(self, name: str, source: BinaryIO, size: int,
                 progress: Callable[[int], None] | None = None) -> None:
        """Copy exactly ``size`` bytes from ``source`` as the part ``name``; its hash is finished on a
        helper thread while the next part is copied (see ``parts``)."""
        self._meta({"type": "part", "name": name, "size": size})
        digest = _BackgroundSha256()
        remaining = size
        while remaining:
            block = source.read(min(BLOCK, remaining))
            if not block:
                raise OSError(f"文件在备份过程中变短了：{name}")
            digest.update(block)
            self._sink.write(block)
            remaining -= len(block)
            if progress:
                progress(len(block))
        self._written.append((name, size, digest))

    def finish(self, manifest: dict) -> None:
        raw = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        self._meta({"type": "manifest", "size": len(raw)})
        self._seal.update(raw)
        self._sink.write(raw)
        self._meta({"type": "end"})
        self._sink.write(self._seal.digest())
        self._sink.close()


# -- reading --------------------------------------------------------------------------------------------

_TRUNCATED = "备份文件不完整（可能复制或写入时被中断），无法使用。"
_TAMPERED = "备份文件已损坏或被改动过（校验不通过），无法使用。"


class _PlainSource:
    def __init__(self, f: BinaryIO) -> None:
        self._f = f

    def read(self, n: int) -> bytes:
        return _read_exact(self._f, n)

    def check_end(self) -> None:
        if self._f.read(1):
            raise CorruptBackupError("备份文件末尾有多余的数据（文件已损坏），无法使用。")


class _GcmSource:
    def __init__(self, f: BinaryIO, key: bytes, nonce_prefix: bytes, aad: bytes, chunk_size: int) -> None:
        self._f = f
        self._aead = AESGCM(key)
        self._nonce_prefix = nonce_prefix
        self._aad = aad
        self._chunk_size = chunk_size
        self._buffer = b""
        self._view = memoryview(self._buffer)
        self._pos = 0
        self._counter = 0
        self._final_seen = False

    def _next_chunk(self) -> None:
        if self._final_seen:
            raise CorruptBackupError(_TAMPERED)
        framing = self._f.read(4)
        if len(framing) != 4:
            raise TruncatedBackupError(_TRUNCATED)
        (word,) = struct.unpack("<I", framing)
        final = bool(word & FINAL_FLAG)
        length = word & ~FINAL_FLAG
        if length < 16 or length > self._chunk_size + 16:
            raise CorruptBackupError(_TAMPERED)
        sealed = self._f.read(length)
        if len(sealed) != length:
            raise TruncatedBackupError(_TRUNCATED)
        nonce = self._nonce_prefix + struct.pack(">IB", self._counter, 1 if final else 0)
        try:
            self._buffer = self._aead.decrypt(nonce, sealed, self._aad)
        except InvalidTag as exc:
            raise CorruptBackupError(_TAMPERED) from exc
        self._view = memoryview(self._buffer)
        self._pos = 0
        self._counter += 1
        self._final_seen = final

    def read(self, n: int) -> bytes | memoryview:
        """Exactly n bytes: a view into the decrypted chunk when they lie in one, else joined bytes."""
        parts = []
        while n:
            if self._pos == len(self._buffer):
                if self._final_seen:
                    raise TruncatedBackupError(_TRUNCATED)
                self._next_chunk()
                continue
            take = self._view[self._pos: self._pos + n]
            self._pos += len(take)
            n -= len(take)
            parts.append(take)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def check_end(self) -> None:
        if self._pos != len(self._buffer):
            raise CorruptBackupError(_TAMPERED)
        if not self._final_seen:
            # the seal ended exactly at a chunk boundary: the final (possibly empty) chunk must follow
            self._next_chunk()
            if self._buffer:
                raise CorruptBackupError(_TAMPERED)
            if not self._final_seen:
                raise TruncatedBackupError(_TRUNCATED)
        if self._f.read(1):
            raise CorruptBackupError("备份文件末尾有多余的数据（文件已损坏），无法使用。")


def _open_source(f: BinaryIO, header: Header, password: str | None,
                 keys: tuple[bytes, bytes] | None = None) -> _PlainSource | _GcmSource:
    enc = header.fields.get("encryption")
    if enc is None:
        return _PlainSource(f)
    if password is None and keys is None:
        raise PasswordRequiredError("这份备份已加密，请输入备份密码。")
    try:
        n, r, p = int(enc["n"]), int(enc["r"]), int(enc["p"])
        salt = base64.b64decode(enc["salt"])
        nonce_prefix = base64.b64decode(enc["nonce_prefix"])
        chunk_size = int(enc["chunk_size"])
        key_check = base64.b64decode(enc["key_check"])
        if enc.get("cipher") != "AES-256-GCM" or enc.get("kdf") != "scrypt":
            raise UnsupportedFormatError("备份使用了本软件不认识的加密方式，请先升级本软件。")
    except UnsupportedFormatError:
        raise  # a UserError, hence a ValueError: not to be mistaken for a damaged header below
    except (KeyError, TypeError, ValueError) as exc:
        raise CorruptBackupError("备份文件头已损坏，无法使用。") from exc
    if not (1 << 10 <= n <= 1 << 20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
            and 128 * r * n <= MAX_SCRYPT_MEMORY and n * r * p <= MAX_SCRYPT_WORK
            and len(nonce_prefix) == 7 and 1 <= chunk_size <= 64 << 20):
        raise CorruptBackupError("备份文件头已损坏，无法使用。")
    key, check_key = keys if keys is not None else derive_keys(password or "", salt, n, r, p)
    if not hmac.compare_digest(_key_check(check_key), key_check):
        raise WrongPasswordError("备份密码不正确。")
    return _GcmSource(f, key, nonce_prefix, header.raw, chunk_size)


def _parse_meta(raw: bytes) -> dict:
    meta = _loads(raw, _TAMPERED)
    if not isinstance(meta, dict) or meta.get("type") not in {"part", "manifest", "end"}:
        raise CorruptBackupError(_TAMPERED)
    if meta["type"] != "end":
        size = meta.get("size")
        if not isinstance(size, int) or size < 0:
            raise CorruptBackupError(_TAMPERED)
    return meta


PartOpener = Callable[[str, int], "BinaryIO | None"]


def read_container(f: BinaryIO, password: str | None, open_part: PartOpener,
                   progress: Callable[[int], None] | None = None, *,
                   keys: tuple[bytes, bytes] | None = None,
                   digest_for: Callable[[str], PartDigest | None] | None = None) -> dict:
    """Read a whole backup, check every hash and the seal, and return its manifest.

    ``open_part(name, size)`` returns a writable binary file for the part's data (closed here once the
    part is written) or None to only hash it. Raises a BackupFormatError subclass with a Chinese message.
    Until this returns, nothing written through ``open_part`` may be trusted. ``keys`` (the writer's
    derived keys) replaces the password when a file just written is read back; so may ``digest_for(name)``,
    which gives a part's digest (a SameBytesAs) in place of a fresh SHA-256 (None: the SHA-256).
    """
    header = read_header(f)
    source = _open_source(f, header, password, keys)
    seal = hashlib.sha256(header.raw)
    seen: dict[str, tuple[int, str]] = {}
    manifest: dict | None = None
    while True:
        framed_len = bytes(source.read(4))
        (meta_len,) = struct.unpack("<I", framed_len)
        if meta_len > MAX_META:
            raise CorruptBackupError(_TAMPERED)
        raw_meta = bytes(source.read(meta_len))
        seal.update(framed_len + raw_meta)
        meta = _parse_meta(raw_meta)
        if meta["type"] == "end":
            break
        if manifest is not None:
            raise CorruptBackupError(_TAMPERED)  # nothing but the end may follow the manifest
        size = meta["size"]
        if meta["type"] == "manifest":
            if size > MAX_MANIFEST:
                raise CorruptBackupError(_TAMPERED)
            raw = bytes(source.read(size))
            seal.update(raw)
            manifest = _loads(raw, _TAMPERED)
            continue
        name = meta.get("name")
        if not isinstance(name, str) or name in seen:
            raise CorruptBackupError(_TAMPERED)
        target = open_part(name, size)
        digest = (digest_for(name) if digest_for is not None else None) or _BackgroundSha256()
        remaining = size
        try:
            while remaining:
                block = source.read(min(BLOCK, remaining))
                digest.update(block)
                if target is not None:
                    target.write(block)
                remaining -= len(block)
                if progress:
                    progress(len(block))
        finally:
            if target is not None:
                target.close()
        seen[name] = (size, digest.hexdigest())
    if bytes(source.read(32)) != seal.digest():
        raise CorruptBackupError(_TAMPERED)
    source.check_end()
    if not isinstance(manifest, dict) or not isinstance(manifest.get("parts"), list):
        raise CorruptBackupError(_TAMPERED)
    try:
        listed = {p["name"]: (int(p["size"]), str(p["sha256"])) for p in manifest["parts"]}
    except (KeyError, TypeError, ValueError) as exc:
        raise CorruptBackupError(_TAMPERED) from exc
    if listed != seen:
        bad = sorted(n for n in set(listed) | set(seen) if listed.get(n) != seen.get(n))
        raise CorruptBackupError(f"备份文件已损坏：{bad[0]} 的校验值不符，无法使用。")
    return manifest
