"""`branch-ledger password [--clear] [--data-dir DIR]`: the start-up password's state; remove a forgotten one.

The start-up password keeps other people at the shared PC out of the application; it does not encrypt the
data folder, so whoever can run this command on the PC could read the database file anyway. Clearing it
here is the way back in for a user who forgot it, and is said so in the settings dialog.
"""

from __future__ import annotations

from app.commands.common import add_data_dir, tell_restore_notice


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "password", help="查看启动密码的状态；忘记启动密码时用 --clear 取消它",
        description="不带参数时显示是否设置了启动密码和自动锁定时间。--clear 取消启动密码"
                    "（忘记密码时使用；数据不受影响）。需先关闭支部台账窗口。")
    parser.add_argument("--clear", action="store_true", help="取消启动密码")
    add_data_dir(parser)


def run(args) -> int:
    from app.services.access.control import HASH_SETTING, has_password, idle_lock_minutes
    from app.services.common.settings import set_setting
    from app.services.common.storage import data_folder_of, open_data_folder

    db = open_data_folder(args.data_dir)  # a writing command: takes the data folder's lock
    tell_restore_notice(db)
    try:
        with db.transaction() as session:
            had = has_password(session)
            if args.clear and had:
                set_setting(session, HASH_SETTING, "")
            minutes = idle_lock_minutes(session)
        folder = data_folder_of(db)
    finally:
        db.dispose()
    print(f"数据文件夹：{folder}")
    if args.clear:
        print("已取消启动密码：下次打开支部台账时不再询问密码。" if had else "本来就没有设置启动密码，无需取消。")
    elif had:
        lock = f"闲置 {minutes} 分钟后自动锁定" if minutes else "不自动锁定"
        print(f"已设置启动密码；{lock}。")
    else:
        print("未设置启动密码：打开支部台账时不询问密码。")
    return 0
