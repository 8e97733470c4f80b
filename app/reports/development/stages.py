"""Who is in which stage of development, now or at some time during a year: what the registers list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.models.development import DevPerson
from app.services.development import steps as S
from app.services.development.people import date_of, linked_member, list_people
from app.services.development.taking_in import taken_in


@dataclass(frozen=True)
class StageSpan:
    enter: str  # the step that makes a person an applicant / activist / candidate
    leave: str  # the step that ends that stage


SPANS = {
    S.PHASE_APPLICANT: StageSpan(S.APPLICATION, S.ACTIVIST),
    S.PHASE_ACTIVIST: StageSpan(S.ACTIVIST, S.CANDIDATE),
    S.PHASE_CANDIDATE: StageSpan(S.CANDIDATE, S.ADMISSION_APPROVED),
}


def in_stage(person: DevPerson, phase: str, *, year: int | None) -> bool:
    """Without a year: in the stage now. With one: in the stage at some time during that year."""
    span = SPANS[phase]
    entered = date_of(person, span.enter)
    if entered is None:
        return False
    ended = date_of(person, span.leave) or person.left_date
    if year is None:
        return ended is None and person.status == S.ACTIVE
    return entered <= date(year, 12, 31) and (ended is None or ended >= date(year, 1, 1))


def people_in_stage(session: Session, phase: str, *, year: int | None = None, name: str | None = None
                    ) -> list[DevPerson]:
    found = [p for p in list_people(session) if in_stage(p, phase, year=year)]
    if name:
        found = [p for p in found if p.name == name.strip()]
    return sorted(found, key=lambda p: (date_of(p, SPANS[phase].enter), p.id))


def admission_date(session: Session, person: DevPerson) -> date | None:
    """The day the 支部大会 admitted the person: 第15步, or for a 预备党员 taken in from the roster the
    roster's 加入党组织日期 (the same day, by definition)."""
    if (day := date_of(person, S.BRANCH_ADMISSION)) is not None:
        return day
    if taken_in(person) and (member := linked_member(session, person)) is not None:
        return member.joined_date
    return None


def admitted_in(session: Session, year: int, *, name: str | None = None) -> list[DevPerson]:
    """年度新党员: admitted as 预备党员 by a 支部大会 held in `year` (and approved), those taken in from
    the roster included."""
    days = {p.id: admission_date(session, p) for p in list_people(session) if p.status == S.ADMITTED}
    found = [p for p in list_people(session) if (d := days.get(p.id)) is not None and d.year == year]
    if name:
        found = [p for p in found if p.name == name.strip()]
    return sorted(found, key=lambda p: (days[p.id], p.id))
