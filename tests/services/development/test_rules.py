"""Every interval rule of 发展党员 at its edges, on the defaults of the 2014 细则."""

from datetime import date

import pytest

from app.services.development import rules as R

RULES = R.RuleValues()


def test_defaults_are_the_2014_rules_and_every_setting_has_a_source():
    assert (RULES.min_application_age, RULES.talk_within_months, RULES.assessment_interval_months,
            RULES.activist_min_months, RULES.training_min_days, RULES.training_min_hours,
            RULES.approval_within_months, RULES.approval_special_months, RULES.probation_months,
            RULES.extension_min_months, RULES.extension_max_months, RULES.extension_max_times,
            RULES.conversion_approval_within_months) == (18, 1, 6, 12, 3, 24, 3, 6, 12, 6, 12, 1, 3)
    declared = {s.key: s for s in R.SETTINGS}
    for field in R.RuleValues.__dataclass_fields__:
        if field != "probation_months":
            assert declared[R.P + field].default == getattr(RULES, field)
            assert declared[R.P + field].source
    for rule in R.RULES:
        assert rule.source and RULES.text(rule)


@pytest.mark.parametrize("birth,applied,ok", [
    (date(2006, 3, 15), date(2024, 3, 15), True),  # 18th birthday
    (date(2006, 3, 15), date(2024, 3, 14), False),  # one day short
    (date(2004, 2, 29), date(2022, 2, 28), False),  # born 29 February: not 18 on 28 February
    (date(2004, 2, 29), date(2022, 3, 1), True),
])
def test_application_age(birth, applied, ok):
    violation = R.check_application_age(RULES, birth, applied)
    assert (violation is None) is ok
    if not ok:
        assert "第1步 递交入党申请书" in violation.message and "年满18周岁" in violation.message
        assert "发展党员工作细则" in violation.message and not violation.overridable


@pytest.mark.parametrize("applied,talked,ok", [
    (date(2026, 3, 10), date(2026, 4, 10), True),  # exactly one month
    (date(2026, 3, 10), date(2026, 4, 11), False),
    (date(2026, 1, 31), date(2026, 2, 28), True),  # 31 January plus one month = 28 February
    (date(2026, 1, 31), date(2026, 3, 1), False),
    (date(2024, 1, 31), date(2024, 2, 29), True),  # leap year: 29 February
    (date(2024, 1, 31), date(2024, 3, 1), False),
])
def test_talk_within_one_month(applied, talked, ok):
    violation = R.check_talk(RULES, applied, talked)
    assert (violation is None) is ok
    if not ok:
        assert violation.overridable and "第2步 党组织派人谈话" in violation.message


@pytest.mark.parametrize("last,assessed,ok", [
    (date(2025, 8, 31), date(2026, 2, 28), True),  # 31 August + 6 months clamps to 28 February
    (date(2025, 8, 31), date(2026, 3, 1), False),
    (date(2023, 8, 29), date(2024, 2, 29), True),
    (date(2026, 3, 1), date(2026, 9, 1), True),
    (date(2026, 3, 1), date(2026, 9, 2), False),
])
def test_assessment_every_half_year(last, assessed, ok):
    assert (R.check_assessment(RULES, last, assessed) is None) is ok


@pytest.mark.parametrize("activist,candidate,ok", [
    (date(2025, 3, 1), date(2026, 3, 1), True),  # exactly one year
    (date(2025, 3, 1), date(2026, 2, 28), False),  # one day short
    (date(2024, 2, 29), date(2025, 2, 28), True),  # 29 February + 12 months = 28 February
    (date(2024, 2, 29), date(2025, 2, 27), False),
])
def test_one_year_as_activist(activist, candidate, ok):
    violation = R.check_activist_year(RULES, activist, candidate)
    assert (violation is None) is ok
    if not ok:
        assert not violation.overridable
        assert "第7步 确定发展对象" in violation.message and "12个月以上" in violation.message


@pytest.mark.parametrize("start,end,hours,ok", [
    (date(2026, 4, 7), date(2026, 4, 9), None, True),  # 3 days
    (date(2026, 4, 7), date(2026, 4, 8), 23, False),  # 2 days, 23 学时
    (date(2026, 4, 7), date(2026, 4, 7), 24, True),  # 1 day but 24 学时
])
def test_training_three_days_or_24_hours(start, end, hours, ok):
    assert (R.check_training(RULES, start, end, hours) is None) is ok


@pytest.mark.parametrize("start,end,ok", [
    (date(2026, 4, 21), date(2026, 4, 25), True),  # 5 days
    (date(2026, 4, 21), date(2026, 4, 24), False),  # 4 days
    (date(2026, 4, 21), date(2026, 4, 27), True),  # 7 days
    (date(2026, 4, 21), date(2026, 4, 28), False),  # 8 days
])
def test_publicity_five_to_seven_days(start, end, ok):
    assert (R.check_publicity(RULES, start, end) is None) is ok


@pytest.mark.parametrize("meeting,approved,special,ok,overridable", [
    (date(2025, 11, 30), date(2026, 2, 28), False, True, None),  # 30 November + 3 months = 28 February
    (date(2025, 11, 30), date(2026, 3, 1), False, False, True),
    (date(2025, 11, 30), date(2026, 3, 1), True, True, None),  # a special case, within 6 months
    (date(2025, 11, 30), date(2026, 5, 30), True, True, None),
    (date(2025, 11, 30), date(2026, 5, 31), True, False, False),  # beyond 6 months: never
])
def test_approval_within_three_months_six_in_special_cases(meeting, approved, special, ok, overridable):
    violation = R.check_approval(RULES, meeting, approved, special=special)
    assert (violation is None) is ok
    if not ok:
        assert violation.overridable is overridable and "第17步 上级党委审批" in violation.message


def test_probation_end_and_conversion_approval():
    assert R.probation_end(RULES, date(2024, 2, 29)) == date(2025, 2, 28)
    assert R.probation_end(RULES, date(2025, 5, 20), 6) == date(2026, 11, 20)
    assert R.check_conversion_approval(RULES, date(2025, 11, 30), date(2026, 2, 28)) is None
    late = R.check_conversion_approval(RULES, date(2025, 11, 30), date(2026, 3, 1))
    assert late is not None and late.overridable and "第24步" in late.message


@pytest.mark.parametrize("months,times,ok", [(6, 0, True), (12, 0, True), (5, 0, False), (13, 0, False),
                                              (6, 1, False)])
def test_extension_six_to_twelve_months_once(months, times, ok):
    assert (R.check_extension(RULES, months, times) is None) is ok


def test_a_changed_setting_changes_the_rule(branch_db):
    from app.services.common.settings import set_setting

    with branch_db.transaction() as s:
        set_setting(s, "development.activist_min_months", 18)
        rules = R.load_rules(s)
    assert rules.activist_min_months == 18
    assert R.check_activist_year(rules, date(2025, 3, 1), date(2026, 3, 1)) is not None
