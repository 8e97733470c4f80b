"""民主评议党员 (domain.md §5): the yearly round, its steps, who takes part, the tally, the grades, the
follow-up, and the seeds' quarterly self-checks and half-year first appraisal notes.

Every stored kind is an ASCII code; the labels live in app.services.appraisal.vocab.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.util import identity_key

from app.models import meetings as _meetings  # noqa: F401  (appraisal_round.meeting_id refers to meeting.id)
from app.models.base import Base, now
from app.models.member import Member


def _loaded(obj: object, name: str) -> object:
    """A many-to-one relationship only if it is at hand (loaded, or its row in the session): the audit trail
    reads labels during a flush, where a lazy load must not run."""
    state = inspect(obj)
    if name in state.dict:
        return state.dict[name]
    prop = state.mapper.relationships[name]
    key = [getattr(obj, col.key) for col in prop.local_columns]
    if state.session is None or None in key:
        return None
    return state.session.identity_map.get(identity_key(prop.mapper.class_, tuple(key)))


class AppraisalRound(Base):
    """One year's 民主评议党员. `held_on` fixes who takes part (在册 on that day) and their 人员类别."""

    __tablename__ = "appraisal_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    held_on: Mapped[date] = mapped_column(Date)  # 民主测评 day; the participants are those 在册 then
    meeting_date: Mapped[date | None] = mapped_column(Date)  # the 党员大会 / 组织生活会 where it was held
    meeting_place: Mapped[str] = mapped_column(String(100), default="")
    # the 组织生活会 / 党员大会 record where it was held (meetings area); kept NULL when that record goes
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    ballots_issued: Mapped[int | None] = mapped_column(Integer)  # 发出票数 (one ballot per voter)
    status: Mapped[str] = mapped_column(String(10), default="open")  # vocab.ROUND_STATUSES
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    steps: Mapped[list[AppraisalStep]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="AppraisalStep.id")
    participants: Mapped[list[AppraisalParticipant]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="AppraisalParticipant.sort_order")
    log: Mapped[list[AppraisalRoundLog]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="AppraisalRoundLog.id")

    @property
    def audit_label(self) -> str:
        return f"{self.year}年度民主评议"


class AppraisalStep(Base):
    """One of the six steps (学习教育 … 表彰和处理) with its dates."""

    __tablename__ = "appraisal_step"
    __table_args__ = (UniqueConstraint("round_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("appraisal_round.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(10))  # vocab.STEPS code
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[AppraisalRound] = relationship(back_populates="steps")

    @property
    def audit_label(self) -> str:
        rnd = _loaded(self, "round")
        return f"{rnd.year}年度 {self.step}" if rnd is not None else self.step


class AppraisalRoundLog(Base):
    """Closing and reopening a round, with the reason a reopening was asked for."""

    __tablename__ = "appraisal_round_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("appraisal_round.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # vocab.LOG_ACTIONS code
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    reason: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[AppraisalRound] = relationship(back_populates="log")


class AppraisalParticipant(Base):
    """One member in one round: 自评, 互评, the 民主测评 tally, the proposed and the final grade."""

    __tablename__ = "appraisal_participant"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("appraisal_round.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(15))  # vocab.CATEGORIES code, as on the round's day
    graded: Mapped[bool] = mapped_column(Boolean, default=True)  # False: 不评定等次 (预备党员 by default)
    self_summary: Mapped[str] = mapped_column(Text, default="")  # 个人自评
    peer_opinion: Mapped[str] = mapped_column(Text, default="")  # 党员互评意见
    votes_excellent: Mapped[int | None] = mapped_column(Integer)
    votes_qualified: Mapped[int | None] = mapped_column(Integer)
    votes_basic: Mapped[int | None] = mapped_column(Integer)
    votes_unqualified: Mapped[int | None] = mapped_column(Integer)
    ballots_returned: Mapped[int | None] = mapped_column(Integer)  # 收回票数; None: no tally yet
    proposed_grade: Mapped[str | None] = mapped_column(String(15))  # from the tally, kept as it was computed
    final_grade: Mapped[str | None] = mapped_column(String(15))  # 组织评定
    final_reason: Mapped[str] = mapped_column(Text, default="")  # why it differs from the proposed grade
    notes: Mapped[str] = mapped_column(Text, default="")  # 备注

    round: Mapped[AppraisalRound] = relationship(back_populates="participants")
    member: Mapped[Member] = relationship(lazy="joined")
    follow_ups: Mapped[list[AppraisalFollowUp]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="AppraisalFollowUp.id")

    @property
    def audit_label(self) -> str:
        member, rnd = _loaded(self, "member"), _loaded(self, "round")
        who = member.name if member is not None else f"#{self.member_id}"
        return f"{rnd.year}年度 {who}" if rnd is not None else who


class AppraisalBallot(Base):
    """One voter's 民主测评表 as typed from paper; the app counts them into the participants' tallies."""

    __tablename__ = "appraisal_ballot"
    __table_args__ = (UniqueConstraint("round_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("appraisal_round.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … in the order typed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    marks: Mapped[list[AppraisalBallotMark]] = relationship(
        back_populates="ballot", cascade="all, delete-orphan", order_by="AppraisalBallotMark.id")


class AppraisalBallotMark(Base):
    """The grade ticked on one ballot for one participant (no mark: left blank)."""

    __tablename__ = "appraisal_ballot_mark"
    __table_args__ = (UniqueConstraint("ballot_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("appraisal_ballot.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("appraisal_participant.id", ondelete="CASCADE"), index=True)
    grade: Mapped[str] = mapped_column(String(15))  # vocab.GRADES code

    ballot: Mapped[AppraisalBallot] = relationship(back_populates="marks")


class AppraisalFollowUp(Base):
    """表彰和处理 for a 基本合格 / 不合格 member: 限期改正 (with a deadline), 劝退, 除名, and what happened.

    Recorded, not automated: a 劝退 or 除名 leaves the roster only through the roster's own event."""

    __tablename__ = "appraisal_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("appraisal_participant.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(15))  # vocab.FOLLOW_UPS code
    decided_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)  # 限期改正: by when
    outcome: Mapped[str] = mapped_column(Text, default="")  # what happened
    outcome_date: Mapped[date | None] = mapped_column(Date)  # None: still open
    note: Mapped[str] = mapped_column(Text, default="")

    participant: Mapped[AppraisalParticipant] = relationship(back_populates="follow_ups")

    @property
    def audit_label(self) -> str:
        participant = _loaded(self, "participant")
        return f"{participant.audit_label} {self.action}" if participant is not None else self.action


class AppraisalNote(Base):
    """The seeds' rhythm: a member's 季度自查 (period 1-4) or 半年初评 (period 1) note for a year."""

    __tablename__ = "appraisal_note"
    __table_args__ = (UniqueConstraint("member_id", "year", "kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(15))  # vocab.NOTE_KINDS code
    period: Mapped[int] = mapped_column(Integer)
    noted_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")

    @property
    def audit_label(self) -> str:
        return f"#{self.member_id} {self.year}年 {self.kind} {self.period}"
