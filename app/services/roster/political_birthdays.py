"""政治生日 (入党纪念日): members whose anniversary of 加入党组织日期 falls in this month.

Branches mark the day (a card, a word at the 主题党日, re-reading the oath), so the home page lists them
as information, one per member, for the whole current month (days already past included).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import extract, select

from app.kit.context import Context
from app.kit.reminders import Reminder
from app.models import Member
from app.services.roster import vocab


def anniversary_in(year: int, joined: date) -> date:
    """The anniversary of `joined` in `year` (29 February falls on 28 February in other years)."""
    try:
        return joined.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def political_birthdays(ctx: Context) -> list[Reminder]:
    today = ctx.today
    rows = ctx.session.execute(
        select(Member.id, Member.name, Member.joined_date)
        .where(Member.roster_state == vocab.ROSTER_ACTIVE, Member.joined_date.is_not(None),
               extract("month", Member.joined_date) == today.month,
               extract("year", Member.joined_date) < today.year)
        .order_by(extract("day", Member.joined_date), Member.id))
    found = []
    for member_id, name, joined in rows:
        day = anniversary_in(today.year, joined)
        years = today.year - joined.year
        text = f"{day:%m月%d日}是 {name} 的政治生日（{joined:%Y-%m-%d} 加入党组织，入党 {years} 周年）。"
        found.append(Reminder(day, "roster", text, severity="info", member_id=member_id,
                              record=f"member:{member_id}", target=f"roster:member:{member_id}",
                              key=f"roster.political_birthday:{member_id}:{today.year}"))
    return found
