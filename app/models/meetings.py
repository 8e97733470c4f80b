"""组织生活: the branch committee and its terms, meeting records with their attendance, 谈心谈话, templates.

Kinds, posts, attendance states and talk types are stable ASCII codes; their Chinese labels live in
app.services.meetings.kinds. Attachments of a meeting are links of owner kind "meeting" in the shared
store (app.models.attachment, imported here so that this module gives the area's whole schema).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import attachment as _attachment  # noqa: F401  (the store's tables belong to this area)
from app.models.base import Base, now
from app.models.branch import PartyGroup
from app.models.member import Member


class CommitteeTerm(Base):
    """一届支部委员会: elected on a date for a number of years; a later term ends it (换届)."""

    __tablename__ = "committee_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    elected_date: Mapped[date] = mapped_column(Date, index=True)  # 选举产生日期
    term_years: Mapped[int] = mapped_column(Integer)  # 任期（年）, the setting's value when it was elected
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    seats: Mapped[list[CommitteeSeat]] = relationship(
        back_populates="term", order_by="CommitteeSeat.id", cascade="all, delete-orphan")


class CommitteeSeat(Base):
    """One member in one post of a term; end_date when they left the post before the term ended."""

    __tablename__ = "committee_seat"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("committee_term.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)
    post: Mapped[str] = mapped_column(String(20))  # a POSTS code
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    term: Mapped[CommitteeTerm] = relationship(back_populates="seats")
    member: Mapped[Member] = relationship(lazy="joined")


class Meeting(Base):
    """One meeting record (会议记录): 三会一课, 主题党日, 组织生活会 or another activity."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # a MEETING_KINDS code
    status: Mapped[str] = mapped_column(String(10), default="held")  # held / planned
    title: Mapped[str] = mapped_column(String(200))  # 会议名称
    sequence: Mapped[int] = mapped_column(Integer)  # 第几次, per kind (and 党小组) and year
    party_group_id: Mapped[int | None] = mapped_column(ForeignKey("party_group.id", ondelete="RESTRICT"), index=True)
    planned_at: Mapped[datetime | None] = mapped_column(DateTime)  # 计划时间
    held_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)  # 实际召开时间
    place: Mapped[str] = mapped_column(String(200), default="")  # 地点
    host_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"))  # 主持人
    recorder_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"))  # 记录人
    observers: Mapped[str] = mapped_column(Text, default="")  # 列席人员
    topics: Mapped[list] = mapped_column(JSON, default=list)  # 议题, several
    content: Mapped[str] = mapped_column(Text, default="")  # 内容 / 发言记录
    resolution: Mapped[str] = mapped_column(Text, default="")  # 决议
    lecturer: Mapped[str] = mapped_column(String(100), default="")  # 党课: 主讲人
    theme: Mapped[str] = mapped_column(String(200), default="")  # 党课主题 / 主题党日的主题
    has_vote: Mapped[bool] = mapped_column(Boolean, default=False)  # 是否表决
    votes_for: Mapped[int | None] = mapped_column(Integer)  # 赞成
    votes_against: Mapped[int | None] = mapped_column(Integer)  # 反对
    votes_abstain: Mapped[int | None] = mapped_column(Integer)  # 弃权
    # counts entered by hand, only for an activity without a roster list (其他活动 with guests)
    manual_expected: Mapped[int | None] = mapped_column(Integer)
    manual_present: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)

    party_group: Mapped[PartyGroup | None] = relationship(lazy="joined")
    host: Mapped[Member | None] = relationship(foreign_keys=[host_id], lazy="joined")
    recorder: Mapped[Member | None] = relationship(foreign_keys=[recorder_id], lazy="joined")
    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", order_by="MeetingAttendance.id", cascade="all, delete-orphan")

    @property
    def day(self) -> date | None:
        when = self.held_at or self.planned_at
        return when.date() if when else None


class MeetingAttendance(Base):
    """One member expected at a meeting (the roster as it stood that day): present, on leave or absent."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="present")  # an ATTENDANCE code
    reason: Mapped[str] = mapped_column(String(200), default="")  # 缺席原因
    voting: Mapped[bool] = mapped_column(Boolean, default=True)  # had a vote that day (正式党员)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    member: Mapped[Member] = relationship(lazy="joined")


class MeetingTemplate(Base):
    """A saved starting point for new records of a kind (place, 主持人, 记录人, 议题 …)."""

    __tablename__ = "meeting_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class Talk(Base):
    """谈心谈话: who talked with whom, when, which kind of talk, the topics and a summary."""

    __tablename__ = "talk"

    id: Mapped[int] = mapped_column(primary_key=True)
    talk_date: Mapped[date] = mapped_column(Date, index=True)
    talker_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)  # 谈话人
    talkee_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)  # 谈话对象
    kind: Mapped[str] = mapped_column(String(20))  # a TALK_KINDS code
    place: Mapped[str] = mapped_column(String(200), default="")
    topics: Mapped[str] = mapped_column(Text, default="")  # 谈话主题
    summary: Mapped[str] = mapped_column(Text, default="")  # 谈话内容摘要
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    talker: Mapped[Member] = relationship(foreign_keys=[talker_id], lazy="joined")
    talkee: Mapped[Member] = relationship(foreign_keys=[talkee_id], lazy="joined")
