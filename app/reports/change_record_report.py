"""The printed 党员情况变更记录 (domain.md §1 and §6): every change event, for the inspection binder.

One row per event, oldest first: who, which change, when, its details and note. With a year, only that
year's changes (the annual binder); without, the whole 党员情况变更信息库.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.idcard import mask_id_number
from app.reports.register_table import (
    LEFT,
    Column,
    Register,
    ReportError,
    ReportResult,
    check_format,
    format_date,
    write_register,
)
from app.services.branch import get_profile
from app.services.member_events import EVENT_KINDS, describe_details, list_events
from app.services.settings import get_setting

TITLE_SUFFIX = "党员情况变更记录"

COLUMNS = [
    Column("姓名", 4),
    Column("性别", 2, nowrap=True),
    Column("公民身份号码", 10, nowrap=True, text=True),
    Column("变更类型", 6),
    Column("变更日期", 6, nowrap=True),
    Column("变更详情", 18, LEFT),
    Column("备注", 10, LEFT),
]


def change_record_register(session: Session, *, year: int | None = None, mask_ids: bool = False,
                           preparer: str | None = None, today: date | None = None) -> Register:
    profile = get_profile(session)
    if profile is None:
        raise ReportError("尚未设置支部信息（支部全称等），无法生成变更记录。请先在“支部信息”中填写。")
    events = list_events(session, year=year)
    rows = []
    for event in events:
        number = event.member.id_number
        rows.append([event.member.name, event.member.gender, mask_id_number(number) if mask_ids else number,
                     event.kind, format_date(event.event_date), describe_details(event), event.note])
    counts = Counter(e.kind for e in events)
    summary = "，".join(f"{kind} {counts[kind]} 条" for kind in EVENT_KINDS if counts[kind])
    notes = [f"共 {len(events)} 条变更记录" + (f"：{summary}。" if summary else "。")]
    if mask_ids:
        notes.append("注：公民身份号码已部分隐藏。")
    if preparer is None:
        preparer = str(get_setting(session, "report.preparer") or "")
    period = f"{year}年度" if year else ""
    return Register(
        title=f"{profile.full_name} {period}{TITLE_SUFFIX}",
        columns=COLUMNS,
        rows=rows,
        meta=[("制表单位", profile.full_name), ("制表日期", format_date(today or date.today())),
              ("制表人", preparer.strip())],
        notes=notes,
        sheet_name=TITLE_SUFFIX,
        freeze_columns=2,
    )


def write_change_records(session: Session, path: Path, fmt: str, *, year: int | None = None,
                         mask_ids: bool = False, preparer: str | None = None,
                         today: date | None = None) -> ReportResult:
    """Write the 党员情况变更记录 as "pdf" or "xlsx". Raises ReportError (Chinese message) on failure."""
    fmt = check_format(fmt)
    register = change_record_register(session, year=year, mask_ids=mask_ids, preparer=preparer, today=today)
    return write_register(register, path, fmt)
