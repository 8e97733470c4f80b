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


def tell_restore_notice(db) -> None:
    """An interrupted restore finished or undone while the data folder was opened: say which."""
    import sys

    notice = getattr(db, "restore_notice", None)
    if notice:
        print(f"注意：{notice}", file=sys.stderr)


# -- the start-up password on the command line ---------------------------------------------------------------


def add_login_password(parser: argparse.ArgumentParser) -> None:
    """For every command that reads personal data: the start-up password for scripts (a terminal asks)."""
    parser.add_argument("--login-password-file", metavar="F", default=argparse.SUPPRESS,
                        help="设置了启动密码时：启动密码所在的文本文件（取第一行；在终端中运行时也可按提示输入）")


MAX_PROMPTS = 3


def login_refusal(args, folder, doing: str) -> str | None:
    """None when this command may read the folder's personal data; else why not (Chinese).

    With a start-up password set, it is read from --login-password-file, or asked on a terminal (three
    tries); without either the command is refused: a shared office PC often has one account for all."""
    import sys
    from getpass import getpass

    from app.config import database_path
    from app.services.access import encryption
    from app.services.access.control import stored_start_hash
    from app.services.access.verifier import password_matches

    if encryption.is_encrypted(folder):
        return _unlock_refusal(args, folder, doing)
    stored = stored_start_hash(database_path(folder))
    if not stored:
        return None
    path = getattr(args, "login_password_file", None)
    if path:
        from app.commands.backup import read_password_file

        try:
            password = read_password_file(path)
        except ValueError as exc:
            return str(exc)
        if password_matches(password, stored):
            return None
        return f"启动密码不正确（{path}），没有{doing}。"
    if not sys.stdin.isatty():
        return (f"已设置启动密码：{doing}前需要输入它。请在终端（命令行窗口）中运行并按提示输入，"
                f"或用 --login-password-file 提供启动密码。没有{doing}。")
    for attempt in range(MAX_PROMPTS):
        if password_matches(getpass("启动密码："), stored):
            return None
        if attempt + 1 < MAX_PROMPTS:
            print("启动密码不正确，请再输入一次。", file=sys.stderr)
    return f"启动密码不正确，没有{doing}。"


def unlock_refusal(args, folder, doing: str) -> str | None:
    """For the commands that open the database without reading personal data (demo, import): only an
    encrypted ledger needs the start-up password first, to be opened at all."""
    from app.services.access import encryption

    if not encryption.is_encrypted(folder):
        return None
    return _unlock_refusal(args, folder, doing)


def _unlock_refusal(args, folder, doing: str) -> str | None:
    """An encrypted ledger: the start-up password (or the recovery key) unlocks its data key for this
    command, from --login-password-file or asked on a terminal; else why not (Chinese)."""
    import sys
    from getpass import getpass

    from app.services.access import encryption
    from app.services.access.data_key import KeyFileError

    if encryption.is_unlocked(folder):
        return None
    path = getattr(args, "login_password_file", None)
    try:
        if path:
            from app.commands.backup import read_password_file

            try:
                password = read_password_file(path)
            except ValueError as exc:
                return str(exc)
            if encryption.unlock_folder(folder, password):
                return None
            return f"启动密码不正确（{path}），没有{doing}。"
        if not sys.stdin.isatty():
            return (f"数据库已加密：{doing}前需要输入启动密码。请在终端（命令行窗口）中运行并按提示输入，"
                    f"或用 --login-password-file 提供启动密码。没有{doing}。")
        for attempt in range(MAX_PROMPTS):
            if encryption.unlock_folder(folder, getpass("启动密码：")):
                return None
            if attempt + 1 < MAX_PROMPTS:
                print("启动密码不正确，请再输入一次。", file=sys.stderr)
    except KeyFileError as exc:
        return f"{exc}没有{doing}。"
    return f"启动密码不正确，没有{doing}。"


class LedgerLocked(Exception):
    """An encrypted ledger this command could not unlock; str() is the Chinese refusal."""


def open_unlocked(args, doing: str):
    """open_data_folder for a command that writes (demo, import, password): an encrypted ledger is
    unlocked first with the start-up password (--login-password-file, or asked); LedgerLocked if not."""
    from app.config import resolve_data_dir
    from app.services.common.storage import open_data_folder

    folder = resolve_data_dir(getattr(args, "data_dir", None))
    if refusal := unlock_refusal(args, folder, doing):
        raise LedgerLocked(refusal)
    return open_data_folder(folder)
