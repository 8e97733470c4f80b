"""Meeting records: saving one (with its attendance from the roster as it stood that day), listing,
numbering (第几次), starting a new record from the previous one of its kind or from a saved template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, selectinload

from app.kit.errors import UserError
from app.models import Member, PartyGroup
from app.models.meetings import Meeting, MeetingAttendance, MeetingTemplate
from app.services.meetings import kinds
from app.services.meetings.committee import committee_on
from app.services.meetings.roster_on import MemberOnDay, describe_absence, member_on, members_on, voting_on

OWNER_KIND = "meeting"  # attachments of a meeting in the shared store
MAX_TOPICS = 20


@dataclass(frozen=True)
class MeetingInput:
    """What the user enters for a meeting; absentees maps member id -> (kinds.LEAVE or kinds.ABSENT, reason)."""

    kind: str
    status: str = kinds.HELD
    title: str = ""
    sequence: int | None = None
    party_group_id: int | None = None
    planned_at: datetime | None = None
    held_at: datetime | None = None
    place: str = ""
    host_id: int | None = None
    recorder_id: int | None = None
    observers: str = ""
    topics: Sequence[str] = ()
    content: str = ""
    resolution: str = ""
    lecturer: str = ""
    theme: str = ""
    absentees: dict[int, tuple[str, str]] = field(default_factory=dict)
    has_vote: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    manual_expected: int | None = None  # only for an activity counted by hand (no roster list)
    manual_present: int | None = None

    @property
    def day(self) -> date | None:
        when = self.held_at if self.status == kinds.HELD else (self.planned_at or self.held_at)
        return when.date() if when else None


@dataclass(frozen=True)
class MeetingCounts:
    expected: int  # 应到
    present: int  # 实到
    voting_expected: int  # 有表决权应到
    voting_present: int  # 有表决权实到
    absent: tuple[MeetingAttendance, ...] = ()  # 缺席, with reasons

    @property
    def absent_count(self) -> int:
        return self.expected - self.present


# -- who is expected -------------------------------------------------------------------------------------


def expected_members(session: Session, kind: str, day: date, party_group_id: int | None = None,
                     members: list[Member] | None = None) -> list[MemberOnDay]:
    """Who is expected at a meeting of `kind` on `day`: the roster, a 党小组 or the committee as then."""
    spec = kinds.kind(kind)
    if spec.expected == kinds.EXPECT_COMMITTEE:
        return [MemberOnDay(s.member, voting_on(s.member, day)) for s in committee_on(session, day)
                if member_on(s.member, day)]
    on_day = members_on(session, day, members)
    if spec.expected == kinds.EXPECT_GROUP:
        return [m for m in on_day if m.member.party_group_id == party_group_id]
    return on_day


# -- numbering and titles --------------------------------------------------------------------------------


def next_sequence(session: Session, kind: str, year: int, party_group_id: int | None = None,
                  exclude_id: int | None = None) -> int:
    """第几次: one more than the highest number of the kind (and 党小组) in that year."""
    day = func.coalesce(Meeting.held_at, Meeting.planned_at)
    query = select(func.max(Meeting.sequence)).where(Meeting.kind == kind, extract("year", day) == year)
    if party_group_id is not None:
        query = query.where(Meeting.party_group_id == party_group_id)
    if exclude_id is not None:
        query = query.where(Meeting.id != exclude_id)
    return (session.scalar(query) or 0) + 1


def default_title(session: Session, kind: str, year: int, sequence: int, party_group_id: int | None) -> str:
    label = kinds.kind_label(kind)
    group = session.get(PartyGroup, party_group_id) if party_group_id else None
    return f"{year}年{group.name if group else ''}第{sequence}次{label}"


# -- validation and saving -------------------------------------------------------------------------------


def _member_on_day(session: Session, member_id: int | None, day: date, field_key: str, label: str) -> Member | None:
    if member_id is None:
        return None
    member = session.get(Member, member_id)
    if member is None:
        raise UserError(f"找不到编号为 {member_id} 的党员（{label}）。", field=field_key)
    if not member_on(member, day):
        raise UserError(f"“{label}”{member.name}在会议日期 {day:%Y-%m-%d} {describe_absence(member, day)}，"
                        f"不是当时的本支部党员。", field=field_key)
    return member


def _count(value: int | None, label: str, field_key: str) -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or value < 0:
        raise UserError(f"“{label}”应为不小于 0 的整数，现为“{value}”。", field=field_key)
    return value


def _clean_topics(topics: Sequence[str]) -> list[str]:
    clean = [t.strip() for t in topics if t and t.strip()]
    if len(clean) > MAX_TOPICS:
        raise UserError(f"“议题”最多 {MAX_TOPICS} 项，现有 {len(clean)} 项。", field="topics")
    for t in clean:
        if len(t) > 500:
            raise UserError(f"议题“{t[:20]}…”太长，请精简到 500 字以内。", field="topics")
    return clean


def _text(value: str, label: str, field_key: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise UserError(f"“{label}”最多 {limit} 字，现有 {len(value)} 字。", field=field_key)
    return value


def validate(session: Session, data: MeetingInput, today: date) -> tuple[date, list[MemberOnDay]]:
    """The meeting's day and who was expected; UserError (Chinese, naming the field) for bad input."""
    spec = kinds.kind(data.kind)
    if data.status not in kinds.MEETING_STATUSES:
        raise UserError(f"未知的会议状态“{data.status}”。", field="status")
    if data.status == kinds.HELD:
        if data.held_at is None:
            raise UserError("请填写“召开时间”。", field="held_at")
        if data.held_at.date() > today:
            raise UserError(f"“召开时间”{data.held_at:%Y-%m-%d} 晚于今天，不能登记为已召开；"
                            f"尚未召开的会议请登记为“计划”。", field="held_at")
    elif data.planned_at is None:
        raise UserError("请填写“计划时间”。", field="planned_at")
    day = data.day
    assert day is not None
    if spec.expected == kinds.EXPECT_GROUP:
        if data.party_group_id is None:
            raise UserError("党小组会须选择“党小组”。", field="party_group_id")
        if session.get(PartyGroup, data.party_group_id) is None:
            raise UserError(f"找不到编号为 {data.party_group_id} 的党小组。", field="party_group_id")
    host = _member_on_day(session, data.host_id, day, "host_id", "主持人")
    recorder = _member_on_day(session, data.recorder_id, day, "recorder_id", "记录人")
    if data.status == kinds.HELD and host is None:
        raise UserError("请选择“主持人”。", field="host_id")
    if data.status == kinds.HELD and recorder is None:
        raise UserError("请选择“记录人”。", field="recorder_id")
    if data.sequence is not None and (not isinstance(data.sequence, int) or data.sequence < 1):
        raise UserError(f"“第几次”应为正整数，现为“{data.sequence}”。", field="sequence")
    manual = data.manual_expected is not None or data.manual_present is not None
    if manual:
        expected_n = _count(data.manual_expected, "应到人数", "manual_expected")
        present_n = _count(data.manual_present, "实到人数", "manual_present")
        if present_n > expected_n:
            raise UserError(f"“实到人数”（{present_n}）不能多于“应到人数”（{expected_n}）。", field="manual_present")
        expected: list[MemberOnDay] = []
        voting_present = present_n
    else:
        expected = expected_members(session, data.kind, day, data.party_group_id)
        ids = {m.id for m in expected}
        for member_id, (status, _reason) in data.absentees.items():
            if status not in (kinds.LEAVE, kinds.ABSENT):
                raise UserError(f"未知的缺席类型“{status}”。", field="absentees")
            if member_id not in ids:
                member = session.get(Member, member_id)
                name = member.name if member else f"编号 {member_id}"
                raise UserError(f"“缺席人员”中的{name}不是这次会议的应到人员（{day:%Y-%m-%d}）。", field="absentees")
        voting_present = sum(1 for m in expected if m.voting and m.id not in data.absentees)
    if data.has_vote:
        votes = [_count(data.votes_for, "赞成", "votes_for"), _count(data.votes_against, "反对", "votes_against"),
                 _count(data.votes_abstain, "弃权", "votes_abstain")]
        if sum(votes) > voting_present:
            raise UserError(f"“表决结果”赞成、反对、弃权合计 {sum(votes)} 票，多于实到有表决权的 {voting_present} 人。",
                            field="votes_for")
    return day, expected


def save_meeting(session: Session, data: MeetingInput, meeting_id: int | None = None,
                 today: date | None = None) -> Meeting:
    """Create or update a meeting record in the caller's transaction; returns it."""
    today = today or date.today()
    day, expected = validate(session, data, today)
    meeting = None
    if meeting_id is not None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(f"找不到编号为 {meeting_id} 的会议记录，可能已被删除。")
    sequence = data.sequence
    if sequence is None:
        same_slot = (meeting is not None and meeting.kind == data.kind and meeting.day is not None
                     and meeting.day.year == day.year and meeting.party_group_id == data.party_group_id)
        sequence = meeting.sequence if same_slot else next_sequence(
            session, data.kind, day.year, data.party_group_id, exclude_id=meeting_id)
    title = _text(data.title, "会议名称", "title", 200) or default_title(
        session, data.kind, day.year, sequence, data.party_group_id)
    if meeting is None:
        meeting = Meeting()
        session.add(meeting)
    meeting.kind = data.kind
    meeting.status = data.status
    meeting.title = title
    meeting.sequence = sequence
    meeting.party_group_id = data.party_group_id if kinds.kind(data.kind).expected == kinds.EXPECT_GROUP else None
    meeting.planned_at = data.planned_at
    meeting.held_at = data.held_at if data.status == kinds.HELD else None
    meeting.place = _text(data.place, "地点", "place", 200)
    meeting.host_id = data.host_id
    meeting.recorder_id = data.recorder_id
    meeting.observers = (data.observers or "").strip()
    meeting.topics = _clean_topics(data.topics)
    meeting.content = (data.content or "").strip("\n")
    meeting.resolution = (data.resolution or "").strip()
    meeting.lecturer = _text(data.lecturer, "主讲人", "lecturer", 100)
    meeting.theme = _text(data.theme, kinds.kind(data.kind).theme_label or "主题", "theme", 200)
    meeting.has_vote = bool(data.has_vote)
    meeting.votes_for = data.votes_for if data.has_vote else None
    meeting.votes_against = data.votes_against if data.has_vote else None
    meeting.votes_abstain = data.votes_abstain if data.has_vote else None
    manual = data.manual_expected is not None or data.manual_present is not None
    meeting.manual_expected = data.manual_expected if manual else None
    meeting.manual_present = data.manual_present if manual else None
    _set_attendance(session, meeting, expected, data.absentees)
    session.flush()
    return meeting


def _set_attendance(session: Session, meeting: Meeting, expected: list[MemberOnDay],
                    absentees: dict[int, tuple[str, str]]) -> None:
    old = {a.member_id: a for a in meeting.attendance}
    wanted = {m.id for m in expected}
    for member_id, row in old.items():
        if member_id not in wanted:
            meeting.attendance.remove(row)
    session.flush()
    for m in expected:
        status, reason = absentees.get(m.id, (kinds.PRESENT, ""))
        row = old.get(m.id)
        if row is None:
            row = MeetingAttendance(member=m.member)
            meeting.attendance.append(row)
        row.status = status
        row.reason = (reason or "").strip()[:200] if status != kinds.PRESENT else ""
        row.voting = m.voting


def counts(meeting: Meeting) -> MeetingCounts:
    if meeting.manual_expected is not None or meeting.manual_present is not None:
        expected, present = meeting.manual_expected or 0, meeting.manual_present or 0
        return MeetingCounts(expected, present, expected, present)
    rows = meeting.attendance
    absent = tuple(a for a in rows if a.status != kinds.PRESENT)
    return MeetingCounts(
        expected=len(rows), present=len(rows) - len(absent),
        voting_expected=sum(1 for a in rows if a.voting),
        voting_present=sum(1 for a in rows if a.voting and a.status == kinds.PRESENT),
        absent=absent)


def describe_absentees(meeting: Meeting) -> str:
    """缺席人员及原因: 王芳（请假：外出培训）、李明（未请假）."""
    parts = []
    for a in counts(meeting).absent:
        why = "请假" if a.status == kinds.LEAVE else "未请假"
        parts.append(f"{a.member.name}（{why}{'：' + a.reason if a.reason else ''}）")
    return "、".join(parts)


# -- reading ---------------------------------------------------------------------------------------------


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id, options=[selectinload(Meeting.attendance)])
    if meeting is None:
        raise UserError(f"找不到编号为 {meeting_id} 的会议记录。")
    return meeting


def list_meetings(session: Session, *, year: int | None = None, kind: str | None = None,
                  status: str | None = None) -> list[Meeting]:
    """Meetings by date (held or planned), optionally of one year, kind, status."""
    day = func.coalesce(Meeting.held_at, Meeting.planned_at)
    query = select(Meeting).options(selectinload(Meeting.attendance))
    if year is not None:
        query = query.where(extract("year", day) == year)
    if kind is not None:
        query = query.where(Meeting.kind == kinds.kind(kind).code)
    if status is not None:
        query = query.where(Meeting.status == status)
    return list(session.scalars(query.order_by(day, Meeting.id)))


def meeting_years(session: Session) -> list[int]:
    days = session.scalars(select(func.coalesce(Meeting.held_at, Meeting.planned_at)))
    return sorted({d.year for d in days if d}, reverse=True)


def delete_meeting(session: Session, data_dir: Path, meeting_id: int) -> None:
    """Delete a record entered by mistake, with its attendance; its attachments' links go (files that no
    other record refers to are removed after the commit)."""
    from app.services.attachments import remove_owner

    meeting = get_meeting(session, meeting_id)
    remove_owner(session, data_dir, OWNER_KIND, meeting.id)
    session.delete(meeting)
    session.flush()


# -- fast entry ------------------------------------------------------------------------------------------


def previous_meeting(session: Session, kind: str, party_group_id: int | None = None,
                     before: date | None = None) -> Meeting | None:
    """The latest held meeting of the kind (and 党小组), before `before` if given."""
    query = select(Meeting).where(Meeting.kind == kinds.kind(kind).code, Meeting.status == kinds.HELD)
    if party_group_id is not None:
        query = query.where(Meeting.party_group_id == party_group_id)
    if before is not None:
        query = query.where(Meeting.held_at < datetime.combine(before, time.min))
    return session.scalars(query.order_by(Meeting.held_at.desc(), Meeting.id.desc()).limit(1)).first()


def _moved(when: datetime | None, day: date) -> datetime:
    return datetime.combine(day, when.time() if when else time(15, 30))


def draft_from_previous(session: Session, kind: str, day: date, party_group_id: int | None = None) -> MeetingInput:
    """A new record of `kind` on `day` that starts from the previous one: the same place, 主持人, 记录人,
    列席 and (for the roster on the new day) the attendee list; the absentees, content and votes start empty.
    Without a previous record, an empty record of the kind."""
    before = previous_meeting(session, kind, party_group_id, before=day) or previous_meeting(
        session, kind, party_group_id)
    if before is None:
        return MeetingInput(kind=kinds.kind(kind).code, held_at=_moved(None, day), party_group_id=party_group_id)
    keep = [mid for mid in (before.host_id, before.recorder_id)]
    host, recorder = (mid if mid and member_on(session.get(Member, mid), day) else None for mid in keep)
    return MeetingInput(
        kind=before.kind, party_group_id=before.party_group_id, held_at=_moved(before.held_at, day),
        place=before.place, host_id=host, recorder_id=recorder, observers=before.observers,
        lecturer=before.lecturer if before.kind == kinds.LECTURE else "")


def input_of(meeting: Meeting) -> MeetingInput:
    """The record as a MeetingInput (to edit it, or to copy it)."""
    manual = meeting.manual_expected is not None or meeting.manual_present is not None
    return MeetingInput(
        kind=meeting.kind, status=meeting.status, title=meeting.title, sequence=meeting.sequence,
        party_group_id=meeting.party_group_id, planned_at=meeting.planned_at, held_at=meeting.held_at,
        place=meeting.place, host_id=meeting.host_id, recorder_id=meeting.recorder_id,
        observers=meeting.observers, topics=tuple(meeting.topics or ()), content=meeting.content,
        resolution=meeting.resolution, lecturer=meeting.lecturer, theme=meeting.theme,
        absentees={} if manual else {a.member_id: (a.status, a.reason) for a in meeting.attendance
                                     if a.status != kinds.PRESENT},
        has_vote=meeting.has_vote, votes_for=meeting.votes_for, votes_against=meeting.votes_against,
        votes_abstain=meeting.votes_abstain, manual_expected=meeting.manual_expected,
        manual_present=meeting.manual_present)


_TEMPLATE_FIELDS = ("title", "party_group_id", "place", "host_id", "recorder_id", "observers", "topics",
                    "lecturer", "theme")


def save_template(session: Session, name: str, data: MeetingInput) -> MeetingTemplate:
    """Save the reusable parts of a record (place, 主持人, 记录人, 列席, 议题, 主题) under a name."""
    name = _text(name, "模板名称", "template_name", 100)
    if not name:
        raise UserError("请填写“模板名称”。", field="template_name")
    kinds.kind(data.kind)
    template = session.scalar(select(MeetingTemplate).where(MeetingTemplate.name == name)) or MeetingTemplate(name=name)
    template.kind = data.kind
    values = {key: getattr(data, key) for key in _TEMPLATE_FIELDS}
    values["topics"] = list(values["topics"])
    template.values = values
    session.add(template)
    session.flush()
    return template


def list_templates(session: Session, kind: str | None = None) -> list[MeetingTemplate]:
    query = select(MeetingTemplate).order_by(MeetingTemplate.name)
    if kind is not None:
        query = query.where(MeetingTemplate.kind == kind)
    return list(session.scalars(query))


def draft_from_template(session: Session, template_id: int, day: date) -> MeetingInput:
    template = session.get(MeetingTemplate, template_id)
    if template is None:
        raise UserError(f"找不到编号为 {template_id} 的模板。")
    values = {k: v for k, v in (template.values or {}).items() if k in _TEMPLATE_FIELDS}
    values["topics"] = tuple(values.get("topics") or ())
    for key in ("host_id", "recorder_id"):
        mid = values.get(key)
        if mid and not ((m := session.get(Member, mid)) and member_on(m, day)):
            values[key] = None
    draft = MeetingInput(kind=template.kind, held_at=_moved(None, day))
    return replace(draft, **values)
