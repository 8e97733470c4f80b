"""The roster as it stood on a day: who was a member of this branch then, and with or without a vote.

A member belongs from the day they were admitted (加入党组织日期) or, if they came by 组织关系转入, from
that event's date; they stop belonging on the date of a standing event that took them off the roster
(转出, 出党, 去世) and belong again from a later 转入. Voided events do not count. A member has a vote
(正式党员) from their 转为正式党员日期; one whose category is 正式党员 without that date has always had one.
Party groups have no history: a member's 党小组 is taken as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Member
from app.services.roster import vocab
from app.services.roster.member_events import roster_move


@dataclass(frozen=True)
class MemberOnDay:
    member: Member
    voting: bool  # 正式党员 that day

    @property
    def id(self) -> int:
        return self.member.id


def membership_spans(member: Member) -> list[tuple[date | None, date | None]]:
    """The member's spans in this branch: [start, end) pairs, None meaning open."""
    moves = sorted((e.event_date, e.id, move[0]) for e in member.current_events
                   if (move := roster_move(e.kind, e.event_date)) is not None)
    if moves and moves[0][2] == vocab.ROSTER_ACTIVE:  # came by 组织关系转入: a member here from that day
        start, moves = moves[0][0], moves[1:]
    else:
        start = member.joined_date
    spans: list[tuple[date | None, date | None]] = []
    inside = True
    for day, _id, state in moves:
        if state == vocab.ROSTER_ACTIVE:
            if not inside:
                start, inside = day, True
        elif inside:
            spans.append((start, day))
            inside = False
    if inside:
        if member.roster_state != vocab.ROSTER_ACTIVE and member.left_date:  # left without a recorded event
            spans.append((start, member.left_date))
        elif member.roster_state == vocab.ROSTER_ACTIVE or not spans:
            spans.append((start, None))
    return spans


def member_on(member: Member, day: date) -> bool:
    return any((start is None or start <= day) and (end is None or day < end)
               for start, end in membership_spans(member))


def voting_on(member: Member, day: date) -> bool:
    if member.full_member_date is not None:
        return member.full_member_date <= day
    return member.category == vocab.CATEGORY_FULL


def all_members(session: Session) -> list[Member]:
    return list(session.scalars(select(Member).options(selectinload(Member.events)).order_by(Member.id)))


def members_on(session: Session, day: date, members: list[Member] | None = None) -> list[MemberOnDay]:
    """Every member of the branch on `day` with whether they had a vote, in roster order."""
    pool = all_members(session) if members is None else members
    return [MemberOnDay(m, voting_on(m, day)) for m in pool if member_on(m, day)]


def describe_absence(member: Member, day: date) -> str:
    """Why `member` was not a member on `day`, for a message: 2026-05-01 才转入 / 已于 2026-03-01 转出."""
    spans = membership_spans(member)
    later = [s for s, _e in spans if s is not None and s > day]
    if later:
        return f"{min(later):%Y-%m-%d} 才成为本支部党员"
    ended = [e for _s, e in spans if e is not None and e <= day]
    if ended:
        return f"已于 {max(ended):%Y-%m-%d} 离开本支部（{member.roster_state}）"
    return "不是本支部党员"
