"""The appraisal's rules, one function each: the tally's arithmetic, the grade it proposes, the 优秀 share.

Shares are exact fractions ("1/3", "0.5", "50%") so that "exactly one third" is exactly one third.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.services.appraisal import vocab
from app.services.appraisal.settings_spec import EXCELLENT_SHARE, UNQUALIFIED_SHARE
from app.services.common.settings import get_setting


@dataclass(frozen=True)
class Tally:
    """One member's 民主测评 votes and the ballots returned."""

    excellent: int = 0
    qualified: int = 0
    basic: int = 0
    unqualified: int = 0
    returned: int = 0

    def votes(self, grade: str) -> int:
        return {vocab.EXCELLENT: self.excellent, vocab.QUALIFIED: self.qualified, vocab.BASIC: self.basic,
                vocab.UNQUALIFIED: self.unqualified}[grade]

    @property
    def total_votes(self) -> int:
        return self.excellent + self.qualified + self.basic + self.unqualified


def parse_share(text: object, label: str = "比例") -> Fraction:
    """"1/3", "0.5" or "50%" -> a Fraction between 0 and 1."""
    raw = str(text).strip().replace("％", "%")
    try:
        share = Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)
    except (ValueError, ZeroDivisionError):
        raise UserError(f"{label}“{text}”无法识别，请写成 1/3、0.5 或 50% 这样的形式。") from None
    if not 0 <= share <= 1:
        raise UserError(f"{label}“{text}”应在 0 到 1 之间（0% 到 100%）。")
    return share


def excellent_share(session: Session) -> Fraction:
    return parse_share(get_setting(session, EXCELLENT_SHARE.key), EXCELLENT_SHARE.label)


def unqualified_share(session: Session) -> Fraction:
    return parse_share(get_setting(session, UNQUALIFIED_SHARE.key), UNQUALIFIED_SHARE.label)


def check_tally(tally: Tally, who: str, *, ballots_issued: int | None = None, row: int | None = None) -> None:
    """Counts are whole numbers ≥ 0; the votes add up to at most the ballots returned (a voter may leave a
    member blank), and no more ballots come back than were issued."""
    for grade in vocab.GRADE_CODES:
        if tally.votes(grade) < 0:
            raise UserError(f"{who}的“{vocab.GRADE_LABELS[grade]}”票数不能为负数。", f"votes_{grade}", row=row)
    if tally.returned < 0:
        raise UserError(f"{who}的收回票数不能为负数。", "ballots_returned", row=row)
    if tally.total_votes > tally.returned:
        raise UserError(
            f"{who}的四个等次票数合计 {tally.total_votes} 票，超过了收回票数 {tally.returned} 票，请核对。",
            "ballots_returned", row=row)
    if ballots_issued is not None and tally.returned > ballots_issued:
        raise UserError(f"{who}的收回票数 {tally.returned} 超过了发出票数 {ballots_issued}，请核对。",
                        "ballots_returned", row=row)


def proposed_grade(tally: Tally, unqualified_above: Fraction) -> str | None:
    """The grade the tally proposes: the one with most votes (a tie goes to the better grade), except that
    不合格 is proposed only when its votes exceed `unqualified_above` of the ballots returned; otherwise the
    best of the other grades with most votes (基本合格 when the others have none). None without votes."""
    if tally.total_votes == 0 or tally.returned == 0:
        return None
    unqualified_allowed = Fraction(tally.unqualified, tally.returned) > unqualified_above
    candidates = [g for g in vocab.GRADE_CODES if g != vocab.UNQUALIFIED or unqualified_allowed]
    best = max(candidates, key=lambda g: (tally.votes(g), -vocab.GRADE_CODES.index(g)))
    if tally.votes(best) == 0:  # only 不合格 votes, too few to propose it
        return vocab.BASIC
    return best


def excellent_limit_exceeded(excellent: int, graded: int, share: Fraction) -> bool:
    """优秀 is generally at most `share` of those graded: exceeded when strictly more."""
    return excellent > share * graded


def excellent_warning(excellent: int, graded: int, share: Fraction) -> str | None:
    """The Chinese warning when the 优秀 share is exceeded (a warning, never a block)."""
    if not excellent_limit_exceeded(excellent, graded, share):
        return None
    return (f"评为优秀的有 {excellent} 人，占评定等次人数 {graded} 人的 {percent(excellent, graded)}，"
            f"超过了一般不超过{share_text(share)}的要求，请支部再斟酌（仅提醒，不影响保存）。")


def share_text(share: Fraction) -> str:
    names = {Fraction(1, 3): "三分之一", Fraction(1, 2): "半数", Fraction(1, 4): "四分之一",
             Fraction(2, 3): "三分之二"}
    return names.get(share) or f"{float(share) * 100:.0f}%"


def percent(part: int, whole: int) -> str:
    """12.5% with one decimal; "—" when there is no whole."""
    if whole == 0:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"
