"""Removable drives (USB sticks) the user may back up to, when the system can tell.

Windows: GetLogicalDrives and GetDriveTypeW == DRIVE_REMOVABLE (through ctypes), with the volume label.
Linux: mount points under /media, /run/media and /mnt in /proc/mounts. macOS: folders in /Volumes.
Anything else, or any failure, gives an empty list: the page still offers a folder picker.
"""

from __future__ import annotations

import os
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DRIVE_REMOVABLE = 2
_LINUX_MEDIA_ROOTS = ("/media/", "/run/media/", "/mnt/")
_PSEUDO_FILESYSTEMS = {"proc", "sysfs", "tmpfs", "devtmpfs", "cgroup", "cgroup2", "overlay", "autofs"}


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str

    def display_name(self) -> str:
        """What the combo box shows, e.g. "U 盘 KINGSTON (E:\\)"."""
        if not self.label:
            return f"U 盘（{self.path}）"
        return f"U 盘 {self.label}（{self.path}）"


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (\\040 …)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1: i + 4].isdigit() and len(field[i + 1: i + 4]) == 3:
            out.append(chr(int(field[i + 1: i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_linux_mounts(text: str) -> list[Drive]:
    """Removable media from the text of /proc/mounts (a pure function, tested with made-up lines)."""
    drives = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        device, mount_point, fs_type = fields[0], _unescape_mount(fields[1]), fields[2]
        if fs_type in _PSEUDO_FILESYSTEMS or not device.startswith("/dev/"):
            continue
        if mount_point.startswith(_LINUX_MEDIA_ROOTS):
            drives.append(Drive(Path(mount_point), Path(mount_point).name))
    return drives


def windows_drives(get_logical_drives: Callable[[], int], get_drive_type: Callable[[str], int],
                   get_label: Callable[[str], str]) -> list[Drive]:
    """Removable drive letters from the Win32 calls (passed in, so this can be tested anywhere)."""
    mask = get_logical_drives()
    drives = []
    for i, letter in enumerate(string.ascii_uppercase):
        if mask & (1 << i):
            root = f"{letter}:\\"
            if get_drive_type(root) == DRIVE_REMOVABLE:
                drives.append(Drive(Path(root), get_label(root)))
    return drives


def _win32_drives() -> list[Drive]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]

    def label(root: str) -> str:
        buffer = ctypes.create_unicode_buffer(261)
        ok = kernel32.GetVolumeInformationW(ctypes.c_wchar_p(root), buffer, len(buffer),
                                            None, None, None, None, 0)
        return buffer.value if ok else ""

    def drive_type(root: str) -> int:
        return int(kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))

    # SEM_FAILCRITICALERRORS: an empty card-reader slot must not pop up "please insert a disk"
    old_mode = kernel32.SetErrorMode(1)
    try:
        drives = windows_drives(lambda: int(kernel32.GetLogicalDrives()), drive_type, label)
        # an empty slot is "removable" too; keep only drives that are really there
        return [d for d in drives if os.path.isdir(d.path)]
    finally:
        kernel32.SetErrorMode(old_mode)


def list_removable_drives() -> list[Drive]:
    try:
        if sys.platform == "win32":
            return _win32_drives()
        if sys.platform == "darwin":
            volumes = Path("/Volumes")
            return [Drive(p, p.name) for p in sorted(volumes.iterdir())
                    if p.is_dir() and not p.is_symlink()] if volumes.is_dir() else []
        with open("/proc/mounts", encoding="utf-8", errors="replace") as f:
            return [d for d in parse_linux_mounts(f.read()) if d.path.is_dir()]
    except (OSError, AttributeError, ValueError):
        return []
