"""The one table of each kind the area stores as a code: meeting kinds, committee posts, attendance
states, talk types and calendar periods. Stored values are the codes; users read the labels."""

from __future__ import annotations

from dataclasses import dataclass

from app.kit.errors import UserError

# who is expected at a meeting of a kind, as the roster stood on the meeting date
EXPECT_ALL = "all"  # 正式 and 预备 members on the roster
EXPECT_GROUP = "group"  # the chosen 党小组's members
EXPECT_COMMITTEE = "committee"  # the committee on that date

# which rule of the 条例 a held meeting is checked against
QUORUM_GENERAL = "general"  # more than half of the members with a vote present; resolutions by 应到 majority
QUORUM_COMMITTEE = "committee"  # more than half of the committee present
QUORUM_NONE = ""


@dataclass(frozen=True)
class MeetingKind:
    code: str
    label: str
    expected: str  # EXPECT_*
    quorum: str = QUORUM_NONE
    lecturer: bool = False  # 党课: 主讲人
    theme_label: str = ""  # "" when the kind has no theme field
    three_one: bool = True  # counted in the 三会一课 统计表
    record_title: str = ""  # the printed record's title: 支部委员会会议记录

    @property
    def record_heading(self) -> str:
        return self.record_title or f"{self.label}记录"


GENERAL = "general"
COMMITTEE = "committee"
GROUP = "group"
LECTURE = "lecture"
THEME_DAY = "theme_day"
LIFE = "life"
OTHER = "other"

MEETING_KINDS: dict[str, MeetingKind] = {k.code: k for k in (
    MeetingKind(GENERAL, "支部党员大会", EXPECT_ALL, QUORUM_GENERAL, record_title="支部党员大会会议记录"),
    MeetingKind(COMMITTEE, "支部委员会", EXPECT_COMMITTEE, QUORUM_COMMITTEE, record_title="支部委员会会议记录"),
    MeetingKind(GROUP, "党小组会", EXPECT_GROUP, record_title="党小组会会议记录"),
    MeetingKind(LECTURE, "党课", EXPECT_ALL, lecturer=True, theme_label="党课主题", record_title="党课记录"),
    MeetingKind(THEME_DAY, "主题党日", EXPECT_ALL, theme_label="活动主题", record_title="主题党日活动记录"),
    MeetingKind(LIFE, "组织生活会", EXPECT_ALL, record_title="组织生活会会议记录"),
    MeetingKind(OTHER, "其他活动", EXPECT_ALL, three_one=False, theme_label="活动主题", record_title="活动记录"),
)}

HELD = "held"
PLANNED = "planned"
MEETING_STATUSES = {HELD: "已召开", PLANNED: "计划"}

PRESENT = "present"
LEAVE = "leave"
ABSENT = "absent"
ATTENDANCE = {PRESENT: "出席", LEAVE: "请假", ABSENT: "缺席（未请假）"}

POSTS: dict[str, str] = {
    "secretary": "书记",
    "deputy": "副书记",
    "organization": "组织委员",
    "propaganda": "宣传委员",
    "discipline": "纪检委员",
    "youth": "青年委员",
    "member": "委员",
}

TALK_KINDS: dict[str, str] = {
    "heart": "谈心谈话",
    "reminder": "提醒谈话",
    "admonish": "诫勉谈话",
    "work": "工作谈话",
    "other": "其他",
}

# calendar periods: how often a kind is required
MONTH, QUARTER, HALF, YEAR, NONE = "month", "quarter", "half", "year", "none"
PERIODS: dict[str, str] = {MONTH: "每月", QUARTER: "每季度", HALF: "每半年", YEAR: "每年", NONE: "不作要求"}


def kind(code: str) -> MeetingKind:
    """The kind for a code, or for its Chinese label (a user typing 党课 on the command line)."""
    if code in MEETING_KINDS:
        return MEETING_KINDS[code]
    for k in MEETING_KINDS.values():
        if k.label == code:
            return k
    choices = "、".join(f"{k.code}（{k.label}）" for k in MEETING_KINDS.values())
    raise UserError(f"未知的会议类型“{code}”，可选：{choices}", field="kind")


def kind_label(code: str) -> str:
    k = MEETING_KINDS.get(code)
    return k.label if k else code
