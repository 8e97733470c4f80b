"""`branch-ledger export roster|changes --format pdf|xlsx -o FILE [--data-dir DIR] [--mask-id] …`.

roster: the 党员花名册 (`--include-former` adds members who left); changes: the 党员情况变更记录
(`--year 2026` for one year's changes).

The export only reads the database (SQLite read-only mode, no lock, no migration), so it works while the
desktop application has the same data folder open, and a mistyped --data-dir never creates an empty
database. Exit status: 0 written, 2 not written (the reason printed in Chinese).
"""

from __future__ import annotations

import argparse

from app.commands.common import add_data_dir, fail

REPORTS = {"roster": "党员花名册", "changes": "党员情况变更记录"}


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="导出台账文件（PDF 用于打印，Excel 用于再加工）",
        description="导出台账文件。目前可导出：roster（党员花名册）、changes（党员情况变更记录）。")
    add_data_dir(parser)
    kinds = parser.add_subparsers(dest="report", metavar="台账")
    roster = _document_parser(
        kinds, "roster", "花名册.pdf",
        "导出党员花名册：PDF（A4 横向，可直接打印）或 Excel（xlsx）。默认只含在册党员。")
    roster.add_argument("--include-former", action="store_true", help="同时列出已转出、出党、去世的党员")
    changes = _document_parser(
        kinds, "changes", "变更记录.pdf", "导出党员情况变更记录（转入、转出、转正、出党等），可只导出某一年。")
    changes.add_argument("--year", type=int, metavar="YYYY", help="只导出这一年的变更，例如 2026")


def _document_parser(kinds, name: str, example: str, description: str) -> argparse.ArgumentParser:
    """The options every document shares: where, which format, ID masking, who prepared it."""
    parser = kinds.add_parser(name, help=REPORTS[name], description=description)
    parser.add_argument("-o", "--output", metavar="FILE", help=f"保存为此文件，例如 {example}")
    parser.add_argument("--format", dest="fmt", metavar="pdf|xlsx",
                        help="文件格式：pdf 或 xlsx（省略时按文件扩展名判断）")
    parser.add_argument("--mask-id", action="store_true",
                        help="隐藏公民身份号码的中间部分（如 110105********002X）")
    parser.add_argument("--preparer", metavar="NAME", help="制表人（省略时用设置中的制表人）")
    add_data_dir(parser)
    return parser


def _format_of(args: argparse.Namespace) -> str | None:
    if args.fmt:
        return args.fmt.lower().lstrip(".")
    from pathlib import PurePath

    return PurePath(args.output).suffix.lower().lstrip(".") or None


def run(args) -> int:
    if getattr(args, "report", None) is None:
        return fail("请指定要导出的台账，例如：branch-ledger export roster --format pdf -o 花名册.pdf")
    if not args.output:
        return fail("请用 -o 指定要保存的文件，例如：-o 花名册.pdf")
    fmt = _format_of(args)
    if fmt not in ("pdf", "xlsx"):
        return fail(f"无法确定导出格式（{fmt or '文件没有扩展名'}）：请用 --format pdf 或 --format xlsx")

    import sqlite3
    from pathlib import Path

    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

    from app.config import database_path, resolve_data_dir
    from app.migrations.runner import read_only_refusal
    from app.models.database import read_only_engine
    from app.reports.engine.register import ReportError
    from app.reports.roster.change_record_report import write_change_records
    from app.reports.roster.roster_report import write_roster

    folder = resolve_data_dir(args.data_dir)
    db_path = database_path(folder)
    if not db_path.is_file():
        return fail(f"数据文件夹中没有数据库文件：{db_path}（可用 --data-dir 指定数据文件夹）")
    engine = read_only_engine(db_path)
    try:
        if refusal := read_only_refusal(engine, db_path, "导出"):
            return fail(refusal)
        target = Path(args.output).expanduser().resolve()
        with Session(engine) as session:
            if args.report == "changes":
                result = write_change_records(session, target, fmt, year=args.year, mask_ids=args.mask_id,
                                              preparer=args.preparer)
            else:
                result = write_roster(session, target, fmt, include_former=args.include_former,
                                      mask_ids=args.mask_id, preparer=args.preparer)
    except ReportError as exc:
        return fail(str(exc))
    except (DBAPIError, sqlite3.Error) as exc:
        return fail(f"读取数据库失败：{getattr(exc, 'orig', None) or exc}（{db_path}）")
    finally:
        engine.dispose()
    pages = f"，共 {result.pages} 页" if result.pages is not None else ""
    unit = "条记录" if args.report == "changes" else "名党员"
    print(f"已导出{REPORTS[args.report]}（{fmt.upper()}）：{result.path}，{result.rows} {unit}{pages}")
    if result.missing_glyphs:
        print(result.missing_glyphs_warning())
    return 0
