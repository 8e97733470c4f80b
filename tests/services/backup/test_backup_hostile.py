"""Issue 7 §1-§2: a backup someone rewrote (and re-hashed) is refused before anything is touched."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from app.services.backup import backup_format as fmt
from app.services.backup.backup_service import (
    ForeignDatabaseError,
    create_backup,
    prepare_restore,
    restore_backup,
)
from tests.services.backup.backup_helpers import ATTACHMENTS, table_contents, tree_bytes

pytestmark = pytest.mark.usefixtures("fast_scrypt")


def backup_of_a_changed_database(source, tmp_path, *statements: str) -> Path:
    """A plain backup, with a correct manifest, of the source after running SQL on a copy of its data."""
    folder = tmp_path / "changed"
    (folder / "attachments").mkdir(parents=True)
    con = sqlite3.connect(folder / "ledger.sqlite3")
    with sqlite3.connect(source.path) as src:
        src.backup(con)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()
    return create_backup(folder, tmp_path / "usb").path


def rewritten(path: Path, out: Path, change_manifest) -> Path:
    """The parts of a plain backup written again under a manifest changed by ``change_manifest``."""
    parts: dict[str, bytes] = {}

    class Collect(io.BytesIO):
        def __init__(self, name):
            super().__init__()
            self.name_ = name

        def close(self):
            parts[self.name_] = self.getvalue()
            super().close()

    with open(path, "rb") as f:
        manifest = fmt.read_container(f, None, lambda name, size: Collect(name))
    with open(out, "wb") as f:
        writer = fmt.ContainerWriter(f)
        for name, data in parts.items():
            writer.add_part(name, io.BytesIO(data), len(data))
        manifest["parts"] = [{"name": p.name, "size": p.size, "sha256": p.sha256} for p in writer.parts]
        change_manifest(manifest)
        writer.finish(manifest)
    return out


def assert_refused_untouched(path: Path, other: Path, match: str, error=ForeignDatabaseError) -> None:
    before = tree_bytes(other)
    with pytest.raises(error, match=match):
        prepare_restore(path, other)
    assert tree_bytes(other) == before
    assert not any(p.name.startswith(".恢复暂存_") for p in (other / "backups").iterdir())


def test_a_hostile_trigger_in_the_snapshot_is_refused(source, other, tmp_path):
    made = backup_of_a_changed_database(
        source, tmp_path, "CREATE TRIGGER wipe AFTER UPDATE ON member BEGIN DELETE FROM member; END")
    assert_refused_untouched(made, other, "不是本软件建立的.*多出了触发器“wipe”")


@pytest.mark.parametrize("sql, named", [
    ("DROP TABLE member_event", "缺少表“member_event”"),
    ("CREATE TABLE junk (x)", "多出了表“junk”"),
    ("CREATE VIEW v AS SELECT 1", "多出了视图“v”"),
    ("CREATE INDEX ix_junk ON member (name)", "多出了索引“ix_junk”"),
], ids=["dropped table", "extra table", "view", "index"])
def test_a_snapshot_with_a_structure_we_do_not_make_is_refused(source, other, tmp_path, sql, named):
    made = backup_of_a_changed_database(source, tmp_path, "PRAGMA foreign_keys=OFF", sql)
    assert_refused_untouched(made, other, named)


def test_a_setting_value_that_is_not_json_is_refused(source, other, tmp_path):
    made = backup_of_a_changed_database(
        source, tmp_path, "INSERT OR REPLACE INTO setting (key, value) VALUES ('access.idle_lock_minutes', '{x')")
    assert_refused_untouched(made, other, "设置“闲置自动锁定（分钟）”的值不是有效的 JSON")


def test_a_setting_value_of_the_wrong_type_is_refused(source, other, tmp_path):
    made = backup_of_a_changed_database(
        source, tmp_path, "INSERT OR REPLACE INTO setting (key, value) VALUES ('backup.keep_last', '\"ten\"')")
    assert_refused_untouched(made, other, "设置“自动备份保留份数”的值类型不对（应为整数）")


def test_an_older_snapshot_is_migrated_in_the_staging_folder_before_the_swap(other, tmp_path):
    # the 0.1.0 sample branch (schema 0001) backed up as it is, then restored by this version
    old = tmp_path / "old"
    (old / "attachments").mkdir(parents=True)
    fixture = Path(__file__).parents[2] / "migrations" / "fixtures" / "ledger_schema_0001.sqlite3"
    (old / "ledger.sqlite3").write_bytes(fixture.read_bytes())
    made = create_backup(old, tmp_path / "usb")
    assert made.summary.schema_revision == "0001"

    with prepare_restore(made.path, other) as prepared:
        assert prepared.upgraded_from == "0001"
        staged = sqlite3.connect(prepared.staging / "ledger.sqlite3")
        assert staged.execute("SELECT version_num FROM alembic_version").fetchone()[0] != "0001"
        staged.close()
        result = prepared.apply()
    assert result.upgraded_from == "0001"
    restored = table_contents(other / "ledger.sqlite3")
    assert len(restored["member"]) == 50
    from app.migrations import SCHEMA_HEAD

    assert restored["alembic_version"] == [(SCHEMA_HEAD,)]


def test_a_plain_round_trip_still_passes_the_schema_comparison(source, other, tmp_path):
    made = create_backup(source.path.parent, tmp_path / "usb")
    restore_backup(made.path, other)
    assert table_contents(other / "ledger.sqlite3") == table_contents(source.path)


# -- §2 the summary is the data's, not the manifest's word -----------------------------------------------


@pytest.mark.parametrize("change, named", [
    (lambda m: m.update(branch_name="完全不同的支部"), "支部名称写的是“完全不同的支部”"),
    (lambda m: m.update(created_at="2099-01-01T10:00:00"), "备份时间写的是 2099年01月01日"),
    (lambda m: m["attachments"].update(count=99), "附件的个数或大小"),
    (lambda m: m["counts"].update(member=1), "清单不符"),
    (lambda m: m.update(app_version="x" * 500), "软件版本"),
], ids=["branch name", "created in 2099", "attachment count", "member count", "app version"])
def test_a_manifest_that_disagrees_with_the_data_is_refused(source, other, tmp_path, change, named):
    made = create_backup(source.path.parent, tmp_path / "usb")
    lying = rewritten(made.path, tmp_path / "lying.blbak", change)
    assert_refused_untouched(lying, other, named, fmt.CorruptBackupError)


def test_the_summary_shown_is_read_from_the_snapshot(source, other, tmp_path):
    made = create_backup(source.path.parent, tmp_path / "usb")
    with prepare_restore(made.path, other) as prepared:
        summary = prepared.summary
    with sqlite3.connect(source.path) as con:
        name = con.execute("SELECT full_name FROM branch_profile").fetchone()[0]
        members = con.execute("SELECT count(*) FROM member").fetchone()[0]
    assert summary.branch_name == name and summary.counts["member"] == members
    assert summary.attachment_count == len(ATTACHMENTS) + 1  # the files the helper adds, and the sample meeting photo
    assert f"支部：{name}" in summary.describe_lines()
    assert json.dumps(summary.counts)  # plain data
