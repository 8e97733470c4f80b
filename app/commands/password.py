"""`branch-ledger password [--set | --clear | --recover] …`: the start-up password from the command line.

Without an option: whether a start-up password is set and the idle lock. Scripts and tests do what the
settings dialog does:
- `--set --password-file F [--old-password-file O]`: set (or change) it; the first time a recovery key
  is printed, once (恢复密钥: print it and keep it with the branch secretary);
- `--clear [--password-file F | --recovery-key-file K]`: remove it, with the current password or the key;
- `--recover --recovery-key-file K --password-file NEW`: a forgotten password replaced with the key.
On a terminal the missing passwords are asked for. Needs the 支部台账 window to be closed (it writes).
"""

from __future__ import annotations

from app.commands.common import add_data_dir, fail, tell_restore_notice


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "password", help="查看、设置或取消启动密码；忘记启动密码时用恢复密钥设置新密码",
        description="不带参数时显示是否设置了启动密码和自动锁定时间。--set 设置启动密码（第一次设置时显示"
                    "恢复密钥，请打印后交支部书记保管）；--clear 取消启动密码（需当前密码或恢复密钥）；"
                    "--recover 用恢复密钥设置新密码。需先关闭支部台账窗口。")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--set", action="store_true", help="设置或修改启动密码（新密码用 --password-file 提供）")
    action.add_argument("--clear", action="store_true", help="取消启动密码（需当前密码或恢复密钥）")
    action.add_argument("--recover", action="store_true", help="忘记启动密码时：用恢复密钥设置新密码")
    parser.add_argument("--password-file", metavar="F",
                        help="--set、--recover：新密码所在的文本文件；--clear：当前密码所在的文本文件")
    parser.add_argument("--old-password-file", metavar="F", help="--set 修改已有密码时：当前密码所在的文本文件")
    parser.add_argument("--recovery-key-file", metavar="K", help="恢复密钥所在的文本文件（取第一行）")
    add_data_dir(parser)


def _secret(path: str | None, prompt: str) -> str | None:
    """From the file, else asked on a terminal; None when neither is possible. ValueError in Chinese."""
    import sys
    from getpass import getpass

    from app.commands.backup import read_password_file

    if path:
        return read_password_file(path)
    if sys.stdin.isatty():
        return getpass(prompt)
    return None


def run(args) -> int:
    from app.services.access.control import (
        AccessError,
        clear_password,
        has_password,
        idle_lock_minutes,
        recover_with_key,
        set_password,
    )
    from app.services.common.storage import data_folder_of, open_data_folder

    db = open_data_folder(args.data_dir)  # a writing command: takes the data folder's lock
    tell_restore_notice(db)
    try:
        folder = data_folder_of(db)
        with db.session() as session:
            had = has_password(session)
        try:
            if args.set:
                new = _secret(args.password_file, "新的启动密码：")
                if new is None:
                    return fail("请用 --password-file 提供新的启动密码（或在终端中运行并按提示输入）。")
                old = None
                if had:
                    old = _secret(args.old_password_file, "当前的启动密码（或恢复密钥）：")
                    if old is None:
                        return fail("已设置启动密码：修改它需要当前密码，请用 --old-password-file 提供。")
                with db.transaction() as session:
                    key = set_password(session, new, new, old)
                print("已修改启动密码。" if had else "已设置启动密码：以后打开支部台账时需要输入此密码。")
                if key:
                    print(f"恢复密钥：{key}")
                    print("请把恢复密钥打印或抄写下来，交支部书记另行保管。它只显示这一次；忘记启动密码时，"
                          "可用它设置新密码（branch-ledger password --recover）。")
                return 0
            if args.clear:
                if not had:
                    print("本来就没有设置启动密码，无需取消。")
                    return 0
                path = args.recovery_key_file or args.password_file
                old = _secret(path, "当前的启动密码（或恢复密钥）：")
                if old is None:
                    return fail("取消启动密码需要当前密码或恢复密钥：请用 --password-file 或 "
                                "--recovery-key-file 提供。启动密码没有取消。")
                with db.transaction() as session:
                    clear_password(session, old)
                print("已取消启动密码：下次打开支部台账时不再询问密码。")
                return 0
            if args.recover:
                if not had:
                    return fail("没有设置启动密码，不需要恢复。")
                key = _secret(args.recovery_key_file, "恢复密钥：")
                new = _secret(args.password_file, "新的启动密码：")
                if key is None or new is None:
                    return fail("请用 --recovery-key-file 提供恢复密钥，用 --password-file 提供新的启动密码。")
                with db.transaction() as session:
                    recover_with_key(session, key, new, new)
                print("已用恢复密钥设置了新的启动密码。")
                return 0
        except (AccessError, ValueError) as exc:
            return fail(f"{exc}。" if not str(exc).endswith("。") else str(exc))
        with db.session() as session:
            minutes = idle_lock_minutes(session)
    finally:
        db.dispose()
    print(f"数据文件夹：{folder}")
    if had:
        lock = f"闲置 {minutes} 分钟后自动锁定" if minutes else "不自动锁定"
        print(f"已设置启动密码；{lock}。")
    else:
        print("未设置启动密码：打开支部台账时不询问密码。")
    return 0
