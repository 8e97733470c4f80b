"""The branch profile (支部全称, 简称, 上级党组织, 成立日期) and its 党小组."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import BranchProfile, Member, PartyGroup


class ProfileError(UserError):
    """Invalid profile input; the message is Chinese, `field` the save_profile argument at fault."""


def get_profile(session: Session) -> BranchProfile | None:
    return session.get(BranchProfile, 1)


def save_profile(
    session: Session, *, full_name: str, short_name: str = "", parent_org: str = "",
    founded_date: date | None = None, group_names: list[str] | None = None,
) -> BranchProfile:
    full_name = (full_name or "").strip()
    if not full_name:
        raise ProfileError("“支部全称”不能为空，例如：中共××市××小学支部委员会", "full_name")
    profile = get_profile(session) or BranchProfile(id=1)
    profile.full_name = full_name
    profile.short_name = (short_name or "").strip()
    profile.parent_org = (parent_org or "").strip()
    profile.founded_date = founded_date
    session.add(profile)
    if group_names is not None:
        names = [n.strip() for n in group_names if n and n.strip()]
        if len(set(names)) != len(names):
            raise ProfileError("党小组名称有重复", "group_names")
        existing = {g.name: g for g in list_groups(session)}
        for name, group in existing.items():
            if name in names:
                continue
            in_use = session.scalar(select(func.count()).where(Member.party_group_id == group.id))
            if in_use:
                raise ProfileError(f"党小组“{name}”还有 {in_use} 名党员（含已离开的），不能删除；"
                                   f"请先把他们调整到其他党小组", "group_names")
            session.delete(group)
        for order, name in enumerate(names):
            group = existing.get(name) or PartyGroup(name=name)
            group.sort_order = order
            session.add(group)
    session.flush()
    return profile


def list_groups(session: Session) -> list[PartyGroup]:
    return list(session.scalars(select(PartyGroup).order_by(PartyGroup.sort_order, PartyGroup.id)))


def is_empty(session: Session) -> bool:
    """No profile and no member: a fresh database (the first-run wizard and `demo` need this)."""
    members = session.scalar(select(func.count()).select_from(Member))
    return get_profile(session) is None and not members


def display_name(profile: BranchProfile | None) -> str:
    if profile is None:
        return "（尚未设置支部）"
    return profile.full_name
