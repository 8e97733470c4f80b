"""The compliance calendar: for a year, each required kind × its periods (months, quarters, the year),
held / missing / due / not yet due, with the year's 规范执行率 and each member's attendance rate.

A period's item is held when a meeting of the kind was held in it; missing when the period is over
without one; due while the period runs (today inside it); future afterwards. 党小组会 have a row per 党小组.
谈心谈话 has one yearly item, held once every member is covered (app.services.meetings.talks).
规范执行率 = held items ÷ items that are required so far (held or missing: a running period counts once held).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from app.kit.dates import add_months
from app.models.meetings import Meeting
from app.services.common.branch import list_groups
from app.services.meetings import kinds, rules
from app.services.meetings.attendance import AttendanceRate, attendance_rates
from app.services.meetings.talks import TalkCoverage, talk_coverage

HELD_CELL, MISSING, DUE, FUTURE = "held", "missing", "due", "future"
CELL_STATES = {HELD_CELL: "已开展", MISSING: "缺", DUE: "待开展", FUTURE: "未到期"}
_MONTHS_PER = {kinds.MONTH: 1, kinds.QUARTER: 3, kinds.HALF: 6, kinds.YEAR: 12}
_QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


@dataclass(frozen=True)
class Period:
    label: str  # 3月 / 二季度 / 上半年 / 全年
    start: date
    end: date  # inclusive

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def periods(year: int, period: str) -> list[Period]:
    months = _MONTHS_PER.get(period)
    if months is None:
        return []
    out = []
    for i, first in enumerate(range(1, 13, months)):
        start = date(year, first, 1)
        end = add_months(start, months) - timedelta(days=1)
        if months == 1:
            label = f"{first}月"
        elif months == 3:
            label = _QUARTER_NAMES[i]
        else:
            label = ("上半年", "下半年")[i] if months == 6 else "全年"
        out.append(Period(label, start, end))
    return out


def period_state(period: Period, held: int, today: date) -> str:
    """One rule for every cell: held / missing / due / future."""
    if held:
        return HELD_CELL
    if period.end < today:
        return MISSING
    if period.start <= today:
        return DUE
    return FUTURE


@dataclass(frozen=True)
class Cell:
    period: Period
    state: str
    meeting_ids: tuple[int, ...] = ()
    note: str = ""  # 谈心谈话: 已谈 30/45 人

    @property
    def state_label(self) -> str:
        return CELL_STATES[self.state]


@dataclass(frozen=True)
class CalendarRow:
    kind: str  # a meeting kind code or rules.TALK_CADENCE
    label: str  # 支部委员会 / 党小组会（第一党小组）
    period: str  # a kinds.PERIODS code
    cells: tuple[Cell, ...]
    party_group_id: int | None = None

    @property
    def held(self) -> int:
        return sum(c.state == HELD_CELL for c in self.cells)

    @property
    def required(self) -> int:
        return sum(c.state in (HELD_CELL, MISSING) for c in self.cells)


@dataclass(frozen=True)
class ComplianceCalendar:
    year: int
    today: date
    rows: tuple[CalendarRow, ...]
    attendance: tuple[AttendanceRate, ...]
    talks: TalkCoverage

    @property
    def held(self) -> int:
        return sum(r.held for r in self.rows)

    @property
    def required(self) -> int:
        return sum(r.required for r in self.rows)

    @property
    def rate(self) -> float | None:
        """规范执行率: held ÷ required so far; None before anything is required."""
        return self.held / self.required if self.required else None

    def missing(self) -> list[tuple[CalendarRow, Cell]]:
        return [(r, c) for r in self.rows for c in r.cells if c.state == MISSING]

    def due(self) -> list[tuple[CalendarRow, Cell]]:
        return [(r, c) for r in self.rows for c in r.cells if c.state == DUE]


def held_meetings(session: Session, year: int) -> list[tuple[int, str, int | None, date]]:
    """(id, kind, 党小组, day) of the year's held meetings: the calendar needs no more."""
    rows = session.execute(select(Meeting.id, Meeting.kind, Meeting.party_group_id, Meeting.held_at)
                           .where(Meeting.status == kinds.HELD, extract("year", Meeting.held_at) == year)
                           .order_by(Meeting.held_at, Meeting.id))
    return [(mid, kind, group, held.date()) for mid, kind, group, held in rows]


def _row(kind: str, label: str, period: str, year: int, today: date, held: list[tuple[int, date]],
         group_id: int | None = None) -> CalendarRow:
    cells = []
    for p in periods(year, period):
        ids = tuple(mid for mid, day in held if p.contains(day))
        cells.append(Cell(p, period_state(p, len(ids), today), ids))
    return CalendarRow(kind, label, period, tuple(cells), group_id)


# A read-only caller that asks for the same calendar twice in one session (the home page: the meetings'
# reminders, then its own calendar chart) opts in by putting a dict under this key in `session.info`.
CALENDAR_CACHE = "meetings.compliance_calendar"


def compliance_calendar(session: Session, year: int, today: date) -> ComplianceCalendar:
    cache = session.info.get(CALENDAR_CACHE)
    if cache is None:
        return _compliance_calendar(session, year, today)
    if (year, today) not in cache:
        cache[(year, today)] = _compliance_calendar(session, year, today)
    return cache[(year, today)]


def _compliance_calendar(session: Session, year: int, today: date) -> ComplianceCalendar:
    meetings = held_meetings(session, year)
    rows: list[CalendarRow] = []
    for row in rules.CADENCES:
        period = rules.cadence(session, row.kind)
        if period == kinds.NONE:
            continue
        if row.kind == rules.TALK_CADENCE:
            continue  # added below, from the coverage
        if row.kind == kinds.GROUP:
            for group in list_groups(session):
                held = [(mid, day) for mid, kind, gid, day in meetings if kind == kinds.GROUP and gid == group.id]
                rows.append(_row(kinds.GROUP, f"{row.label}（{group.name}）", period, year, today, held, group.id))
            continue
        held = [(mid, day) for mid, kind, _gid, day in meetings if kind == row.kind]
        rows.append(_row(row.kind, row.label, period, year, today, held))
    coverage = talk_coverage(session, year, today)
    talk_period = rules.cadence(session, rules.TALK_CADENCE)
    if talk_period != kinds.NONE:
        (whole,) = periods(year, kinds.YEAR)
        state = HELD_CELL if coverage.complete else period_state(whole, 0, today)
        rows.append(CalendarRow(rules.TALK_CADENCE, "谈心谈话", kinds.YEAR,
                                (Cell(whole, state, (), coverage.summary()),)))
    return ComplianceCalendar(year, today, tuple(rows), tuple(attendance_rates(session, year)), coverage)

