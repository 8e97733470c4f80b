from datetime import date

import pytest

from app.kit.idcard import IdNumberError, convert_15_to_18, make_id_number, mask_id_number, parse_id_number


def test_known_valid_number_with_x_check_digit_lowercase_accepted():
    info = parse_id_number("11010519491231002x")
    assert info.number == "11010519491231002X"
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "女"


def test_odd_17th_digit_is_male():
    number = make_id_number("320102", date(1985, 6, 15), 13)
    assert parse_id_number(number).gender == "男"


def test_wrong_check_digit_asks_to_check_every_digit():
    """A typo anywhere breaks the check digit: the message must not invite changing the last digit."""
    good = make_id_number("320102", date(1985, 6, 15), 13)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(IdNumberError, match="不是有效的公民身份号码.*逐位核对") as caught:
        parse_id_number(bad)
    assert "最后一位应为" not in caught.value.message


def test_fifteen_digit_number_is_converted():
    info = parse_id_number("110105491231002")
    assert info.number == convert_15_to_18("110105491231002")
    assert len(info.number) == 18 and info.birth_date == date(1949, 12, 31)


@pytest.mark.parametrize("raw,fragment", [
    ("", "为空"), ("12345", "18位"), ("110105199002300012", "不是有效日期"), ("11010519900101001Y", "18位"),
])
def test_invalid_numbers_are_refused_with_a_reason(raw, fragment):
    with pytest.raises(IdNumberError, match=fragment):
        parse_id_number(raw)


def test_mask_keeps_region_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
