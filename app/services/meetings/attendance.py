"""What attendance says: a record's flags (quorum, resolution), members absent several times in a row,
and each member's attendance rate over a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from app.models import Member
from app.models.meetings import Meeting, MeetingAttendance
from app.services.meetings import kinds, rules
from app.services.meetings.records import counts


def meeting_flags(session: Session, meeting: Meeting) -> list[str]:
    """Why a held record does not meet the 条例's rules (saved anyway, shown on screen, in lists, in print)."""
    if meeting.status != kinds.HELD:
        return []
    spec = kinds.MEETING_KINDS.get(meeting.kind)
    c = counts(meeting)
    flags = []
    if spec is not None and spec.quorum == kinds.QUORUM_GENERAL:
        if not rules.general_meeting_quorate(session, c.voting_expected, c.voting_present):
            flags.append(f"到会有表决权党员未过半数（应到 {c.voting_expected} 人，实到 {c.voting_present} 人），"
                         f"按规定会议不能召开")
    if spec is not None and spec.quorum == kinds.QUORUM_COMMITTEE:
        if not rules.committee_quorate(session, c.expected, c.present):
            flags.append(f"到会委员未过半数（委员 {c.expected} 人，到会 {c.present} 人）")
    if meeting.has_vote and not rules.resolution_passes(session, c.voting_expected, meeting.votes_for or 0):
        flags.append(f"赞成票 {meeting.votes_for or 0} 票，未超过应到会有表决权党员（{c.voting_expected} 人）的半数，"
                     f"决议未获通过")
    return flags


def meets_rules(session: Session, meeting: Meeting) -> bool:
    return not meeting_flags(session, meeting)


@dataclass(frozen=True)
class AbsenceStreak:
    member: Member
    meetings: tuple[tuple[date, str, str, str], ...]  # (day, title, status, reason), oldest first

    @property
    def last_day(self) -> date:
        return self.meetings[-1][0]

    def describe(self) -> str:
        leave = sum(1 for _d, _t, status, _r in self.meetings if status == kinds.LEAVE)
        first, last = self.meetings[0][0], self.meetings[-1][0]
        span = f"{first:%m-%d} 至 {last:%m-%d}" if first.year == last.year else f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"
        return (f"{self.member.name}连续 {len(self.meetings)} 次未参加组织生活（{span}，其中请假 {leave} 次），"
                f"请及时了解情况、谈心谈话")


def absence_streaks(session: Session, today: date) -> list[AbsenceStreak]:
    """Members whose latest N expected meetings (N the setting) up to today were all missed."""
    limit = rules.absence_streak(session)
    rows = session.execute(
        select(MeetingAttendance.member_id, Meeting.held_at, Meeting.title, MeetingAttendance.status,
               MeetingAttendance.reason)
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(Meeting.status == kinds.HELD, Meeting.held_at < datetime.combine(today, time.max))
        .order_by(MeetingAttendance.member_id, Meeting.held_at.desc(), Meeting.id.desc()))
    streaks: dict[int, list] = {}
    broken: set[int] = set()
    for member_id, held_at, title, status, reason in rows:
        if member_id in broken:
            continue
        if status == kinds.PRESENT:
            broken.add(member_id)
            continue
        streaks.setdefault(member_id, []).append((held_at.date(), title, status, reason))
    out = []
    for member_id, missed in streaks.items():
        if len(missed) >= limit:
            member = session.get(Member, member_id)
            if member is not None:
                out.append(AbsenceStreak(member, tuple(reversed(missed))))
    return sorted(out, key=lambda s: (s.last_day, s.member.id))


@dataclass(frozen=True)
class AttendanceRate:
    member_id: int
    name: str
    expected: int
    present: int
    on_leave: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def attendance_rates(session: Session, year: int) -> list[AttendanceRate]:
    """Each member's held meetings of the year they were expected at, and how many they attended."""
    present = func.sum(case((MeetingAttendance.status == kinds.PRESENT, 1), else_=0))
    leave = func.sum(case((MeetingAttendance.status == kinds.LEAVE, 1), else_=0))
    rows = session.execute(
        select(Member.id, Member.name, func.count(), present, leave)
        .join(MeetingAttendance, MeetingAttendance.member_id == Member.id)
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(Meeting.status == kinds.HELD, extract("year", Meeting.held_at) == year)
        .group_by(Member.id, Member.name).order_by(Member.id))
    return [AttendanceRate(mid, name, n, int(p or 0), int(lv or 0)) for mid, name, n, p, lv in rows]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"
