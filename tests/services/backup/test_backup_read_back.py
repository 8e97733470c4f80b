"""The read-back of a backup just written: every part is compared with the file it was written from, so
damage in any part, or a source changed under the backup, fails it; and the part order (the database
last, its snapshot taken while the attachments are copied) still restores, as do backups in the old order."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from app.services.backup import backup_format as fmt
from app.services.backup import backup_service
from app.services.backup.backup_service import DB_PART, BackupError, backup_database, prepare_restore
from tests.services.backup.backup_helpers import attachment_digests, table_contents

pytestmark = pytest.mark.usefixtures("fast_scrypt")
PASSWORD = "读回-2026"
BIG = "会议记录/2026-03 支部党员大会.pdf"  # an attachment of the helpers' data folder


def flipping_writes(marker: bytes):
    """A backup file whose first write containing `marker` reaches the disk with one byte flipped."""

    class FlippingFile(io.FileIO):
        flipped = False

        def write(self, data) -> int:
            data = bytes(data)
            at = data.find(marker)
            if at >= 0 and not FlippingFile.flipped:
                FlippingFile.flipped = True
                damaged = bytearray(data)
                damaged[at + len(marker) // 2] ^= 0x01
                data = bytes(damaged)
            return super().write(data)

    return FlippingFile


@pytest.mark.parametrize("marker", [b"minutes %PDF-1.4 fake", b"SQLite format 3\x00"],
                         ids=["in-an-attachment", "in-the-database"])
def test_one_flipped_bit_inside_a_part_fails_the_backup(source, tmp_path, monkeypatch, marker):
    usb = tmp_path / "usb"
    usb.mkdir()
    opened = flipping_writes(marker)
    monkeypatch.setattr(backup_service, "_open_for_writing", lambda p: opened(p, "xb"))
    with pytest.raises(BackupError, match="校验失败"):
        backup_database(source, usb)
    assert opened.flipped
    assert list(usb.iterdir()) == []  # nothing left that looks like a backup


def test_an_attachment_changed_while_it_is_backed_up_fails_the_backup(source, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    attachment = source.path.parent / "attachments" / BIG
    reading_back = backup_service._read_backup

    def changed_first(*args, **kwargs):
        data = bytearray(attachment.read_bytes())
        data[10] ^= 0x01  # another program saves the file after it was copied, before it is read back
        attachment.write_bytes(bytes(data))
        return reading_back(*args, **kwargs)

    monkeypatch.setattr(backup_service, "_read_backup", changed_first)
    with pytest.raises(BackupError, match="校验失败"):
        backup_database(source, usb)
    assert list(usb.iterdir()) == []


@pytest.mark.parametrize("password", [None, PASSWORD], ids=["plain", "encrypted"])
def test_the_database_part_comes_last_and_restores(source, tmp_path, password):
    usb = tmp_path / "usb"
    usb.mkdir()
    result = backup_database(source, usb, password=password)
    with open(result.path, "rb") as f:
        manifest = fmt.read_container(f, password, lambda name, size: None)
    names = [p["name"] for p in manifest["parts"]]
    assert names[-1] == DB_PART and len(names) == 7  # 6 attachments, then the database

    fresh = tmp_path / "elsewhere"
    prepared = prepare_restore(result.path, fresh, password)
    prepared.apply()
    assert table_contents(fresh / DB_PART) == table_contents(source.path)
    assert attachment_digests(fresh) == attachment_digests(source.path.parent)


def test_a_backup_with_the_database_first_still_restores(source, tmp_path):
    """Backups made before the order changed hold the database first, then the attachments."""
    data_dir = source.path.parent
    snapshot = tmp_path / "snapshot.sqlite3"
    backup_service.snapshot_database(source.path, snapshot)
    revision, branch, counts = backup_service.database_facts(snapshot)
    attachments = backup_service._attachment_files(data_dir)
    old = tmp_path / "old.blbak"
    with open(old, "wb") as f:
        writer = fmt.ContainerWriter(f)
        with open(snapshot, "rb") as src:
            writer.add_part(DB_PART, src, snapshot.stat().st_size)
        for name, path, size in attachments:
            with open(path, "rb") as src:
                writer.add_part(name, src, size)
        writer.finish({"format": fmt.FORMAT_VERSION, "app": "支部台账", "app_version": "0.1",
                       "schema_revision": revision, "branch_name": branch, "created_at": "2026-11-30T10:00:00",
                       "counts": counts, "attachments": {"count": len(attachments),
                                                         "bytes": sum(s for _, _, s in attachments)},
                       "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256} for p in writer.parts]})
    fresh = tmp_path / "elsewhere"
    prepare_restore(old, fresh).apply()
    assert table_contents(fresh / DB_PART) == table_contents(source.path)
    assert attachment_digests(fresh) == attachment_digests(data_dir)


# -- the pieces: SameBytesAs and the hashing lanes -------------------------------------------------------


def test_same_bytes_as_vouches_for_the_hash_only_for_the_same_bytes(tmp_path):
    source = tmp_path / "source.bin"
    data = os.urandom(300_000)
    source.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()

    def through(blocks) -> str:
        same = fmt.SameBytesAs(source, digest)
        for block in blocks:
            same.update(block)
        return same.hexdigest()

    halves = [data[:100_000], memoryview(data)[100_000:]]  # a decrypted chunk arrives as a memoryview
    assert through(halves) == digest
    assert through([data[:-1]]) == fmt.SameBytesAs.MISMATCH  # the disk holds less than the source
    assert through([data, b"x"]) == fmt.SameBytesAs.MISMATCH  # or more
    damaged = bytearray(data)
    damaged[123_456] ^= 0x80
    assert through([bytes(damaged)]) == fmt.SameBytesAs.MISMATCH
    assert fmt.SameBytesAs.MISMATCH != digest and len(fmt.SameBytesAs.MISMATCH) != 64


def test_parts_hashed_on_two_lanes_get_their_own_hashes():
    """Many parts, some larger than one block, hashed two at a time: each hash is its own part's."""
    parts = {f"attachments/{i:02d}.bin": os.urandom(size)
             for i, size in enumerate([0, 1, fmt.BLOCK + 17, 5000, 2 * fmt.BLOCK, 3, 70_000] * 2)}
    out = io.BytesIO()
    writer = fmt.ContainerWriter(out)
    for name, data in parts.items():
        writer.add_part(name, io.BytesIO(data), len(data))
    assert {p.name: p.sha256 for p in writer.parts} == {
        name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}


def test_the_backup_file_is_handed_to_the_disk_as_it_is_written(source, tmp_path, monkeypatch):
    """Writeback is started every WRITEBACK_STEP bytes, over consecutive ranges covering what was written."""
    started: list[tuple[int, int]] = []
    monkeypatch.setattr(backup_service._WritingAhead, "WRITEBACK_STEP", 4096)
    monkeypatch.setattr(backup_service, "start_writeback", lambda fd, offset, length: started.append((offset, length)))
    usb = tmp_path / "usb"
    usb.mkdir()
    result = backup_database(source, usb)
    assert len(started) > 3
    assert all(a + n == b for (a, n), (b, _) in zip(started, started[1:], strict=False))  # no gaps, no overlaps
    assert started[0][0] == 0 and started[-1][0] + started[-1][1] <= result.size
    assert prepare_restore(result.path, tmp_path / "check") is not None


def test_start_writeback_never_raises(tmp_path):
    from app.infra.durable import start_writeback

    path = Path(tmp_path / "f.bin")
    with open(path, "wb") as f:
        f.write(b"x" * 10_000)
        f.flush()
        start_writeback(f.fileno(), 0, 10_000)
    start_writeback(987654, 0, 10)  # a closed or bad descriptor: nothing to do, no error
