"""Helpers shared by the sub-commands."""

from __future__ import annotations

import argparse


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    # Accepted after the sub-command too (`branch-ledger demo --data-dir X`); SUPPRESS keeps a value
    # given before the sub-command from being overwritten by this default.
    parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="数据文件夹")


def fail(message: str) -> int:
    """Print a Chinese error message to stderr; exit status 2."""
    import sys

    print(f"错误：{message}", file=sys.stderr)
    return 2


def tell_restore_notice(db) -> None:
    """An interrupted restore finished or undone while the data folder was opened: say which."""
    import sys

    notice = getattr(db, "restore_notice", None)
    if notice:
        print(f"注意：{notice}", file=sys.stderr)
