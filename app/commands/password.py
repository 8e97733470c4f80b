"""`branch-ledger password [--set | --clear | --recover] …`: the start-up password from the command line.

Without an option: whether a start-up password is set and the idle lock. Scripts and tests do what the
settings dialog does:
- `--set --password-file F [--old-password-file O] [--encrypt | --no-encrypt] [--recovery-key-file K]`:
  set (or change) it; the first time a recovery key is printed, once (恢复密钥: print it and keep it with
  the branch secretary). `--encrypt` also encrypts the database file (SQLCipher, keyed from this
  password; the data key is wrapped by the password and by the recovery key: K keeps the existing
  recovery key, else a new one is printed), `--no-encrypt` decrypts it;
- `--clear [--password-file F | --recovery-key-file K]`: remove it, with the current password or the key
  (an encrypted database is decrypted first);
- `--recover --recovery-key-file K --password-file NEW`: a forgotten password replaced with the key (it
  also opens an encrypted database).
On a terminal the missing passwords are asked for. Needs the 支部台账 window to be closed (it writes).
"""

from __future__ import annotations

from app.commands.common import add_data_dir, add_login_password, fail, tell_restore_notice


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "password", help="查看、设置或取消启动密码；忘记启动密码时用恢复密钥设置新密码",
        description="不带参数时显示是否设置了启动密码和自动锁定时间。--set 设置启动密码（第一次设置时显示"
                    "恢复密钥，请打印后交支部书记保管）；--clear 取消启动密码（需当前密码或恢复密钥）；"
                    "--recover 用恢复密钥设置新密码。--set 加 --encrypt 同时加密数据库文件，加 --no-encrypt "
                    "解密。需先关闭支部台账窗口。")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--set", action="store_true", help="设置或修改启动密码（新密码用 --password-file 提供）")
    action.add_argument("--clear", action="store_true", help="取消启动密码（需当前密码或恢复密钥）")
    action.add_argument("--recover", action="store_true", help="忘记启动密码时：用恢复密钥设置新密码")
    parser.add_argument("--password-file", metavar="F",
                        help="--set、--recover：新密码所在的文本文件；--clear：当前密码所在的文本文件")
    parser.add_argument("--old-password-file", metavar="F", help="--set 修改已有密码时：当前密码所在的文本文件")
    parser.add_argument("--recovery-key-file", metavar="K", help="恢复密钥所在的文本文件（取第一行）")
    encryption = parser.add_mutually_exclusive_group()
    encryption.add_argument("--encrypt", action="store_true",
                            help="与 --set 一起用：同时加密数据库文件（用启动密码解锁；转换前后都会校验）")
    encryption.add_argument("--no-encrypt", action="store_true",
                            help="与 --set 一起用：把已加密的数据库文件解密为普通文件")
    add_data_dir(parser)
    add_login_password(parser)


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
    from app.config import resolve_data_dir
    from app.services.access import encryption
    from app.services.access.control import AccessError
    from app.services.access.data_key import KeyFileError

    if (args.encrypt or args.no_encrypt) and not args.set:
        return fail("--encrypt 和 --no-encrypt 要与 --set 一起使用（同时给出启动密码）。")
    folder = resolve_data_dir(args.data_dir)
    encrypted = encryption.is_encrypted(folder)
    try:
        if encrypted and not encryption.is_unlocked(folder):
            refusal = _unlock(args, folder)
            if refusal:
                return fail(refusal)
    except (KeyFileError, ValueError) as exc:
        return fail(_sentence(exc))
    except _StatusOnly:
        print(f"数据文件夹：{folder}")
        print("已设置启动密码；数据库已加密（SQLCipher）。查看自动锁定时间需先输入启动密码。")
        return 0
    from app.services.common.storage import open_data_folder

    db = open_data_folder(folder)  # a writing command: takes the data folder's lock
    tell_restore_notice(db)
    try:
        try:
            code, db = _act(args, db)
        except (AccessError, ValueError, encryption.EncryptionError) as exc:
            return fail(_sentence(exc))
        if code is not None:
            return code
        from app.services.access.control import has_password, idle_lock_minutes

        with db.session() as session:
            had = has_password(session)
            minutes = idle_lock_minutes(session)
    finally:
        db.dispose()
    print(f"数据文件夹：{folder}")
    print("数据库已加密（SQLCipher）。" if encryption.is_encrypted(folder) else "数据库未加密。")
    if had:
        lock = f"闲置 {minutes} 分钟后自动锁定" if minutes else "不自动锁定"
        print(f"已设置启动密码；{lock}。")
    else:
        print("未设置启动密码：打开支部台账时不询问密码。")
    return 0


class _StatusOnly(Exception):
    """No option given on an encrypted ledger and nothing to unlock it with: show what is known."""


def _sentence(exc: BaseException) -> str:
    return f"{exc}。" if not str(exc).endswith("。") else str(exc)


def _unlock(args, folder) -> str | None:
    """An encrypted ledger is opened with the secret the action brings; a refusal (Chinese) if wrong."""
    from app.services.access import encryption

    if args.set:
        secret = _secret(args.old_password_file, "当前的启动密码（或恢复密钥）：")
        missing = "数据库已加密：修改启动密码需要当前密码，请用 --old-password-file 提供。"
    elif args.clear:
        secret = _secret(args.recovery_key_file or args.password_file, "当前的启动密码（或恢复密钥）：")
        missing = ("取消启动密码需要当前密码或恢复密钥：请用 --password-file 或 --recovery-key-file 提供。"
                   "启动密码没有取消。")
    elif args.recover:
        secret = _secret(args.recovery_key_file, "恢复密钥：")
        missing = "请用 --recovery-key-file 提供恢复密钥，用 --password-file 提供新的启动密码。"
    else:
        path = getattr(args, "login_password_file", None)
        secret = _secret(path, "启动密码：") if path else None
        if secret is None:
            raise _StatusOnly
        missing = ""
    if secret is None:
        return missing
    if encryption.unlock_folder(folder, secret):
        args.unlocked_with = secret  # typed once on a terminal: not asked again for the same purpose
        return None
    if args.recover:
        return "恢复密钥不正确，请核对打印或抄写的恢复密钥（不区分大小写，横线可省略）。"
    return "当前密码不正确，没有作任何改动。"


def _act(args, db):
    """(exit code or None for the status, the Database to use from now on)."""
    from app.services.access import encryption
    from app.services.access.control import has_password

    with db.session() as session:
        had = has_password(session)
    if args.set:
        new = _secret(args.password_file, "新的启动密码：")
        if new is None:
            return fail("请用 --password-file 提供新的启动密码（或在终端中运行并按提示输入）。"), db
        old = None
        if had:
            old = getattr(args, "unlocked_with", None) or _secret(args.old_password_file, "当前的启动密码（或恢复密钥）：")
            if old is None:
                return fail("已设置启动密码：修改它需要当前密码，请用 --old-password-file 提供。"), db
        recovery = _secret(args.recovery_key_file, "") if args.recovery_key_file else None
        encrypt = True if args.encrypt else False if args.no_encrypt else None
        was_encrypted = encryption.is_encrypted(db.path.parent)
        db, key = encryption.set_start_password(db, new, old=old, encrypt=encrypt, recovery_key=recovery,
                                                progress=_progress)
        print("已修改启动密码。" if had else "已设置启动密码：以后打开支部台账时需要输入此密码。")
        now_encrypted = encryption.is_encrypted(db.path.parent)
        if now_encrypted and not was_encrypted:
            print("数据库文件已加密（SQLCipher）：没有启动密码或恢复密钥就无法读取。已校验，原来的未加密文件已删除。")
        elif was_encrypted and not now_encrypted:
            print("数据库文件已解密为普通文件（已校验）。")
        if key:
            print(f"恢复密钥：{key}")
            print("请把恢复密钥打印或抄写下来，交支部书记另行保管。它只显示这一次；忘记启动密码时，"
                  "可用它设置新密码（branch-ledger password --recover）" +
                  ("，也只有它或启动密码能打开加密的数据库。" if now_encrypted else "。"))
        return 0, db
    if args.clear:
        if not had:
            print("本来就没有设置启动密码，无需取消。")
            return 0, db
        path = args.recovery_key_file or args.password_file
        old = getattr(args, "unlocked_with", None) or _secret(path, "当前的启动密码（或恢复密钥）：")
        if old is None:
            return fail("取消启动密码需要当前密码或恢复密钥：请用 --password-file 或 "
                        "--recovery-key-file 提供。启动密码没有取消。"), db
        was_encrypted = encryption.is_encrypted(db.path.parent)
        db = encryption.clear_start_password(db, old, progress=_progress)
        if was_encrypted:
            print("数据库文件已解密为普通文件（已校验）。")
        print("已取消启动密码：下次打开支部台账时不再询问密码。")
        return 0, db
    if args.recover:
        if not had:
            return fail("没有设置启动密码，不需要恢复。"), db
        key = getattr(args, "unlocked_with", None) or _secret(args.recovery_key_file, "恢复密钥：")
        new = _secret(args.password_file, "新的启动密码：")
        if key is None or new is None:
            return fail("请用 --recovery-key-file 提供恢复密钥，用 --password-file 提供新的启动密码。"), db
        encryption.recover_password(db, key, new, new)
        print("已用恢复密钥设置了新的启动密码。")
        return 0, db
    return None, db


def _progress(stage: str, done: int, total: int) -> None:
    import sys

    if total and done == 0:
        print(f"{stage}……", file=sys.stderr)
