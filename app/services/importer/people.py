"""Finding the member a row of another area's list is about: by 公民身份号码 where the file has one, else by 姓名.

Lists such as 民主评议结果 and 党费补缴 name people by 姓名 and a 学工号 this application does not keep; an ID
number, where given, decides. A name decides only when one member has it (在册 members first: a former
member of the same name does not make a current one ambiguous).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.kit.idcard import IdNumberError, parse_id_number
from app.models import Member
from app.services.roster import vocab


def normal_id_number(raw: str | None) -> str | None:
    """The 18-digit form of an ID number as typed (a 15-digit one converted); None when it is not one."""
    if not raw:
        return None
    try:
        return parse_id_number(str(raw)).number
    except IdNumberError:
        return None


def find_member(session: Session, name: str | None, id_number: str | None = None) -> Member:
    """The one member the row means; UserError (Chinese, naming the field) when none or several match."""
    if id_number:
        number = normal_id_number(id_number)
        if number is None:
            raise UserError(f"公民身份号码“{id_number}”有误", "id_number")
        member = session.scalars(select(Member).where(Member.id_number == number)).first()
        if member is None:
            raise UserError(f"花名册中没有公民身份号码为 {number} 的党员", "id_number")
        if name and member.name != name:
            raise UserError(f"公民身份号码 {number} 在花名册中是{member.name}，与表中的姓名“{name}”不符", "name")
        return member
    if not name:
        raise UserError("不能为空", "name")
    found = list(session.scalars(select(Member).where(Member.name == name)))
    current = [m for m in found if m.roster_state == vocab.ROSTER_ACTIVE]
    if len(current) == 1 or (len(found) == 1 and not current):
        return (current or found)[0]
    if not found:
        raise UserError(f"花名册中没有名为“{name}”的党员", "name")
    raise UserError(f"花名册中有 {len(current) or len(found)} 名党员名叫“{name}”，请在表中填写公民身份号码以区分",
                    "name")
