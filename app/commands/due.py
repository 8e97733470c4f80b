"""`branch-ledger due [--date D] [--days N]`: what is due or overdue, from every area, sorted by date.

Read-only like `check` and `export`: it works while the application is open.
Exit status: 0 listed (also when nothing is due), 2 could not read.
"""

from __future__ import annotations

from app.commands.common import add_data_dir, add_login_password, fail, login_refusal


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "due", help="列出各项到期和逾期的待办事项（预备期期满、会议、党费、备份等）",
        description="列出今天起若干天内到期的待办事项和所有已逾期的事项，按日期排列（只读，不作任何改动）。")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="按这一天计算（默认今天）")
    parser.add_argument("--days", type=int, default=30, metavar="N", help="向后看多少天（默认 30 天）")
    add_data_dir(parser)
    add_login_password(parser)


def run(args) -> int:
    import sqlite3
    from datetime import date

    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

    from app.config import database_path, resolve_data_dir
    from app.kit.context import Context
    from app.kit.dates import parse_date_text
    from app.kit.errors import UserError
    from app.kit.reminders import collect
    from app.migrations.runner import read_only_refusal
    from app.models.database import read_only_engine
    from app.services.common.snoozes import active_snoozes, split_snoozed

    try:
        today = parse_date_text(args.date, "date") if args.date else date.today()
    except UserError as exc:
        return fail(f"--date：{exc.message}")
    if args.days < 0 or args.days > 3660:
        return fail("--days 应为 0 至 3660 之间的天数。")
    folder = resolve_data_dir(args.data_dir, create=False)
    path = database_path(folder)
    if not path.is_file():
        return fail(f"数据文件夹中没有数据库文件：{path}（可用 --data-dir 指定数据文件夹）")
    if refusal := login_refusal(args, folder, "列出待办"):
        return fail(refusal)
    engine = read_only_engine(path)
    try:
        if refusal := read_only_refusal(engine, path, "列出待办"):
            return fail(refusal)
        with Session(engine) as session:
            found = collect(Context(session=session, today=today, days=args.days, data_dir=folder))
            items, snoozed = split_snoozed(found, active_snoozes(session, today))
    except (DBAPIError, sqlite3.Error) as exc:
        return fail(f"读取数据库失败：{getattr(exc, 'orig', None) or exc}（{path}）")
    finally:
        engine.dispose()
    if not items:
        print(f"截至 {today:%Y-%m-%d}，{args.days} 天内没有到期的待办事项。")
    else:
        print(f"截至 {today:%Y-%m-%d}（向后 {args.days} 天）共 {len(items)} 项待办：")
        for r in items:
            print(f"{r.due:%Y-%m-%d}  [{r.severity_label}] {r.area_title}：{r.text}")
    if snoozed:  # put aside with a reason, never silently left out
        ends = min(s.until for _r, s in snoozed)
        print(f"另有已暂缓 {len(snoozed)} 项未列出（最早 {ends:%Y-%m-%d} 到期恢复；在首页“已暂缓”中查看原因或结束暂缓）。")
    return 0
