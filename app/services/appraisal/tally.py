"""Entering the 民主测评 tally: a grid of counts per member, or individual ballots the app counts.

Either way each graded member's votes add up to at most the ballots returned, and the proposed grade
is recomputed (and kept) from the tally under the current 不合格 share setting. Once ballots are typed
one by one the counts are the app's: the grid is refused until the ballots are removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models.appraisal import AppraisalBallot, AppraisalBallotMark, AppraisalParticipant, AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.guard import require_open
from app.services.appraisal.queries import participant_of
from app.services.appraisal.rules import Tally, check_tally, proposed_grade, unqualified_share


@dataclass(frozen=True)
class TallyRow:
    """One grid row as typed: the member and their counts (None: not entered, cleared)."""

    member_id: int
    tally: Tally | None


def tally_of(p: AppraisalParticipant) -> Tally | None:
    if p.ballots_returned is None:
        return None
    return Tally(p.votes_excellent or 0, p.votes_qualified or 0, p.votes_basic or 0, p.votes_unqualified or 0,
                 p.ballots_returned)


def _apply(p: AppraisalParticipant, tally: Tally | None, unqualified_above: Fraction) -> None:
    if tally is None:
        p.votes_excellent = p.votes_qualified = p.votes_basic = p.votes_unqualified = None
        p.ballots_returned = None
        p.proposed_grade = None
        return
    p.votes_excellent, p.votes_qualified = tally.excellent, tally.qualified
    p.votes_basic, p.votes_unqualified = tally.basic, tally.unqualified
    p.ballots_returned = tally.returned
    p.proposed_grade = proposed_grade(tally, unqualified_above)


def ballot_count(session: Session, rnd: AppraisalRound) -> int:
    return session.scalar(select(func.count()).select_from(AppraisalBallot)
                          .where(AppraisalBallot.round_id == rnd.id)) or 0


def save_tally(session: Session, rnd: AppraisalRound, rows: Sequence[TallyRow]) -> int:
    """The grid: every row checked first (row numbers as shown), then all saved together."""
    require_open(rnd)
    if ballot_count(session, rnd):
        raise UserError("本年度已按单张测评票录入，票数由软件统计；如要改为直接填写票数，请先删除已录入的测评票。")
    checked: list[tuple[AppraisalParticipant, Tally | None]] = []
    for index, row in enumerate(rows, start=1):
        p = participant_of(rnd, row.member_id)
        if row.tally is not None:
            if not p.graded:
                raise UserError(f"第 {index} 行：{p.member.name}是{vocab.CATEGORY_LABELS[p.category]}，"
                                f"{vocab.NOT_GRADED_LABEL}，不参加民主测评计票。", "member_id", row=index)
            check_tally(row.tally, f"第 {index} 行 {p.member.name}", ballots_issued=rnd.ballots_issued, row=index)
        checked.append((p, row.tally))
    share = unqualified_share(session)  # read once: a settings query per row would flush the session each time
    for p, tally in checked:
        _apply(p, tally, share)
    return len(checked)


def record_ballot(session: Session, rnd: AppraisalRound, marks: Mapping[int, str]) -> AppraisalBallot:
    """One voter's ballot: member id -> grade code for each member ticked (blank ones left out)."""
    require_open(rnd)
    number = ballot_count(session, rnd) + 1
    if rnd.ballots_issued is not None and number > rnd.ballots_issued:
        raise UserError(f"已录入 {number - 1} 张测评票，等于发出票数 {rnd.ballots_issued}，不能再多。")
    ballot = AppraisalBallot(round_id=rnd.id, number=number)
    by_member = {p.member_id: p for p in rnd.participants}
    for member_id, grade in marks.items():
        p = by_member.get(member_id) or participant_of(rnd, member_id)  # participant_of says who is missing
        if not p.graded:
            raise UserError(f"第 {number} 张测评票：{p.member.name}{vocab.NOT_GRADED_LABEL}，不应在测评票上划票。",
                            "member_id")
        if grade not in vocab.GRADE_LABELS:
            raise UserError(f"第 {number} 张测评票：{p.member.name}的等次“{grade}”无法识别。", "grade")
        ballot.marks.append(AppraisalBallotMark(participant_id=p.id, grade=grade))
    session.add(ballot)
    session.flush()
    recount(session, rnd)
    return ballot


def delete_last_ballot(session: Session, rnd: AppraisalRound) -> int:
    """Take back the last ballot typed (a typing mistake); returns how many remain."""
    require_open(rnd)
    last = session.scalar(select(AppraisalBallot).where(AppraisalBallot.round_id == rnd.id)
                          .order_by(AppraisalBallot.number.desc()).limit(1))
    if last is None:
        raise UserError("还没有录入测评票。")
    session.delete(last)
    session.flush()
    remaining = ballot_count(session, rnd)
    recount(session, rnd, clear_when_empty=True)
    return remaining


def recount(session: Session, rnd: AppraisalRound, *, clear_when_empty: bool = False) -> None:
    """Count the typed ballots into every graded participant's tally; every ballot counts as returned."""
    ballots = ballot_count(session, rnd)
    if ballots == 0 and not clear_when_empty:
        return
    counts: dict[tuple[int, str], int] = {}
    rows = session.execute(
        select(AppraisalBallotMark.participant_id, AppraisalBallotMark.grade, func.count())
        .join(AppraisalBallot, AppraisalBallot.id == AppraisalBallotMark.ballot_id)
        .where(AppraisalBallot.round_id == rnd.id)
        .group_by(AppraisalBallotMark.participant_id, AppraisalBallotMark.grade))
    for participant_id, grade, n in rows:
        counts[(participant_id, grade)] = n
    share = unqualified_share(session)
    for p in rnd.participants:
        if not p.graded:
            continue
        if ballots == 0:
            _apply(p, None, share)
            continue
        _apply(p, Tally(*(counts.get((p.id, g), 0) for g in vocab.GRADE_CODES), returned=ballots), share)


def refresh_proposals(session: Session, rnd: AppraisalRound) -> None:
    """After the 不合格 share setting changed: recompute the open round's proposed grades."""
    require_open(rnd)
    share = unqualified_share(session)
    for p in rnd.participants:
        _apply(p, tally_of(p) if p.graded else None, share)


# Typing a paper ballot: one key per graded member, in the ballot's order.
BALLOT_KEYS = {"1": vocab.EXCELLENT, "2": vocab.QUALIFIED, "3": vocab.BASIC, "4": vocab.UNQUALIFIED, "0": None}


def marks_from_keys(rnd: AppraisalRound, keys: str) -> dict[int, str]:
    """"1203…" -> member id -> grade for the graded members in the ballot's order: 1 优秀, 2 合格,
    3 基本合格, 4 不合格, 0 left blank. One key per member, no more, no fewer."""
    graded = [p for p in rnd.participants if p.graded]
    keys = "".join(keys.split())
    if len(keys) != len(graded):
        raise UserError(f"这张测评票应有 {len(graded)} 位（每名评定等次的党员一位），现在是 {len(keys)} 位。", "keys")
    marks: dict[int, str] = {}
    for position, (key, p) in enumerate(zip(keys, graded, strict=True), start=1):
        if key not in BALLOT_KEYS:
            raise UserError(f"第 {position} 位（{p.member.name}）的“{key}”无法识别：1 优秀、2 合格、3 基本合格、"
                            "4 不合格、0 未划票。", "keys")
        if BALLOT_KEYS[key] is not None:
            marks[p.member_id] = BALLOT_KEYS[key]
    return marks
