"""表彰和处理 for 基本合格 / 不合格: 限期改正 with a deadline, 劝退, 除名, and what happened.

Recorded, not automated: leaving the roster is the roster's own 出党 event, by its own procedure. Follow-ups
are recorded after the round is closed too: the 限期改正 deadline runs months past the round.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models.appraisal import AppraisalFollowUp, AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.queries import participant_of


def record_follow_up(session: Session, rnd: AppraisalRound, member_id: int, action: str, *,
                     decided_on: date | None = None, deadline: date | None = None, outcome: str = "",
                     outcome_date: date | None = None, note: str = "") -> AppraisalFollowUp:
    p = participant_of(rnd, member_id)
    if p.final_grade not in vocab.NEEDS_FOLLOW_UP:
        raise UserError(f"{p.member.name}的评议等次不是基本合格或不合格，无需限期改正、劝退或除名。", "action")
    if action not in vocab.FOLLOW_UP_LABELS:
        raise UserError(f"处理方式“{action}”无法识别，应为限期改正、劝退或除名。", "action")
    _check_dates(action, decided_on, deadline, outcome, outcome_date)
    follow = AppraisalFollowUp(action=action, decided_on=decided_on, deadline=deadline, outcome=outcome.strip(),
                               outcome_date=outcome_date, note=note.strip())
    p.follow_ups.append(follow)
    session.flush()
    return follow


def update_follow_up(session: Session, follow: AppraisalFollowUp, *, deadline: date | None, outcome: str,
                     outcome_date: date | None, note: str = "") -> None:
    _check_dates(follow.action, follow.decided_on, deadline, outcome, outcome_date)
    follow.deadline, follow.outcome, follow.outcome_date = deadline, outcome.strip(), outcome_date
    follow.note = note.strip()


def _check_dates(action: str, decided_on: date | None, deadline: date | None, outcome: str,
                 outcome_date: date | None) -> None:
    if action == vocab.RECTIFY and deadline is None:
        raise UserError("限期改正须填写改正期限。", "deadline")
    if decided_on and deadline and deadline < decided_on:
        raise UserError("改正期限早于作出决定的日期。", "deadline")
    if outcome_date is not None and not outcome.strip():
        raise UserError("填写了处理结果日期，请同时写明处理结果。", "outcome")
