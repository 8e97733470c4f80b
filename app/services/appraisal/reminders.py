"""What the appraisal reminds of: this year's round not held (or not closed) by the fourth quarter, and
限期改正 deadlines of follow-ups still open."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.kit.context import Context
from app.kit.reminders import Reminder
from app.models.appraisal import AppraisalFollowUp, AppraisalParticipant, AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.queries import round_for_year
from app.services.appraisal.settings_spec import REMINDER_FROM_MONTH
from app.services.common.settings import get_setting

AREA = "appraisal"


def appraisal_reminders(ctx: Context) -> list[Reminder]:
    return [*round_not_held(ctx), *follow_up_deadlines(ctx)]


def round_not_held(ctx: Context) -> list[Reminder]:
    """From the set month on (the fourth quarter), until the year's round is closed; due on 31 December.
    In January the past year's round, if still missing, is overdue."""
    out: list[Reminder] = []
    from_month = int(get_setting(ctx.session, REMINDER_FROM_MONTH.key))
    years = [ctx.today.year] if ctx.today.month >= from_month else []
    if ctx.today.month == 1:
        years.insert(0, ctx.today.year - 1)
    for year in years:
        rnd = round_for_year(ctx.session, year)
        if rnd is not None and rnd.status == vocab.CLOSED:
            continue
        due = date(year, 12, 31)
        if rnd is None:
            text = f"{year}年度民主评议党员尚未开展，请在年底前组织学习教育、个人自评、党员互评、民主测评和组织评定。"
        else:
            text = f"{year}年度民主评议党员尚未结束（评定等次后请“结束评议”）。"
        out.append(Reminder(due=due, area=AREA, text=text, severity="overdue" if due < ctx.today else "due",
                            record=f"appraisal_round:{rnd.id}" if rnd else None,
                            target=f"{AREA}:appraisal_round:{rnd.id}" if rnd else AREA,
                            key=f"{AREA}:round:{year}:{due.isoformat()}"))
    return out


def follow_up_deadlines(ctx: Context) -> list[Reminder]:
    """A 限期改正 with no outcome yet: due on its deadline, shown from `ctx.days` before it."""
    horizon = ctx.today + timedelta(days=ctx.days)
    rows = ctx.session.execute(
        select(AppraisalFollowUp, AppraisalParticipant, AppraisalRound)
        .join(AppraisalParticipant, AppraisalParticipant.id == AppraisalFollowUp.participant_id)
        .join(AppraisalRound, AppraisalRound.id == AppraisalParticipant.round_id)
        .where(AppraisalFollowUp.deadline.is_not(None), AppraisalFollowUp.outcome_date.is_(None),
               AppraisalFollowUp.deadline <= horizon))
    out = []
    for follow, participant, rnd in rows:
        name = participant.member.name
        label = vocab.FOLLOW_UP_LABELS[follow.action]
        overdue = follow.deadline < ctx.today
        text = (f"{name}（{rnd.year}年度民主评议{vocab.grade_label(participant.final_grade)}）{label}期限"
                f"{'已过' if overdue else '将到'}：{follow.deadline.isoformat()}，请登记处理结果。")
        out.append(Reminder(due=follow.deadline, area=AREA, text=text, severity="overdue" if overdue else "due",
                            member_id=participant.member_id, record=f"appraisal_follow_up:{follow.id}",
                            target=f"{AREA}:appraisal_follow_up:{follow.id}", key=f"{AREA}:follow_up:{follow.id}:{follow.deadline.isoformat()}"))
    return out
