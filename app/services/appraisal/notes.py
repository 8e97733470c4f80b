"""The seeds' rhythm kept beside the yearly round: 季度自查 and 半年初评 notes per member and year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import Member
from app.models.appraisal import AppraisalNote
from app.services.appraisal import vocab

# The notes of a year in the order they are written: (kind, period, label).
NOTE_SLOTS = ((vocab.QUARTER_CHECK, 1, "第一季度自查"), (vocab.QUARTER_CHECK, 2, "第二季度自查"),
              (vocab.HALF_YEAR, 1, "半年初评"), (vocab.QUARTER_CHECK, 3, "第三季度自查"),
              (vocab.QUARTER_CHECK, 4, "第四季度自查"))


def save_note(session: Session, member_id: int, year: int, kind: str, period: int, text: str,
              noted_on: date | None = None) -> AppraisalNote:
    """Add or replace the member's note for that quarter (1-4) or the first half (1)."""
    if kind not in vocab.NOTE_KIND_LABELS:
        raise UserError(f"记录类型“{kind}”无法识别。", "kind")
    if period not in vocab.NOTE_PERIODS[kind]:
        raise UserError(f"{vocab.NOTE_KIND_LABELS[kind]}的期次“{period}”不正确。", "period")
    member = session.get(Member, member_id)
    if member is None:
        raise UserError("找不到这名党员。", "member_id")
    if noted_on is not None and noted_on.year != year:
        raise UserError(f"记录日期 {noted_on.isoformat()} 不在 {year} 年。", "noted_on")
    note = session.scalar(select(AppraisalNote).where(
        AppraisalNote.member_id == member_id, AppraisalNote.year == year, AppraisalNote.kind == kind,
        AppraisalNote.period == period))
    if note is None:
        note = AppraisalNote(member_id=member_id, year=year, kind=kind, period=period)
        session.add(note)
    note.text, note.noted_on = (text or "").strip(), noted_on
    session.flush()
    return note


def notes_of(session: Session, member_id: int, year: int) -> list[AppraisalNote]:
    return list(session.scalars(select(AppraisalNote).where(
        AppraisalNote.member_id == member_id, AppraisalNote.year == year)
        .order_by(AppraisalNote.kind.desc(), AppraisalNote.period)))


def period_label(note: AppraisalNote) -> str:
    if note.kind == vocab.QUARTER_CHECK:
        return f"第{'一二三四'[note.period - 1]}季度自查"
    return "半年初评"
