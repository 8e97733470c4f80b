"""`branch-ledger export COMMAND [--sheet S] -o FILE [--format pdf|xlsx|docx] [--mask-id] [--preparer NAME] …`.

The sub-commands, their documents and their options come from the area registry's catalogue
(app.kit.registry.Document): `export roster`, `export changes`, and each area's own (`export meetings --sheet
book`, `export development --register activists` …). A command with several documents picks one with its
selector flag.

The export only reads the database (SQLite read-only mode, no lock, no migration), so it works while the
desktop application has the same data folder open, and a mistyped --data-dir never creates an empty
database. Exit status: 0 written, 2 not written (the reason printed in Chinese).
"""

from __future__ import annotations

import argparse
from datetime import date

from app.commands.common import add_data_dir, add_login_password, fail, login_refusal
from app.kit import registry
from app.kit.registry import Document, Option

FIRST_YEAR = 1921


def add_parser(subparsers) -> None:
    commands = registry.export_commands()
    listing = "、".join(f"{name}（{'／'.join(d.title for d in docs)}）" for name, docs in commands.items())
    parser = subparsers.add_parser(
        "export", help="导出台账文件（PDF 用于打印，Excel 用于再加工）",
        description=f"导出台账文件。可导出：{listing}。")
    add_data_dir(parser)
    add_login_password(parser)
    kinds = parser.add_subparsers(dest="report", metavar="台账")
    for name, docs in commands.items():
        _command_parser(kinds, name, docs)


def _command_parser(kinds, name: str, docs: list[Document]) -> argparse.ArgumentParser:
    first = docs[0]
    formats = sorted({f for d in docs for f in d.formats})
    title = first.title if len(docs) == 1 else "、".join(d.title for d in docs)
    parser = kinds.add_parser(name, help=title, description=first.description or f"导出{title}。")
    parser.add_argument("-o", "--output", metavar="FILE", help=f"保存为此文件，例如 {first.title}.{formats[0]}")
    parser.add_argument("--format", dest="fmt", metavar="|".join(formats),
                        help=f"文件格式：{' 或 '.join(formats)}（省略时按文件扩展名判断）")
    if any(d.has_ids for d in docs):
        parser.add_argument("--mask-id", action="store_true",
                            help="隐藏公民身份号码的中间部分（如 110105********002X）")
    parser.add_argument("--preparer", metavar="NAME", help="制表人（省略时用设置中的制表人）")
    if len(docs) > 1:
        selector = first.selector
        choices = [d.sheet for d in docs]
        parser.add_argument(f"--{selector}", dest="sheet", required=True, choices=choices,
                            metavar="|".join(choices),
                            help="；".join(f"{d.sheet}：{d.title}" for d in docs))
    seen: set[str] = set()
    for option in (o for d in docs for o in d.options):
        if option.name not in seen:
            seen.add(option.name)
            _add_option(parser, option)
    add_data_dir(parser)
    add_login_password(parser)
    return parser


def year_value(text: str) -> int:
    """A year from 1921 (the Party's founding) to next year; argparse shows the message in Chinese."""
    last = date.today().year + 1
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份“{text}”不是数字，请写四位年份，例如 {last - 1}") from None
    if not FIRST_YEAR <= year <= last:
        raise argparse.ArgumentTypeError(f"年份 {year} 不在 {FIRST_YEAR} 至 {last} 年之间，请写四位年份")
    return year


def _add_option(parser: argparse.ArgumentParser, option: Option) -> None:
    if option.kind == "flag":
        parser.add_argument(option.flag, dest=option.name, action="store_true", help=option.label)
        return
    kwargs: dict = dict(dest=option.name, help=option.label, default=option.default,
                        required=option.required, metavar=option.metavar)
    if option.kind == "year":
        kwargs.update(type=year_value, metavar=option.metavar or "YYYY")
    elif option.kind == "int":
        kwargs.update(type=int)
    elif option.kind == "list":  # --sections A B C: the values in the order given
        kwargs.update(nargs="+")
    elif option.kind == "choice":
        kwargs.update(choices=list(option.choices), metavar=option.metavar or "|".join(option.choices))
    parser.add_argument(option.flag, **kwargs)


def _format_of(args: argparse.Namespace) -> str | None:
    if args.fmt:
        return args.fmt.lower().lstrip(".")
    from pathlib import PurePath

    return PurePath(args.output).suffix.lower().lstrip(".") or None


def chosen_document(args: argparse.Namespace) -> Document:
    docs = registry.export_commands()[args.report]
    if len(docs) == 1:
        return docs[0]
    return next(d for d in docs if d.sheet == args.sheet)


def document_options(doc: Document, args: argparse.Namespace) -> dict:
    """The keyword options the writer receives, from the parsed command line."""
    options = {o.name: getattr(args, o.name) for o in doc.options}
    options["preparer"] = args.preparer
    if doc.has_ids:
        options["mask_ids"] = args.mask_id
    return options


def run(args) -> int:
    if getattr(args, "report", None) is None:
        return fail("请指定要导出的台账，例如：branch-ledger export roster --format pdf -o 花名册.pdf")
    if not args.output:
        return fail("请用 -o 指定要保存的文件，例如：-o 花名册.pdf")
    doc = chosen_document(args)
    fmt = _format_of(args)
    if fmt not in doc.formats:
        shown = " 或 ".join(f"--format {f}" for f in doc.formats)
        return fail(f"无法确定导出格式（{fmt or '文件没有扩展名'}）：{doc.title}请用 {shown}。")

    import sqlite3
    from pathlib import Path

    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

    from app.config import database_path, resolve_data_dir
    from app.kit.errors import UserError
    from app.migrations.runner import read_only_refusal
    from app.models.database import read_only_engine

    folder = resolve_data_dir(args.data_dir, create=False)
    db_path = database_path(folder)
    if not db_path.is_file():
        return fail(f"数据文件夹中没有数据库文件：{db_path}（可用 --data-dir 指定数据文件夹）")
    if refusal := login_refusal(args, folder, "导出"):
        return fail(refusal)
    engine = read_only_engine(db_path)
    try:
        if refusal := read_only_refusal(engine, db_path, "导出"):
            return fail(refusal)
        target = Path(args.output).expanduser().resolve()
        write = registry.resolve(doc.writer)
        with Session(engine) as session:
            result = write(session, target, fmt, **document_options(doc, args))
    except UserError as exc:
        return fail(str(exc))
    except (DBAPIError, sqlite3.Error) as exc:
        return fail(f"读取数据库失败：{getattr(exc, 'orig', None) or exc}（{db_path}）")
    finally:
        engine.dispose()
    pages = f"，共 {result.pages} 页" if result.pages is not None else ""
    print(f"已导出{doc.title}（{fmt.upper()}）：{result.path}，{result.rows} {doc.row_noun or doc.unit}{pages}")
    notices = result.notices() if hasattr(result, "notices") else (
        [result.missing_glyphs_warning()] if result.missing_glyphs else [])
    for line in notices:  # e.g. the binder's sections with nothing to print that year
        print(line)
    return 0
