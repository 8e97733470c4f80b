"""`branch-ledger backup -o PATH [--password-file F | --no-password] [--data-dir DIR]`.

One verified .blbak file (see app.services.backup.backup_service). Encrypted with the backup password; a plain backup
needs --no-password, because it holds every member's ID number. Only reads the data folder (its own
SQLite connection, no lock, no migration), so it works while the desktop application is open.
Exit status: 0 done and verified, 2 nothing written.
"""

from __future__ import annotations

import sys

from app.commands.common import add_data_dir, add_login_password, fail, login_refusal

PLAIN_RISK = "备份文件中含有全体党员的身份证号、手机号和家庭住址，U 盘一旦丢失，这些信息就会泄露。"
PLAIN_WARNING = f"警告：这份备份不加密。{PLAIN_RISK}请妥善保管，或设置备份密码后改用加密备份。"
ENCRYPTED_LEDGER_WARNING = ("警告：这份备份不另行加密。其中的数据库已用启动密码加密，没有启动密码或恢复密钥读不出来；"
                            "但附件（照片、扫描件等）是普通文件，U 盘丢失时会泄露。请妥善保管，或设置备份密码后改用加密备份。")


def plain_warning(folder) -> str:
    from app.services.access.encryption import is_encrypted

    return ENCRYPTED_LEDGER_WARNING if is_encrypted(folder) else PLAIN_WARNING


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "backup", help="备份到 U 盘或文件夹（一个 .blbak 文件，写完后读回校验）",
        description="把数据库（运行中也能得到一致的快照）、全部附件和清单写成一个 .blbak 文件。"
                    "先写到临时文件、落盘并读回校验，通过后才改为正式文件名。设置了备份密码时请用 "
                    "--password-file 提供密码（加密：AES-256-GCM）；不加密的备份需写明 --no-password。")
    parser.add_argument("-o", "--output", required=True, metavar="PATH",
                        help="目标文件夹（使用默认文件名，如 支部台账备份_支部全称_2026-11-22_1530.blbak）"
                             "或以 .blbak 结尾的文件路径")
    parser.add_argument("--password-file", metavar="F", help="备份密码所在的文本文件（取第一行）")
    parser.add_argument("--no-password", action="store_true",
                        help="不加密（备份中含身份证号，请妥善保管）")
    parser.add_argument("--confirm-plain", action="store_true",
                        help="已设置备份密码时仍做不加密的备份（用于脚本；在终端中会另行询问）")
    add_data_dir(parser)
    add_login_password(parser)


def read_password_file(path: str) -> str:
    """The first line of a text file (UTF-8, a Windows BOM allowed); raises ValueError in Chinese."""
    try:
        with open(path, "rb") as f:
            raw = f.read(64 * 1024)
    except OSError as exc:
        raise ValueError(f"无法读取密码文件 {path}：{exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"密码文件 {path} 不是 UTF-8 文本") from exc
    password = text.splitlines()[0] if text.splitlines() else ""
    if not password:
        raise ValueError(f"密码文件 {path} 的第一行是空的")
    return password


def progress_printer(stream=sys.stderr, min_total: int = 20 << 20):
    """Prints "正在备份… 30%" every 10% for large backups (a small one finishes before anyone looks)."""
    shown: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if total < min_total:
            return
        tenth = done * 10 // max(total, 1)
        if shown.get(stage, -1) < tenth:
            shown[stage] = tenth
            print(f"{stage}… {tenth * 10}%", file=stream, flush=True)

    return progress


def run(args) -> int:
    from getpass import getpass
    from pathlib import Path

    from app.config import resolve_data_dir
    from app.services.backup.backup_format import verify_password
    from app.services.backup.backup_service import (
        create_backup,
        password_problem,
        stored_password_hash,
    )

    folder = resolve_data_dir(args.data_dir, create=False)
    if args.password_file and args.no_password:
        return fail("--password-file 和 --no-password 只能选一个。")
    if refusal := login_refusal(args, folder, "备份"):
        return fail(refusal)
    stored = stored_password_hash(folder)
    password: str | None = None
    if args.password_file:
        try:
            password = read_password_file(args.password_file)
        except ValueError as exc:
            return fail(str(exc))
        if stored and not verify_password(password, stored):
            return fail("密码文件中的密码与已设置的备份密码不一致，没有备份。")
        if not stored and (problem := password_problem(password)):
            return fail(problem)
    elif args.no_password and stored and not args.confirm_plain:
        if not sys.stdin.isatty():
            return fail("已设置备份密码，却要求不加密的备份：如确实需要，请加 --confirm-plain 确认"
                        f"（{PLAIN_RISK}），或用 --password-file 做加密备份。没有备份。")
        print(plain_warning(folder), file=sys.stderr)
        answer = input("已设置备份密码。确定要做不加密的备份吗？请输入“是”确认，直接回车取消：").strip()
        if answer not in ("是", "y", "yes", "Y", "YES", "Yes"):
            print("已取消，没有备份。")
            return 1
    elif args.no_password:
        print(plain_warning(folder), file=sys.stderr)
    elif stored and sys.stdin.isatty():
        password = getpass("备份密码：")
        if not verify_password(password, stored):
            return fail("备份密码不正确，没有备份。")
    elif stored:
        return fail("已设置备份密码：请用 --password-file 提供密码（或用 --no-password 明确要求不加密的备份）。")
    else:
        return fail(f"没有备份：未提供备份密码，只能做不加密的备份。{PLAIN_RISK}"
                    "如确需不加密的备份，请加 --no-password；或用 --password-file 提供密码进行加密备份。")
    # A BackupError is a UserError: app.cli.main prints it (错误：…) and exits 2.
    result = create_backup(folder, Path(args.output), password=password, progress=progress_printer())
    print(result.result_text())
    return 0
