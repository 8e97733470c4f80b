"""One writer per data folder: a lock file held for the life of the process that opened the folder.

The lock is an operating-system lock on an open file (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
Windows), not the mere existence of a file: the system drops it when the process ends in any way, even a
crash or a kill, so a stale lock file never keeps the user out.

Within one process the lock is shared: opening the same folder twice (a dialog that opens its own
Database, a test that runs a command beside its fixture) counts references and releases the file lock when
the last holder lets go. One writer means one *process*; SQLite already serialises writers inside it.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from app.kit.errors import UserError

LOCK_FILENAME = "ledger.lock"


class AlreadyRunningError(UserError, RuntimeError):
    """Another running copy of the application holds the data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(f"数据文件夹正被另一个支部台账窗口使用：{folder}。请先关闭另一个窗口。")


def lock_path(folder: Path) -> Path:
    return folder / LOCK_FILENAME


def _try_lock(fd: int) -> bool:
    """Lock the open file without waiting; False if another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the first byte; the file need not be that long
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class _Held:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.count = 0


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


class InstanceLock:
    """A claim on a data folder. acquire() raises AlreadyRunningError; release() is idempotent."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder).resolve()
        self.path = lock_path(self.folder)
        self._holding = False

    @property
    def held(self) -> bool:
        return self._holding

    def acquire(self) -> InstanceLock:
        if self._holding:
            return self
        with _guard:
            entry = _held.get(self.path)
            if entry is None:
                # O_RDWR without truncation: a second copy opening the file must not wipe the holder's note.
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
                if not _try_lock(fd):
                    os.close(fd)
                    raise AlreadyRunningError(self.folder)
                _write_note(fd)
                entry = _held[self.path] = _Held(fd)
            entry.count += 1
            self._holding = True
        return self

    def release(self) -> None:
        if not self._holding:
            return
        with _guard:
            self._holding = False
            entry = _held.get(self.path)
            if entry is None:
                return
            entry.count -= 1
            if entry.count > 0:
                return
            del _held[self.path]
            try:
                _unlock(entry.fd)
            finally:
                os.close(entry.fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _write_note(fd: int) -> None:
    """Who holds the lock, for a person looking at the folder; never read by the program.

    Written after byte 0: on Windows the locked byte cannot be written by anyone but its holder anyway,
    and keeping the note out of it keeps the two concerns apart.
    """
    note = f"\nBranch Ledger (支部台账) process {os.getpid()} holds this data folder.\n".encode()
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        os.write(fd, note)
        os.ftruncate(fd, 1 + len(note))
    except OSError:
        pass  # the note is a courtesy; the lock is what counts


def acquire_instance_lock(folder: str | os.PathLike[str]) -> InstanceLock:
    """Claim the data folder for this process or raise AlreadyRunningError."""
    return InstanceLock(folder).acquire()
