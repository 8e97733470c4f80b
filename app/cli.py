"""The command line: the GUI by default, sub-commands for work without a window.

Each sub-command lives in app/commands/<name>.py with `add_parser(subparsers)` and `run(args) -> int`,
so the GUI's Qt modules are imported only when the GUI starts.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import app.commands
from app import APP_TITLE, __version__
from app.commands import chinese_argparse
from app.commands.common import fail

HELPERS = {"common", "chinese_argparse"}  # modules of app/commands that are not sub-commands
MODULE_OF = {"import": "importing"}  # sub-commands whose name is a Python keyword, so not their module's


def subcommand_names() -> list[str]:
    """Every module in app/commands except the shared helpers, GUI first (it is the default)."""
    names = sorted(m.name for m in pkgutil.iter_modules(app.commands.__path__) if m.name not in HELPERS)
    return sorted(names, key=lambda n: n != "gui")


def build_parser(running: str | None = None, alone: bool = False) -> argparse.ArgumentParser:
    """The whole command line. With `running` (the sub-command about to run), a sub-command other than it
    that offers `add_brief_parser` gets that one instead: the same name and help, none of the imports its
    full parser needs (the import kinds pull in the models), so the GUI starts without them. With `alone`,
    `running` is the only sub-command (for a command line that prints no help and lists no commands)."""
    chinese_argparse.install()
    parser = argparse.ArgumentParser(prog="branch-ledger", description=f"{APP_TITLE}（Branch Ledger）")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认为用户数据目录，也可用环境变量 BRANCH_LEDGER_HOME）")
    subparsers = parser.add_subparsers(dest="command", title="命令", metavar="命令")
    for name in [MODULE_OF.get(running, running)] if alone else subcommand_names():
        module = importlib.import_module(f"app.commands.{name}")
        command = next((c for c, m in MODULE_OF.items() if m == name), name)
        brief = running is not None and command != running and hasattr(module, "add_brief_parser")
        (module.add_brief_parser if brief else module.add_parser)(subparsers)
    return parser


def command_named(argv: list[str]) -> str:
    """The sub-command argv names (its first word that is neither an option nor an option's value), else gui."""
    words = iter(argv)
    for word in words:
        if word.startswith("--d") and "=" not in word:  # --data-dir DIR, or an abbreviation of it
            next(words, None)
        elif not word.startswith("-"):
            return word
    return "gui"


def _tolerant_console() -> None:
    """A Windows console or redirected output in GBK cannot encode every character a member's data may
    hold (CJK Extension B names, emoji): print a replacement mark instead of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    _tolerant_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    running = command_named(argv)
    # the GUI started plainly (no option but --data-dir): no other command's parser is built
    alone = running == "gui" and all(not w.startswith("-") or w.startswith("--d") for w in argv)
    parser = build_parser(running, alone)
    args = parser.parse_args(argv)
    if args.command not in (None, running):  # argv read otherwise than command_named guessed: all parsers full
        parser = build_parser()
        args = parser.parse_args(argv)
    command = args.command or "gui"
    if args.command is None:
        args = parser.parse_args([*argv, "gui"])
    module = importlib.import_module(f"app.commands.{MODULE_OF.get(command, command)}")
    from app.kit.errors import UserError

    try:
        return int(module.run(args) or 0)
    except UserError as exc:  # bad input or a state the user must change (another copy has the data
        return fail(exc.message)  # folder …): the Chinese sentence on stderr, exit status 2, no traceback
    except Exception as exc:  # noqa: BLE001 - never a traceback: the user reads a Chinese sentence
        return fail(unexpected_error_message(exc))


def unexpected_error_message(exc: Exception) -> str:
    """What the command line says for an error no command caught itself."""
    import sqlite3

    from app.infra.os_errors import describe_os_error
    from app.kit.errors import UserError

    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc) + "操作没有完成。"
    orig = getattr(exc, "orig", None)
    from app.infra.ledger_db import cipher_error_types

    if isinstance(exc, sqlite3.DatabaseError) or isinstance(orig, cipher_error_types()):
        return ("数据库文件无法读取（可能已损坏，或不是支部台账的数据库），操作没有完成。"
                "可以从备份恢复：branch-ledger restore 备份文件。")
    if isinstance(exc, (RecursionError, MemoryError)):
        return "输入的数据过于复杂或过大，无法处理，操作没有完成。"
    return f"出现了意外的错误（{type(exc).__name__}），操作没有完成。请把这句话告诉维护人员。"
