"""The rules of 组织生活 as data (Settings with their source) and one function per rule.

The numbers come from 《中国共产党支部工作条例（试行）》(2018) unless the source says otherwise; the user can
change each one (a local rule, a revision), and every function here reads the setting, never a constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy.orm import Session

from app.kit.dates import add_months
from app.kit.settings import Setting
from app.services.common.settings import get_setting
from app.services.meetings import kinds

REGULATION = "《中国共产党支部工作条例（试行）》（2018）"

GENERAL_QUORUM = "meetings.quorum.general_share"
RESOLUTION_SHARE = "meetings.quorum.resolution_share"
COMMITTEE_QUORUM = "meetings.quorum.committee_share"
TERM_YEARS = "meetings.committee.term_years"
TERM_REMINDER_MONTHS = "meetings.committee.reminder_months"
ABSENCE_STREAK = "meetings.absence_streak"
TALK_CADENCE = "talks"  # the calendar row of 谈心谈话


@dataclass(frozen=True)
class CadenceDefault:
    """One row of the cadence table: how often a kind is required by default, and who says so."""

    kind: str  # a meeting kind code, or TALK_CADENCE
    label: str
    period: str  # a kinds.PERIODS code
    source: str

    @property
    def key(self) -> str:
        return f"meetings.cadence.{self.kind}"


# The one table of cadences; each row becomes an editable setting.
CADENCES: tuple[CadenceDefault, ...] = (
    CadenceDefault(kinds.GENERAL, "支部党员大会", kinds.QUARTER, f"{REGULATION}第十一条：党员大会一般每季度召开1次"),
    CadenceDefault(kinds.COMMITTEE, "支部委员会", kinds.MONTH, f"{REGULATION}第十二条：支部委员会会议一般每月召开1次"),
    CadenceDefault(kinds.GROUP, "党小组会", kinds.MONTH, f"{REGULATION}第十三条：党小组会一般每月召开1次"),
    CadenceDefault(kinds.LECTURE, "党课", kinds.QUARTER,
                   f"地方做法：{REGULATION}未规定党课的频次，多地要求每季度1次（也有每学期2次的），"
                   f"条例要求党支部书记每年至少讲1次党课"),
    CadenceDefault(kinds.THEME_DAY, "主题党日", kinds.MONTH, f"{REGULATION}：党支部每月相对固定1天开展主题党日"),
    CadenceDefault(kinds.LIFE, "组织生活会", kinds.YEAR, f"{REGULATION}：组织生活会一般每年召开1次，多在第四季度"),
    CadenceDefault(TALK_CADENCE, "谈心谈话", kinds.YEAR,
                   f"{REGULATION}：党支部委员之间、委员和党员之间、党员和党员之间每年谈心谈话一般不少于1次"),
    CadenceDefault(kinds.OTHER, "其他活动", kinds.NONE, "本软件默认：其他活动不作频次要求"),
)

SETTINGS: tuple[Setting, ...] = (
    Setting(GENERAL_QUORUM, 0.5, "党员大会到会人数须超过有表决权党员的比例",
            source=f"{REGULATION}第十一条：党员大会须有半数以上有表决权的党员到会方可召开"),
    Setting(RESOLUTION_SHARE, 0.5, "决议通过须超过应到会有表决权党员的比例",
            source=f"{REGULATION}第十一条：表决时赞成人数超过应到会有表决权党员的半数为通过"),
    Setting(COMMITTEE_QUORUM, 0.5, "支委会到会人数须超过委员的比例",
            source=f"{REGULATION}第十二条：支部委员会会议须有半数以上委员到会方可进行"),
    Setting(TERM_YEARS, 3, "支部委员会每届任期（年）",
            source=f"{REGULATION}：党支部委员会每届任期一般为3年（村、社区党支部为5年）"),
    Setting(TERM_REMINDER_MONTHS, [6, 3], "换届提醒：任期届满前几个月提醒",
            source="本软件默认，参照已部署的 owip 系统：届满前6个月、3个月提醒，届满后每月提醒"),
    Setting(ABSENCE_STREAK, 3, "连续缺席几次时提醒",
            source="本软件默认：党章第三十八条规定党员连续六个月不参加党的组织生活、不交纳党费或不做党所分配的"
                   "工作，又没有正当理由的，视为自行脱党；连续缺席时及早提醒、谈心谈话"),
    *(Setting(c.key, c.period, f"{c.label}的频次", source=c.source)  # a kinds.PERIODS code
      for c in CADENCES),
)


def _share(session: Session, key: str) -> Fraction:
    return Fraction(str(get_setting(session, key))).limit_denominator(1000)


def more_than(part: int, whole: int, share: Fraction) -> bool:
    """part is more than share × whole (过半数: more than half)."""
    return part > share * whole


def general_meeting_quorate(session: Session, voting_expected: int, voting_present: int) -> bool:
    """党员大会: more than the share (half) of the members with a vote (正式党员) are present."""
    return more_than(voting_present, voting_expected, _share(session, GENERAL_QUORUM))


def resolution_passes(session: Session, voting_expected: int, votes_for: int) -> bool:
    """A resolution passes with yes votes from more than the share of the 应到会有表决权 members."""
    return more_than(votes_for, voting_expected, _share(session, RESOLUTION_SHARE))


def committee_quorate(session: Session, committee_size: int, present: int) -> bool:
    """支委会: more than the share (half) of the committee present."""
    return more_than(present, committee_size, _share(session, COMMITTEE_QUORUM))


def term_years(session: Session) -> int:
    return int(get_setting(session, TERM_YEARS))


def term_end(elected: date, years: int) -> date:
    """The day a term elected on `elected` for `years` years comes to its end."""
    return add_months(elected, 12 * years)


def term_reminder_months(session: Session) -> list[int]:
    return sorted({int(m) for m in get_setting(session, TERM_REMINDER_MONTHS) or [] if int(m) > 0}, reverse=True)


def absence_streak(session: Session) -> int:
    return max(1, int(get_setting(session, ABSENCE_STREAK)))


def cadence(session: Session, kind: str) -> str:
    """How often `kind` (a meeting kind code or TALK_CADENCE) is required: a kinds.PERIODS code."""
    for row in CADENCES:
        if row.kind == kind:
            value = str(get_setting(session, row.key))
            return value if value in kinds.PERIODS else row.period
    return kinds.NONE
