"""Getting bytes onto the disk: fsync of the folder that holds a renamed file, and early writeback."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (after a rename into it); best effort, never raises."""
    if os.name == "nt":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename itself
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask the system to start writing a range of a file to the disk now, without waiting for it.

    A large file written in one go otherwise sits in memory until its fsync, which then waits for all of
    it while the writer is idle; started early, the disk works while the writer goes on. On Linux,
    POSIX_FADV_DONTNEED starts writeback of the range's dirty pages (it drops only pages already clean,
    so nothing is read twice); elsewhere this does nothing and the final fsync does all the work.
    Best effort, never raises."""
    if hasattr(os, "posix_fadvise"):
        try:
            os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass
