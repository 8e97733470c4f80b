"""The branch committee (支部委员会): its terms, the members in their posts, and who sat on it on a day.

A term starts on its election day and lasts until the next term is elected; past terms stay as history.
A seat may end before its term does (a member moved away, a post handed over mid-term).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.kit.errors import UserError
from app.models import Member
from app.models.meetings import CommitteeSeat, CommitteeTerm
from app.services.meetings import rules
from app.services.meetings.kinds import POSTS
from app.services.meetings.roster_on import describe_absence, member_on


@dataclass(frozen=True)
class SeatInput:
    member_id: int
    post: str  # a POSTS code
    start_date: date | None = None  # None: the term's election day
    end_date: date | None = None


def list_terms(session: Session) -> list[CommitteeTerm]:
    """Every term, newest first."""
    return list(session.scalars(select(CommitteeTerm).options(selectinload(CommitteeTerm.seats))
                                .order_by(CommitteeTerm.elected_date.desc(), CommitteeTerm.id.desc())))


def term_on(session: Session, day: date) -> CommitteeTerm | None:
    """The term serving on `day`: the latest elected on or before it."""
    return next((t for t in list_terms(session) if t.elected_date <= day), None)


def current_term(session: Session, today: date) -> CommitteeTerm | None:
    return term_on(session, today)


def term_end_of(term: CommitteeTerm) -> date:
    return rules.term_end(term.elected_date, term.term_years)


def seats_on(term: CommitteeTerm | None, day: date) -> list[CommitteeSeat]:
    if term is None:
        return []
    return [s for s in term.seats if s.start_date <= day and (s.end_date is None or day < s.end_date)]


def committee_on(session: Session, day: date) -> list[CommitteeSeat]:
    """The committee members (seats) on `day`, in the order of the posts table."""
    order = list(POSTS)
    seats = seats_on(term_on(session, day), day)
    return sorted(seats, key=lambda s: (order.index(s.post) if s.post in order else len(order), s.id))


def committee_member_ids(session: Session, day: date) -> set[int]:
    return {s.member_id for s in committee_on(session, day)}


def elect_term(session: Session, elected_date: date | None, seats: Sequence[SeatInput], *,
               term_years: int | None = None, note: str = "", today: date | None = None) -> CommitteeTerm:
    """Record a newly elected committee (换届); the term length defaults to the setting."""
    today = today or date.today()
    if elected_date is None:
        raise UserError("请填写“选举日期”。", field="elected_date")
    if elected_date > today:
        raise UserError(f"“选举日期”（{elected_date:%Y-%m-%d}）晚于今天，不能登记。", field="elected_date")
    years = term_years if term_years is not None else rules.term_years(session)
    if not 1 <= years <= 10:
        raise UserError(f"“任期（年）”应在 1 至 10 之间，现为 {years}。", field="term_years")
    if session.scalar(select(CommitteeTerm).where(CommitteeTerm.elected_date == elected_date)):
        raise UserError(f"{elected_date:%Y-%m-%d} 已登记过一届支部委员会。", field="elected_date")
    if not seats:
        raise UserError("请至少填写一名支部委员。", field="seats")
    term = CommitteeTerm(elected_date=elected_date, term_years=years, note=(note or "").strip())
    session.add(term)
    for seat in seats:
        add_seat(session, term, seat)
    session.flush()
    return term


def add_seat(session: Session, term: CommitteeTerm, seat: SeatInput) -> CommitteeSeat:
    if seat.post not in POSTS:
        raise UserError(f"未知的职务“{seat.post}”。", field="post")
    member = session.get(Member, seat.member_id)
    if member is None:
        raise UserError(f"找不到编号为 {seat.member_id} 的党员。", field="member_id")
    start = seat.start_date or term.elected_date
    if start < term.elected_date:
        raise UserError(f"{member.name}的任职日期早于本届委员会的选举日期。", field="start_date")
    if not member_on(member, start):
        raise UserError(f"{member.name}在 {start:%Y-%m-%d} {describe_absence(member, start)}，不能担任支部委员。",
                        field="member_id")
    if seat.end_date is not None and seat.end_date <= start:
        raise UserError(f"{member.name}的离任日期应晚于任职日期。", field="end_date")
    for other in term.seats:
        if other.member_id == member.id and other.end_date is None and seat.end_date is None:
            raise UserError(f"{member.name}已在本届委员会中任{POSTS.get(other.post, other.post)}。",
                            field="member_id")
    row = CommitteeSeat(member=member, post=seat.post, start_date=start, end_date=seat.end_date)
    term.seats.append(row)
    return row


def end_seat(session: Session, seat_id: int, end_date: date) -> CommitteeSeat:
    seat = session.get(CommitteeSeat, seat_id)
    if seat is None:
        raise UserError(f"找不到编号为 {seat_id} 的委员任职记录。")
    if end_date <= seat.start_date:
        raise UserError(f"{seat.member.name}的离任日期应晚于任职日期 {seat.start_date:%Y-%m-%d}。", field="end_date")
    seat.end_date = end_date
    session.flush()
    return seat


def describe_seat(seat: CommitteeSeat) -> str:
    return f"{POSTS.get(seat.post, seat.post)}：{seat.member.name}"
