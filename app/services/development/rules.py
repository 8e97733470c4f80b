"""The deadlines and limits of 发展党员 as an editable rules table, and one function per rule.

Every number is a Setting (declared in app/areas/development.py) with the document it comes from, so a
branch can correct a rule without a new release. The defaults are the 2014 《中国共产党发展党员工作细则》
(no revised text was found); the length of a 公示 is local practice. A rule that allows an exception
(`exception`) may be passed over with a recorded reason; the others refuse the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.kit.dates import add_months, format_date
from app.services.common.settings import get_setting
from app.services.development.rule_settings import (  # noqa: F401 - SETTINGS re-exported for tests
    SETTINGS,
    SRC_ACTIVIST,
    SRC_ADMISSION,
    SRC_APPLY,
    SRC_CANDIDATE,
    SRC_LOCAL,
    SRC_PROBATION,
    P,
)
from app.services.development.steps import step

PROBATION_SETTING = "roster.probation_months"  # the roster's own setting: one value for both areas


@dataclass(frozen=True)
class Rule:
    """One row of the rules table: what it says, its settings, its source and whether it has an exception."""

    code: str
    text: str  # the rule in words, with {placeholders} for its settings' values
    settings: tuple[str, ...]
    source: str
    exception: str = ""  # what the rule allows as an exception; "" = no exception, the date is refused


RULES: tuple[Rule, ...] = (
    Rule("min_age", "申请入党须年满{min_application_age}周岁", (P + "min_application_age",), SRC_APPLY),
    Rule("talk", "收到入党申请书后{talk_within_months}个月内派人谈话", (P + "talk_within_months",), SRC_APPLY,
         exception="逾期谈话的，可说明原因后登记"),
    Rule("assessment", "对入党积极分子每{assessment_interval_months}个月考察一次",
         (P + "assessment_interval_months",), SRC_ACTIVIST, exception="考察逾期的，可说明原因后登记"),
    Rule("activist_year", "经过{activist_min_months}个月以上培养教育和考察，方可确定为发展对象",
         (P + "activist_min_months",), SRC_CANDIDATE),
    Rule("training", "集中培训不少于{training_min_days}天或不少于{training_min_hours}个学时",
         (P + "training_min_days", P + "training_min_hours"), SRC_CANDIDATE),
    Rule("publicity", "发展对象公示{publicity_min_days}至{publicity_max_days}天",
         (P + "publicity_min_days", P + "publicity_max_days"), SRC_LOCAL),
    Rule("vote", "支部大会表决，赞成票超过应到会有表决权党员的半数才能通过；预备党员没有表决权", (), SRC_ADMISSION),
    Rule("approval", "上级党委在支部大会后{approval_within_months}个月内审批（特殊情况不超过{approval_special_months}个月）",
         (P + "approval_within_months", P + "approval_special_months"), SRC_ADMISSION,
         exception="特殊情况可延长，须说明原因，且不超过特殊期限"),
    Rule("probation", "预备期为{probation_months}个月", (PROBATION_SETTING,), SRC_PROBATION),
    Rule("extension", "延长预备期不少于{extension_min_months}个月、不超过{extension_max_months}个月，"
                      "只能延长{extension_max_times}次",
         (P + "extension_min_months", P + "extension_max_months", P + "extension_max_times"), SRC_PROBATION),
    Rule("conversion_approval", "预备期满后{conversion_approval_within_months}个月内审批转正",
         (P + "conversion_approval_within_months",), SRC_PROBATION, exception="逾期审批的，可说明原因后登记"),
)
RULES_BY_CODE = {r.code: r for r in RULES}


@dataclass(frozen=True)
class RuleValues:
    """The rules' current values, read once per use case."""

    min_application_age: int = 18
    talk_within_months: int = 1
    assessment_interval_months: int = 6
    activist_min_months: int = 12
    training_min_days: int = 3
    training_min_hours: int = 24
    publicity_min_days: int = 5
    publicity_max_days: int = 7
    approval_within_months: int = 3
    approval_special_months: int = 6
    probation_months: int = 12
    extension_min_months: int = 6
    extension_max_months: int = 12
    extension_max_times: int = 1
    conversion_approval_within_months: int = 3

    def text(self, rule: Rule) -> str:
        return rule.text.format(**self.__dict__)


def load_rules(session: Session) -> RuleValues:
    values = {name: int(get_setting(session, P + name)) for name in RuleValues.__dataclass_fields__
              if name != "probation_months"}
    return RuleValues(probation_months=int(get_setting(session, PROBATION_SETTING)), **values)


@dataclass(frozen=True)
class Violation:
    """A recorded or proposed date that breaks a rule."""

    rule: Rule
    step: str  # the step code
    detail: str  # what exactly is wrong, one Chinese clause
    rules: RuleValues
    overridable: bool = False  # a stated reason lets the date stand (the rule's exception)

    @property
    def rule_text(self) -> str:
        return self.rules.text(self.rule)

    @property
    def message(self) -> str:
        """The whole refusal: the step, the rule, what is wrong and the source."""
        return (f"“{step(self.step).title}”不符合规则“{self.rule_text}”：{self.detail}。"
                f"（依据：{self.rule.source}）")


def _broken(rules: RuleValues, code: str, step_code: str, detail: str, *, overridable: bool | None = None
            ) -> Violation:
    rule = RULES_BY_CODE[code]
    return Violation(rule, step_code, detail, rules, bool(rule.exception) if overridable is None else overridable)


# -- one function per rule ---------------------------------------------------------------------------------


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_application_age(rules: RuleValues, birth: date | None, applied: date) -> Violation | None:
    if birth is None or age_on(birth, applied) >= rules.min_application_age:
        return None
    return _broken(rules, "min_age", "application",
                   f"递交申请时{age_on(birth, applied)}周岁（出生日期 {format_date(birth)}）")


def talk_due(rules: RuleValues, applied: date) -> date:
    return add_months(applied, rules.talk_within_months)


def check_talk(rules: RuleValues, applied: date, talked: date) -> Violation | None:
    due = talk_due(rules, applied)
    if talked <= due:
        return None
    return _broken(rules, "talk", "talk", f"递交申请书是 {format_date(applied)}，谈话应不晚于 {format_date(due)}，"
                                          f"登记的谈话日期是 {format_date(talked)}")


def assessment_due(rules: RuleValues, last: date) -> date:
    """The next half-yearly 考察 is due this many months after the last one (or the day named 积极分子)."""
    return add_months(last, rules.assessment_interval_months)


def check_assessment(rules: RuleValues, last: date, assessed: date) -> Violation | None:
    due = assessment_due(rules, last)
    if assessed <= due:
        return None
    return _broken(rules, "assessment", "assessment",
                   f"上次考察（或确定为积极分子）是 {format_date(last)}，下次考察应不晚于 {format_date(due)}，"
                   f"登记的是 {format_date(assessed)}")


def candidate_earliest(rules: RuleValues, activist: date) -> date:
    return add_months(activist, rules.activist_min_months)


def check_activist_year(rules: RuleValues, activist: date, candidate: date) -> Violation | None:
    earliest = candidate_earliest(rules, activist)
    if candidate >= earliest:
        return None
    return _broken(rules, "activist_year", "candidate_named",
                   f"确定为入党积极分子是 {format_date(activist)}，最早可在 {format_date(earliest)} 确定为发展对象，"
                   f"登记的是 {format_date(candidate)}")


def training_days(start: date, end: date) -> int:
    return (end - start).days + 1


def check_training(rules: RuleValues, start: date, end: date, hours: int | None) -> Violation | None:
    days = training_days(start, end)
    if days >= rules.training_min_days or (hours or 0) >= rules.training_min_hours:
        return None
    return _broken(rules, "training", "training",
                   f"培训 {format_date(start)} 至 {format_date(end)} 共{days}天、{hours or 0}学时")


def publicity_days(start: date, end: date) -> int:
    return (end - start).days + 1


def check_publicity(rules: RuleValues, start: date, end: date, step_code: str = "committee_review"
                    ) -> Violation | None:
    days = publicity_days(start, end)
    if rules.publicity_min_days <= days <= rules.publicity_max_days:
        return None
    return _broken(rules, "publicity", step_code,
                   f"公示 {format_date(start)} 至 {format_date(end)} 共{days}天")


def approval_due(rules: RuleValues, meeting: date) -> date:
    return add_months(meeting, rules.approval_within_months)


def approval_latest(rules: RuleValues, meeting: date) -> date:
    return add_months(meeting, rules.approval_special_months)


def check_approval(rules: RuleValues, meeting: date, approved: date, *, special: bool) -> Violation | None:
    """Within the ordinary limit; with a stated special reason, within the special limit (never beyond)."""
    if approved <= approval_due(rules, meeting):
        return None
    latest = approval_latest(rules, meeting)
    if special and approved <= latest:
        return None
    detail = (f"支部大会是 {format_date(meeting)}，审批应不晚于 {format_date(approval_due(rules, meeting))}"
              f"（特殊情况不晚于 {format_date(latest)}），登记的是 {format_date(approved)}")
    # past the special limit no reason makes the date right
    return _broken(rules, "approval", "admission_approved", detail, overridable=approved <= latest)


def probation_end(rules: RuleValues, joined: date, extended_months: int = 0) -> date:
    return add_months(joined, rules.probation_months + extended_months)


def check_extension(rules: RuleValues, months: int, times_before: int) -> Violation | None:
    if times_before >= rules.extension_max_times:
        return _broken(rules, "extension", "branch_conversion", f"预备期已延长过{times_before}次")
    if not rules.extension_min_months <= months <= rules.extension_max_months:
        return _broken(rules, "extension", "branch_conversion", f"登记的延长期限为{months}个月")
    return None


def conversion_approval_due(rules: RuleValues, end: date) -> date:
    return add_months(end, rules.conversion_approval_within_months)


def check_conversion_approval(rules: RuleValues, end: date, approved: date) -> Violation | None:
    due = conversion_approval_due(rules, end)
    if approved <= due:
        return None
    return _broken(rules, "conversion_approval", "conversion_approved",
                   f"预备期满是 {format_date(end)}，审批应不晚于 {format_date(due)}，登记的是 {format_date(approved)}")


def days_left(today: date, due: date) -> timedelta:
    return due - today
