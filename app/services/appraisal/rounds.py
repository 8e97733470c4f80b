"""A year's round: creating it (one per year), its steps and meeting, closing and reopening it.

A closed round is read-only (app.services.appraisal.guard). Reopening asks for a
reason, which stays in the round's log.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models.appraisal import AppraisalRound, AppraisalRoundLog, AppraisalStep
from app.models.base import now
from app.services.appraisal import vocab
from app.services.appraisal.guard import require_open
from app.services.appraisal.meeting_link import link_meeting
from app.services.appraisal.participants import add_default_participants
from app.services.appraisal.queries import graded_participants, round_for_year


def create_round(session: Session, year: int, held_on: date, *, meeting_date: date | None = None,
                 meeting_place: str = "", ballots_issued: int | None = None,
                 grade_probationary: bool = False) -> AppraisalRound:
    """One round per year. Participants default to every member 在册 on `held_on`; 预备党员 take part but
    are not graded (不评定等次) unless `grade_probationary`."""
    if not 1921 <= year <= 2200:
        raise UserError(f"年度“{year}”不正确。", "year")
    if held_on is None:
        raise UserError("请填写民主测评日期（据此确定参加评议的在册党员）。", "held_on")
    if held_on.year != year:
        raise UserError(f"民主测评日期 {held_on.isoformat()} 不在 {year} 年内。", "held_on")
    existing = round_for_year(session, year)
    if existing is not None:
        raise UserError(f"{year}年度已经建立了民主评议，每年只开展一次；请打开已有的{year}年度评议。", "year")
    _check_ballots_issued(ballots_issued)
    rnd = AppraisalRound(year=year, held_on=held_on, meeting_date=meeting_date,
                         meeting_place=(meeting_place or "").strip(), ballots_issued=ballots_issued,
                         status=vocab.OPEN, notes="")
    rnd.steps = [AppraisalStep(step=code, note="") for code in vocab.STEP_CODES]
    session.add(rnd)
    session.flush()
    add_default_participants(session, rnd, grade_probationary=grade_probationary)
    return rnd


def _check_ballots_issued(value: int | None) -> None:
    if value is not None and value < 0:
        raise UserError("发出票数不能为负数。", "ballots_issued")


_KEEP = object()  # update_round without meeting_id: the link stays as it is


def update_round(session: Session, rnd: AppraisalRound, *, meeting_date: date | None, meeting_place: str,
                 ballots_issued: int | None, notes: str = "", meeting_id: int | None | object = _KEEP) -> None:
    """The meeting where it was held, the ballots issued, notes. `meeting_id` links a 组织生活会 / 党员大会
    record (None: 未关联); while a record is linked, the meeting's date and place are the record's, and
    the typed ones are kept only for a round with no record."""
    require_open(rnd)
    _check_ballots_issued(ballots_issued)
    if ballots_issued is not None:
        over = [p.member.name for p in rnd.participants
                if p.ballots_returned is not None and p.ballots_returned > ballots_issued]
        if over:
            raise UserError(f"发出票数 {ballots_issued} 少于已录入的收回票数（{'、'.join(over[:5])}），请核对。",
                            "ballots_issued")
    rnd.meeting_date = meeting_date
    rnd.meeting_place = (meeting_place or "").strip()
    rnd.ballots_issued = ballots_issued
    rnd.notes = notes or ""
    if meeting_id is not _KEEP:
        link_meeting(session, rnd, meeting_id)
    elif rnd.meeting_id is not None:
        link_meeting(session, rnd, rnd.meeting_id)  # the record's date and place, not the typed ones


def set_step(session: Session, rnd: AppraisalRound, step: str, start: date | None, end: date | None,
             note: str = "") -> AppraisalStep:
    require_open(rnd)
    if step not in vocab.STEP_LABELS:
        raise UserError(f"没有“{step}”这个评议环节。", "step")
    label = vocab.STEP_LABELS[step]
    if start and end and end < start:
        raise UserError(f"“{label}”的结束日期早于开始日期。", "end_date")
    for day in (start, end):
        if day and day.year not in (rnd.year, rnd.year + 1):
            raise UserError(f"“{label}”的日期 {day.isoformat()} 不在 {rnd.year} 年度评议期间。", "start_date")
    row = next((s for s in rnd.steps if s.step == step), None)
    if row is None:
        row = AppraisalStep(step=step, note="")
        rnd.steps.append(row)
    row.start_date, row.end_date, row.note = start, end, note or ""
    return row


def close_round(session: Session, rnd: AppraisalRound) -> None:
    """组织评定 done: every graded member needs a final grade, then the round becomes read-only."""
    require_open(rnd)
    missing = [p.member.name for p in graded_participants(rnd) if p.final_grade is None]
    if missing:
        shown = "、".join(missing[:10]) + (f"等 {len(missing)} 人" if len(missing) > 10 else "")
        raise UserError(f"还有党员未评定等次（{shown}），请先在“评议等次”中评定后再结束评议。", "final_grade")
    unexplained = [p.member.name for p in graded_participants(rnd)
                   if p.proposed_grade and p.final_grade != p.proposed_grade and not p.final_reason]
    if unexplained:
        raise UserError(f"{'、'.join(unexplained[:10])}的评议等次与测评建议等次不同，请先填写评定理由。",
                        "final_reason")
    rnd.status = vocab.CLOSED
    rnd.closed_at = now()
    rnd.log.append(AppraisalRoundLog(action=vocab.LOG_CLOSE, reason=""))


def reopen_round(session: Session, rnd: AppraisalRound, reason: str) -> None:
    if rnd.status != vocab.CLOSED:
        raise UserError(f"{rnd.year}年度民主评议尚未结束，无需重新开启。")
    reason = (reason or "").strip()
    if not reason:
        raise UserError("重新开启已结束的民主评议须说明原因（将记录在案）。", "reason")
    rnd.status = vocab.OPEN
    rnd.closed_at = None
    rnd.log.append(AppraisalRoundLog(action=vocab.LOG_REOPEN, reason=reason))
