"""Issue 7 §3: a backup never replaces an existing file, and cleans this application's stale temp files."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime

import pytest

from app.services.backup import backup_service
from app.services.backup.backup_service import BackupError, backup_is_encrypted, create_backup

pytestmark = pytest.mark.usefixtures("fast_scrypt")
PASSWORD = "红旗飘飘-2026"
SAME_MINUTE = datetime(2026, 11, 22, 15, 30)


def test_two_backups_in_the_same_minute_to_one_folder_get_two_files(source, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    folder = source.path.parent
    # both runs have chosen the same free name before either claims it (the race of the reproduction)
    barrier = threading.Barrier(2)
    real_claim = backup_service.claim_final_name

    def claim_together(temp, target, *, may_rename):
        barrier.wait(timeout=30)
        return real_claim(temp, target, may_rename=may_rename)

    monkeypatch.setattr(backup_service, "claim_final_name", claim_together)
    results: dict[str, object] = {}

    def run(key, password):
        results[key] = create_backup(folder, usb, password=password, now=SAME_MINUTE)

    threads = [threading.Thread(target=run, args=("encrypted", PASSWORD)),
               threading.Thread(target=run, args=("plain", None))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    encrypted, plain = results["encrypted"], results["plain"]
    assert encrypted.path != plain.path
    assert sorted(p.name for p in usb.iterdir()) == sorted([encrypted.path.name, plain.path.name])
    assert backup_is_encrypted(encrypted.path) and "已加密" in encrypted.result_text()
    assert not backup_is_encrypted(plain.path) and "未加密" in plain.result_text()


def test_an_existing_file_of_the_given_name_is_never_replaced(source, tmp_path):
    existing = tmp_path / "existing.blbak"
    existing.write_bytes(b"an unrelated file the user keeps")
    with pytest.raises(BackupError, match="已有同名的文件.*不会覆盖"):
        create_backup(source.path.parent, existing)
    assert existing.read_bytes() == b"an unrelated file the user keeps"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_a_name_taken_while_the_backup_was_written_is_not_replaced(source, tmp_path, monkeypatch):
    target = tmp_path / "mine.blbak"
    real_claim = backup_service.claim_final_name

    def someone_else_first(temp, final, *, may_rename):
        final.write_bytes(b"written by another program meanwhile")
        return real_claim(temp, final, may_rename=may_rename)

    monkeypatch.setattr(backup_service, "claim_final_name", someone_else_first)
    with pytest.raises(BackupError, match="不会覆盖"):
        create_backup(source.path.parent, target)
    assert target.read_bytes() == b"written by another program meanwhile"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_fallback_without_hard_links_never_replaces_either(source, tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(1, "Operation not permitted")  # FAT32 stick

    monkeypatch.setattr(os, "link", no_links)
    first = create_backup(source.path.parent, tmp_path, now=SAME_MINUTE)
    second = create_backup(source.path.parent, tmp_path, now=SAME_MINUTE)
    assert first.path != second.path and second.path.stem.endswith("_2")
    assert first.path.stat().st_size > 0 and second.path.stat().st_size > 0


def test_stale_temp_files_of_killed_runs_are_removed_and_said(source, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    dead = usb / "支部台账备份_x_2026-11-20_1000.blbak.999999999.tmp"  # no such process
    dead.write_bytes(b"a readable half backup")
    alive_pid = os.getppid()
    running = usb / f"支部台账备份_x_2026-11-20_1001.blbak.{alive_pid}.tmp"  # a backup still running
    running.write_bytes(b"being written")
    old = usb / f"支部台账备份_x_2026-11-01_1001.blbak.{alive_pid}.tmp"
    old.write_bytes(b"two days old")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    unrelated = usb / "notes.txt.123.tmp"
    unrelated.write_bytes(b"not ours")

    result = create_backup(source.path.parent, usb)

    assert not dead.exists() and not old.exists()
    assert running.exists() and unrelated.exists()
    assert result.cleaned == 2
    assert "另已删除以前中断的备份在该文件夹中留下的 2 个临时文件" in result.result_text()
