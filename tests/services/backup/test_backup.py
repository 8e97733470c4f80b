"""Backup and restore through the service: round trips, every refusal, safe writing, the pre-restore copy."""

from __future__ import annotations

import errno
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.services.backup import backup_format as fmt
from app.services.backup import backup_service
from app.services.backup.backup_service import (
    BackupError,
    NewerSchemaError,
    backup_database,
    create_backup,
    prepare_restore,
    restore_backup,
)
from app.services.common.branch import save_profile
from app.services.common.storage import open_data_folder
from tests.services.backup.backup_helpers import (
    attachment_digests,
    fill_data_folder,
    table_contents,
    tree_bytes,
    use_fast_scrypt,
)

pytestmark = pytest.mark.usefixtures("fast_scrypt")
PASSWORD = "红旗飘飘-2026"


def first_id_number(db) -> str:
    with sqlite3.connect(db.path) as con:
        return con.execute("SELECT id_number FROM member ORDER BY id LIMIT 1").fetchone()[0]


@pytest.mark.parametrize("password", [None, PASSWORD], ids=["plain", "encrypted"])
def test_round_trip_into_a_fresh_data_folder(source, tmp_path, password):
    usb = tmp_path / "usb"
    usb.mkdir()
    result = backup_database(source, usb, password=password)

    assert [p.name for p in usb.iterdir()] == [result.path.name]
    assert result.path.name.startswith("支部台账备份_中共")
    assert result.path.suffix == ".blbak"
    members = table_contents(source.path)["member"]
    assert result.summary.counts["member"] == len(members) > 30
    assert result.summary.attachment_count == 5
    text = result.result_text()
    assert "已校验" in text and f"党员 {len(members)} 人" in text and "附件 5 个" in text
    assert ("已加密" if password else "未加密") in text
    # the ID numbers are readable in a plain backup and nowhere in an encrypted one
    assert (first_id_number(source).encode() in result.path.read_bytes()) is (password is None)

    fresh = tmp_path / "reinstalled"
    restored = restore_backup(result.path, fresh, password)
    assert restored.pre_restore_dir is None  # nothing was there to set aside
    assert table_contents(fresh / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(fresh) == attachment_digests(source.path.parent)
    reopened = open_data_folder(fresh)  # the app opens it as usual
    reopened.dispose()


def test_restore_sets_the_current_data_aside_and_keeps_it(source, other, tmp_path):
    result = backup_database(source, tmp_path, password=PASSWORD)
    old_contents = table_contents(other / "ledger.sqlite3")

    restored = restore_backup(result.path, other, PASSWORD)

    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    assert attachment_digests(other) == attachment_digests(source.path.parent)
    kept = restored.pre_restore_dir
    assert kept is not None and kept.parent == other / "backups" / "恢复前"
    assert kept.name.startswith("恢复前_")
    assert table_contents(kept / "ledger.sqlite3") == old_contents
    assert (kept / "attachments" / "旧附件.txt").read_bytes() == b"old attachment"
    assert "恢复前的数据已另存到" in restored.result_text()
    assert not list((other / "backups").glob(".恢复暂存_*"))


def test_backup_is_a_consistent_snapshot_of_the_open_database(source, tmp_path):
    # committed work still sitting in the WAL of the running app is in the backup
    with source.transaction() as session:
        save_profile(session, full_name="中共改过名的小学支部委员会")
    assert (source.path.parent / "ledger.sqlite3-wal").exists()
    result = backup_database(source, tmp_path / "usb")
    assert result.summary.branch_name == "中共改过名的小学支部委员会"
    assert "中共改过名的小学支部委员会" in result.path.name


# -- refusals: the current data is never touched --------------------------------------------------------


@pytest.fixture(scope="module")
def made_backups(tmp_path_factory) -> dict[str, bytes]:
    """A plain and an encrypted backup of the sample branch, made once for the refusal cases."""
    with pytest.MonkeyPatch.context() as mp:
        use_fast_scrypt(mp)
        folder = tmp_path_factory.mktemp("made") / "data"
        db = open_data_folder(folder)
        fill_data_folder(db)
        out = folder.parent / "out"
        out.mkdir()
        plain = create_backup(folder, out / "plain.blbak")
        encrypted = create_backup(folder, out / "enc.blbak", password=PASSWORD)
        db.dispose()
    return {"plain": plain.path.read_bytes(), "encrypted": encrypted.path.read_bytes()}


def prefix_length(data: bytes) -> int:
    header_len = int.from_bytes(data[10:14], "little")
    return 14 + header_len + 32


def assert_refused(bad: bytes, other: Path, tmp_path: Path, password: str | None, *words: str) -> str:
    before = tree_bytes(other)
    path = tmp_path / "坏的备份.blbak"
    path.write_bytes(bad)
    with pytest.raises((fmt.BackupFormatError, BackupError)) as caught:
        prepare_restore(path, other, password)
    message = str(caught.value)
    for word in words:
        assert word in message
    assert tree_bytes(other) == before  # byte-identical, no scratch folder left behind
    return message


CUTS = ["magic", "in_header", "after_prefix", "first_record", "middle", "in_seal", "last_byte"]


def cut_offset(data: bytes, where: str) -> int:
    return {
        "magic": 5, "in_header": 20, "after_prefix": prefix_length(data), "first_record": prefix_length(data) + 30,
        "middle": len(data) // 2, "in_seal": len(data) - 20, "last_byte": len(data) - 1,
    }[where]


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
@pytest.mark.parametrize("where", CUTS)
def test_truncated_backup_is_refused(made_backups, other, tmp_path, kind, where):
    data = made_backups[kind]
    message = assert_refused(data[: cut_offset(data, where)], other, tmp_path,
                             PASSWORD if kind == "encrypted" else None)
    assert "不完整" in message or "损坏" in message


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
@pytest.mark.parametrize("where", ["header", "body", "end"])
def test_one_flipped_byte_is_refused(made_backups, other, tmp_path, kind, where):
    data = bytearray(made_backups[kind])
    offset = {"header": 20, "body": len(data) // 2, "end": len(data) - 1}[where]
    data[offset] ^= 0x01
    message = assert_refused(bytes(data), other, tmp_path, PASSWORD if kind == "encrypted" else None)
    assert "损坏" in message or "不完整" in message


def test_wrong_password_is_refused(made_backups, other, tmp_path):
    assert_refused(made_backups["encrypted"], other, tmp_path, "不是这个密码", "备份密码不正确")


def test_encrypted_backup_without_password_asks_for_one(made_backups, other, tmp_path):
    assert_refused(made_backups["encrypted"], other, tmp_path, None, "已加密", "请输入备份密码")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("ledger.sqlite3", b"SQLite format 3\x00")
    return buffer.getvalue()


@pytest.mark.parametrize("content", [
    pytest.param(b"", id="empty"),
    pytest.param(bytes(range(256)) * 40, id="random"),
    pytest.param(zip_bytes(), id="zip"),
    pytest.param("这是一个文本文件\n".encode(), id="text"),
])
def test_not_a_backup_is_refused(other, tmp_path, content):
    message = assert_refused(content, other, tmp_path, None)
    assert "不是支部台账的备份文件" in message


def test_a_database_file_is_not_a_backup(source, other, tmp_path):
    assert_refused(source.path.read_bytes(), other, tmp_path, None, "不是支部台账的备份文件")


def test_backup_from_a_newer_version_is_refused(tmp_path, other):
    newer = tmp_path / "newer"
    db = open_data_folder(newer)
    db.dispose()
    with sqlite3.connect(newer / "ledger.sqlite3") as con:
        con.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    con.close()
    made = create_backup(newer, tmp_path / "usb")
    before = tree_bytes(other)
    with pytest.raises(NewerSchemaError, match="备份来自更新版本的支部台账，请先升级本软件"):
        prepare_restore(made.path, other)
    assert tree_bytes(other) == before


def test_unsafe_names_inside_a_backup_are_refused(tmp_path, other):
    # a crafted file that tries to write outside the data folder on restore
    path = tmp_path / "evil.blbak"
    with open(path, "wb") as f:
        writer = fmt.ContainerWriter(f)
        writer.add_part("ledger.sqlite3", io.BytesIO(b"x"), 1)
        writer.add_part("attachments/../../evil.txt", io.BytesIO(b"evil"), 4)
        writer.finish({"format": 1, "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256}
                                              for p in writer.parts]})
    before = tree_bytes(other)
    with pytest.raises(fmt.CorruptBackupError, match="不安全的文件名"):
        prepare_restore(path, other)
    assert tree_bytes(other) == before
    assert not (tmp_path / "evil.txt").exists()


# -- safe writing: temporary name, fsync, read back, rename -----------------------------------------------


class FailingFile(io.FileIO):
    """A file on a disk that fills up (or is pulled out) after `limit` bytes."""

    def __init__(self, path, limit: int, code: int) -> None:
        super().__init__(path, "xb")
        self.limit, self.code, self.written = limit, code, 0

    def write(self, data) -> int:
        if self.written + len(data) > self.limit:
            raise OSError(self.code, "simulated")
        self.written += len(data)
        return super().write(data)


def test_disk_full_mid_write_leaves_no_file(source, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    opened = []

    def failing_open(path):
        opened.append(Path(path))
        return FailingFile(path, 20_000, errno.ENOSPC)

    monkeypatch.setattr(backup_service, "_open_for_writing", failing_open)
    with pytest.raises(BackupError) as caught:
        backup_database(source, usb, password=PASSWORD)
    assert "空间不足" in str(caught.value) and "备份没有完成" in str(caught.value)
    assert opened and opened[0].parent == usb and opened[0].name.endswith(".tmp")  # written under a temp name
    assert list(usb.iterdir()) == []
    assert not list((source.path.parent / "backups").glob(".备份暂存_*"))


def test_stick_pulled_out_leaves_nothing_that_looks_like_a_backup(source, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(backup_service, "_open_for_writing", lambda p: FailingFile(p, 50_000, errno.EIO))
    monkeypatch.setattr(backup_service, "_remove_quietly", lambda p: None)  # a pulled stick cannot be cleaned
    with pytest.raises(BackupError, match="U 盘可能已被拔出"):
        backup_database(source, usb)
    left = list(usb.iterdir())
    assert len(left) == 1 and left[0].suffix == ".tmp" and not list(usb.glob("*.blbak"))
    with pytest.raises(fmt.BackupFormatError, match="不完整"):
        prepare_restore(left[0], source.path.parent / "x")


def test_damage_on_the_target_is_caught_by_reading_back(source, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()

    class FlippingFile(io.FileIO):
        def write(self, data) -> int:
            data = bytearray(data)
            if len(data) > 1000:
                data[500] ^= 0xFF  # a bad sector: the bytes on the disk are not the bytes written
            return super().write(bytes(data))

    monkeypatch.setattr(backup_service, "_open_for_writing", lambda p: FlippingFile(p, "xb"))
    with pytest.raises(BackupError, match="校验失败"):
        backup_database(source, usb)
    assert list(usb.iterdir()) == []


def test_not_enough_free_space_is_refused_before_writing(source, tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10, 10, 1000))
    with pytest.raises(BackupError, match="剩余空间"):
        backup_database(source, tmp_path)
    assert not list(tmp_path.glob("*.blbak*"))


def test_target_folder_and_file_names(source, tmp_path):
    with pytest.raises(BackupError, match="U 盘是否已插好"):
        backup_database(source, tmp_path / "no" / "such" / "x.blbak")
    named = backup_database(source, tmp_path / "我的备份.blbak")
    assert named.path == tmp_path / "我的备份.blbak"
    first = backup_database(source, tmp_path / "new folder")  # created, default name inside
    second = backup_database(source, tmp_path / "new folder")
    assert first.path.parent == tmp_path / "new folder"
    assert first.path != second.path and second.path.stem.endswith("_2")


# -- swapping the data in ----------------------------------------------------------------------------------


def test_restore_is_refused_while_the_database_is_open(source, other, tmp_path):
    made = backup_database(source, tmp_path)
    still_open = open_data_folder(other)
    try:
        before = table_contents(other / "ledger.sqlite3")
        with prepare_restore(made.path, other) as prepared, pytest.raises(BackupError, match="正在被使用"):
            prepared.apply()
        assert table_contents(other / "ledger.sqlite3") == before
        assert (other / "attachments" / "旧附件.txt").exists()
    finally:
        still_open.dispose()


def test_a_stale_wal_of_the_old_database_is_not_applied_to_the_restored_one(source, other, tmp_path):
    made = backup_database(source, tmp_path)
    # the old database had work in its WAL when the app was killed: a hot -wal file is left beside it
    db = open_data_folder(other)
    with db.transaction() as session:
        save_profile(session, full_name="中共只在WAL里的支部委员会")
    wal = other / "ledger.sqlite3-wal"
    hot_wal = wal.read_bytes()
    db.dispose()
    wal.write_bytes(hot_wal)

    restored = restore_backup(made.path, other)

    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    assert not wal.exists() or table_contents(other / "ledger.sqlite3") == table_contents(source.path)
    kept = table_contents(restored.pre_restore_dir / "ledger.sqlite3")
    assert any("中共只在WAL里的支部委员会" in row for row in kept["branch_profile"])
    integrity = sqlite3.connect(other / "ledger.sqlite3").execute("PRAGMA integrity_check").fetchone()
    assert integrity == ("ok",)


def test_a_backup_from_an_older_version_is_migrated(source, other, tmp_path, monkeypatch):
    import app.migrations.runner as database

    made = backup_database(source, tmp_path)
    upgraded = []
    monkeypatch.setattr(database, "SCHEMA_HEAD", "0002_future")
    monkeypatch.setattr("alembic.command.upgrade", lambda cfg, rev: upgraded.append(rev))
    restored = restore_backup(made.path, other)
    assert upgraded == ["head"]
    assert restored.migration_copy and "升级前" in restored.migration_copy


def test_a_backup_made_by_0_1_0_restores_with_stable_codes(tmp_path, other):
    """A real old backup, not a stamped one: the 0001 fixture's folder, backed up as it is, then restored."""
    import shutil

    from app.models import MemberEvent
    from app.services.roster.member_events import EVENT_KINDS, describe_details

    old_folder = tmp_path / "old"
    (old_folder / "attachments").mkdir(parents=True)
    shutil.copy(Path(__file__).parents[2] / "migrations" / "fixtures" / "ledger_schema_0001.sqlite3",
                old_folder / "ledger.sqlite3")
    made = create_backup(old_folder, tmp_path)
    restored = restore_backup(made.path, other)
    assert restored.migration_copy and "升级前_0001" in restored.migration_copy
    db = open_data_folder(other)
    try:
        with db.session() as s:
            events = s.query(MemberEvent).all()
            assert len(events) == 11 and all(e.kind in EVENT_KINDS for e in events)
            assert any(describe_details(e).startswith("转入单位：") for e in events)
    finally:
        db.dispose()


# -- backup passwords --------------------------------------------------------------------------------------


def test_backup_password_is_stored_only_as_a_verifier(db):
    from app.services.common.settings import get_setting

    with db.transaction() as session:
        assert not backup_service.has_backup_password(session)
        with pytest.raises(BackupError, match="至少要 8 个字符"):
            backup_service.set_backup_password(session, "short")
        backup_service.set_backup_password(session, PASSWORD)
    with db.session() as session:
        stored = get_setting(session, "backup.password_hash")
        assert stored.startswith("scrypt$") and PASSWORD not in stored
        assert backup_service.check_backup_password(session, PASSWORD)
        assert not backup_service.check_backup_password(session, PASSWORD + "x")
    assert backup_service.stored_password_hash(db.path.parent) == stored


def test_an_attachment_that_cannot_be_read_is_named_not_blamed_on_the_stick(source, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    real = backup_service._attachment_files(source.path.parent)
    name, path, size = real[0]
    monkeypatch.setattr(backup_service, "_attachment_files",
                        lambda d: [(name, path.with_name("已被删除.pdf"), size)])
    with pytest.raises(BackupError, match=f"无法读取附件“{name.removeprefix('attachments/')}”") as caught:
        backup_database(source, usb)
    assert "U 盘" not in str(caught.value)
    monkeypatch.setattr(backup_service, "_attachment_files", lambda d: [(name, path, size + 10)])
    with pytest.raises(BackupError, match="在备份过程中被改动了"):
        backup_database(source, usb)
    assert list(usb.iterdir()) == []
