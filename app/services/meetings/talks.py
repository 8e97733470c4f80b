"""谈心谈话: recording talks and the year's coverage (who talked with whom, who has had no talk yet).

Coverage follows the 条例's rule that committee members talk with each member (and with each other) at
least once a year: a member is covered by a talk with someone who sat on the committee on the talk's day;
a committee member by a talk with another committee member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import Member
from app.models.meetings import Talk
from app.services.meetings.committee import committee_member_ids
from app.services.meetings.kinds import TALK_KINDS
from app.services.meetings.roster_on import describe_absence, member_on, members_on


@dataclass(frozen=True)
class TalkInput:
    talk_date: date | None
    talker_id: int | None  # 谈话人
    talkee_id: int | None  # 谈话对象
    kind: str = "heart"
    place: str = ""
    topics: str = ""
    summary: str = ""


def _party(session: Session, member_id: int | None, day: date, key: str, label: str) -> Member:
    if member_id is None:
        raise UserError(f"请选择“{label}”。", field=key)
    member = session.get(Member, member_id)
    if member is None:
        raise UserError(f"找不到编号为 {member_id} 的党员（{label}）。", field=key)
    if not member_on(member, day):
        raise UserError(f"“{label}”{member.name}在谈话日期 {day:%Y-%m-%d} {describe_absence(member, day)}。",
                        field=key)
    return member


def save_talk(session: Session, data: TalkInput, talk_id: int | None = None, today: date | None = None) -> Talk:
    today = today or date.today()
    if data.talk_date is None:
        raise UserError("请填写“谈话日期”。", field="talk_date")
    if data.talk_date > today:
        raise UserError(f"“谈话日期”{data.talk_date:%Y-%m-%d} 晚于今天。", field="talk_date")
    if data.kind not in TALK_KINDS:
        raise UserError(f"未知的谈话类型“{data.kind}”。", field="kind")
    talker = _party(session, data.talker_id, data.talk_date, "talker_id", "谈话人")
    talkee = _party(session, data.talkee_id, data.talk_date, "talkee_id", "谈话对象")
    if talker.id == talkee.id:
        raise UserError("“谈话人”和“谈话对象”不能是同一人。", field="talkee_id")
    talk = session.get(Talk, talk_id) if talk_id is not None else Talk()
    if talk is None:
        raise UserError(f"找不到编号为 {talk_id} 的谈话记录。")
    talk.talk_date, talk.talker, talk.talkee, talk.kind = data.talk_date, talker, talkee, data.kind
    talk.place = (data.place or "").strip()[:200]
    talk.topics = (data.topics or "").strip()
    talk.summary = (data.summary or "").strip()
    session.add(talk)
    session.flush()
    return talk


def delete_talk(session: Session, talk_id: int) -> None:
    talk = session.get(Talk, talk_id)
    if talk is None:
        raise UserError(f"找不到编号为 {talk_id} 的谈话记录。")
    session.delete(talk)
    session.flush()


def list_talks(session: Session, year: int | None = None) -> list[Talk]:
    query = select(Talk)
    if year is not None:
        query = query.where(extract("year", Talk.talk_date) == year)
    return list(session.scalars(query.order_by(Talk.talk_date, Talk.id)))


@dataclass
class TalkCoverage:
    year: int
    reference_day: date  # whose roster is checked: the year's end, or today in the current year
    members: list[Member]  # to be covered
    committee_ids: set[int]
    talked_with: dict[int, set[int]] = field(default_factory=dict)  # committee member id -> member ids
    covered_ids: set[int] = field(default_factory=set)

    @property
    def uncovered(self) -> list[Member]:
        return [m for m in self.members if m.id not in self.covered_ids]

    @property
    def complete(self) -> bool:
        return bool(self.members) and not self.uncovered

    def summary(self) -> str:
        covered = len(self.members) - len(self.uncovered)
        return f"已谈 {covered}/{len(self.members)} 人"


def talk_coverage(session: Session, year: int, today: date) -> TalkCoverage:
    reference = min(today, date(year, 12, 31))
    members = [m.member for m in members_on(session, reference)]
    coverage = TalkCoverage(year, reference, members, committee_member_ids(session, reference))
    committee_by_day: dict[date, set[int]] = {}
    for talk in list_talks(session, year):
        if talk.talk_date > reference:
            continue
        on_committee = committee_by_day.get(talk.talk_date)
        if on_committee is None:
            on_committee = committee_by_day[talk.talk_date] = committee_member_ids(session, talk.talk_date)
        a, b = talk.talker_id, talk.talkee_id
        for one, other in ((a, b), (b, a)):
            if other in on_committee:
                coverage.talked_with.setdefault(other, set()).add(one)
                coverage.covered_ids.add(one)
    return coverage
