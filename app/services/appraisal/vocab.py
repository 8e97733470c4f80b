"""The appraisal's kinds: each a stable ASCII code with its Chinese label, in one table per kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str


def _labels(kinds: tuple[Kind, ...]) -> dict[str, str]:
    return {k.code: k.label for k in kinds}


# The four grades, best first (the order of the ballot's tick boxes and of the tie-break).
EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED = "excellent", "qualified", "basic", "unqualified"
GRADES = (Kind(EXCELLENT, "优秀"), Kind(QUALIFIED, "合格"), Kind(BASIC, "基本合格"), Kind(UNQUALIFIED, "不合格"))
GRADE_CODES = tuple(k.code for k in GRADES)
GRADE_LABELS = _labels(GRADES)
NOT_GRADED_LABEL = "不评定等次"
# Grades that call for 表彰和处理 beyond commendation.
NEEDS_FOLLOW_UP = (BASIC, UNQUALIFIED)

# The six steps of a round, in their order.
STEPS = (Kind("study", "学习教育"), Kind("self", "个人自评"), Kind("peer", "党员互评"),
         Kind("vote", "民主测评"), Kind("decide", "组织评定"), Kind("handle", "表彰和处理"))
STEP_CODES = tuple(k.code for k in STEPS)
STEP_LABELS = _labels(STEPS)

# 人员类别 on the round's day, as the appraisal stores it.
FULL, PROBATIONARY = "full", "probationary"
CATEGORIES = (Kind(FULL, "正式党员"), Kind(PROBATIONARY, "预备党员"))
CATEGORY_LABELS = _labels(CATEGORIES)

# 表彰和处理 of a 基本合格 / 不合格 member: recorded, the separate procedure is the branch's.
RECTIFY, PERSUADE, REMOVE = "rectify", "persuade", "remove"
FOLLOW_UPS = (Kind(RECTIFY, "限期改正"), Kind(PERSUADE, "劝退"), Kind(REMOVE, "除名"))
FOLLOW_UP_LABELS = _labels(FOLLOW_UPS)

# The seeds' rhythm: 季度自查 (periods 1-4) and 半年初评 (period 1: the first half).
QUARTER_CHECK, HALF_YEAR = "quarter", "half_year"
NOTE_KINDS = (Kind(QUARTER_CHECK, "季度自查"), Kind(HALF_YEAR, "半年初评"))
NOTE_KIND_LABELS = _labels(NOTE_KINDS)
NOTE_PERIODS = {QUARTER_CHECK: (1, 2, 3, 4), HALF_YEAR: (1,)}

OPEN, CLOSED = "open", "closed"
ROUND_STATUSES = (Kind(OPEN, "进行中"), Kind(CLOSED, "已结束"))
ROUND_STATUS_LABELS = _labels(ROUND_STATUSES)

LOG_CLOSE, LOG_REOPEN = "close", "reopen"
LOG_ACTIONS = (Kind(LOG_CLOSE, "结束评议"), Kind(LOG_REOPEN, "重新开启"))
LOG_ACTION_LABELS = _labels(LOG_ACTIONS)


def grade_label(code: str | None) -> str:
    return GRADE_LABELS.get(code, "") if code else ""
