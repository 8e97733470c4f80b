"""The rules a member record must satisfy before it is saved (domain.md §1).

Each rule yields an Issue naming the field in Chinese. Blocking issues stop the save; warnings
(e.g. a probation longer than a year, which an extension allows) are shown and the user may go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.dates import age_on
from app.kit.errors import UserError
from app.kit.fields import parse_field
from app.kit.idcard import IdNumberError, parse_id_number
from app.models import Member, PartyGroup
from app.services.roster import vocab
from app.services.roster.fields import MEMBER_FIELDS

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")


@dataclass(frozen=True)
class Issue:
    field: str  # Member attribute key
    message: str  # Chinese, names the field
    blocking: bool = True

    def __str__(self) -> str:
        return self.message


class MemberValidationError(UserError):
    """A member record that cannot be saved: every Issue found; `field` is the first blocking one's."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        first = next((i for i in issues if i.blocking), issues[0] if issues else None)
        super().__init__("；".join(i.message for i in issues), first.field if first else None)


# session.info key: {ID number: (member id, name, roster state)} of every member, kept by a caller that saves
# many members in one flush (the importer), so that validating each asks no query and sees the pending ones
ID_NUMBER_INDEX = "roster.id_number_index"


def id_number_index(session: Session) -> dict[str, tuple[int | None, str, str]]:
    rows = session.execute(select(Member.id_number, Member.id, Member.name, Member.roster_state))
    return {number: (member_id, name, state) for number, member_id, name, state in rows}


def _holder_of(session: Session, number: str, member_id: int | None) -> tuple[str, str] | None:
    """(name, roster state) of another member with this ID number, or None."""
    index = session.info.get(ID_NUMBER_INDEX)
    if index is not None:
        found = index.get(number)
        return (found[1], found[2]) if found is not None and found[0] != (member_id or 0) else None
    duplicate = session.scalars(
        select(Member).where(Member.id_number == number, Member.id != (member_id or 0))).first()
    return (duplicate.name, duplicate.roster_state) if duplicate is not None else None


def months_between(start: date, end: date) -> float:
    return (end.year - start.year) * 12 + (end.month - start.month) + (end.day - start.day) / 31


def validate_member(
    session: Session, values: dict, *, member_id: int | None = None,
    probation_months: int = 12, min_admission_age: int = 18, today: date | None = None,
) -> list[Issue]:
    """Check a member's values (Member attribute keys); ID numbers are expected already normalised."""
    today = today or date.today()
    issues: list[Issue] = []

    # Each field's own kind, required-ness, list and length, as declared in MEMBER_FIELDS; then the rules
    # that tie fields together.
    for f in MEMBER_FIELDS:
        try:
            parse_field(f, values.get(f.key))
        except UserError as exc:
            issues.append(Issue(f.key, exc.message))

    id_number = values.get("id_number") or ""
    birth: date | None = values.get("birth_date")
    if id_number:
        try:
            info = parse_id_number(id_number)
        except IdNumberError as exc:
            issues.append(Issue("id_number", f"“公民身份号码”有误：{exc}"))
        else:
            if birth and birth != info.birth_date:
                issues.append(Issue("birth_date", f"“出生日期”{birth:%Y-%m-%d}与公民身份号码中的"
                                                  f"{info.birth_date:%Y-%m-%d}不一致"))
            if values.get("gender") and values["gender"] != info.gender:
                issues.append(Issue("gender", f"“性别”与公民身份号码不一致（号码表明为{info.gender}）"))
            duplicate = _holder_of(session, info.number, member_id)
            if duplicate is not None:
                issues.append(Issue("id_number", f"“公民身份号码”与本支部党员 {duplicate[0]}"
                                                 f"（{duplicate[1]}）重复"))

    joined: date | None = values.get("joined_date")
    full: date | None = values.get("full_member_date")
    if birth and birth > today:
        issues.append(Issue("birth_date", "“出生日期”不能晚于今天"))
    if joined:
        if joined > today:
            issues.append(Issue("joined_date", "“加入党组织日期”不能晚于今天"))
        if birth and joined <= birth:
            issues.append(Issue("joined_date", "“加入党组织日期”应晚于出生日期"))
        elif birth and age_on(birth, joined) < min_admission_age:
            issues.append(Issue("joined_date", f"入党时年龄为{age_on(birth, joined)}岁，"
                                               f"未满{min_admission_age}周岁（“加入党组织日期”）"))
    category = values.get("category")
    if category == vocab.CATEGORY_PROBATIONARY and full:
        issues.append(Issue("full_member_date", "预备党员不应有“转为正式党员日期”，转正请登记“预备党员转正”"))
    if category == vocab.CATEGORY_FULL and not full:
        issues.append(Issue("full_member_date", "正式党员须填写“转为正式党员日期”"))
    if category in (vocab.CATEGORY_PROBATIONARY, vocab.CATEGORY_FULL) and not joined:
        issues.append(Issue("joined_date", f"{category}须填写“加入党组织日期”"))
    if joined and full:
        if full < joined:
            issues.append(Issue("full_member_date", "“转为正式党员日期”不能早于“加入党组织日期”"))
        else:
            months = months_between(joined, full)
            if not probation_months - 1 <= months <= probation_months + 1:
                issues.append(Issue(
                    "full_member_date",
                    f"“转为正式党员日期”距入党约{months:.0f}个月，通常为{probation_months}个月"
                    f"（如延长预备期可忽略此提示）", blocking=False))
    if full and full > today:
        issues.append(Issue("full_member_date", "“转为正式党员日期”不能晚于今天"))

    mobile = values.get("mobile_phone") or ""
    if mobile and not MOBILE_RE.match(mobile):
        issues.append(Issue("mobile_phone", f"“手机”号码“{mobile}”格式不对，应为1开头的11位数字"))
    landline = values.get("landline") or ""
    if landline and not LANDLINE_RE.match(landline):
        issues.append(Issue("landline", f"“固定电话”“{landline}”格式不对，例如 010-12345678"))
    if values.get("is_lost_contact") and not values.get("lost_contact_date"):
        issues.append(Issue("lost_contact_date", "失联党员须填写“失去联系日期”", blocking=False))
    if values.get("is_mobile") and not values.get("mobile_destination"):
        issues.append(Issue("mobile_destination", "流动党员须填写“外出流向”", blocking=False))
    group_id = values.get("party_group_id")
    if group_id is not None and session.get(PartyGroup, group_id) is None:
        issues.append(Issue("party_group_id", "“所在党小组”不存在（可能已在支部信息中删除），请重新选择"))
    return issues
