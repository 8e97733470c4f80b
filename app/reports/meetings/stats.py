"""The 三会一课 统计表 of a year: each required kind (a row per 党小组) × the months with the number held,
what is required so far against what was held, and the year's 规范执行率, with the source of each cadence."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.engine.document import TABLE_FORMATS, Document
from app.reports.engine.output import write_document
from app.reports.engine.register import Column, Register, ReportResult, check_format
from app.reports.heading import ledger_heading
from app.reports.meetings.common import kind_code, year_or_current
from app.services.meetings import kinds, rules
from app.services.meetings.attendance import percent
from app.services.meetings.calendar import compliance_calendar, held_meetings
from app.services.meetings.talks import list_talks

TITLE_SUFFIX = "三会一课统计表"
MONTHS = [f"{m}月" for m in range(1, 13)]


def stats_register(session: Session, *, year: int | None = None, kind: str | None = None,
                   preparer: str | None = None, today: date | None = None) -> Register:
    today = today or date.today()
    year = year_or_current(year, today)
    code = kind_code(kind)
    profile, meta = ledger_heading(session, TITLE_SUFFIX, preparer=preparer, today=today)
    calendar = compliance_calendar(session, year, today)
    held = held_meetings(session, year)
    rows = []
    for row in calendar.rows:
        if code and row.kind != code:
            continue
        if row.kind == rules.TALK_CADENCE:
            per_month = Counter(t.talk_date.month for t in list_talks(session, year))
            rows.append([f"{row.label}（{row.cells[0].note}）", kinds.PERIODS[row.period],
                         *[str(per_month[m] or "") for m in range(1, 13)], str(sum(per_month.values())),
                         str(row.required), str(row.held), percent(row.held / row.required if row.required else None)])
            continue
        per_month = Counter(day.month for _mid, k, gid, day in held
                            if k == row.kind and (row.party_group_id is None or gid == row.party_group_id))
        total = sum(per_month.values())
        rows.append([row.label, kinds.PERIODS[row.period], *[str(per_month[m] or "") for m in range(1, 13)],
                     str(total), str(row.required), str(row.held),
                     percent(row.held / row.required if row.required else None)])
    if not code or code == kinds.OTHER:
        others = Counter(day.month for _mid, k, _gid, day in held if k == kinds.OTHER)
        if others and all(r.kind != kinds.OTHER for r in calendar.rows):
            rows.append(["其他活动", kinds.PERIODS[kinds.NONE], *[str(others[m] or "") for m in range(1, 13)],
                         str(sum(others.values())), "", "", ""])
    columns = [Column("类型", 8), Column("规定频次", 3, nowrap=True),
               *[Column(m, 1, nowrap=True, group="各月召开次数") for m in MONTHS],
               Column("全年次数", 2, nowrap=True), Column("截至制表日应开展", 3), Column("已按期开展", 3),
               Column("执行率", 2, nowrap=True)]
    notes = [f"规范执行率（已按期开展 ÷ 截至制表日应开展）：{percent(calendar.rate)}"
             f"（{calendar.held}/{calendar.required}）。" if not code else
             "“应开展”按规定频次计算：每月、每季度或每年一次为一期，期满未开展计为缺。",
             "频次依据：" + "；".join(f"{c.label}——{c.source}" for c in rules.CADENCES
                                    if rules.cadence(session, c.kind) != kinds.NONE) + "。"]
    return Register(title=f"{profile.full_name} {year}年度{TITLE_SUFFIX}", columns=columns, rows=rows, meta=meta,
                    notes=notes, sheet_name=TITLE_SUFFIX, numbered=False, font_size=9.0, min_font_size=7.5)


def stats_document(session: Session, *, year: int | None = None, kind: str | None = None,
                   preparer: str | None = None, today: date | None = None, **_options) -> Document:
    return stats_register(session, year=year, kind=kind, preparer=preparer, today=today).document()


def write_meeting_stats(session: Session, path: Path, fmt: str, *, year: int | None = None, kind: str | None = None,
                        preparer: str | None = None, today: date | None = None, **_options) -> ReportResult:
    fmt = check_format(fmt)
    return write_document(stats_document(session, year=year, kind=kind, preparer=preparer, today=today), path, fmt,
                          formats=TABLE_FORMATS)
