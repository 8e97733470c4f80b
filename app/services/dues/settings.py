"""The dues area's settings: every rule that may change, with its default and where it comes from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.kit.settings import Setting
from app.services.common.settings import get_setting, set_setting
from app.services.dues.rules import DEFAULT_RULES, ROUND_FEN, ROUNDINGS, RULES_SOURCE_2008, with_new_version

RATE_RULES = "dues.rate_rules"
ROUNDING = "dues.rounding"
BACKPAY_WARN_MONTHS = "dues.backpay_warn_months"
ARREARS_NOTICE_MONTHS = "dues.arrears_notice_months"
ARREARS_STRONG_MONTHS = "dues.arrears_strong_months"
REMIT_GRACE_DAYS = "dues.remit_grace_days"
SALARY_ALIASES = "dues.salary_aliases"

PARTY_CONSTITUTION_38 = "《中国共产党章程》第三十八条"

# Header texts of school salary sheets (工资表), by what the column means for the base
# (组电明字〔2017〕5号 and the Organization Department's answers): added, deducted, or not counted.
DEFAULT_SALARY_ALIASES: dict[str, list[str]] = {
    "name": ["姓名", "职工姓名", "人员姓名"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "证件号码"],
    "add": ["岗位工资", "薪级工资", "基础性绩效工资", "基础绩效", "基础性绩效", "津贴补贴", "岗位津贴",
            "生活补贴", "教龄津贴", "特教津贴", "乡镇工作补贴", "班主任津贴", "基本离退休费", "基本养老金"],
    "deduct": ["个人所得税", "扣税", "代扣个税", "扣养险", "扣养老", "养老保险", "扣医保", "医疗保险", "扣医险",
               "扣失业", "失业保险", "扣失险", "职业年金", "扣年金", "住房公积金", "扣公积金", "公积金"],
    "ignore": ["奖励性绩效工资", "奖励性绩效", "改革性补贴", "应发合计", "应发工资", "实发工资", "实发合计",
               "扣款合计", "序号", "部门", "备注", "银行账号"],
}

SETTINGS = (
    Setting(RATE_RULES, DEFAULT_RULES, "党费计算比例（按缴费类别，注明执行起始年月）", RULES_SOURCE_2008),
    Setting(ROUNDING, ROUND_FEN, "月应缴党费的取整方式（fen 到分 / yuan 到元）", "各地做法不一，按上级党委要求"),
    Setting(BACKPAY_WARN_MONTHS, 6, "补交超过多少个月时提醒", "补交一般不超过6个月（中组发〔2008〕3号）"),
    Setting(ARREARS_NOTICE_MONTHS, 3, "连续未交党费几个月时提醒", PARTY_CONSTITUTION_38),
    Setting(ARREARS_STRONG_MONTHS, 5, "连续未交党费几个月时严重提醒", PARTY_CONSTITUTION_38),
    Setting(REMIT_GRACE_DAYS, 15, "季度结束后几天内应上缴党费", "上级党委要求（通常每季度上缴）"),
    Setting(SALARY_ALIASES, DEFAULT_SALARY_ALIASES, "工资表各列的含义（表头名称，可补充）",
            "组电明字〔2017〕5号：基础性绩效计入，奖励性绩效、改革性补贴不计入；扣除个人所得税和个人缴纳的五险一金、职业年金"),
)


def rate_rules(session: Session) -> list[dict]:
    return list(get_setting(session, RATE_RULES))


def rounding(session: Session) -> str:
    return str(get_setting(session, ROUNDING))


def int_setting(session: Session, key: str) -> int:
    return int(get_setting(session, key))


def save_rule_version(session: Session, version: dict) -> list[dict]:
    """Add a rule version (from its month on; one from the same month is replaced). Opened months keep
    their snapshot whatever the rule; months before `from` keep the older version."""
    versions = with_new_version(rate_rules(session), version)
    set_setting(session, RATE_RULES, versions)
    return versions


def set_rounding(session: Session, mode: str) -> None:
    if mode not in ROUNDINGS:
        raise UserError(f"取整方式应为{'或'.join(ROUNDINGS.values())}。", "rounding")
    set_setting(session, ROUNDING, mode)
