"""Who takes part in a round: every member 在册 on the round's day; 预备党员 then take part, not graded.

The user may add a member left out, take one out who did not take part (before any tally), and decide
that a 预备党员 is graded after all. Self-assessment, 互评 opinion and remarks are per participant.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import Member
from app.models.appraisal import AppraisalParticipant, AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.guard import require_open
from app.services.appraisal.queries import participant_of
from app.services.roster import vocab as roster_vocab
from app.services.roster.member_events import TRANSFER_IN
from app.services.roster.members import list_members


def on_roster(member: Member, day: date) -> bool:
    """Whether the member was 在册 in this branch on `day`, as far as the roster's record tells."""
    if member.joined_date is not None and member.joined_date > day:
        return False
    if member.roster_state != roster_vocab.ROSTER_ACTIVE and (member.left_date is None or member.left_date <= day):
        return False
    arrivals = [e.event_date for e in member.current_events if e.kind == TRANSFER_IN]
    return not arrivals or min(arrivals) <= day


def category_on(member: Member, day: date) -> str:
    """人员类别 on `day`: a member who became full later was still a 预备党员 then."""
    if member.category == roster_vocab.CATEGORY_PROBATIONARY:
        return vocab.PROBATIONARY
    if member.full_member_date is not None and member.full_member_date > day:
        return vocab.PROBATIONARY
    return vocab.FULL


def members_on(session: Session, day: date) -> list[Member]:
    return [m for m in list_members(session, include_former=True) if on_roster(m, day)]


def add_default_participants(session: Session, rnd: AppraisalRound, *, grade_probationary: bool = False) -> int:
    taken = {p.member_id for p in rnd.participants}
    added = 0
    for member in members_on(session, rnd.held_on):
        if member.id in taken:
            continue
        _append(rnd, member, grade_probationary=grade_probationary)
        added += 1
    session.flush()
    return added


def _append(rnd: AppraisalRound, member: Member, *, grade_probationary: bool) -> AppraisalParticipant:
    category = category_on(member, rnd.held_on)
    order = max((p.sort_order for p in rnd.participants), default=0) + 1
    participant = AppraisalParticipant(
        member=member, member_id=member.id, sort_order=order, category=category,
        graded=grade_probationary or category == vocab.FULL,
        self_summary="", peer_opinion="", final_reason="", notes="")
    rnd.participants.append(participant)
    return participant


def add_participant(session: Session, rnd: AppraisalRound, member_id: int) -> AppraisalParticipant:
    require_open(rnd)
    member = session.get(Member, member_id)
    if member is None:
        raise UserError("找不到这名党员。", "member_id")
    if any(p.member_id == member_id for p in rnd.participants):
        raise UserError(f"{member.name}已在{rnd.year}年度民主评议的参加人员中。", "member_id")
    participant = _append(rnd, member, grade_probationary=False)
    session.flush()
    return participant


def remove_participant(session: Session, rnd: AppraisalRound, member_id: int) -> str:
    """Take out a member who did not take part; refused once votes or a grade are recorded for them."""
    require_open(rnd)
    p = participant_of(rnd, member_id)
    if p.ballots_returned is not None or p.final_grade is not None:
        raise UserError(f"{p.member.name}已有测评票数或评议等次，不能移出；如录入有误，请先清除票数和等次。",
                        "member_id")
    name = p.member.name
    rnd.participants.remove(p)
    session.flush()
    return name


def set_graded(session: Session, rnd: AppraisalRound, member_id: int, graded: bool) -> None:
    """Whether the member is graded (正式党员 always are; a 预备党员 only when the user says so)."""
    require_open(rnd)
    p = participant_of(rnd, member_id)
    if not graded and p.category == vocab.FULL:
        raise UserError(f"{p.member.name}是正式党员，应评定等次。", "graded")
    p.graded = graded
    if not graded:  # not graded: no tally and no grade of their own
        p.final_grade, p.final_reason, p.proposed_grade = None, "", None
        p.votes_excellent = p.votes_qualified = p.votes_basic = p.votes_unqualified = p.ballots_returned = None


def save_assessment(session: Session, rnd: AppraisalRound, member_id: int, *, self_summary: str | None = None,
                    peer_opinion: str | None = None, notes: str | None = None) -> AppraisalParticipant:
    """个人自评 summary, 党员互评 opinion, 备注 (None leaves a text as it is)."""
    require_open(rnd)
    p = participant_of(rnd, member_id)
    if self_summary is not None:
        p.self_summary = self_summary.strip()
    if peer_opinion is not None:
        p.peer_opinion = peer_opinion.strip()
    if notes is not None:
        p.notes = notes.strip()
    return p
