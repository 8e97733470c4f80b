"""Everything the home page shows, read in one session as plain values (the page loads it off the GUI thread).

What needs doing: every area's reminders (the registry's protocol) with the snoozed ones set apart. The
branch at a glance: the members by category, sex, age, 学历, 党龄 and 党小组 (aggregate queries of the
roster's structure statistics, never every member loaded), the year's dues due against collected by month
(one GROUP BY), and the year's compliance calendar with its 规范执行率 (the meetings area's own calendar).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.context import Context
from app.kit.reminders import Reminder, collect
from app.services.common.settings import get_setting
from app.services.common.snoozes import SnoozeInfo, active_snoozes, split_snoozed


@dataclass(frozen=True)
class CalendarLine:
    label: str  # 支部委员会, 党小组会（第一党小组）
    period: str  # 每月, 每季度 …
    cells: tuple[tuple[int, int, str, str], ...]  # (first month 1-12, months spanned, state code, text)


@dataclass(frozen=True)
class CalendarGlance:
    year: int
    lines: tuple[CalendarLine, ...]
    rate: float | None  # 规范执行率; None before anything was required
    held: int
    required: int
    missing: int


@dataclass(frozen=True)
class DuesGlance:
    year: int
    months: tuple[tuple[str, float, float], ...]  # (1月, 应交 元, 实交 元), for drawing only
    due_total: str  # the year's sums as the registers print them (Decimal → text), 元
    paid_total: str


@dataclass(frozen=True)
class HomeFigures:
    today: date
    days: int
    reminders: tuple[Reminder, ...]  # shown, sorted by date
    snoozed: tuple[tuple[Reminder, SnoozeInfo], ...]  # held back by an active snooze
    members: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # ("category", ((正式党员, 42), …)), …
    member_total: int
    dues: DuesGlance
    calendar: CalendarGlance


def reminder_days(session: Session) -> int:
    return int(get_setting(session, "home.reminder_days"))


def what_needs_doing(session: Session, today: date, data_dir: Path | None, days: int
                     ) -> tuple[list[Reminder], list[tuple[Reminder, SnoozeInfo]]]:
    found = collect(Context(session=session, today=today, days=days, data_dir=data_dir))
    return split_snoozed(found, active_snoozes(session, today))


def dues_glance(session: Session, year: int) -> DuesGlance:
    from app.services.dues.money import show
    from app.services.dues.month_totals import month_totals

    totals = month_totals(session, year)
    return DuesGlance(year, tuple((f"{int(t.month[5:])}月", float(t.due), float(t.paid)) for t in totals),
                      show(sum((t.due for t in totals), Decimal("0.00"))),
                      show(sum((t.paid for t in totals), Decimal("0.00"))))


def calendar_glance(session: Session, year: int, today: date) -> CalendarGlance:
    from app.services.meetings import kinds
    from app.services.meetings.calendar import FUTURE, compliance_calendar

    cal = compliance_calendar(session, year, today)
    lines = []
    for row in cal.rows:
        cells = []
        for cell in row.cells:
            first = cell.period.start.month
            span = cell.period.end.month - first + 1
            count = len(cell.meeting_ids)
            text = cell.note or (f"{count}次" if count else ("" if cell.state == FUTURE else cell.state_label))
            cells.append((first, span, cell.state, text))
        lines.append(CalendarLine(row.label, kinds.PERIODS[row.period], tuple(cells)))
    return CalendarGlance(year, tuple(lines), cal.rate, cal.held, cal.required, len(cal.missing()))


# the breakdowns the home page draws, in the 党员队伍结构统计表's order (民族 is in the printed table only)
MEMBER_BREAKDOWNS = ("category", "gender", "age", "education", "party_age", "party_group")


def member_glance(session: Session, today: date) -> tuple[tuple[tuple[str, tuple[tuple[str, int], ...]], ...], int]:
    """The members on the roster by each breakdown: (key, ((label, count), …)) from the roster's structure
    statistics (aggregate SQL, app.services.roster.structure), and the total."""
    from app.services.roster.structure import branch_structure

    structure = branch_structure(session, today)
    return (tuple((key, structure.breakdown(key).rows) for key in MEMBER_BREAKDOWNS), structure.total)


def load_home_figures(session: Session, today: date, data_dir: Path | None) -> HomeFigures:
    """Everything the page shows; `session` only reads (so the meetings' calendar is worked out once for
    their reminders and the calendar chart)."""
    from app.services.meetings.calendar import CALENDAR_CACHE

    session.info.setdefault(CALENDAR_CACHE, {})
    days = reminder_days(session)
    shown, snoozed = what_needs_doing(session, today, data_dir, days)
    members, total = member_glance(session, today)
    return HomeFigures(today, days, tuple(shown), tuple(snoozed), members, total,
                       dues_glance(session, today.year), calendar_glance(session, today.year, today))
