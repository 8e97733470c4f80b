"""Bringing a 预备党员 of the roster into the pipeline at the 预备期 stage (接续登记).

A branch that starts using this ledger has 预备党员 admitted before it (entered or imported into the
花名册). Their 转正 (第22–25步) is tracked here like that of anyone admitted through the ledger: the person
record is made from the member's personal fields and linked to the member, status 已接收为预备党员,
with no steps before the 预备期 recorded. `taken_in` tells such a record apart (admitted without a
recorded 第17步); the timeline does not ask for the steps before the ledger, and 第24步 still goes
through the roster's own 转正 / 延长预备期 event.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.models import Member
from app.models.development import DevPerson
from app.services.development import steps as S
from app.services.development.people import PERSON_KEYS, DevelopmentError, first, linked_person
from app.services.roster import vocab

FIRST_TRACKED = 21  # 第21步 继续教育考察: the first step recorded for a member taken in from the roster


def taken_in(person: DevPerson) -> bool:
    """Admitted before this ledger: linked to a member, with no 上级党委审批 (第17步) recorded here."""
    return person.status == S.ADMITTED and first(person, S.ADMISSION_APPROVED) is None


def untracked_probationary(session: Session) -> list[Member]:
    """The roster's 预备党员 whose 转正 the development area does not track yet."""
    linked = set(session.scalars(select(DevPerson.member_id).where(DevPerson.member_id.is_not(None))))
    members = session.scalars(select(Member).where(
        Member.roster_state == vocab.ROSTER_ACTIVE, Member.category == vocab.CATEGORY_PROBATIONARY)
        .order_by(Member.joined_date, Member.name_pinyin))
    return [m for m in members if m.id not in linked]


def take_in_probationary(session: Session, member_id: int) -> DevPerson:
    """Make the development record of a 预备党员 already in the roster, in the caller's transaction."""
    member = session.get(Member, member_id)
    if member is None:
        raise DevelopmentError(f"花名册中找不到编号为 {member_id} 的党员。", "member_id")
    if member.roster_state != vocab.ROSTER_ACTIVE:
        raise DevelopmentError(f"{member.name}已不在花名册中（{member.roster_state}），不能接续登记。", "member_id")
    if member.category != vocab.CATEGORY_PROBATIONARY:
        raise DevelopmentError(f"{member.name}是{member.category}，只有预备党员才能接续登记转正。", "member_id")
    if member.joined_date is None:
        raise DevelopmentError(f"{member.name}在花名册中没有“加入党组织日期”，无法计算预备期；"
                               f"请先在花名册中补填。", "member_id")
    existing = linked_person(session, member.id)
    if existing is not None:
        raise DevelopmentError(f"{member.name}已在发展党员记录中（{S.PERSON_STATUSES[existing.status]}），"
                               f"不必再接续登记。", "member_id")
    twin = session.scalars(select(DevPerson).where(
        DevPerson.id_number == member.id_number, DevPerson.status.in_((S.ACTIVE, S.ADMITTED)))).first()
    if twin is not None:
        raise DevelopmentError(f"发展党员记录中已有公民身份号码相同的{twin.name}（{S.PERSON_STATUSES[twin.status]}），"
                               f"请先核对。", "member_id")
    person = DevPerson(status=S.ADMITTED, member_id=member.id,
                       **{key: getattr(member, key) if getattr(member, key) is not None else
                          ("" if key != "birth_date" else None) for key in PERSON_KEYS})
    session.add(person)
    session.flush()
    return person


def taken_in_note(member: Member | None) -> str:
    """How a taken-in record explains its missing earlier steps (the page and the 纪实表)."""
    joined = f"（加入党组织日期 {format_date(member.joined_date)}）" if member is not None and member.joined_date else ""
    return (f"从花名册接续登记的预备党员{joined}：第1至{FIRST_TRACKED - 1}步在使用本软件前办理，"
            f"未在此登记；从第{FIRST_TRACKED}步起在此登记。")


def lower_bound(member: Member | None) -> date | None:
    """The earliest date a step of a taken-in person may carry: the day the branch admitted them."""
    return member.joined_date if member is not None else None


def undo_take_in(session: Session, person_id: int) -> str:
    """Take back a 接续登记 made by mistake, before any step was recorded for it (the roster is untouched;
    the audit trail keeps the record's fields). Returns the name."""
    person = session.get(DevPerson, person_id)
    if person is None or not taken_in(person):
        raise DevelopmentError("只有从花名册接续登记的预备党员记录才能撤销接续登记。")
    if person.steps:
        raise DevelopmentError(f"{person.name}已登记了步骤，不能撤销接续登记；请先删除登记错的步骤。")
    name = person.name
    session.delete(person)
    session.flush()
    return name
