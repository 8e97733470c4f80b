"""组织生活 reminders (registry protocol): the committee's 换届, the calendar's gaps, repeated absences."""

from __future__ import annotations

from datetime import timedelta

from app.kit.context import Context
from app.kit.dates import add_months
from app.kit.reminders import Reminder
from app.services.meetings import rules
from app.services.meetings.attendance import absence_streaks
from app.services.meetings.calendar import DUE, MISSING, compliance_calendar
from app.services.meetings.committee import current_term, term_end_of
from app.services.meetings.kinds import PERIODS

AREA = "meetings"


def term_reminder(ctx: Context) -> Reminder | None:
    """换届: the configured months before the term ends (6 and 3), then every month once it is overdue."""
    term = current_term(ctx.session, ctx.today)
    if term is None:
        return None
    end = term_end_of(term)
    horizon = ctx.today + timedelta(days=ctx.days)
    record = f"committee_term:{term.id}"
    target = f"{AREA}:{record}"
    if end <= ctx.today:
        months = 0
        while add_months(end, months + 1) <= ctx.today:
            months += 1
        due = add_months(end, months)
        late = f"已超过 {months} 个月" if months else "已于今天届满"
        return Reminder(due=due, area=AREA, severity="overdue", record=record, target=target, key=f"meetings.term.{term.id}.{due}",
                        text=f"本届支部委员会（{term.elected_date:%Y-%m-%d} 选举产生）任期已于 {end:%Y-%m-%d} 届满，"
                             f"{late}，请尽快向上级党组织报告并进行换届选举")
    for months in sorted(rules.term_reminder_months(ctx.session)):  # the nearest reminder that has come
        due = add_months(end, -months)
        if due <= horizon:
            return Reminder(due=due, area=AREA, severity="due" if months <= 3 else "info", record=record, target=target,
                            key=f"meetings.term.{term.id}.{due}",
                            text=f"本届支部委员会任期将于 {end:%Y-%m-%d} 届满（届满前 {months} 个月提醒），"
                                 f"请提前向上级党组织报告，做好换届选举准备")
    return None


def calendar_reminders(ctx: Context) -> list[Reminder]:
    """The current year's missing items (overdue) and items whose period ends within the window (due)."""
    calendar = compliance_calendar(ctx.session, ctx.today.year, ctx.today)
    horizon = ctx.today + timedelta(days=ctx.days)
    out = []
    for row, cell in calendar.missing() + calendar.due():
        if cell.state == DUE and cell.period.end > horizon:
            continue
        when = "" if cell.period.label == "全年" else cell.period.label
        what = f"{ctx.today.year}年{when}的{row.label}"
        if row.kind == rules.TALK_CADENCE:
            names = "、".join(m.name for m in calendar.talks.uncovered[:8])
            more = "等" if len(calendar.talks.uncovered) > 8 else ""
            text = f"{what}尚未覆盖全体党员（{cell.note}），尚未谈话：{names}{more}"
        elif cell.state == MISSING:
            text = f"{what}没有记录（规定{PERIODS.get(row.period, row.period)}开展）"
        else:
            text = f"{what}尚未开展，应在 {cell.period.end:%Y-%m-%d} 前开展并记录"
        slot = f"{row.kind}.{row.party_group_id or ''}.{cell.period.start}"
        out.append(Reminder(due=cell.period.end, area=AREA, severity="overdue" if cell.state == MISSING else "due",
                            text=text, record=f"calendar:{slot}", target=f"{AREA}:calendar:{slot}", key=f"meetings.calendar.{slot}"))
    return out


def absence_reminders(ctx: Context) -> list[Reminder]:
    return [Reminder(due=s.last_day, area=AREA, severity="due", member_id=s.member.id, text=s.describe(),
                     record=f"member:{s.member.id}", target=f"{AREA}:attendance:{s.member.id}",
                     key=f"meetings.absence.{s.member.id}.{s.last_day}")
            for s in absence_streaks(ctx.session, ctx.today)]


def meeting_reminders(ctx: Context) -> list[Reminder]:
    found = [r for r in (term_reminder(ctx),) if r is not None]
    return found + calendar_reminders(ctx) + absence_reminders(ctx)
