"""`branch-ledger restore FILE [--password-file F] [--login-password-file P | --recovery-key-file K] [--yes]`.

A backup of an encrypted ledger (encryption at rest) opens with the start-up password of the day it was
made (--login-password-file, which also unlocks this folder if it has one) or that day's recovery key
(--recovery-key-file); on a terminal it is asked for.

Checks everything first (format, password, every hash, integrity_check, schema revision) and changes
nothing if any check fails; shows what the backup holds and asks to confirm on a terminal (--yes answers
for scripts; no terminal and no --yes: refused). The current database is copied aside first and kept.
Exit status: 0 restored, 1 the user said no, 2 refused or failed (the current data unchanged).
"""

from __future__ import annotations

import sys

from app.commands.common import add_data_dir, add_login_password, fail, login_refusal

YES_WORDS = {"是", "y", "yes", "Y", "YES", "Yes"}


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "restore", help="从 .blbak 备份恢复（先全部校验，确认后替换当前数据，当前数据先另存一份）",
        description="校验备份文件的格式、密码、每一部分的校验值、数据库完整性和数据结构版本，全部通过后"
                    "显示备份内容并请您确认；确认后先把当前数据另存到 backups/恢复前/，再换入备份中的数据。"
                    "在脚本中使用时须加 --yes。")
    parser.add_argument("file", metavar="FILE", help="备份文件（.blbak）")
    parser.add_argument("--password-file", metavar="F", help="备份密码所在的文本文件（取第一行）")
    parser.add_argument("--recovery-key-file", metavar="K",
                        help="备份中的数据库已加密而忘了做备份时的启动密码时：那时的恢复密钥所在的文本文件")
    parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复（用于脚本）")
    add_data_dir(parser)
    add_login_password(parser)


def run(args) -> int:
    from app.config import DataFolderError, resolve_data_dir

    interactive = sys.stdin.isatty()
    try:
        folder = resolve_data_dir(args.data_dir, create=False)
        created = False
    except DataFolderError:
        folder = resolve_data_dir(args.data_dir)  # a new folder to restore into (or a refusal)
        created = True
    before = {p.name for p in folder.iterdir()}
    code = 2
    try:
        code = _restore(args, folder, interactive)
        return code
    finally:
        if code != 0:
            _leave_as_it_was(folder, before, created)


def _leave_as_it_was(folder, before: set[str], created: bool) -> None:
    """A restore that did not happen leaves no trace: what it created in the folder goes (only the
    lock file and empty folders; never a file that holds data), and a folder it created goes too."""
    import shutil

    for path in folder.iterdir():
        if path.name in before:
            continue
        if path.is_dir() and not any(p.is_file() for p in path.rglob("*")):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name == "ledger.lock":
            try:
                path.unlink()
            except OSError:
                pass
    if created and not any(folder.iterdir()):
        try:
            folder.rmdir()
        except OSError:
            pass


def _restore(args, folder, interactive: bool) -> int:
    from getpass import getpass
    from pathlib import Path

    from app.commands.backup import progress_printer, read_password_file
    from app.infra.instance_lock import AlreadyRunningError, acquire_instance_lock
    from app.services.backup.backup_format import BackupFormatError, WrongPasswordError
    from app.services.backup.backup_service import (
        BackupError,
        LedgerPasswordError,
        backup_is_encrypted,
        prepare_restore,
    )

    backup_file = Path(args.file)
    try:
        lock = acquire_instance_lock(folder)
    except AlreadyRunningError as exc:
        return fail(f"{exc}没有作任何改动。")
    if refusal := login_refusal(args, folder, "恢复"):
        lock.release()
        return fail(refusal)
    try:
        try:
            encrypted = backup_is_encrypted(backup_file)
        except (BackupFormatError, BackupError) as exc:
            return fail(f"{exc}没有作任何改动。")
        password: str | None = None
        attempts = 1
        if encrypted:
            if args.password_file:
                try:
                    password = read_password_file(args.password_file)
                except ValueError as exc:
                    return fail(str(exc))
            elif interactive:
                attempts = 3
            else:
                return fail("这份备份已加密：请用 --password-file 提供备份密码。没有作任何改动。")
        prepared = None
        secrets = _ledger_secrets(args)  # asked for only when the backup's database turns out encrypted
        ledger_secret = None
        for attempt in range(attempts):
            if encrypted and not args.password_file:
                password = getpass("备份密码：")
            while True:
                try:
                    prepared = prepare_restore(backup_file, folder, password, progress=progress_printer(),
                                               ledger_secret=ledger_secret)
                    break
                except WrongPasswordError as exc:
                    if attempt + 1 == attempts:
                        return fail(f"{exc}没有作任何改动。")
                    print(f"{exc}请再输入一次。", file=sys.stderr)
                    break
                except LedgerPasswordError as exc:
                    ledger_secret = next(secrets, None)
                    if ledger_secret is None:
                        return fail(f"{exc}请用 --login-password-file 提供做备份时的启动密码，或用 "
                                    "--recovery-key-file 提供那时的恢复密钥。没有作任何改动。")
                    if exc.given:
                        print(f"{exc}", file=sys.stderr)
                except (BackupFormatError, BackupError) as exc:
                    return fail(f"{exc}没有作任何改动。")
            if prepared is not None:
                break
        if prepared is None:
            return 2
        with prepared:
            print(f"备份文件：{backup_file}")
            print("\n".join(prepared.summary.describe_lines()))
            print("校验：全部通过")
            print(f"将替换数据文件夹 {folder} 中的当前数据；当前数据库会先另存到 backups/恢复前/。")
            if not args.yes and not interactive:  # checked first: a missing file or wrong password says so
                return fail("恢复会替换当前数据，必须确认：请在终端（命令行窗口）中运行并按提示确认，"
                            "或在脚本中加 --yes。没有作任何改动。")
            if not args.yes:
                answer = input("确定恢复吗？请输入“是”确认，直接回车取消：").strip()
                if answer not in YES_WORDS:
                    print("已取消，没有作任何改动。")
                    return 1
            result = prepared.apply()  # a BackupError (UserError) is printed by app.cli.main, exit 2
        print(result.result_text())
        if result.upgraded_from:
            print(f"备份来自较早版本（数据结构版本 {result.upgraded_from}），换入前已升级了数据结构；"
                  "备份文件本身没有改动。")
        return 0
    finally:
        lock.release()


def _ledger_secrets(args):
    """What may open an encrypted backup's database, in turn: the --login-password-file, the
    --recovery-key-file, then (on a terminal) three typed tries."""
    from getpass import getpass

    from app.commands.backup import read_password_file

    for path in (getattr(args, "login_password_file", None), args.recovery_key_file):
        if path:
            try:
                yield read_password_file(path)
            except ValueError as exc:
                print(f"错误：{exc}", file=sys.stderr)
    if sys.stdin.isatty():
        for _ in range(3):
            yield getpass("做备份时的启动密码（或恢复密钥）：")
