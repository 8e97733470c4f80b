"""Members for dues tests: generated, valid, admitted long ago unless a test says otherwise."""

from __future__ import annotations

from datetime import date

from app.models import Member
from app.services.demo.sample_branch import generate_members
from app.services.dues import vocab
from app.services.dues.bases import set_base

TODAY = date(2026, 12, 1)


def add_members(db, count: int, *, base: str | None = "4000.00", valid_from: str = "2025-01",
                joined: date = date(2010, 5, 1), category: str = vocab.EMPLOYED) -> list[int]:
    with db.transaction() as s:
        ids = generate_members(s, count, today=TODAY)
        for member in s.query(Member).filter(Member.id.in_(ids)):
            member.joined_date = joined
            member.full_member_date = date(joined.year + 1, joined.month, 1)
            member.category = "正式党员"
        s.flush()
        if base is not None:
            for mid in ids:
                set_base(s, mid, valid_from, category, base)
    return ids


def transfer_out(session, member_id: int, day: date, paid_through: str) -> None:
    """Record a 组织关系转出 with the letter's 党费缴纳至年月, found by the event table's shape (kind by where it puts
    the member, details by key or label), so this helper reads the same before and after event codes."""
    from app.services.roster import vocab as roster_vocab
    from app.services.roster.member_events import EVENT_KINDS, record_event

    kind = next(k for k, spec in EVENT_KINDS.items() if spec.roster_state == roster_vocab.ROSTER_TRANSFERRED_OUT)
    details = {}
    for detail in EVENT_KINDS[kind].details:
        key = getattr(detail, "key", None) or detail.label
        if getattr(detail, "month", False) is True or getattr(detail, "kind", None) == "month":
            details[key] = paid_through
        elif detail.required:
            details[key] = "中共某中学支部委员会"
    record_event(session, member_id, kind, day, details, today=TODAY)
