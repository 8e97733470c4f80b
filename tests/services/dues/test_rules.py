"""The one rule: rate and monthly amount from category and base, at every edge of the 2008 brackets."""

from decimal import Decimal

import pytest

from app.kit.errors import UserError
from app.services.dues import vocab
from app.services.dues.rules import (
    DEFAULT_RULES,
    ROUND_FEN,
    ROUND_YUAN,
    compute_due,
    rule_for_month,
    with_new_version,
)

RULE = DEFAULT_RULES[0]
D = Decimal


@pytest.mark.parametrize(("base", "rate", "amount"), [
    ("0.00", "0.5", "0.00"),
    ("3000.00", "0.5", "15.00"),
    ("3000.01", "1", "30.00"),
    ("5000.00", "1", "50.00"),
    ("5000.01", "1.5", "75.00"),
    ("10000.00", "1.5", "150.00"),
    ("10000.01", "2", "200.00"),
    ("4321.57", "1", "43.22"),  # 43.2157 → 43.22 (to the 分, half up)
])
def test_salaried_brackets_upper_bound_inclusive_whole_base_at_one_rate(base, rate, amount):
    due = compute_due(vocab.EMPLOYED, D(base), RULE, ROUND_FEN)
    assert due.rate == D(rate) and due.amount == D(amount) and due.basis == vocab.BASIS_RATE


@pytest.mark.parametrize(("base", "rate", "amount"), [
    ("5000.00", "0.5", "25.00"),
    ("5000.01", "1", "50.00"),
    ("3500.00", "0.5", "17.50"),
])
def test_retired_brackets(base, rate, amount):
    due = compute_due(vocab.RETIRED, D(base), RULE, ROUND_FEN)
    assert (due.rate, due.amount) == (D(rate), D(amount))


@pytest.mark.parametrize("category", [vocab.STUDENT, vocab.UNEMPLOYED, vocab.RELIEF, vocab.FARMER])
def test_fixed_amounts_are_0_20_and_ignore_the_base_and_rounding(category):
    for rounding in (ROUND_FEN, ROUND_YUAN):
        due = compute_due(category, D("8000.00"), RULE, rounding)
        assert due.amount == D("0.20") and due.rate is None and due.basis == vocab.BASIS_FIXED


def test_farmers_choose_within_0_20_to_1_00():
    assert compute_due(vocab.FARMER, D("0"), RULE, ROUND_FEN, fixed=D("1.00")).amount == D("1.00")
    assert compute_due(vocab.FARMER, D("0"), RULE, ROUND_FEN, fixed=D("0.50")).amount == D("0.50")
    with pytest.raises(UserError, match="0.20～1.00"):
        compute_due(vocab.FARMER, D("0"), RULE, ROUND_FEN, fixed=D("1.01"))
    with pytest.raises(UserError, match="不在此范围"):
        compute_due(vocab.STUDENT, D("0"), RULE, ROUND_FEN, fixed=D("0.50"))


def test_rounding_to_fen_and_to_yuan_half_up():
    # 4321.57 × 1% = 43.2157
    assert compute_due(vocab.EMPLOYED, D("4321.57"), RULE, ROUND_FEN).amount == D("43.22")
    assert compute_due(vocab.EMPLOYED, D("4321.57"), RULE, ROUND_YUAN).amount == D("43.00")
    # 4350.00 × 1% = 43.50 → 44 元 (half up), and 2999.00 × 0.5% = 14.995 → 15.00 / 15
    assert compute_due(vocab.EMPLOYED, D("4350.00"), RULE, ROUND_YUAN).amount == D("44.00")
    assert compute_due(vocab.EMPLOYED, D("2999.00"), RULE, ROUND_FEN).amount == D("15.00")
    assert compute_due(vocab.EMPLOYED, D("2999.00"), RULE, ROUND_YUAN).amount == D("15.00")
    assert compute_due(vocab.EMPLOYED, D("2899.00"), RULE, ROUND_FEN).amount == D("14.50")  # 14.495
    assert compute_due(vocab.EMPLOYED, D("2899.00"), RULE, ROUND_YUAN).amount == D("14.00")  # exact 14.495, rounded once


def test_amounts_are_decimal_never_float():
    due = compute_due(vocab.EMPLOYED, D("3333.33"), RULE, ROUND_FEN)
    assert isinstance(due.amount, Decimal) and isinstance(due.rate, Decimal)


def test_a_new_version_applies_from_its_month_and_the_old_one_before():
    changed = {**RULE, "from": "2027-01", "source": "某省委组织部2026年通知",
               "categories": {**RULE["categories"],
                              vocab.EMPLOYED: {"kind": "rate", "brackets": [["4000.00", "0.5"], [None, "1"]]}}}
    versions = with_new_version(DEFAULT_RULES, changed)
    assert [v["from"] for v in versions] == ["2008-04", "2027-01"]
    assert compute_due(vocab.EMPLOYED, D("3500"), rule_for_month(versions, "2026-12"), ROUND_FEN).amount == D("35.00")
    assert compute_due(vocab.EMPLOYED, D("3500"), rule_for_month(versions, "2027-01"), ROUND_FEN).amount == D("17.50")
    with pytest.raises(UserError, match="早于最早"):
        rule_for_month(versions, "2008-03")


def test_a_malformed_version_is_refused_in_chinese():
    bad = {**RULE, "from": "2027-01", "categories": {**RULE["categories"], vocab.EMPLOYED: {
        "kind": "rate", "brackets": [["5000.00", "1"], ["3000.00", "0.5"], [None, "2"]]}}}
    with pytest.raises(UserError, match="从低到高"):
        with_new_version(DEFAULT_RULES, bad)
    with pytest.raises(UserError, match="依据"):
        with_new_version(DEFAULT_RULES, {**RULE, "from": "2027-01", "source": " "})


def test_a_rule_edited_in_its_own_words_is_saved_from_a_month_and_applies_from_then(branch_db):
    from app.services.dues.rules import describe_rule, parse_rule
    from app.services.dues.settings import rate_rules, save_rule_version, set_rounding

    for code, spec in RULE["categories"].items():
        assert parse_rule(code, describe_rule(spec)) == spec  # the editable text reads back to the same data
    with pytest.raises(UserError, match="看不懂") as err:
        parse_rule(vocab.EMPLOYED, "3000以下千分之五")
    assert err.value.field == vocab.EMPLOYED
    categories = {code: parse_rule(code, describe_rule(spec)) for code, spec in RULE["categories"].items()}
    categories[vocab.RETIRED] = parse_rule(vocab.RETIRED, "≤4000元 0.5%；以上 1%")
    with branch_db.transaction() as s:
        save_rule_version(s, {"from": "2027-01", "source": "某省委组织部通知", "categories": categories})
        set_rounding(s, ROUND_YUAN)
    with branch_db.session() as s:
        versions = rate_rules(s)
    assert [v["from"] for v in versions] == ["2008-04", "2027-01"]
    assert compute_due(vocab.RETIRED, D("4500"), rule_for_month(versions, "2026-12"), ROUND_FEN).amount == D("22.50")
    assert compute_due(vocab.RETIRED, D("4500"), rule_for_month(versions, "2027-01"), ROUND_FEN).amount == D("45.00")
    with pytest.raises(UserError, match="取整方式"):
        with branch_db.transaction() as s:
            set_rounding(s, "jiao")
