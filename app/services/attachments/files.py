"""Copying one file into the store folder: hashed while copied, under a safe name, never half there.

The copy goes to a staging folder beside ``attachments/`` (same disk, so the final step is a rename) and
is renamed into place only once it is complete, its SHA-256 known and the source seen unchanged. Any
failure — unreadable source, over the size limit, the source removed or changed mid-copy, a full disk —
removes the partial copy and raises AttachmentError naming the file. No database here (see store.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.kit.errors import UserError

CHUNK = 1 << 20
FIELD = "attachment"
STAGING_DIR = ".attachments-incoming"  # beside attachments/, so backups never carry a partial copy
_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
STORED_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}(\.[a-z0-9]{1,8})?")


class AttachmentError(UserError):
    """An attachment that cannot be stored, found or removed; the message is Chinese and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field=FIELD)


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    stored_name: str  # relative to the store folder, "ab/abcdef….jpg"
    size: int
    created: bool  # False when a file with the same content was already stored


def stored_name_for(sha256: str, original_name: str) -> str:
    """A name that is safe on every file system: the hash, plus the original suffix when it is plain ASCII."""
    suffix = Path(original_name).suffix.lower()
    return f"{sha256[:2]}/{sha256}{suffix if _SAFE_SUFFIX.fullmatch(suffix) else ''}"


def megabytes(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB"


def _chunks(source: BinaryIO) -> Iterator[bytes]:
    """The source's bytes, a chunk at a time (a seam for tests of a source that vanishes mid-copy)."""
    while chunk := source.read(CHUNK):
        yield chunk


def _staging(root: Path) -> Path:
    staging = root.parent / STAGING_DIR
    staging.mkdir(exist_ok=True)
    return staging


def check_source(source: Path, max_bytes: int) -> int:
    """The source's size, or AttachmentError if it is not a readable file within the limit."""
    name = source.name
    try:
        info = source.stat()
    except FileNotFoundError:
        raise AttachmentError(f"无法读取附件“{name}”：文件不存在（{source}）。") from None
    except OSError as exc:
        raise AttachmentError(f"无法读取附件“{name}”：{exc.strerror or exc}。") from exc
    if not source.is_file():
        raise AttachmentError(f"“{name}”不是一个文件，不能作为附件。")
    if info.st_size > max_bytes:
        raise AttachmentError(f"附件“{name}”有 {megabytes(info.st_size)}，超过每个附件 {megabytes(max_bytes)} "
                              f"的上限。请压缩后再附加，或在设置中调整“附件大小上限”。")
    return info.st_size


def copy_into_store(root: Path, source: Path, max_bytes: int) -> StoredFile:
    """Copy `source` into the store folder `root`; a file of the same content is stored only once."""
    source = Path(source)
    name = source.name
    check_source(source, max_bytes)
    root.mkdir(parents=True, exist_ok=True)
    partial = _staging(root) / f"{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        try:
            reader = open(source, "rb")
        except OSError as exc:
            raise AttachmentError(f"无法读取附件“{name}”：{exc.strerror or exc}。") from exc
        with reader, open(partial, "wb") as out:
            try:
                for chunk in _chunks(reader):
                    size += len(chunk)
                    if size > max_bytes:
                        raise AttachmentError(f"附件“{name}”超过每个附件 {megabytes(max_bytes)} 的上限"
                                              f"（复制时文件仍在变大），未能保存。")
                    digest.update(chunk)
                    out.write(chunk)
            except OSError as exc:
                raise AttachmentError(f"读取附件“{name}”时出错，文件可能已被移走或所在的U盘已拔出，"
                                      f"未能保存。（{exc.strerror or exc}）") from exc
            out.flush()
            os.fsync(out.fileno())
        try:
            unchanged = source.stat().st_size == size
        except OSError:
            unchanged = False
        if not unchanged:
            raise AttachmentError(f"附件“{name}”在复制过程中被移走或改动，未能保存。请确认文件还在后重新附加。")
        sha = digest.hexdigest()
        stored = stored_name_for(sha, name)
        final = root / stored
        if final.is_file() and final.stat().st_size == size:
            partial.unlink()
            return StoredFile(sha, stored, size, created=False)
        final.parent.mkdir(exist_ok=True)
        os.replace(partial, final)
        return StoredFile(sha, stored, size, created=True)
    except AttachmentError:
        raise
    except OSError as exc:
        raise AttachmentError(f"无法保存附件“{name}”：{exc.strerror or exc}（数据文件夹的磁盘可能已满，"
                              f"或没有写入权限）。") from exc
    finally:
        partial.unlink(missing_ok=True)
