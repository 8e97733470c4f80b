"""Keeping the member roster: add, edit, list and count members (domain.md §1)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.kit.dates import age_on
from app.kit.idcard import IdNumberError, parse_id_number
from app.kit.pinyin import pinyin_keys
from app.models import Member, PartyGroup
from app.services.common.settings import get_setting
from app.services.roster import vocab
from app.services.roster.counting import RosterCounts, count_members  # noqa: F401  (the one counting rule)
from app.services.roster.fields import CHOICE, MEMBER_FIELDS, TEXT
from app.services.roster.member_validation import Issue, MemberValidationError, validate_member

EDITABLE_KEYS = [f.key for f in MEMBER_FIELDS]


def blank_member_values() -> dict:
    """Defaults for a new member in the entry dialog."""
    return {
        "ethnicity": "汉族", "category": vocab.CATEGORY_FULL, "standing": vocab.STANDING_NORMAL,
        "is_lost_contact": False, "is_mobile": False,
    }


def member_values(member: Member) -> dict:
    return {key: getattr(member, key) for key in EDITABLE_KEYS}


def normalise_values(values: dict) -> dict:
    """Trim text, upper-case and 15→18-convert the ID number, fill birth date and sex from it."""
    clean = {}
    for key in EDITABLE_KEYS:
        if key not in values:
            continue
        value = values[key]
        clean[key] = value.strip() if isinstance(value, str) else value
    if clean.get("id_number"):
        try:
            info = parse_id_number(clean["id_number"])
        except IdNumberError:
            pass  # reported by validation
        else:
            clean["id_number"] = info.number
            clean["birth_date"] = clean.get("birth_date") or info.birth_date
            clean["gender"] = clean.get("gender") or info.gender
    return clean


def check_member(session: Session, values: dict, member_id: int | None = None) -> list[Issue]:
    """Normalise and validate without saving: what the dialog shows before the user confirms."""
    return _validate(session, normalise_values(values), member_id)


def _validate(session: Session, clean: dict, member_id: int | None) -> list[Issue]:
    probation, min_age = _validation_settings(session)
    return validate_member(session, clean, member_id=member_id, probation_months=probation,
                           min_admission_age=min_age)


def _validation_settings(session: Session) -> tuple[int, int]:
    """The two settings every validation reads, once per session (an import validates a thousand rows)."""
    cached = session.info.get(_SETTINGS_CACHE)
    if cached is None:
        cached = (get_setting(session, "roster.probation_months"), get_setting(session, "roster.min_admission_age"))
        session.info[_SETTINGS_CACHE] = cached
    return cached


_SETTINGS_CACHE = "roster.validation_settings"  # set_setting forgets every session-cached value it may change


def save_member(
    session: Session, values: dict, member_id: int | None = None, *, accept_warnings: bool = True,
    flush: bool = True,
) -> Member:
    """Create or update a member. Raises MemberValidationError (nothing written) on blocking issues.

    flush=False leaves the write pending for one flush of many members (the importer); the caller then
    keeps duplicates within its own batch apart, since pending members are not yet seen by validation.
    """
    clean = normalise_values(values)
    issues = _validate(session, clean, member_id)
    blocking = [i for i in issues if i.blocking or not accept_warnings]
    if blocking:
        raise MemberValidationError(blocking)
    member = Member() if member_id is None else session.get(Member, member_id)
    if member is None:
        raise LookupError(f"找不到编号为 {member_id} 的党员")
    for key, value in clean.items():
        setattr(member, key, value)
    for key, default in blank_member_values().items():
        if getattr(member, key) is None:
            setattr(member, key, default)
    for f in MEMBER_FIELDS:  # text columns are NOT NULL: an untouched field is an empty string
        if f.kind in (TEXT, CHOICE) and getattr(member, f.key) is None:
            setattr(member, f.key, "")
    member.name_initials, member.name_pinyin = pinyin_keys(member.name)
    if member_id is None:
        member.roster_state = vocab.ROSTER_ACTIVE
        session.add(member)
    if flush:
        session.flush()
    return member


def delete_member_entered_by_mistake(session: Session, member_id: int) -> str:
    """Remove a record that should never have existed; the audit trail keeps what it held."""
    member = session.get(Member, member_id)
    if member is None:
        raise LookupError(f"找不到编号为 {member_id} 的党员")
    name = member.name
    session.delete(member)
    session.flush()
    return name


def roster_order():
    """The printed and displayed order: 党小组 in their order, then date joined, then entry order."""
    return (
        func.coalesce(PartyGroup.sort_order, 1_000_000), Member.joined_date.is_(None),
        Member.joined_date, Member.id,
    )


def list_members(session: Session, *, include_former: bool = False, with_events: bool = False) -> list[Member]:
    """The members in roster order; `with_events` loads their change events in the same go (one more query
    for all of them, not one each)."""
    query = select(Member).outerjoin(PartyGroup, Member.party_group_id == PartyGroup.id)
    if with_events:
        query = query.options(selectinload(Member.events))
    if not include_former:
        query = query.where(Member.roster_state == vocab.ROSTER_ACTIVE)
    return list(session.scalars(query.order_by(*roster_order())).unique())


def member_age(member: Member, today: date | None = None) -> int | None:
    if member.birth_date is None:
        return None
    return age_on(member.birth_date, today or date.today())
