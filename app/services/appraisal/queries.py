"""Reading rounds and their participants, and the counts every document and page shows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from app.kit.errors import UserError
from app.models import Member
from app.models.appraisal import AppraisalParticipant, AppraisalRound
from app.services.appraisal import vocab


def round_for_year(session: Session, year: int) -> AppraisalRound | None:
    return session.scalar(select(AppraisalRound).where(AppraisalRound.year == year))


def require_round(session: Session, year: int) -> AppraisalRound:
    found = round_for_year(session, year)
    if found is None:
        raise UserError(f"{year}年度尚未建立民主评议。", "year")
    return found


def round_years(session: Session) -> list[int]:
    """Years that have a round, newest first."""
    return list(session.scalars(select(AppraisalRound.year).order_by(AppraisalRound.year.desc())))


def participant_of(rnd: AppraisalRound, member_id: int) -> AppraisalParticipant:
    """The member's row in this round; a member not in the round is refused in Chinese."""
    for p in rnd.participants:
        if p.member_id == member_id:
            return p
    session = object_session(rnd)
    member = session.get(Member, member_id) if session is not None else None
    name = member.name if member is not None else f"编号 {member_id} 的人员"
    raise UserError(f"{name}不在{rnd.year}年度民主评议的参加人员中，不能为其评定或计票。", "member_id")


def graded_participants(rnd: AppraisalRound) -> list[AppraisalParticipant]:
    return [p for p in rnd.participants if p.graded]


@dataclass(frozen=True)
class RoundCounts:
    """Who took part and how the grades came out (final grades; proposed ones where none yet)."""

    participants: int
    graded: int
    not_graded: int
    by_grade: dict[str, int]  # vocab.GRADE_CODES -> number of members with that final grade
    ungraded_yet: int  # graded members without a final grade

    def grade_count(self, code: str) -> int:
        return self.by_grade.get(code, 0)


def round_counts(rnd: AppraisalRound) -> RoundCounts:
    graded = graded_participants(rnd)
    by_grade = {code: sum(1 for p in graded if p.final_grade == code) for code in vocab.GRADE_CODES}
    return RoundCounts(
        participants=len(rnd.participants), graded=len(graded), not_graded=len(rnd.participants) - len(graded),
        by_grade=by_grade, ungraded_yet=sum(1 for p in graded if p.final_grade is None))
