"""The printed 党员情况变更记录 (domain.md §1 and §6): every change event, for the inspection binder.

One row per event, oldest first: who, which change, when, its details and note. With a year, only that
year's changes (the annual binder); without, the whole 党员情况变更信息库.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.kit.idcard import mask_id_number
from app.reports.engine.document import TABLE_FORMATS, Document
from app.reports.engine.output import write_document
from app.reports.engine.register import (
    LEFT,
    Column,
    Register,
    ReportResult,
    check_format,
)
from app.reports.heading import MASKED_IDS_NOTE, ledger_heading
from app.services.roster.fields import field_label
from app.services.roster.member_events import EVENT_KINDS, describe_details, kind_label, list_events

TITLE_SUFFIX = "党员情况变更记录"

COLUMNS = [
    Column(field_label("name"), 4, words=True),
    Column(field_label("gender"), 2, nowrap=True),
    Column(field_label("id_number"), 10, nowrap=True, text=True),
    Column("变更类型", 6, words=True),
    Column("变更日期", 6, nowrap=True, date=True),
    Column("变更详情", 18, LEFT, words=True),  # breaks at its ；：，, not inside 介绍信编号
    Column("备注", 10, LEFT, words=True),
]


def change_record_register(session: Session, *, year: int | None = None, mask_ids: bool = False,
                           preparer: str | None = None, today: date | None = None) -> Register:
    profile, meta = ledger_heading(session, "变更记录", preparer=preparer, today=today)
    events = list_events(session, year=year)
    rows = []
    for event in events:
        number = event.member.id_number
        rows.append([event.member.name, event.member.gender, mask_id_number(number) if mask_ids else number,
                     kind_label(event.kind), format_date(event.event_date), describe_details(event), event.note])
    counts = Counter(e.kind for e in events)
    known = [*EVENT_KINDS, *sorted(set(counts) - set(EVENT_KINDS))]  # kinds of data from elsewhere last
    summary = "，".join(f"{kind_label(kind)} {counts[kind]} 条" for kind in known if counts[kind])
    notes = [f"共 {len(events)} 条变更记录" + (f"：{summary}。" if summary else "。")]
    if mask_ids:
        notes.append(MASKED_IDS_NOTE)
    period = f"{year}年度" if year else ""
    return Register(
        title=f"{profile.full_name} {period}{TITLE_SUFFIX}",
        columns=COLUMNS,
        rows=rows,
        meta=meta,
        notes=notes,
        sheet_name=TITLE_SUFFIX,
        freeze_columns=2,
        running_header=f"{profile.full_name} {period}{TITLE_SUFFIX}",
    )


def change_record_document(session: Session, *, year: int | None = None, mask_ids: bool = False,
                           preparer: str | None = None, today: date | None = None, **_options) -> Document:
    """What write_change_records prints (and the annual binder's section)."""
    return change_record_register(session, year=year, mask_ids=mask_ids, preparer=preparer, today=today).document()


def write_change_records(session: Session, path: Path, fmt: str, *, year: int | None = None,
                         mask_ids: bool = False, preparer: str | None = None,
                         today: date | None = None) -> ReportResult:
    """Write the 党员情况变更记录 as "pdf" or "xlsx". Raises ReportError (Chinese message) on failure."""
    fmt = check_format(fmt)
    return write_document(change_record_document(session, year=year, mask_ids=mask_ids, preparer=preparer,
                                                 today=today), path, fmt, formats=TABLE_FORMATS)
