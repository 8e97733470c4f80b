"""The appraisal's rules that may change, as settings with their source (declared in app.areas.appraisal)."""

from __future__ import annotations

from app.kit.settings import Setting

EXCELLENT_SHARE = Setting(
    key="appraisal.excellent_share_max",
    default="1/3",
    label="评为优秀的党员一般不超过评定等次人数的比例（超过时提醒，不阻止）",
    source="各级党委每年印发的民主评议党员工作通知的通行要求：优秀等次一般不超过参加评定党员的三分之一",
)
UNQUALIFIED_SHARE = Setting(
    key="appraisal.unqualified_vote_share",
    default="1/2",
    label="测评建议等次为“不合格”所需的不合格票比例（须超过此比例，按收回票数计）",
    source="各地通知不一，常见做法为不合格票超过收回票数的半数；请按上级当年通知修改",
)
REMINDER_FROM_MONTH = Setting(
    key="appraisal.reminder_from_month",
    default=10,
    label="从每年几月起提醒本年度民主评议尚未开展或尚未结束",
    source="民主评议党员每年一次，一般在年底前完成（第四季度起提醒）",
)

SETTINGS = (EXCELLENT_SHARE, UNQUALIFIED_SHARE, REMINDER_FROM_MONTH)
