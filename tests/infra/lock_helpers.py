"""Shared by the lock tests: whether another process could claim a data folder right now."""

from __future__ import annotations

import os
from pathlib import Path

from app.infra.instance_lock import _try_lock, _unlock, lock_path


def folder_is_free(folder: Path) -> bool:
    """Try the lock through a fresh file handle, which the system treats like another process."""
    fd = os.open(lock_path(folder), os.O_RDWR | os.O_CREAT)
    try:
        if not _try_lock(fd):
            return False
        _unlock(fd)
        return True
    finally:
        os.close(fd)
