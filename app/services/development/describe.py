"""A recorded step's details in words, for the timeline, the 纪实表 and the registers."""

from __future__ import annotations

from app.models.development import DevStep
from app.services.development import steps as S
from app.services.development.votes import Vote, vote_passes


def member_names(entry: DevStep | None, key: str) -> str:
    if entry is None:
        return ""
    return "、".join(m["name"] for m in entry.details.get(key) or [])


def vote_text(entry: DevStep) -> str:
    vote = Vote.from_details(entry.details)
    result = "通过" if vote_passes(vote) else "未通过（赞成票未超过应到会有表决权党员的半数）"
    return f"{vote.summary()}；表决{result}"


def describe(entry: DevStep) -> str:
    """One line: the step's people, numbers, votes and decisions, in the step's own order."""
    spec = S.step(entry.step)
    parts: list[str] = []
    has_vote = S.VOTE_DETAILS[0] in spec.details
    for d in spec.details:
        value = entry.details.get(d.key)
        if value in (None, "", []) or (has_vote and d in S.VOTE_DETAILS):
            continue
        if d.kind == S.MEMBERS:
            shown = member_names(entry, d.key)
        elif d.kind == S.GROUP:
            shown = value.get("name", "")
        elif d.kind == S.CHOICE:
            shown = S.choice_label(entry.step, d.key, value)
        else:
            shown = str(value)
        parts.append(f"{d.label}：{shown}")
    if has_vote:
        parts.insert(0, vote_text(entry))
    if entry.override_reason:
        parts.append(f"例外说明：{entry.override_reason}")
    if entry.note:
        parts.append(f"备注：{entry.note}")
    return "；".join(parts)
