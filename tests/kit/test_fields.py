"""app.kit.fields: one rule per field kind, the same for the dialogs, the command line and the importer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.kit.errors import UserError
from app.kit.fields import (
    BOOL,
    CHOICE,
    DATE,
    DECIMAL,
    INT,
    MONTH,
    REF,
    TEXT,
    FieldSpec,
    parse_field,
)


def refused(spec: FieldSpec, raw: object) -> UserError:
    with pytest.raises(UserError) as caught:
        parse_field(spec, raw)
    assert caught.value.field == spec.key  # a dialog focuses the field from this, not from the message
    assert spec.label in caught.value.message
    return caught.value


@pytest.mark.parametrize("kind,empty", [(TEXT, ""), (CHOICE, ""), (BOOL, False), (DATE, None), (MONTH, None),
                                        (INT, None), (DECIMAL, None), (REF, None)])
def test_an_empty_optional_field_is_the_kinds_empty_value(kind, empty):
    spec = FieldSpec("x", "某项", kind, choices=("甲",))
    assert parse_field(spec, "  ") == empty and parse_field(spec, None) == empty


def test_a_required_field_names_itself_when_empty():
    assert refused(FieldSpec("to_org", "转入单位", required=True), " ").message == "“转入单位”不能为空"


def test_text_is_trimmed_and_its_length_checked():
    spec = FieldSpec("reason", "原因", max_length=5)
    assert parse_field(spec, "  工作调动 ") == "工作调动"
    assert refused(spec, "一二三四五六").message == "“原因”过长（最多5字）"


@pytest.mark.parametrize("raw", ["2024-03-01", "2024.3.1", "20240301", "2024年3月1日", "２０２４－０３－０１",
                                 date(2024, 3, 1)])
def test_dates_are_read_by_the_one_date_parser(raw):
    assert parse_field(FieldSpec("d", "支部大会日期", DATE), raw) == date(2024, 3, 1)


def test_a_bad_date_says_which_field_and_why():
    error = refused(FieldSpec("branch_meeting_date", "支部大会日期", DATE), "2026.2.30")
    assert error.message == "“支部大会日期”填写有误：“2026.2.30”不是有效的日期（2026年没有2月30日）。"


@pytest.mark.parametrize("raw", ["2026-4", "2026.04", "2026/4", "2026年4月", "202604", "２０２６－４"])
def test_months_are_normalised_to_year_dash_month(raw):
    assert parse_field(FieldSpec("m", "党费缴纳至年月", MONTH), raw) == "2026-04"


def test_a_bad_month_is_refused_with_the_field_named():
    assert refused(FieldSpec("dues_paid_to_month", "党费缴纳至年月", MONTH), "2026-13").message == (
        "“党费缴纳至年月”填写有误：“2026-13”不是有效的年月（月份应为 1 至 12）。")
    assert "无法识别的年月" in refused(FieldSpec("m", "党费缴纳至年月", MONTH), "4月").message


def test_integers_with_range():
    spec = FieldSpec("months", "延长期限（月）", INT, min_value=6, max_value=12)
    assert parse_field(spec, " ８ ") == 8 and parse_field(spec, 12) == 12
    assert refused(spec, "十").message == "“延长期限（月）”应填写整数，现为“十”"
    assert refused(spec, "13").message == "“延长期限（月）”应在 6 至 12 之间，现为 13"


def test_decimals_are_decimal_never_float():
    spec = FieldSpec("amount", "月应缴", DECIMAL, min_value=Decimal("0"))
    value = parse_field(spec, "1,234.50元")
    assert value == Decimal("1234.50") and isinstance(value, Decimal)
    assert "应填写数字" in refused(spec, "一百").message
    assert "不能小于 0" in refused(spec, "-1").message
    assert "应填写数字" in refused(spec, "NaN").message
    with pytest.raises(TypeError):
        parse_field(spec, 0.1)  # a float would already have lost the 分


def test_choices_accept_only_the_list():
    spec = FieldSpec("exit_method", "方式", CHOICE, choices=("除名", "自行脱党"))
    assert parse_field(spec, " 除名 ") == "除名"
    assert refused(spec, "开会").message == "“方式”的值“开会”不在可选范围内"


def test_booleans_read_chinese_yes_and_no():
    spec = FieldSpec("is_mobile", "是否流动党员", BOOL)
    assert parse_field(spec, "是") is True and parse_field(spec, "否") is False and parse_field(spec, True)
    assert "“是”或“否”" in refused(spec, "也许").message


def test_a_reference_is_an_id():
    assert parse_field(FieldSpec("party_group_id", "所在党小组", REF), "3") == 3


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown field kind"):
        FieldSpec("x", "某项", "colour")


def test_member_fields_and_event_details_declare_their_kinds_as_specs():
    from app.services.roster.fields import FIELDS_BY_KEY
    from app.services.roster.member_events import EVENT_KINDS, TRANSFER_OUT

    assert isinstance(FIELDS_BY_KEY["birth_date"], FieldSpec) and FIELDS_BY_KEY["birth_date"].kind == DATE
    assert {k for k, f in FIELDS_BY_KEY.items() if f.required} == {"name", "gender", "id_number", "category"}
    details = {d.key: d for d in EVENT_KINDS[TRANSFER_OUT].details}
    assert details["dues_paid_to_month"].kind == MONTH and details["to_org"].required
    dated = {d.key for k in EVENT_KINDS.values() for d in k.details if d.kind == DATE}
    assert dated == {"branch_meeting_date", "approval_date"}
