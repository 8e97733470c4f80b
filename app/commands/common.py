"""Helpers shared by the sub-commands."""

from __future__ import annotations

import argparse


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    # Accepted after the sub-command too (`branch-ledger demo --data-dir X`); SUPPRESS keeps a value
    # given before the sub-command from being overwritten by this default.
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据文件夹")


def fail(message: str) -> int:
    """Print a Chinese error message to stderr; exit status 2."""
    import sys

    print(f"错误：{message}", file=sys.stderr)
    return 2
