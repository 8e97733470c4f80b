"""The tally's rules at their edges: votes against ballots returned, the proposed grade, the 优秀 share."""

from fractions import Fraction

import pytest

from app.kit.errors import UserError
from app.services.appraisal import vocab
from app.services.appraisal.rules import (
    Tally,
    check_tally,
    excellent_limit_exceeded,
    excellent_warning,
    parse_share,
    percent,
    proposed_grade,
)

HALF = Fraction(1, 2)


def test_votes_may_add_up_to_the_ballots_returned_but_not_more():
    check_tally(Tally(10, 5, 0, 0, returned=15), "张三")
    check_tally(Tally(10, 4, 0, 0, returned=15), "张三")  # one left blank
    with pytest.raises(UserError, match="张三的四个等次票数合计 16 票，超过了收回票数 15 票") as err:
        check_tally(Tally(10, 5, 1, 0, returned=15), "张三", row=3)
    assert err.value.field == "ballots_returned" and err.value.row == 3


def test_ballots_returned_cannot_exceed_ballots_issued_and_counts_are_not_negative():
    with pytest.raises(UserError, match="收回票数 21 超过了发出票数 20"):
        check_tally(Tally(1, 0, 0, 0, returned=21), "张三", ballots_issued=20)
    with pytest.raises(UserError, match="“合格”票数不能为负数"):
        check_tally(Tally(1, -1, 0, 0, returned=5), "张三")


def test_the_grade_with_most_votes_is_proposed_and_a_tie_goes_to_the_better_grade():
    assert proposed_grade(Tally(12, 8, 0, 0, 20), HALF) == vocab.EXCELLENT
    assert proposed_grade(Tally(5, 15, 0, 0, 20), HALF) == vocab.QUALIFIED
    assert proposed_grade(Tally(10, 10, 0, 0, 20), HALF) == vocab.EXCELLENT
    assert proposed_grade(Tally(2, 6, 12, 0, 20), HALF) == vocab.BASIC
    assert proposed_grade(Tally(0, 0, 0, 0, 20), HALF) is None


def test_unqualified_is_proposed_only_above_its_share_of_ballots_returned():
    assert proposed_grade(Tally(0, 2, 7, 11, 20), HALF) == vocab.UNQUALIFIED  # 11/20 > 1/2
    assert proposed_grade(Tally(0, 3, 7, 10, 20), HALF) == vocab.BASIC  # exactly half: not above
    assert proposed_grade(Tally(0, 0, 0, 8, 20), HALF) == vocab.BASIC  # most votes, too few of them
    assert proposed_grade(Tally(0, 3, 7, 10, 20), Fraction(1, 3)) == vocab.UNQUALIFIED


def test_excellent_share_exactly_one_third_is_fine_and_one_more_warns():
    third = Fraction(1, 3)
    assert not excellent_limit_exceeded(3, 9, third) and excellent_warning(3, 9, third) is None
    assert excellent_limit_exceeded(4, 9, third)
    assert excellent_warning(4, 9, third) == (
        "评为优秀的有 4 人，占评定等次人数 9 人的 44.4%，超过了一般不超过三分之一的要求，"
        "请支部再斟酌（仅提醒，不影响保存）。")
    # not a multiple of three: 10 graded, a third is 3.33 → 3 is fine, 4 warns
    assert not excellent_limit_exceeded(3, 10, third) and excellent_limit_exceeded(4, 10, third)


def test_shares_are_read_exactly_and_bad_ones_refused_in_chinese():
    assert parse_share("1/3") == Fraction(1, 3)
    assert parse_share("50%") == HALF and parse_share("0.5") == HALF
    with pytest.raises(UserError, match="无法识别"):
        parse_share("三分之一")
    with pytest.raises(UserError, match="0 到 1 之间"):
        parse_share("3/2")


def test_percent_has_one_decimal_rounded_half_up():
    assert percent(1, 8) == "12.5%" and percent(1, 3) == "33.3%" and percent(2, 3) == "66.7%"
    assert percent(0, 0) == "—"
