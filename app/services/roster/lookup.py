"""Finding the one member a user means by what they typed: a name, the record's 编号, or the 公民身份号码.

Used by the command line (`export member-info --member 王芳`); a name two members share is a Chinese message
listing both, with what tells them apart, so the user can pick one by its 编号.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.kit.errors import UserError
from app.models import Member
from app.services.roster import vocab


class MemberLookupError(UserError):
    """No member, or more than one, answers to what was typed."""


def describe(member: Member) -> str:
    """王芳（编号 12，第一党小组，1985-03-02 出生）: enough to tell two of the same name apart."""
    parts = [f"编号 {member.id}"]
    if member.party_group is not None:
        parts.append(member.party_group.name)
    if member.birth_date:
        parts.append(f"{format_date(member.birth_date)} 出生")
    if member.roster_state != vocab.ROSTER_ACTIVE:
        parts.append(member.roster_state)
    return f"{member.name}（{'，'.join(parts)}）"


def find_member(session: Session, text: str) -> Member:
    """The member named, numbered or with this ID number (former members too: their file is kept)."""
    wanted = (text or "").strip()
    if not wanted:
        raise MemberLookupError("请写出党员的姓名或编号。", "member")
    if wanted.isdigit() and len(wanted) <= 9:
        member = session.get(Member, int(wanted))
        if member is None:
            raise MemberLookupError(f"没有编号为 {wanted} 的党员。", "member")
        return member
    found = list(session.scalars(select(Member).where(Member.name == wanted).order_by(Member.id)))
    if not found and len(wanted) in (15, 18):
        found = list(session.scalars(select(Member).where(func.upper(Member.id_number) == wanted.upper())))
    if not found:
        raise MemberLookupError(f"没有找到姓名为“{wanted}”的党员，请检查姓名，或改用编号。", "member")
    if len(found) > 1:
        listed = "、".join(describe(m) for m in found)
        raise MemberLookupError(f"有 {len(found)} 名党员都叫“{wanted}”：{listed}。请改用编号指定其中一人"
                                f"（如 {found[0].id}）。", "member")
    return found[0]
