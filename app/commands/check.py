"""`branch-ledger check [--data-dir DIR]`: check the database file and the records' consistency.
`branch-ledger check --binder [--year Y] [--sections ...]`: the annual binder's completeness check instead
(app.services.ledgers.completeness): what the year's binder would print empty or wrong.

Exit status: 0 nothing wrong, 1 problems found (listed one per line), 2 the check could not run.
The check only reads (SQLite read-only mode, no migration, no lock), so it may run while the desktop
application has the same data folder open; it then sees what the application has saved so far.
"""

from __future__ import annotations

from app.commands.common import add_data_dir, add_login_password, fail, login_refusal


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help="检查数据库文件是否完好、台账记录是否前后一致（只读，不作任何改动）",
        description="运行 SQLite 完整性检查（integrity_check）、外键检查（foreign_key_check）和台账的"
                    "一致性检查（党员信息是否符合录入规则、在册状态与变更记录是否相符等），逐条列出问题。"
                    "退出码：0 未发现问题，1 发现问题，2 无法检查。")
    parser.add_argument("--binder", action="store_true",
                        help="改为检查年度台账是否完整：列出装订成册时会是空白或有误的内容"
                             "（没有记录人的会议、不足法定人数的党员大会、没有入党日期的党员、没有党费记录的月份、"
                             "未结束的民主评议等）")
    parser.add_argument("--year", type=int, metavar="YYYY", help="与 --binder 一起用：检查哪一年的台账（省略时为今年）")
    parser.add_argument("--sections", nargs="+", metavar="S",
                        help="与 --binder 一起用：只检查这些部分（与 export binder --sections 相同的名称，如 roster.roster "
                             "dues.register；省略时为上次选择的部分）")
    add_data_dir(parser)
    add_login_password(parser)


def _binder_options(args) -> tuple[int, list[str] | None] | str:
    """(year, sections) for --binder, or why the options are wrong (Chinese)."""
    from datetime import date

    if not args.binder:
        if args.year is not None or args.sections:
            return "--year 和 --sections 只能与 --binder 一起使用。"
        return date.today().year, None
    year = args.year if args.year is not None else date.today().year
    if not 1921 <= year <= date.today().year + 1:
        return f"年度 {year} 不在 1921 年至 {date.today().year + 1} 年之间。"
    sections = [k for raw in args.sections or () for k in raw.replace("，", ",").split(",") if k.strip()]
    return year, [k.strip() for k in sections] or None


def run(args) -> int:
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    from app.config import database_path, resolve_data_dir
    from app.migrations.runner import read_only_refusal
    from app.models.database import read_only_engine
    from app.services.common.integrity import check_engine

    options = _binder_options(args)
    if isinstance(options, str):
        return fail(options)
    folder = resolve_data_dir(args.data_dir, create=False)
    path = database_path(folder)
    if not path.is_file():
        return fail(f"数据文件夹中没有数据库文件：{path}")
    print(f"数据文件夹：{folder}")
    from app.services.access.encryption import is_encrypted

    if is_encrypted(folder) and (refusal := login_refusal(args, folder, "检查")):
        return fail(refusal)  # an encrypted database cannot even be read without the start-up password
    engine = read_only_engine(path)
    try:
        try:
            refusal = read_only_refusal(engine, path, "检查")
        except (DBAPIError, sqlite3.DatabaseError):
            refusal = None  # unreadable: integrity_check below says how
        if refusal:
            return fail(refusal)
        if args.binder:
            report = _check_binder(engine, folder, *options)
        else:
            report = check_engine(engine, data_dir=folder)
    except (DBAPIError, sqlite3.Error) as exc:
        return fail(f"检查未能完成：{getattr(exc, 'orig', None) or exc}")
    finally:
        engine.dispose()
    if refusal := login_refusal(args, folder, "列出问题的详情"):
        # the verdict is no secret; the details name members: only with the start-up password
        print(report.summary())
        print(f"提示：{refusal}")
        return 0 if report.ok else 1
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _check_binder(engine, folder, year: int, sections: list[str] | None):
    from sqlalchemy.orm import Session

    from app.services.ledgers.completeness import check_binder

    with Session(engine) as session:  # an unknown section key is a UserError: app.cli prints it, exit 2
        try:
            return check_binder(session, year, sections=sections, data_dir=folder)
        finally:
            session.rollback()
