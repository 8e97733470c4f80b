"""The roster's reminders: 预备期 ending soon (转正 due) and members who lost contact."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select

from app.kit.context import Context
from app.kit.dates import add_months
from app.kit.reminders import Reminder
from app.models import Member
from app.services.common.settings import get_setting
from app.services.roster import vocab


def probation_end(member: Member, probation_months: int):
    """The day the 预备期 ends: 加入党组织日期 + the probation, + any extension (None without a join date)."""
    if member.joined_date is None:
        return None
    return add_months(member.joined_date, probation_months + (member.probation_extended_months or 0))


def roster_reminders(ctx: Context) -> list[Reminder]:
    months = int(get_setting(ctx.session, "roster.probation_months"))
    horizon = ctx.today + timedelta(days=ctx.days)
    found: list[Reminder] = []
    # only the members a reminder can be about: loading the whole roster would cost the home page 20 ms a
    # thousand members
    active = (select(Member).where(Member.roster_state == vocab.ROSTER_ACTIVE,
                                   or_(Member.category == vocab.CATEGORY_PROBATIONARY, Member.is_lost_contact))
              .order_by(Member.id))
    for m in ctx.session.scalars(active):
        if m.category == vocab.CATEGORY_PROBATIONARY and (end := probation_end(m, months)) is not None:
            if end <= horizon:
                overdue = end < ctx.today
                text = (f"预备党员 {m.name} 的预备期已于 {end:%Y-%m-%d} 期满，尚未登记转正，请及时讨论转正。"
                        if overdue else
                        f"预备党员 {m.name} 的预备期将于 {end:%Y-%m-%d} 期满，请准备转正（转正申请、支部大会讨论）。")
                found.append(Reminder(end, "roster", text, severity="overdue" if overdue else "due",
                                      member_id=m.id, record=f"member:{m.id}", target=f"roster:member:{m.id}",
                                      key=f"roster.probation:{m.id}:{end:%Y-%m-%d}"))
        if m.is_lost_contact:
            since = f"自 {m.lost_contact_date:%Y-%m-%d} 起" if m.lost_contact_date else ""
            found.append(Reminder(ctx.today, "roster", f"党员 {m.name} {since}失去联系，请设法联系并按规定处理。",
                                  severity="due", member_id=m.id, record=f"member:{m.id}",
                                  target=f"roster:member:{m.id}", key=f"roster.lost_contact:{m.id}"))
    return found
