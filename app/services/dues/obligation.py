"""Which months a member owes dues to this branch (domain.md §3).

From the month of admission (预备党员 pay from the month they are admitted) — or, for a member who arrived
by 组织关系转入, from the month after the letter's 党费缴纳至年月 — to the month they left; a member who left
by 组织关系转出 owes up to the letter's 党费缴纳至年月 when it is recorded (the letter certifies it), else to
the month of leaving. Nothing after.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Member, MemberEvent
from app.services.dues.months_text import month_of, shift
from app.services.roster import vocab as roster_vocab
from app.services.roster.member_events import EVENT_KINDS, TRANSFER_IN


@dataclass(frozen=True)
class Span:
    start: str | None  # first month owed (None: no admission date known, so from any month)
    end: str | None  # last month owed (None: still a member here)
    paid_through: str | None = None  # the 转出 letter's 党费缴纳至年月, if recorded

    def owes(self, month: str) -> bool:
        return (self.start is None or month >= self.start) and (self.end is None or month <= self.end)


def _paid_through(event: MemberEvent) -> str | None:
    """The event's 党费缴纳至年月: its kind's one month-valued detail (found by shape, not by label)."""
    spec = EVENT_KINDS.get(event.kind)
    if spec is None:
        return None
    for detail in spec.details:
        # a detail is a month by its flag (EventDetail.month) or its field kind ("month", app.kit.fields), and is
        # stored under its key (or, before event details had keys, its label)
        if getattr(detail, "month", False) is True or getattr(detail, "kind", None) == "month":
            stored = getattr(detail, "key", None) or detail.label
            if event.details.get(stored):
                return str(event.details[stored])
    return None


def _is_transfer_out(event: MemberEvent) -> bool:
    spec = EVENT_KINDS.get(event.kind)
    return spec is not None and spec.roster_state == roster_vocab.ROSTER_TRANSFERRED_OUT


def owing_span(member: Member) -> Span:
    events = member.current_events
    start = month_of(member.joined_date) if member.joined_date else None
    arrivals = [e for e in events if e.kind == TRANSFER_IN]
    if arrivals:
        arrival = max(arrivals, key=lambda e: (e.event_date, e.id))
        through = _paid_through(arrival)
        begin = shift(through, 1) if through else month_of(arrival.event_date)
        start = begin if start is None else max(start, begin)
    if member.roster_state == roster_vocab.ROSTER_ACTIVE or member.left_date is None:
        return Span(start, None)
    end = month_of(member.left_date)
    paid_through = None
    departures = [e for e in events if _is_transfer_out(e)]
    if departures and member.roster_state == roster_vocab.ROSTER_TRANSFERRED_OUT:
        paid_through = _paid_through(max(departures, key=lambda e: (e.event_date, e.id)))
        if paid_through:
            end = paid_through
    return Span(start, end, paid_through)
