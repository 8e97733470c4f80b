"""`branch-ledger check [--data-dir DIR]`: check the database file and the records' consistency.

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
    add_data_dir(parser)
    add_login_password(parser)


def run(args) -> int:
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    from app.config import database_path, resolve_data_dir
    from app.migrations.runner import read_only_refusal
    from app.models.database import read_only_engine
    from app.services.common.integrity import check_engine

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
