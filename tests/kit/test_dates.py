"""app.kit.dates: the one parser and formatter of dates and months, for every front end and document."""

from __future__ import annotations

from datetime import date

import pytest

from app.kit.dates import DateTextError, format_date, parse_date_text, parse_month_text


@pytest.mark.parametrize("text", [
    "2024-03-01", "2024-3-1", "2024.3.1", "20240301", "2024/3/1", "2024年3月1日", "2024年03月01日",
    " 2024-03-01 ", "２０２４．３．１",  # full-width, as a Chinese input method may type it
])
def test_common_ways_of_writing_a_date(text):
    assert parse_date_text(text) == date(2024, 3, 1)


def test_empty_text_is_no_date():
    assert parse_date_text("") is None
    assert parse_date_text("   ") is None


@pytest.mark.parametrize("text,fragment", [
    ("2024-02-30", "不是有效的日期"),
    ("2024-13-01", "不是有效的日期"),
    ("2024-3", "无法识别"),
    ("明天", "无法识别"),
    ("1800-01-01", "年份 1800 不合理"),
])
def test_text_that_is_not_a_date_is_refused_with_a_reason(text, fragment):
    with pytest.raises(DateTextError, match=fragment):
        parse_date_text(text)


def test_a_date_error_carries_the_field_it_is_for():
    with pytest.raises(DateTextError) as caught:
        parse_date_text("明天", "joined_date")
    assert caught.value.field == "joined_date"
    assert caught.value.message == "无法识别的日期“明天”，请按 2024-03-01 的格式输入。"


def test_dates_are_shown_one_way():
    assert format_date(date(2026, 5, 1)) == "2026-05-01" and format_date(None) == ""


@pytest.mark.parametrize("text,expected", [
    ("2026-4", "2026-04"), ("2026.04", "2026-04"), ("2026/4", "2026-04"), ("2026年4月", "2026-04"),
    ("202604", "2026-04"), ("２０２６年４月", "2026-04"), ("", None), ("  ", None),
])
def test_the_one_month_rule(text, expected):
    assert parse_month_text(text) == expected


@pytest.mark.parametrize("text,fragment", [("2026-13", "月份应为 1 至 12"), ("4月", "无法识别的年月"),
                                           ("1800-01", "年份 1800 不合理")])
def test_text_that_is_not_a_month_is_refused_with_a_reason(text, fragment):
    with pytest.raises(DateTextError, match=fragment):
        parse_month_text(text)


def test_the_registers_have_no_date_formatter_of_their_own():
    import app.reports.engine.register as register

    assert not hasattr(register, "format_date")
