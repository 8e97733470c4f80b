"""Cells as people type them: each kind's reading, and the reasons given when a cell cannot be read."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from app.services.importer.spec import DATE, DATETIME, DECIMAL, ID_NUMBER, MONTH, PHONE, ImportField
from app.services.importer.values import CellError, parse_cell


@pytest.mark.parametrize("raw, expected", [
    (datetime(1980, 3, 1, 0, 0), date(1980, 3, 1)), ("1980.3.1", date(1980, 3, 1)), ("19800301", date(1980, 3, 1)),
    ("1980年3月1日", date(1980, 3, 1)), ("1980/3/1", date(1980, 3, 1)), ("2019/2/3  14:30", date(2019, 2, 3)),
    (29281.0, date(1980, 3, 1)), (19800301, date(1980, 3, 1)), ("１９８０－０３－０１", date(1980, 3, 1)),
])
def test_dates(raw, expected):
    assert parse_cell(ImportField("d", "日期", DATE), raw).value == expected


def test_a_month_only_date_is_the_first_day_and_flagged():
    parsed = parse_cell(ImportField("d", "日期", DATE), "1980-03")
    assert parsed.value == date(1980, 3, 1) and "只有年月" in parsed.warning


@pytest.mark.parametrize("raw, expected", [
    ("2019/2/3  14:30", datetime(2019, 2, 3, 14, 30)), (datetime(2019, 2, 3, 14, 30), datetime(2019, 2, 3, 14, 30)),
    ("2019-02-03", datetime(2019, 2, 3)), (43499.6041666667, datetime(2019, 2, 3, 14, 30)),
])
def test_date_times(raw, expected):
    assert parse_cell(ImportField("t", "时间", DATETIME), raw).value == expected


@pytest.mark.parametrize("kind, raw, fragment", [
    (DATE, "明年", "无法识别的日期"), (DATE, "1980-02-30", "不是有效的日期"), (DATETIME, "2019/2/3 25:00", "时刻"),
    (ID_NUMBER, 1.10105198003011e17, "数字格式"), (ID_NUMBER, "12345", "不是 18 位"), (PHONE, "电话", "不是电话号码"),
    (DECIMAL, "三千", "不是数字"), (DATE, "#N/A", "公式错误"),
])
def test_cells_that_cannot_be_read_say_why(kind, raw, fragment):
    with pytest.raises(CellError, match=fragment):
        parse_cell(ImportField("x", "项目", kind), raw)


def test_ids_phones_months_and_money_never_pass_through_a_float():
    assert parse_cell(ImportField("i", "身份证号", ID_NUMBER), " 11010519800301002x ").value == "11010519800301002X"
    assert parse_cell(ImportField("p", "电话", PHONE), 13800138000.0).value == "13800138000"
    assert parse_cell(ImportField("m", "月份", MONTH), "2026年3月").value == "2026-03"
    assert parse_cell(ImportField("a", "金额", DECIMAL), 3000.1).value == Decimal("3000.1")
