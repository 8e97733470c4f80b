"""Operating-system errors told in Chinese: what went wrong, with the path and the disk concerned.

Python's messages ("File name too long", "[Errno 30] Read-only file system") are English and meant for
programmers; every message the user sees is a whole Chinese sentence instead.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

# Windows error codes (exc.winerror) for the same situations
_WIN_NOT_FOUND = {2, 3, 15, 21, 53, 67, 433, 1167}
_WIN_DENIED = {5, 19, 1314}
_WIN_IN_USE = {32, 33}
_WIN_FULL = {39, 112}
_WIN_TOO_LONG = {206}


def _disk_of(path: Path) -> str:
    anchor = path.anchor or "/"
    if os.name == "nt":
        return f"（{anchor.rstrip(chr(92))} 盘）"
    return ""


def describe_os_error(exc: OSError, path: str | os.PathLike[str] | None = None, doing: str = "访问") -> str:
    """One Chinese sentence for ``exc``; ``doing`` is the verb (读取, 写入, 建立 …)."""
    target = Path(path) if path is not None else Path(exc.filename) if exc.filename else None
    where = f"“{target}”" if target is not None else "文件"
    return f"无法{doing}{where}：{os_error_reason(exc, target)}。"


def os_error_reason(exc: OSError, path: Path | None = None) -> str:
    """The reason alone, in Chinese, without a full stop (for a sentence that names the path itself)."""
    disk = _disk_of(path) if path is not None else ""
    code, win = exc.errno, getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or win in _WIN_FULL:
        return f"所在的磁盘{disk}空间已满，请腾出空间后再试"
    if code == errno.EROFS or win == 19:
        return f"所在的磁盘{disk}是只读的（U 盘可能处于写保护状态）"
    if code == errno.ENAMETOOLONG or win in _WIN_TOO_LONG:
        return "文件名或路径太长，请换一个较短的文件夹或文件名"
    if win in _WIN_IN_USE or code in (errno.EBUSY, errno.ETXTBSY):
        return "它正被其他程序使用（如 PDF 阅读器、Excel、杀毒软件），请关闭后再试"
    if code in (errno.EACCES, errno.EPERM) or win in _WIN_DENIED:
        return "没有权限（文件夹可能是只读的，或属于其他用户）"
    if code == errno.ENOENT or win in _WIN_NOT_FOUND:
        return "找不到这个文件或文件夹"
    if code == errno.EEXIST:
        return "已有同名的文件或文件夹"
    if code == errno.ENOTDIR:
        return "路径中的某一部分是文件，而不是文件夹"
    if code == errno.EISDIR:
        return "这是一个文件夹，而不是文件"
    if code in (errno.EIO, errno.ENXIO):
        return f"磁盘{disk}读写出错（U 盘可能已被拔出或已损坏）"
    return f"操作系统报告了错误（代码 {code if code is not None else win}）"
