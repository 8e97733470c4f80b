"""The people in development: their personal fields, checked as a member's are, and kept off the roster.

A person has the member's personal fields (same labels, vocabularies and validation:
app.services.roster.member_validation); their ID number may belong neither to another person in
development nor to a member of the roster.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.kit.errors import UserError
from app.models import Member
from app.models.development import DevPerson, DevStep
from app.services.development import steps as S
from app.services.roster import vocab
from app.services.roster.member_validation import validate_member
from app.services.roster.members import normalise_values

# The personal fields a person in development has, as Member attribute keys (their labels: roster fields).
PERSON_KEYS = ("name", "gender", "ethnicity", "id_number", "birth_date", "education", "job_post",
               "mobile_phone", "landline", "home_address", "notes")


class DevelopmentError(UserError):
    """Bad input or an impossible step in 发展党员; the message is Chinese and names the step or field."""


def person_values(person: DevPerson) -> dict:
    return {key: getattr(person, key) for key in PERSON_KEYS}


def check_person(session: Session, values: dict, person_id: int | None = None) -> dict:
    """Normalise and validate a person's fields; returns the clean values or raises DevelopmentError."""
    clean = {k: v for k, v in normalise_values(values).items() if k in PERSON_KEYS}
    person = session.get(DevPerson, person_id) if person_id else None
    if person is not None and person.status == S.ADMITTED:
        raise DevelopmentError(f"{person.name}已接收为预备党员，个人信息以花名册为准，请在“花名册”中修改。")
    # A stand-in category keeps the roster's party-status rules quiet; only personal fields' issues count.
    probe = {**clean, "category": vocab.CATEGORY_FULL, "full_member_date": None}
    issues = [i for i in validate_member(session, probe, member_id=person.member_id if person else None)
              if i.field in PERSON_KEYS and i.blocking]
    issues.sort(key=lambda i: i.field != "id_number")  # a wrong ID number explains a missing sex and birth date
    if issues:
        raise DevelopmentError("；".join(i.message for i in issues) + "。", issues[0].field)
    twin = session.scalars(select(DevPerson).where(
        DevPerson.id_number == clean["id_number"], DevPerson.id != (person_id or 0),
        DevPerson.status.in_((S.ACTIVE, S.ADMITTED)))).first()  # one who left may apply again
    if twin is not None:
        raise DevelopmentError(f"“公民身份号码”与已登记的{twin.name}（{S.PERSON_STATUSES[twin.status]}）重复。",
                               "id_number")
    return clean


def save_person(session: Session, values: dict, person_id: int | None = None) -> DevPerson:
    """Add a person in development (or correct their fields), in the caller's transaction."""
    clean = check_person(session, values, person_id)
    if person_id is None:
        person = DevPerson(status=S.ACTIVE)
        session.add(person)
    else:
        person = session.get(DevPerson, person_id)
        if person is None:
            raise DevelopmentError(f"找不到编号为 {person_id} 的发展对象记录。")
    for key in PERSON_KEYS:
        value = clean.get(key)
        if value is None and key not in ("birth_date",):
            value = "汉族" if key == "ethnicity" else ""
        setattr(person, key, value)
    session.flush()
    return person


def get_person(session: Session, person_id: int) -> DevPerson:
    person = session.get(DevPerson, person_id)
    if person is None:
        raise DevelopmentError(f"找不到编号为 {person_id} 的发展党员记录。")
    return person


def find_by_name(session: Session, name: str) -> DevPerson:
    """The one person of that name (documents' --person); refused when none or several match."""
    found = list(session.scalars(select(DevPerson).where(DevPerson.name == (name or "").strip())))
    current = [p for p in found if p.status in (S.ACTIVE, S.ADMITTED)]
    if len(found) > 1 and len(current) == 1:
        return current[0]  # an earlier, withdrawn record of the same person stays on file
    if not found:
        raise DevelopmentError(f"发展党员记录中没有“{name}”。")
    if len(found) > 1:
        raise DevelopmentError(f"发展党员记录中有{len(found)}人名叫“{name}”，请在程序中按人导出。")
    return found[0]


def list_people(session: Session, *, include_left: bool = True) -> list[DevPerson]:
    query = select(DevPerson).options(selectinload(DevPerson.steps))  # every timeline reads them
    if not include_left:
        query = query.where(DevPerson.status.in_((S.ACTIVE, S.ADMITTED)))
    return list(session.scalars(query.order_by(DevPerson.id)))


def leave_pipeline(session: Session, person_id: int, status: str, day: date, reason: str,
                   today: date | None = None) -> DevPerson:
    """A person withdraws or is not admitted: they leave the pipeline, with a reason; every step stays."""
    person = get_person(session, person_id)
    if status not in dict(S.LEAVING_STATUSES):
        raise DevelopmentError(f"未知的退出方式“{status}”。", "status")
    if person.status != S.ACTIVE:
        raise DevelopmentError(f"{person.name}已不在培养中（{S.PERSON_STATUSES[person.status]}）。", "status")
    reason = (reason or "").strip()
    if not reason:
        raise DevelopmentError(f"请填写{person.name}退出的原因。", "left_reason")
    if day is None:
        raise DevelopmentError("请填写退出日期。", "left_date")
    if day > (today or date.today()):
        raise DevelopmentError("退出日期不能晚于今天。", "left_date")
    last = max((s.step_date for s in person.steps), default=None)
    if last and day < last:
        raise DevelopmentError(f"退出日期不能早于最近登记的步骤日期 {last:%Y-%m-%d}。", "left_date")
    person.status, person.left_date, person.left_reason = status, day, reason[:200]
    session.flush()
    return person


def linked_person(session: Session, member_id: int) -> DevPerson | None:
    """The development history of a member admitted through this ledger (None for others)."""
    return session.scalars(select(DevPerson).where(DevPerson.member_id == member_id)).first()


def linked_member(session: Session, person: DevPerson) -> Member | None:
    return session.get(Member, person.member_id) if person.member_id else None


# -- reading a person's steps ------------------------------------------------------------------------------


def entries(person: DevPerson, code: str) -> list[DevStep]:
    return sorted((s for s in person.steps if s.step == code), key=lambda s: (s.seq, s.step_date))


def first(person: DevPerson, code: str) -> DevStep | None:
    found = entries(person, code)
    return found[0] if found else None


def last(person: DevPerson, code: str) -> DevStep | None:
    found = entries(person, code)
    return found[-1] if found else None


def date_of(person: DevPerson, code: str) -> date | None:
    entry = first(person, code)
    return entry.step_date if entry else None


def phase(person: DevPerson, member: Member | None = None) -> str:
    """入党申请人 / 积极分子 / 发展对象 / 预备党员 / 正式党员, from the steps recorded."""
    if person.status == S.ADMITTED:
        if member is not None and member.category == vocab.CATEGORY_FULL:
            return S.PHASE_FULL
        return S.PHASE_PROBATIONARY
    if first(person, S.CANDIDATE):
        return S.PHASE_CANDIDATE
    if first(person, S.ACTIVIST):
        return S.PHASE_ACTIVIST
    return S.PHASE_APPLICANT
