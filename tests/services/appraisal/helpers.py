"""Members and rounds for the appraisal tests, written straight into the tables (the roster's own
validation is tested elsewhere)."""

from __future__ import annotations

from datetime import date, datetime

from app.kit.idcard import make_id_number
from app.models import Member
from app.services.roster import vocab as roster_vocab


def add_member(session, name: str, *, probationary: bool = False, joined: date = date(2010, 7, 1),
               full: date | None = None, serial: int | None = None, **values) -> Member:
    serial = serial if serial is not None else session.query(Member).count() + 1
    member = Member(
        name=name, gender="女", ethnicity="汉族",
        id_number=make_id_number("110105", date(1980, 1, 1), serial * 2 % 1000),
        birth_date=date(1980, 1, 1), education="大学本科",
        category=roster_vocab.CATEGORY_PROBATIONARY if probationary else roster_vocab.CATEGORY_FULL,
        joined_date=joined, full_member_date=None if probationary else (full or date(joined.year + 1, joined.month, 1)),
        roster_state=roster_vocab.ROSTER_ACTIVE, **values)
    session.add(member)
    session.flush()
    return member


def add_members(session, full: int, probationary: int = 0) -> list[Member]:
    out = [add_member(session, f"正式{i:02d}") for i in range(1, full + 1)]
    out += [add_member(session, f"预备{i:02d}", probationary=True, joined=date(2026, 3, 1))
            for i in range(1, probationary + 1)]
    return out


def add_meeting(session, kind: str, held: datetime, *, place: str = "学校三楼党员活动室", title: str = "",
                host: Member | None = None, status: str = "held") -> int:
    """A meeting record of the 组织生活 area, through its own service (the host chairs and records)."""
    from app.services.meetings.records import MeetingInput, save_meeting

    host = host or session.query(Member).filter(Member.category == roster_vocab.CATEGORY_FULL).first()
    data = MeetingInput(kind=kind, status=status, title=title, held_at=held if status == "held" else None,
                        planned_at=held, place=place, host_id=host.id, recorder_id=host.id,
                        topics=("民主评议党员",))
    return save_meeting(session, data, today=held.date() if status == "held" else date(2000, 1, 1)).id
