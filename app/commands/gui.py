"""`branch-ledger gui` (the default): the desktop application."""

from __future__ import annotations

from app.commands.common import add_data_dir


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("gui", help="启动图形界面（默认）")
    add_data_dir(parser)


def run(args) -> int:
    from app.ui.application import run_gui

    return run_gui(data_dir=args.data_dir)
