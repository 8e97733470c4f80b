"""The settings of 发展党员 with their defaults and sources (the numbers of the rules table).

Kept apart from rules.py so that declaring the area (app/areas/development.py) imports nothing heavy.
"""

from __future__ import annotations

from app.kit.settings import Setting

SRC = "《中国共产党发展党员工作细则》（中共中央办公厅印发，2014年5月28日）"
SRC_APPLY = f"{SRC}第二章 入党申请"
SRC_ACTIVIST = f"{SRC}第三章 入党积极分子的确定和培养教育"
SRC_CANDIDATE = f"{SRC}第四章 发展对象的确定和考察"
SRC_ADMISSION = f"{SRC}第五章 预备党员的接收"
SRC_PROBATION = f"{SRC}第六章 预备党员的教育、考察和转正"
SRC_LOCAL = "各地党组织的做法（一般公示5至7天），以上级党委规定为准"

P = "development."
SETTINGS: tuple[Setting, ...] = (
    Setting(P + "min_application_age", 18, "申请入党的最低年龄（周岁）", SRC_APPLY),
    Setting(P + "talk_within_months", 1, "收到入党申请书后派人谈话的期限（月）", SRC_APPLY),
    Setting(P + "assessment_interval_months", 6, "对入党积极分子考察的间隔（月）", SRC_ACTIVIST),
    Setting(P + "activist_min_months", 12, "确定为发展对象前作为入党积极分子的最短时间（月）", SRC_CANDIDATE),
    Setting(P + "training_min_days", 3, "发展对象集中培训的最短时间（天）", SRC_CANDIDATE),
    Setting(P + "training_min_hours", 24, "发展对象集中培训的最少学时", SRC_CANDIDATE),
    Setting(P + "publicity_min_days", 5, "发展对象公示的最短天数", SRC_LOCAL),
    Setting(P + "publicity_max_days", 7, "发展对象公示的最长天数", SRC_LOCAL),
    Setting(P + "approval_within_months", 3, "上级党委审批接收预备党员的期限（月）", SRC_ADMISSION),
    Setting(P + "approval_special_months", 6, "特殊情况下审批的最长期限（月）", SRC_ADMISSION),
    Setting(P + "extension_min_months", 6, "延长预备期的最短时间（月）", SRC_PROBATION),
    Setting(P + "extension_max_months", 12, "延长预备期的最长时间（月）", SRC_PROBATION),
    Setting(P + "extension_max_times", 1, "预备期可延长的次数", SRC_PROBATION),
    Setting(P + "conversion_approval_within_months", 3, "预备期满后上级党委审批转正的期限（月）", SRC_PROBATION),
    Setting(P + "reminder_days", 60, "发展党员提醒：提前多少天提示"),
    Setting(P + "notice_phone", "", "公示上的支部联系电话"),
)
