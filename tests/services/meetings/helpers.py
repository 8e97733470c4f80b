"""A small branch for the 组织生活 tests: 10 正式党员, 2 预备党员 admitted in March 2026, one member who
arrived by 组织关系转入 on 2026-07-01, one who transferred out on 2026-04-15, and a 5-member committee
elected on 2024-06-20."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.kit.idcard import make_id_number
from app.services.common.branch import list_groups
from app.services.meetings import kinds
from app.services.meetings.committee import SeatInput, elect_term
from app.services.meetings.records import MeetingInput, save_meeting
from app.services.roster import member_events
from app.services.roster.member_events import TRANSFER_IN, record_event
from app.services.roster.members import save_member

TODAY = date(2026, 12, 1)
# the roster's constant where it has one (kind codes arrive with the roster's ASCII codes)
TRANSFER_OUT = getattr(member_events, "TRANSFER_OUT", "组织关系转出")


def required_details(kind: str, value: str) -> dict:
    """The kind's required details, keyed as the roster keys them (by label now, by code later)."""
    spec = member_events.EVENT_KINDS[kind]
    return {getattr(d, "key", d.label): value for d in spec.details if d.required}
POSTS = ("secretary", "organization", "propaganda", "discipline", "youth")


@dataclass
class Branch:
    full: list[int]  # 10 正式党员; the first five sit on the committee
    probationary: list[int]  # 2, admitted 2026-03-01
    arrived: int  # 转入 on 2026-07-01
    left: int  # 转出 on 2026-04-15
    groups: list[int]

    @property
    def committee(self) -> list[int]:
        return self.full[:5]


def member_values(n: int, **over) -> dict:
    base = {"name": f"党员{n:02d}", "id_number": make_id_number("320102", date(1980, 1, 1 + n % 28), n),
            "category": "正式党员", "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)}
    base.update(over)
    return base


def build_branch(db) -> Branch:
    with db.transaction() as s:
        groups = [g.id for g in list_groups(s)]
        full = [save_member(s, member_values(n, party_group_id=groups[n % 2])).id for n in range(1, 11)]
        probationary = [save_member(s, member_values(n, category="预备党员", joined_date=date(2026, 3, 1),
                                                     full_member_date=None, party_group_id=groups[0])).id
                        for n in (11, 12)]
        arrived = save_member(s, member_values(13, joined_date=date(2010, 5, 1), full_member_date=date(2011, 5, 1),
                                               party_group_id=groups[0])).id
        record_event(s, arrived, TRANSFER_IN, date(2026, 7, 1),
                     required_details(TRANSFER_IN, "中共某县实验小学支部委员会"), today=TODAY)
        left = save_member(s, member_values(14, party_group_id=groups[1])).id
        record_event(s, left, TRANSFER_OUT, date(2026, 4, 15),
                     required_details(TRANSFER_OUT, "中共某区教育局机关支部委员会"), today=TODAY)
        elect_term(s, date(2024, 6, 20), [SeatInput(mid, post) for mid, post in zip(full[:5], POSTS, strict=True)],
                   today=TODAY)
    return Branch(full, probationary, arrived, left, groups)


def meeting(branch: Branch, kind: str = kinds.GENERAL, when: datetime = datetime(2026, 5, 10, 15, 30),
            **over) -> MeetingInput:
    values = dict(kind=kind, held_at=when, place="学校会议室", host_id=branch.full[0], recorder_id=branch.full[1],
                  topics=("学习传达上级会议精神",), content="会议内容")
    if kind == kinds.GROUP:
        values["party_group_id"] = branch.groups[0]
    values.update(over)
    return MeetingInput(**values)


def save(db, data: MeetingInput, meeting_id: int | None = None, today: date = TODAY) -> int:
    with db.transaction() as s:
        return save_meeting(s, data, meeting_id, today=today).id
