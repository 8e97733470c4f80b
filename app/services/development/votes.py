"""The vote of a 支部大会 (第15步 接收预备党员, 第23步 转正): its counts, their consistency, and when it passes.

A resolution passes only with yes votes from more than half of the members entitled to vote who should
attend (应到会有表决权党员); 预备党员 have no vote, so they are never among the counts that decide
(domain.md §2). The number entitled to vote cannot exceed the roster's 正式党员 with normal standing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import Member
from app.services.roster import vocab


@dataclass(frozen=True)
class Vote:
    expected: int  # 应到会有表决权党员
    present: int  # 实到会有表决权党员
    yes: int
    no: int
    abstain: int
    probationary_present: int = 0  # 列席的预备党员: present, no vote

    @classmethod
    def from_details(cls, details: dict) -> Vote:
        return cls(**{k: int(details.get(k) or 0) for k in cls.__dataclass_fields__})

    def summary(self) -> str:
        extra = f"，列席预备党员{self.probationary_present}人（无表决权）" if self.probationary_present else ""
        return (f"应到会有表决权党员{self.expected}人，实到{self.present}人{extra}；"
                f"赞成{self.yes}票，反对{self.no}票，弃权{self.abstain}票")


def vote_passes(vote: Vote) -> bool:
    """Yes from more than half of the 应到会有表决权 members (not of those present)."""
    return vote.yes * 2 > vote.expected


def voting_members(session: Session) -> int:
    """在册正式党员 with normal standing: the most who can be entitled to vote."""
    return session.scalar(
        select(func.count()).select_from(Member).where(
            Member.roster_state == vocab.ROSTER_ACTIVE, Member.category == vocab.CATEGORY_FULL,
            Member.standing == vocab.STANDING_NORMAL)) or 0


def check_vote(vote: Vote, step_title: str, *, entitled: int | None) -> None:
    """Refuse counts that cannot be: more present than expected, ballots that do not add up, 预备党员 counted."""
    where = f"“{step_title}”的表决"
    for name, value in vote.__dict__.items():
        if value < 0:
            raise UserError(f"{where}中的人数和票数不能为负数。", name)
    if vote.expected <= 0:
        raise UserError(f"{where}须填写应到会有表决权党员人数。", "expected")
    if entitled is not None and vote.expected > entitled:
        raise UserError(f"{where}：应到会有表决权党员{vote.expected}人，多于本支部在册正式党员{entitled}人。"
                        f"预备党员没有表决权，不能计入。", "expected")
    if vote.present > vote.expected:
        raise UserError(f"{where}：实到会有表决权党员{vote.present}人，多于应到的{vote.expected}人。"
                        f"预备党员列席的，请填在“列席的预备党员”中。", "present")
    if vote.yes + vote.no + vote.abstain != vote.present:
        raise UserError(f"{where}：赞成{vote.yes}、反对{vote.no}、弃权{vote.abstain}，合计"
                        f"{vote.yes + vote.no + vote.abstain}票，应等于实到会有表决权党员{vote.present}人。"
                        f"预备党员没有表决权，不投票。", "yes")
