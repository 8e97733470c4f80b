"""The meeting where a round was held: a 组织生活会 or 支部党员大会 record of the meetings area (组织生活), or,
with no record linked (未关联), a date and place typed on the round.

A linked record is the source of the round's meeting date and place: they are copied onto the round when
it is linked (so the round reads the same if the record is later deleted: the link is then set NULL by the
database and the copy stays) and read from the record while it exists (`round_meeting`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.kit.errors import UserError
from app.models.appraisal import AppraisalRound
from app.models.meetings import Meeting
from app.services.appraisal.guard import require_open
from app.services.meetings import kinds
from app.services.meetings.records import list_meetings

# the kinds of meeting a 民主评议 is held at (domain.md §4: 组织生活会, often with 民主评议; 党员大会)
APPRAISAL_MEETING_KINDS = (kinds.LIFE, kinds.GENERAL)
FIELD = "meeting_id"


@dataclass(frozen=True)
class RoundMeeting:
    """What documents and the page show of the round's meeting."""

    day: date | None
    place: str
    kind_label: str = ""  # 组织生活会 / 支部党员大会, when a record is linked
    title: str = ""
    meeting_id: int | None = None

    @property
    def linked(self) -> bool:
        return self.meeting_id is not None

    def text(self) -> str:
        """One line: 2026-01-20 组织生活会 学校三楼党员活动室（2026年第1次组织生活会）."""
        parts = " ".join(x for x in (format_date(self.day), self.kind_label, self.place) if x)
        return f"{parts}（{self.title}）" if self.title else parts


def meeting_day(meeting: Meeting) -> date | None:
    when = meeting.held_at or meeting.planned_at
    return when.date() if when else None


def meeting_label(meeting: Meeting) -> str:
    """How the chooser lists a record: date, kind, title, and 计划 for one not held yet."""
    spec = kinds.kind(meeting.kind)
    planned = "（计划）" if meeting.status != kinds.HELD else ""
    return f"{format_date(meeting_day(meeting))}　{spec.label}　{meeting.title}{planned}"


def meeting_choices(session: Session, year: int) -> list[Meeting]:
    """The year's 组织生活会 and 支部党员大会 records, by date."""
    return [m for m in list_meetings(session, year=year) if m.kind in APPRAISAL_MEETING_KINDS]


def link_meeting(session: Session, rnd: AppraisalRound, meeting_id: int | None) -> None:
    """Link the round to a meeting record (its date and place become the round's), or unlink it (None:
    未关联, the date and place stay as they are, to be corrected by hand). In the caller's transaction."""
    require_open(rnd)
    if meeting_id is None:
        rnd.meeting_id = None
        return
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(f"找不到编号为 {meeting_id} 的会议记录，可能已在“组织生活”中删除。", FIELD)
    label = meeting_label(meeting)
    if meeting.kind not in APPRAISAL_MEETING_KINDS:
        raise UserError(f"“{label}”不是组织生活会或支部党员大会，不能作为民主评议的会议。", FIELD)
    day = meeting_day(meeting)
    if day is None or day.year != rnd.year:
        raise UserError(f"“{label}”不在 {rnd.year} 年，不能作为{rnd.year}年度民主评议的会议。", FIELD)
    rnd.meeting_id = meeting.id
    rnd.meeting_date = day
    rnd.meeting_place = (meeting.place or "")[:100]


def round_meeting(session: Session, rnd: AppraisalRound) -> RoundMeeting:
    """The round's meeting as it stands: the linked record's, else the date and place typed on the round."""
    meeting = session.get(Meeting, rnd.meeting_id) if rnd.meeting_id is not None else None
    if meeting is None:
        return RoundMeeting(rnd.meeting_date, rnd.meeting_place or "")
    return RoundMeeting(meeting_day(meeting), meeting.place or "", kinds.kind(meeting.kind).label, meeting.title,
                        meeting.id)


def unlinked_rounds(session: Session) -> list[tuple[AppraisalRound, list[Meeting]]]:
    """Rounds with no meeting record linked although the year has a 组织生活会 or 党员大会 record."""
    out = []
    for rnd in session.scalars(select(AppraisalRound).where(AppraisalRound.meeting_id.is_(None))
                               .order_by(AppraisalRound.year)):
        choices = meeting_choices(session, rnd.year)
        if choices:
            out.append((rnd, choices))
    return out
