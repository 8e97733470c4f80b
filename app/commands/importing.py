"""`branch-ledger import KIND FILE …`: import an existing spreadsheet (the old 花名册 first).

    branch-ledger import roster 花名册.xlsx [--sheet NAME] [--dry-run] [--on-duplicate skip|update|keep]
                                           [--report 报告.xlsx] [--yes]
    branch-ledger import template roster -o 模板.xlsx
    branch-ledger import undo [BATCH]

On a terminal it shows the preview and asks; --yes answers for scripts; with no terminal and no --yes it only
previews. Exit status: 0 done (or previewed), 2 nothing written (the reason in Chinese).
"""

from __future__ import annotations

import argparse
import sys

from app.commands.common import LedgerLocked, add_data_dir, add_login_password, fail, open_unlocked

COMMAND = "import"  # the module cannot be named after a Python keyword
SHOWN_PROBLEMS = 30


IMPORT_HELP = "导入已有的电子表格（如旧的党员花名册 Excel），先预览再写入，可整批撤销"


def add_brief_parser(subparsers) -> None:
    """While another command runs: the same entry in the list of commands, without the import kinds."""
    parser = subparsers.add_parser(COMMAND, help=IMPORT_HELP)
    parser.add_argument("words", nargs="*", help=argparse.SUPPRESS)


def add_parser(subparsers) -> None:
    from app.kit import registry

    kinds = registry.import_offers()  # declarations only: the import machinery loads when a command runs
    listing = "、".join(f"{k}（{v.title}）" for k, v in kinds.items())
    parser = subparsers.add_parser(
        COMMAND, help=IMPORT_HELP,
        description=f"导入 .xlsx、.xls、.ods 或 .csv 文件。可导入：{listing}。"
                    "先显示预览（每行将如何保存、有什么问题），确认后一次写入；未导入的行可输出为报告。")
    add_data_dir(parser)
    what = parser.add_subparsers(dest="import_kind", metavar="类型")
    for key, kind in kinds.items():
        one = what.add_parser(key, help=f"导入{kind.title}", description=f"导入{kind.title}。")
        one.add_argument("file", metavar="FILE", help="要导入的文件（.xlsx、.xls、.ods、.csv）")
        one.add_argument("--sheet", metavar="NAME", help="工作表名称（省略时自动选择像花名册的那一张）")
        one.add_argument("--dry-run", action="store_true", help="只预览，不写入")
        one.add_argument("--on-duplicate", choices=["skip", "update", "keep"], default="skip", metavar="skip|update|keep",
                         help="与已有记录重复（身份证号相同）时：skip 跳过（默认），update 更新已有记录，keep 两条都保留")
        one.add_argument("--report", metavar="REPORT.xlsx", help="把未导入的行及原因写入这个 Excel 文件")
        one.add_argument("--yes", action="store_true", help="不再询问，直接导入（用于脚本）")
        add_data_dir(one)
        add_login_password(one)
    template = what.add_parser("template", help="下载空白导入模板", description="生成空白导入模板（表头、下拉选项、填写说明）。")
    template.add_argument("template_kind", metavar="KIND", choices=list(kinds), help="|".join(kinds))
    template.add_argument("-o", "--output", metavar="FILE", required=True, help="保存为此文件，例如 花名册导入模板.xlsx")
    add_data_dir(template)
    undo = what.add_parser("undo", help="撤销一次导入", description="撤销一次导入（默认最近一次），只要导入的记录之后没有被改动。")
    undo.add_argument("batch", metavar="BATCH", nargs="?", type=int, help="导入批次编号（省略时为最近一次）")
    undo.add_argument("--yes", action="store_true", help="不再询问")
    add_data_dir(undo)
    add_login_password(undo)


def run(args) -> int:
    from app.kit.errors import UserError

    if getattr(args, "import_kind", None) is None:
        return fail("请指定要导入的内容，例如：branch-ledger import roster 花名册.xlsx")
    try:
        if args.import_kind == "template":
            return _template(args)
        if args.import_kind == "undo":
            return _undo(args)
        return _import(args)
    except UserError as exc:
        return fail(exc.message)


def _template(args) -> int:
    from pathlib import Path

    from app.services.importer.templates import write_template

    path = write_template(args.template_kind, Path(args.output).expanduser())
    print(f"已生成导入模板：{path}")
    return 0


def _confirmed(args, question: str) -> bool | None:
    """True to go on, False if the user said no, None when nobody can be asked (no terminal, no --yes)."""
    if args.yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        return None
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in ("y", "yes", "是", "确认")


def _import(args) -> int:
    from pathlib import Path

    from app.services.importer.apply import apply_import
    from app.services.importer.matching import remember_mapping
    from app.services.importer.report import write_report
    from app.services.importer.session import prepare_import

    try:
        db = open_unlocked(args, "导入")
    except LedgerLocked as exc:
        return fail(str(exc))
    try:
        with db.session() as session:
            preview = prepare_import(session, args.import_kind, Path(args.file).expanduser(), sheet=args.sheet,
                                     on_duplicate=args.on_duplicate)
        _print_preview(preview)
        if args.report:
            print(f"导入报告：{write_report(preview, Path(args.report).expanduser())}")
        if args.dry_run:
            print("只预览（--dry-run），没有写入任何记录。")
            return 0
        if not preview.accepted:
            return fail("没有可以导入的行，没有写入任何记录。")
        decided = _confirmed(args, f"确认导入这 {len(preview.accepted)} 行？")
        if decided is None:
            print("没有写入任何记录：不在终端中运行时，请加 --yes 确认导入。")
            return 0
        if not decided:
            print("已取消，没有写入任何记录。")
            return 0
        with db.transaction() as session:
            batch = apply_import(session, preview)
            remember_mapping(session, preview.kind, preview.table.headers, preview.mapping)
        print(f"已导入{preview.kind.title}：新增 {batch.added} 行，更新 {batch.updated} 行，"
              f"未导入 {batch.rejected} 行（导入批次 {batch.id}；"
              f"如需撤销：branch-ledger import undo {batch.id}）。")
        return 0
    finally:
        db.dispose()


def _print_preview(preview) -> None:
    kind = preview.kind
    print(f"文件：{preview.file_name}  工作表：{preview.table.sheet}  表头在第 {preview.table.header_row} 行")
    matched = "、".join(f"{preview.table.headers[c]}→{kind.field(k).label}" for c, k in preview.mapping.by_column.items())
    print(f"对应的列：{matched}")
    ignored = [h for _, h in preview.mapping.ignored if h]
    if ignored:
        print(f"不导入的列：{'、'.join(ignored)}")
    for number, why in preview.table.skipped:
        print(f"  第 {number} 行：{why}")
    shown = 0
    for row in preview.rows:
        if row.errors or row.warnings:
            if shown == SHOWN_PROBLEMS:
                print("  ……还有更多，请用 --report 输出完整报告")
                break
            shown += 1
            name = row.values.get("name", "")
            if row.errors:
                print(f"  第 {row.number} 行{f'（{name}）' if name else ''}：{_action(row)}：{row.reasons(kind)}")
            if row.warnings:
                print(f"  第 {row.number} 行{f'（{name}）' if name else ''}：提示：{row.warnings_text(kind)}")
    print(preview.summary())


def _action(row) -> str:
    from app.services.importer.preview import ACTION_LABELS

    return ACTION_LABELS[row.action]


def _undo(args) -> int:
    from sqlalchemy import select

    from app.models import ImportBatch
    from app.services.importer.apply import undo_import, undo_problem

    try:
        db = open_unlocked(args, "撤销导入")
    except LedgerLocked as exc:
        return fail(str(exc))
    try:
        with db.session() as session:
            query = select(ImportBatch).where(ImportBatch.undone_at.is_(None)).order_by(ImportBatch.id.desc())
            batch = session.get(ImportBatch, args.batch) if args.batch else session.scalars(query).first()
            if batch is None:
                return fail("没有可以撤销的导入。")
            problem = undo_problem(session, batch)
            if problem:
                return fail(problem)
            what = (f"导入批次 {batch.id}（{batch.created_at:%Y-%m-%d %H:%M}，{batch.file_name}：新增 {batch.added} 行，"
                    f"更新 {batch.updated} 行）")
        decided = _confirmed(args, f"撤销{what}？")
        if not decided:
            print("没有撤销：请在终端中确认，或加 --yes。" if decided is None else "已取消。")
            return 0
        with db.transaction() as session:
            undo_import(session, batch.id)
        print(f"已撤销{what}。")
        return 0
    finally:
        db.dispose()
