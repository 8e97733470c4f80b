"""The printed 党员队伍结构统计表: the branch's 在册 members on a day by 人员类别, 性别, 民族, 年龄, 学历, 党龄 and
党小组, counts and percentages (app.services.roster.structure).

PDF: one portrait A4 page as the paper 统计表 has it: a summary line (总数, 女党员, 少数民族党员, 预备党员),
then for each breakdown a small table with its categories across, a 人数 row and a 占比 row, and 合计, the
tables lined up one above the other; the notes say how age and 党龄 are counted; the signature and seal
block at the end. XLSX, for further work in Excel: the same heading, summary, notes and signatures around
one table with a row per category (项目, 类别, 人数, 占比), counts as numbers and shares as percentages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import DateTextError, format_date, parse_date_text
from app.reports.engine.blocks import Column, MetaLine, Paragraph, SignatureLine, Spacer, Table, Title
from app.reports.engine.document import Document, ReportResult, check_format
from app.reports.engine.errors import ReportError
from app.reports.engine.output import write_document
from app.reports.heading import ledger_heading
from app.services.roster.structure import BranchStructure, Breakdown, branch_structure

TITLE_SUFFIX = "党员队伍结构统计表"
COUNT_ROW, SHARE_ROW, TOTAL_COLUMN = "人数", "占比", "合计"
TOTAL_LABEL = "在册党员"
MAX_ACROSS = 9  # categories in one table row; a longer breakdown (many 党小组) continues in a second table
LABEL_SLOTS = 1.7  # the 项目 column, in data columns' widths
SIGNATURES = (("制表人", "审核人（支部书记）"), ("盖章", "日期"))
NOTES = ("说明：统计对象为统计日期在本支部在册的党员。年龄按统计日期的周岁计算；党龄从转为正式党员之日算起"
         "（《中国共产党章程》第七条），预备党员不计党龄。占比为该类人数占在册党员总数的百分比。")


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def statistics_day(value: object, today: date) -> date:
    """--date YYYY-MM-DD (today when omitted); a day after today is refused: the roster does not know it yet."""
    if isinstance(value, date):
        day = value
    else:
        try:
            day = parse_date_text(str(value or ""), "date") or today
        except DateTextError as exc:
            raise ReportError(f"统计日期不正确：{exc.message}") from None
    if day > today:
        raise ReportError(f"统计日期 {format_date(day)} 晚于今天，无法统计，请写今天或以前的日期。")
    return day


def summary_line(structure: BranchStructure) -> str:
    return (f"在册党员总数 {structure.total} 人，其中女党员 {structure.women} 人、少数民族党员 "
            f"{structure.minorities} 人、预备党员 {structure.probationary} 人。")


def breakdown_tables(breakdown: Breakdown) -> list[Table]:
    """The breakdown as tables of categories across: 人数 and 占比 rows, 合计 at the end of the last.
    Every table takes the page's width with its 项目 column equally wide, so the tables line up."""
    rows = list(breakdown.rows)
    chunks = [rows[i:i + MAX_ACROSS] for i in range(0, len(rows), MAX_ACROSS)] or [[]]
    tables = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        title = breakdown.title if index == 0 else f"{breakdown.title}（续）"
        cells = [(label, str(n), percent(breakdown.share(n))) for label, n in chunk]
        if last:
            cells.append((TOTAL_COLUMN, str(breakdown.total), percent(breakdown.share(breakdown.total))))
        slot = (MAX_ACROSS + 1) / len(cells)  # the data columns share what MAX_ACROSS + 合计 would take
        columns = [Column(title, LABEL_SLOTS)] + [Column(label, slot, number=True) for label, _n, _s in cells]
        table_rows = [[COUNT_ROW] + [n for _l, n, _s in cells], [SHARE_ROW] + [s for _l, _n, s in cells]]
        tables.append(Table(columns, table_rows, numbered=False, font_size=10.0, fixed_widths=True))
    return tables


def sheet_rows(structure: BranchStructure) -> list[list[str]]:
    """One row per category: 项目, 类别, 人数, 占比 (the XLSX's table; 项目 on every row, for Excel's filter)."""
    rows = [[TOTAL_LABEL, TOTAL_COLUMN, str(structure.total), percent(1.0 if structure.total else None)]]
    rows += [[b.title, label, str(n), percent(b.share(n))] for b in structure.breakdowns for label, n in b.rows]
    return rows


def structure_document(session: Session, fmt: str = "pdf", *, day: date | None = None, preparer: str | None = None,
                       today: date | None = None) -> Document:
    """The statistics as a Document: the PDF's tables across, or (fmt "xlsx") one table of rows."""
    today = today or date.today()
    day = day or today
    profile, meta = ledger_heading(session, TITLE_SUFFIX, preparer=preparer, today=today)
    structure = branch_structure(session, day)
    title = f"{profile.full_name}{TITLE_SUFFIX}"
    meta = [("统计日期", format_date(day)), *[(label, value) for label, value in meta if label != "制表单位"]]
    blocks: list = [Title(title), MetaLine(meta), Paragraph(summary_line(structure), indent=False, line_spacing=1.6)]
    if fmt == "xlsx":
        blocks.append(Table([Column("项目", 2), Column("类别", 3), Column(COUNT_ROW, 1, number=True),
                             Column(SHARE_ROW, 1, number=True)], sheet_rows(structure), numbered=False))
    else:
        for breakdown in structure.breakdowns:
            for table in breakdown_tables(breakdown):
                blocks += [Spacer(3.5), table]
    blocks += [Spacer(2), Paragraph(NOTES, indent=False, size=9.5, line_spacing=1.4)]
    blocks += [SignatureLine(items) for items in SIGNATURES]
    return Document(title=title, blocks=blocks, sheet_name=TITLE_SUFFIX, running_header=title,
                    count=structure.total)


def write_structure(session: Session, path: Path, fmt: str, *, date: object = None, preparer: str | None = None,
                    today=None, **_options: object) -> ReportResult:
    """`branch-ledger export structure [--date YYYY-MM-DD] -o FILE.pdf|.xlsx`."""
    from datetime import date as date_type

    fmt = check_format(fmt)
    today = today or date_type.today()
    day = statistics_day(date, today)
    document = structure_document(session, fmt, day=day, preparer=preparer, today=today)
    return write_document(document, path, fmt, formats=("pdf", "xlsx"))
