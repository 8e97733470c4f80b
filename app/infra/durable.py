"""Making a rename survive a power cut: fsync of the folder that holds the renamed file."""

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
