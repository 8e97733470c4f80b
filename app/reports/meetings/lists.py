"""The flat list of a year's meetings (XLSX for further work, or PDF) and the year's 谈心谈话 记录."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.reports.engine.document import TABLE_FORMATS, Document
from app.reports.engine.output import write_atomically, write_document
from app.reports.engine.register import LEFT, Column, Register, ReportResult, check_format
from app.reports.heading import ledger_heading
from app.reports.meetings.common import day_text, kind_code, year_or_current
from app.services.meetings import kinds
from app.services.meetings.attendance import meeting_flags
from app.services.meetings.records import counts, list_meetings
from app.services.meetings.talks import list_talks, talk_coverage

LIST_SUFFIX = "会议一览表"
# exactly these columns (序号 is the register's own first column)
LIST_COLUMNS = [Column("日期", 3, nowrap=True), Column("类型", 4), Column("名称", 8, LEFT), Column("地点", 5),
                Column("主持人", 3), Column("记录人", 3), Column("应到", 2, nowrap=True), Column("实到", 2, nowrap=True),
                Column("缺席", 2, nowrap=True), Column("有表决权应到", 2), Column("有表决权实到", 2),
                Column("人数是否符合规定", 3)]
NUMBER_COLUMNS = ("应到", "实到", "缺席", "有表决权应到", "有表决权实到")


def headcount_ok(session: Session, meeting) -> str:
    """是 / 否 for the kinds the 条例 sets a headcount for (党员大会, 支委会); — for the others."""
    spec = kinds.MEETING_KINDS.get(meeting.kind)
    if spec is None or spec.quorum == kinds.QUORUM_NONE:
        return "—"
    headcount = [f for f in meeting_flags(session, meeting) if f.startswith("到会")]
    return "否" if headcount else "是"


def list_register(session: Session, *, year: int | None = None, kind: str | None = None,
                  preparer: str | None = None, today: date | None = None) -> Register:
    year = year_or_current(year, today)
    code = kind_code(kind)
    profile, meta = ledger_heading(session, LIST_SUFFIX, preparer=preparer, today=today)
    rows = []
    failing = 0
    for m in list_meetings(session, year=year, kind=code, status=kinds.HELD):
        c = counts(m)
        ok = headcount_ok(session, m)
        failing += ok == "否"
        rows.append([day_text(m.day), kinds.kind_label(m.kind), m.title, m.place,
                     m.host.name if m.host else "", m.recorder.name if m.recorder else "",
                     str(c.expected), str(c.present), str(c.absent_count), str(c.voting_expected),
                     str(c.voting_present), ok])
    what = kinds.kind_label(code) if code else "会议和活动"
    notes = [f"共 {len(rows)} 次{what}" + (f"，其中 {failing} 次到会人数不符合规定" if failing else "") + "。",
             "人数是否符合规定：支部党员大会须有半数以上有表决权的党员到会，支部委员会须有半数以上委员到会"
             "（《中国共产党支部工作条例（试行）》）；其他会议不作要求，记为“—”。"]
    return Register(title=f"{profile.full_name} {year}年度{LIST_SUFFIX}", columns=LIST_COLUMNS, rows=rows, meta=meta,
                    notes=notes, sheet_name=LIST_SUFFIX, freeze_columns=2)


def _numbers_as_numbers(path: Path, labels: tuple[str, ...]) -> None:
    """The engine writes every cell as text; in this list the head counts are numbers (to sum and sort)."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "序号")
    columns = [c for c in range(1, sheet.max_column + 1) if sheet.cell(header_row, c).value in labels]
    for row in range(header_row + 1, sheet.max_row + 1):
        if not isinstance(sheet.cell(row, 1).value, int):
            break  # the notes under the table
        for col in columns:
            cell = sheet.cell(row, col)
            if isinstance(cell.value, str) and cell.value.isdigit():
                cell.value = int(cell.value)
                cell.number_format = "0"
    write_atomically(path, book.save)


def list_document(session: Session, *, year: int | None = None, kind: str | None = None,
                  preparer: str | None = None, today: date | None = None, **_options) -> Document:
    return list_register(session, year=year, kind=kind, preparer=preparer, today=today).document()


def write_meeting_list(session: Session, path: Path, fmt: str, *, year: int | None = None, kind: str | None = None,
                       preparer: str | None = None, today: date | None = None, **_options) -> ReportResult:
    fmt = check_format(fmt)
    result = write_document(list_document(session, year=year, kind=kind, preparer=preparer, today=today), path, fmt,
                            formats=TABLE_FORMATS)
    if fmt == "xlsx":
        _numbers_as_numbers(result.path, NUMBER_COLUMNS)
    return result


TALK_SUFFIX = "谈心谈话记录"
TALK_COLUMNS = [Column("日期", 3, nowrap=True), Column("谈话人", 3), Column("谈话对象", 3), Column("谈话类型", 3),
                Column("地点", 4), Column("谈话主题", 8, LEFT), Column("谈话内容摘要", 16, LEFT)]


def talks_register(session: Session, *, year: int | None = None, preparer: str | None = None,
                   today: date | None = None) -> Register:
    today = today or date.today()
    year = year_or_current(year, today)
    profile, meta = ledger_heading(session, TALK_SUFFIX, preparer=preparer, today=today)
    rows = [[day_text(t.talk_date), t.talker.name, t.talkee.name, kinds.TALK_KINDS.get(t.kind, t.kind), t.place,
             t.topics, t.summary] for t in list_talks(session, year)]
    coverage = talk_coverage(session, year, today)
    notes = [f"共 {len(rows)} 次谈话；党员覆盖情况：{coverage.summary()}。"]
    if coverage.uncovered:
        notes.append("尚未与支部委员谈话的党员：" + "、".join(m.name for m in coverage.uncovered) + "。")
    return Register(title=f"{profile.full_name} {year}年度{TALK_SUFFIX}", columns=TALK_COLUMNS, rows=rows, meta=meta,
                    notes=notes, sheet_name=TALK_SUFFIX)


def talks_document(session: Session, *, year: int | None = None, preparer: str | None = None,
                   today: date | None = None, **_options) -> Document:
    return talks_register(session, year=year, preparer=preparer, today=today).document()


def write_talks(session: Session, path: Path, fmt: str, *, year: int | None = None, preparer: str | None = None,
                today: date | None = None, **_options) -> ReportResult:
    fmt = check_format(fmt)
    return write_document(talks_document(session, year=year, preparer=preparer, today=today), path, fmt,
                          formats=TABLE_FORMATS)
