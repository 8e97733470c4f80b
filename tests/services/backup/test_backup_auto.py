"""Automatic local backups (at most daily, retention) and the list of removable drives."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.infra.removable_drives import Drive, parse_linux_mounts, windows_drives
from app.services.backup.auto_backup import (
    auto_backup_if_due,
    auto_backups_dir,
    backup_time,
    backups_to_keep,
    list_auto_backups,
    prune_auto_backups,
)
from app.services.backup.backup_service import prepare_restore
from app.services.common.settings import set_setting
from tests.services.backup.backup_helpers import fill_data_folder

NOW = datetime(2026, 11, 22, 17, 30)


def daily(days: int, start: datetime = NOW) -> list[datetime]:
    return [start - timedelta(days=i) for i in range(days)]


def test_retention_keeps_the_last_n_and_one_per_month_for_a_year():
    stamps = daily(500)  # a backup every day for 500 days
    keep = backups_to_keep(stamps, NOW, keep_last=10)
    newest_ten = set(stamps[:10])
    assert newest_ten <= keep
    monthly = keep - newest_ten
    # the newest backup of each of the 11 earlier months (November's newest is among the ten)
    months = sorted({(s.year, s.month) for s in monthly})
    assert months == [(2025, 12), (2026, 1), (2026, 2), (2026, 3), (2026, 4), (2026, 5), (2026, 6),
                      (2026, 7), (2026, 8), (2026, 9), (2026, 10)]
    for when in monthly:  # the last day of its month
        assert (when + timedelta(days=1)).month != when.month
    assert len(keep) == 21
    assert min(keep) >= datetime(2025, 12, 1)  # nothing older than a year survives


def test_retention_with_few_or_irregular_backups():
    assert backups_to_keep([], NOW) == set()
    few = daily(3)
    assert backups_to_keep(few, NOW, keep_last=10) == set(few)
    # two backups a month apart, long ago, and a burst this week
    old = [datetime(2026, 2, 3, 9, 0), datetime(2026, 2, 20, 9, 0), datetime(2024, 5, 1, 9, 0)]
    burst = daily(5)
    keep = backups_to_keep(old + burst, NOW, keep_last=3)
    assert keep == set(burst[:3]) | {datetime(2026, 2, 20, 9, 0)}
    # keep_last is a floor of one even if the setting says 0
    assert backups_to_keep(few, NOW, keep_last=0) == {few[0]}


def test_prune_deletes_what_retention_drops(tmp_path):
    folder = auto_backups_dir(tmp_path)
    folder.mkdir(parents=True)
    stamps = daily(40)
    for when in stamps:
        (folder / f"自动备份_中共_支部_{when:%Y-%m-%d_%H%M}.blbak").write_bytes(b"x")
    (folder / "别的文件.txt").write_bytes(b"keep me")
    deleted = prune_auto_backups(tmp_path, keep_last=5, now=NOW)
    left = {when for when, _ in list_auto_backups(tmp_path)}
    assert left == set(stamps[:5]) | {datetime(2026, 10, 31, 17, 30)}
    assert len(deleted) == 40 - 6
    assert (folder / "别的文件.txt").exists()


def test_backup_time_is_read_from_the_name():
    assert backup_time(Path("自动备份_中共_某某_支部_2026-11-22_1530.blbak")) == datetime(2026, 11, 22, 15, 30)
    assert backup_time(Path("自动备份_x_2026-11-22_1530_2.blbak")) == datetime(2026, 11, 22, 15, 30)
    assert backup_time(Path("支部台账备份_x_2026-11-22_1530.blbak")) is None
    assert backup_time(Path("自动备份_x_2026-13-45_1530.blbak")) is None
    assert backup_time(Path("自动备份_x_2026-11-22_1530.blbak.123.tmp")) is None


def test_auto_backup_at_most_daily(db):
    assert auto_backup_if_due(db, on_exit=True, now=NOW) is None  # nothing entered yet: nothing to save
    fill_data_folder(db)
    first = auto_backup_if_due(db, on_exit=True, now=NOW)
    assert first is not None and first.parent == db.path.parent / "backups" / "auto"
    assert first.name.startswith("自动备份_中共") and first.name.endswith("_2026-11-22_1730.blbak")
    assert auto_backup_if_due(db, on_exit=True, now=NOW + timedelta(hours=3)) is None  # same day
    # at start-up the morning after: the evening's exit backup is recent enough
    assert auto_backup_if_due(db, on_exit=False, now=NOW + timedelta(hours=15)) is None
    second = auto_backup_if_due(db, on_exit=True, now=NOW + timedelta(hours=15))
    assert second is not None and second != first
    # the app was not closed properly for days: the start-up call makes one
    assert auto_backup_if_due(db, on_exit=False, now=NOW + timedelta(days=4)) is not None
    # a plain, verified, restorable backup (the password is never stored, see the module docstring)
    with prepare_restore(first, db.path.parent / "elsewhere") as prepared:
        assert prepared.summary.counts["member"] > 30 and not prepared.summary.encrypted


def test_auto_backup_applies_the_keep_last_setting(db):
    fill_data_folder(db, attachments={})
    with db.transaction() as session:
        set_setting(session, "backup.keep_last", 2)
    made = [auto_backup_if_due(db, on_exit=True, now=NOW + timedelta(days=i)) for i in range(4)]
    assert all(made)
    left = [p for _, p in list_auto_backups(db.path.parent)]
    assert left == [made[3], made[2]]  # Nov 22..25: the newest two, which include November's newest


# -- removable drives --------------------------------------------------------------------------------------


def test_linux_mounts_under_media_are_listed():
    mounts = "\n".join([
        "/dev/vda / ext4 rw,relatime 0 0",
        "proc /proc proc rw 0 0",
        "tmpfs /run/media tmpfs rw 0 0",
        "/dev/sdb1 /media/teacher/KINGSTON vfat rw,nosuid 0 0",
        "/dev/sdc1 /run/media/teacher/U\\040盘 exfat rw 0 0",
        "/dev/sdd1 /mnt/usb ntfs3 rw 0 0",
        "/dev/sda2 /home ext4 rw 0 0",
    ])
    drives = parse_linux_mounts(mounts)
    assert drives == [Drive(Path("/media/teacher/KINGSTON"), "KINGSTON"),
                      Drive(Path("/run/media/teacher/U 盘"), "U 盘"),
                      Drive(Path("/mnt/usb"), "usb")]
    assert drives[0].display_name() == "U 盘 KINGSTON（/media/teacher/KINGSTON）"


def test_windows_removable_drive_letters():
    types = {"C:\\": 3, "D:\\": 5, "E:\\": 2, "F:\\": 2}  # fixed, CD-ROM, removable, removable
    mask = 0b111100  # C D E F
    drives = windows_drives(lambda: mask, lambda root: types[root],
                            lambda root: {"E:\\": "KINGSTON"}.get(root, ""))
    assert [(str(d.path), d.label) for d in drives] == [("E:\\", "KINGSTON"), ("F:\\", "")]
    assert drives[1].display_name() == "U 盘（F:\\）"


@pytest.mark.parametrize("text", ["", "garbage\n\n", "/dev/sdb1"])
def test_odd_mount_tables_give_no_drives(text):
    assert parse_linux_mounts(text) == []


def test_a_backup_dated_in_the_future_does_not_stop_the_automatic_backups(tmp_path):
    # the PC's clock was once wrong (a flat CMOS battery, a wrong year typed in): one backup is named 2027
    from app.services.backup.auto_backup import is_due

    folder = auto_backups_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / "自动备份_中共_支部_2027-06-01_0900.blbak").write_bytes(b"x")
    assert is_due(tmp_path, on_exit=True, now=NOW)
    assert is_due(tmp_path, on_exit=False, now=NOW)
    (folder / f"自动备份_中共_支部_{NOW:%Y-%m-%d_%H%M}.blbak").write_bytes(b"x")
    assert not is_due(tmp_path, on_exit=True, now=NOW + timedelta(hours=2))  # still once a day
