"""A year's 会议记录 book: a cover, the contents, every record (of one kind, if chosen) on its own pages by
date, page numbers through the whole and a bookmark per record (the engine's binder).

In the annual binder the same records are one section (`meeting_book_document`): each record on new pages
under its own bookmark, nested under the section's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.engine import Bookmark, Document, Field, KeyValueTable, PageBreak, Spacer, Title
from app.reports.engine.document import ReportResult, check_format
from app.reports.engine.errors import ReportError
from app.reports.engine.pdf_binder import Section, write_binder
from app.reports.heading import ledger_heading
from app.reports.meetings.common import data_folder, day_text, kind_code, year_or_current
from app.reports.meetings.record import meeting_record_document, record_blocks
from app.services.meetings import kinds
from app.services.meetings.attendance import meeting_flags
from app.services.meetings.records import list_meetings


def book_title(full_name: str, year: int, kind: str | None) -> str:
    what = kinds.kind(kind).record_heading if kind else "会议记录"
    return f"{full_name} {year}年度{what}"


def section_title(session: Session, meeting) -> str:
    """The contents line of a record; one that fails the 条例's rules says so here too."""
    mark = "（不符合规定）" if meeting_flags(session, meeting) else ""
    return f"{day_text(meeting.day)}　{meeting.title}{mark}"


def book_meetings(session: Session, year: int, codes: Sequence[str] | None) -> list:
    """The year's held meetings of the kinds `codes` (None: every kind), by date; a ReportError if none."""
    meetings = list_meetings(session, year=year, kind=codes[0] if codes and len(codes) == 1 else None,
                             status=kinds.HELD)
    if codes:
        meetings = [m for m in meetings if m.kind in codes]
    if not meetings:
        what = "、".join(kinds.kind_label(c) for c in codes) + "的" if codes else ""
        raise ReportError(f"{year}年没有已召开的{what}会议记录，无法生成会议记录本。")
    return meetings


def meeting_book_document(session: Session, *, year: int | None = None, kind: str | None = None,
                          kind_codes: Sequence[str] | None = None, photos: bool = False, preparer: str | None = None,
                          today: date | None = None, **_options) -> Document:
    """The year's records (of one kind, or of `kind_codes`), each starting a new page under its own bookmark:
    the book as one Document, for the annual binder."""
    year = year_or_current(year, today)
    codes = [kind_code(kind)] if kind_code(kind) else [kind_code(c) for c in kind_codes or ()] or None
    profile, _meta = ledger_heading(session, "会议记录", preparer=preparer, today=today)
    meetings = book_meetings(session, year, codes)
    folder = data_folder(session) if photos else None
    blocks: list = []
    for m in meetings:
        if blocks:
            blocks.append(PageBreak())
        blocks += [Bookmark(section_title(session, m)), *record_blocks(session, m, photos=photos, folder=folder)]
    return Document(title=book_title(profile.full_name, year, codes[0] if codes and len(codes) == 1 else None),
                    blocks=blocks, running_header=profile.full_name, count=len(meetings))


def write_meeting_book(session: Session, path: Path, fmt: str, *, year: int | None = None, kind: str | None = None,
                       photos: bool = False, preparer: str | None = None, today: date | None = None,
                       progress: Callable[[int, int], None] | None = None, **_options) -> ReportResult:
    """Write the year's book as PDF; `progress(done, steps)` for a progress bar. Raises ReportError."""
    check_format(fmt, ("pdf",))
    year = year_or_current(year, today)
    code = kind_code(kind)
    profile, meta = ledger_heading(session, "会议记录", preparer=preparer, today=today)
    meetings = book_meetings(session, year, [code] if code else None)
    folder = data_folder(session) if photos else None
    title = book_title(profile.full_name, year, code)
    per_kind = Counter(m.kind for m in meetings)
    summary = "、".join(f"{k.label} {per_kind[k.code]} 次" for k in kinds.MEETING_KINDS.values() if per_kind[k.code])
    cover = Document(title=title, blocks=[
        Spacer(50), Title(profile.full_name, size=22), Spacer(8),
        Title(f"{year}年度{kinds.kind(code).record_heading if code else '会议记录'}", size=26), Spacer(30),
        KeyValueTable(pairs=1, label_chars=6, rows=[
            [Field("年度", f"{year}年")],
            [Field("记录", f"共 {len(meetings)} 次：{summary}")],
            [Field("起止日期", f"{day_text(meetings[0].day)} 至 {day_text(meetings[-1].day)}")],
            *([Field(label, value)] for label, value in meta[1:]),
        ]),
    ])
    sections = [Section(section_title(session, m), meeting_record_document(session, m, photos=photos, folder=folder))
                for m in meetings]
    return write_binder(sections, path, title=title, cover=cover, running_header=title, progress=progress)
