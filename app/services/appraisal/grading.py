"""组织评定: the final grade the committee (or the members' meeting) decides, and the 优秀 share warning."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models.appraisal import AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.guard import require_open
from app.services.appraisal.queries import graded_participants, participant_of
from app.services.appraisal.rules import excellent_share, excellent_warning


def set_final_grade(session: Session, rnd: AppraisalRound, member_id: int, grade: str | None,
                    reason: str = "") -> str | None:
    """Record the final grade; a reason is needed where it differs from the grade the tally proposes.
    Returns the 优秀 share warning when this leaves too many 优秀 (a warning; the grade is saved)."""
    require_open(rnd)
    p = participant_of(rnd, member_id)
    reason = (reason or "").strip()
    if grade is not None:
        if grade not in vocab.GRADE_LABELS:
            raise UserError(f"等次“{grade}”无法识别，应为优秀、合格、基本合格或不合格。", "final_grade")
        if not p.graded:
            raise UserError(f"{p.member.name}是{vocab.CATEGORY_LABELS[p.category]}，{vocab.NOT_GRADED_LABEL}。"
                            "如确需评定，请先将其设为“评定等次”。", "final_grade")
        if p.proposed_grade and grade != p.proposed_grade and not reason:
            raise UserError(
                f"{p.member.name}的评议等次“{vocab.GRADE_LABELS[grade]}”与测评建议等次"
                f"“{vocab.GRADE_LABELS[p.proposed_grade]}”不同，请填写评定理由。", "final_reason")
    p.final_grade = grade
    p.final_reason = reason if grade is not None else ""
    session.flush()
    return round_excellent_warning(session, rnd)


def round_excellent_warning(session: Session, rnd: AppraisalRound) -> str | None:
    graded = graded_participants(rnd)
    excellent = sum(1 for p in graded if p.final_grade == vocab.EXCELLENT)
    return excellent_warning(excellent, len(graded), excellent_share(session))


def accept_proposals(session: Session, rnd: AppraisalRound) -> int:
    """Take the proposed grade as the final one for every graded member who has none yet."""
    require_open(rnd)
    taken = 0
    for p in graded_participants(rnd):
        if p.final_grade is None and p.proposed_grade is not None:
            p.final_grade, p.final_reason = p.proposed_grade, ""
            taken += 1
    return taken
