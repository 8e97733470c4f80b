"""`branch-ledger demo [--data-dir DIR]`: fill an empty database with the fictional sample branch."""

from __future__ import annotations

from app.commands.common import (
    LedgerLocked,
    add_data_dir,
    add_login_password,
    fail,
    open_unlocked,
    tell_restore_notice,
)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="在空数据库中创建示例支部（虚构的学校党支部和党员，便于熟悉软件）",
        description="在空的数据文件夹中创建一个虚构的示例支部：3个党小组、约45名在册党员及若干已转出、"
                    "出党或去世的党员。数据库中已有数据时不作任何改动。")
    add_data_dir(parser)
    add_login_password(parser)


def run(args) -> int:
    from app.services.common.storage import data_folder_of
    from app.services.demo.sample_branch import DemoError, create_demo_branch

    try:
        db = open_unlocked(args, "创建示例支部")
    except LedgerLocked as exc:
        return fail(str(exc))
    tell_restore_notice(db)
    try:
        with db.transaction() as session:
            summary = create_demo_branch(session)
    except DemoError as exc:
        return fail(f"{exc}（数据文件夹：{data_folder_of(db)}）")
    finally:
        db.dispose()
    print(summary.text())
    print(f"数据文件夹：{data_folder_of(db)}")
    print("运行 branch-ledger 打开图形界面即可查看。")
    return 0
