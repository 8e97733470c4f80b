"""The dues area's reminders: arrears at 3 and 5 months in a row, quarters not handed over, the year's bases."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.kit.context import Context
from app.kit.reminders import Reminder
from app.models import Member
from app.models.dues import DuesBase, DuesYear
from app.services.dues.arrears import arrears, last_finished_month
from app.services.dues.months_text import shift
from app.services.dues.remittance import quarter_summaries
from app.services.dues.settings import (
    ARREARS_NOTICE_MONTHS,
    ARREARS_STRONG_MONTHS,
    PARTY_CONSTITUTION_38,
    REMIT_GRACE_DAYS,
    int_setting,
)
from app.services.roster import vocab as roster_vocab

AREA = "dues"


def _first_of(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def arrears_reminders(ctx: Context) -> list[Reminder]:
    session = ctx.session
    notice, strong = int_setting(session, ARREARS_NOTICE_MONTHS), int_setting(session, ARREARS_STRONG_MONTHS)
    through = last_finished_month(ctx.today)
    active = set(session.scalars(select(Member.id).where(Member.roster_state == roster_vocab.ROSTER_ACTIVE)))
    found = []
    for item in arrears(session, through):
        if item.member_id not in active or item.run_length < notice:
            continue
        span = f"{item.run[0]} 至 {item.run[-1]}"
        due = _first_of(shift(item.run[-1], 1))
        if item.run_length >= strong:
            text = (f"{item.name}已连续 {item.run_length} 个月（{span}）未交纳党费。按{PARTY_CONSTITUTION_38}，"
                    f"连续六个月不交纳党费且无正当理由的，视为自行脱党；请立即谈话提醒，督促交纳。")
            severity = "urgent"
        else:
            text = f"{item.name}已连续 {item.run_length} 个月（{span}）未交纳党费，请及时提醒交纳。"
            severity = "overdue"
        found.append(Reminder(due=due, area=AREA, text=text, severity=severity, member_id=item.member_id,
                              record=f"member:{item.member_id}", target=f"{AREA}:arrears:{item.member_id}",
                              key=f"dues:arrears:{item.member_id}:{item.run[0]}"))
    return found


def remittance_reminders(ctx: Context) -> list[Reminder]:
    grace = int_setting(ctx.session, REMIT_GRACE_DAYS)
    found = []
    for year in (ctx.today.year - 1, ctx.today.year):
        for q in quarter_summaries(ctx.session, year):
            due = q.ends + timedelta(days=grace)
            if q.ends >= ctx.today or q.covered or q.collected <= 0 or due > ctx.today + timedelta(days=ctx.days):
                continue
            found.append(Reminder(
                due=due, area=AREA, severity="overdue" if due < ctx.today else "due",
                text=f"{q.label}收缴的党费 {q.collected} 元尚未登记上缴上级党委（应在季度结束后 {grace} 天内上缴）。",
                target=f"{AREA}:remittance:{year}Q{q.quarter}", key=f"dues:remit:{year}Q{q.quarter}"))
    return found


def year_check_reminders(ctx: Context) -> list[Reminder]:
    session = ctx.session
    if not session.scalar(select(func.count()).select_from(DuesBase)):
        return []  # dues not in use yet
    year = ctx.today.year
    record = session.get(DuesYear, year)
    if record is not None and record.confirmed_at is not None:
        return []
    due = date(year, 1, 31)
    if due > ctx.today + timedelta(days=ctx.days):
        return []
    return [Reminder(due=due, area=AREA, severity="overdue" if due < ctx.today else "due",
                     text=f"{year}年度党费基数尚未核定：请按工资表核对每名党员的缴费基数并确认。",
                     target=f"{AREA}:bases:{year}", key=f"dues:bases:{year}")]


def dues_reminders(ctx: Context) -> list[Reminder]:
    return [*arrears_reminders(ctx), *remittance_reminders(ctx), *year_check_reminders(ctx)]
