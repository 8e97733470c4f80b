"""The annual binder's cover: the branch, the year, who signs for it (支部书记, 组织委员) and when it was made."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.models import BranchProfile
from app.reports.engine.blocks import Field, KeyValueTable, Spacer, Title
from app.reports.engine.document import Document
from app.services.meetings.committee import committee_on
from app.services.roster.members import list_members

BINDER_NAME = "党支部工作台账"
SECRETARY, ORGANIZATION = "secretary", "organization"  # app.services.meetings.kinds.POSTS codes
ROSTER_POSTS = {SECRETARY: "书记", ORGANIZATION: "组织委员"}  # the roster's 党内职务, where no committee is recorded


def binder_title(profile: BranchProfile, year: int) -> str:
    return f"{profile.full_name} {year}年度{BINDER_NAME}"


def office_holders(session: Session, day: date) -> dict[str, str]:
    """post code -> names, from the committee serving on `day`; else from the roster's 党内职务."""
    seats = committee_on(session, day)
    found = {post: "、".join(s.member.name for s in seats if s.post == post) for post in ROSTER_POSTS}
    if not all(found.values()):
        members = list_members(session)
        for post, label in ROSTER_POSTS.items():
            found[post] = found[post] or "、".join(m.name for m in members if m.party_post == label)
    return found


def cover_document(session: Session, profile: BranchProfile, year: int, *, made_on: date,
                   preparer: str | None) -> Document:
    holders = office_holders(session, min(made_on, date(year, 12, 31)))
    rows = [
        [Field("支部名称", profile.full_name)],
        [Field("上级党组织", profile.parent_org)],
        [Field("年　　度", f"{year}年")],
        [Field("支部书记", holders[SECRETARY])],
        [Field("组织委员", holders[ORGANIZATION])],
    ]
    if preparer and preparer != holders[ORGANIZATION]:
        rows.append([Field("编 制 人", preparer)])
    rows.append([Field("编制日期", f"{made_on.year}年{made_on.month}月{made_on.day}日")])
    return Document(title=binder_title(profile, year), blocks=[
        Spacer(45),
        Title(profile.full_name, size=20),
        Spacer(12),
        Title(f"{year}年度", size=26),
        Spacer(4),
        Title(BINDER_NAME, size=34),
        Spacer(70),
        KeyValueTable(pairs=1, label_chars=6, rows=rows),
    ])
