"""The branch's structure (党员队伍结构) on a day, counted by SQL: exact counts on a small hand-built roster."""

from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import event

from app.kit.dates import age_on
from app.kit.errors import UserError
from app.services.common.settings import set_setting
from app.services.roster.structure import age_bands, branch_structure, party_age_bands, years_before
from tests.services.roster.small_roster import DAY, EARLY, build_small_roster


@pytest.fixture
def roster(branch_db):
    build_small_roster(branch_db)
    return branch_db


def rows(structure, key):
    return dict(structure.breakdown(key).rows)


def test_counts_on_a_day_are_exact_and_in_a_stable_order(roster):
    with roster.session() as s:
        st = branch_structure(s, DAY)
    assert st.total == 7  # 周七 left before, 郑九 admitted and 陈十 transferred in after the day
    assert st.breakdown("category").rows == (("正式党员", 5), ("预备党员", 2))  # 吴八 became full later
    assert st.breakdown("gender").rows == (("男", 4), ("女", 3))
    assert st.breakdown("ethnicity").rows == (("汉族", 5), ("少数民族", 2))
    assert st.breakdown("age").rows == (
        ("30岁及以下", 2), ("31至35岁", 1), ("36至40岁", 1), ("41至45岁", 1), ("46至50岁", 0), ("51至55岁", 0),
        ("56至60岁", 1), ("61岁及以上", 1))
    assert st.breakdown("education").rows == (
        ("研究生", 2), ("大学本科", 2), ("大学专科", 1), ("中专", 1), ("高中", 0), ("初中及以下", 0), ("未填", 1))
    assert st.breakdown("party_age").rows == (
        ("不满5年", 1), ("5至9年", 1), ("10至19年", 1), ("20至29年", 0), ("30至39年", 1), ("40至49年", 1),
        ("50年及以上", 0), ("预备党员（不计党龄）", 2))
    assert st.breakdown("party_group").rows == (
        ("第一党小组", 2), ("第二党小组", 2), ("第三党小组", 2), ("未编入党小组", 1))
    assert (st.women, st.minorities, st.probationary) == (3, 2, 2)
    for b in st.breakdowns:
        assert b.total == st.total == sum(n for _label, n in b.rows), b.title


def test_an_earlier_day_counts_who_was_there_then(roster):
    with roster.session() as s:
        st = branch_structure(s, EARLY)
    assert st.total == 8  # 周七 was still here; 郑九 and 陈十 not yet
    assert rows(st, "category") == {"正式党员": 6, "预备党员": 2}
    assert rows(st, "party_group")["第三党小组"] == 3


def test_percentages(roster):
    with roster.session() as s:
        b = branch_structure(s, DAY).breakdown("gender")
    assert b.shares() == [("男", 4, 4 / 7), ("女", 3, 3 / 7)]


def test_an_empty_branch_has_zero_rows_and_no_shares(branch_db):
    with branch_db.session() as s:
        st = branch_structure(s, DAY)
    assert st.total == 0
    assert st.breakdown("category").rows == (("正式党员", 0), ("预备党员", 0))
    assert st.breakdown("gender").share(0) is None


def test_bands_are_settings(roster):
    with roster.transaction() as s:
        set_setting(s, "roster.stats_age_bands", [36, 56])
        set_setting(s, "roster.stats_party_age_bands", [10])
    with roster.session() as s:
        st = branch_structure(s, DAY)
    assert st.breakdown("age").rows == (("35岁及以下", 3), ("36至55岁", 2), ("56岁及以上", 2))
    assert st.breakdown("party_age").rows == (("不满10年", 2), ("10年及以上", 3), ("预备党员（不计党龄）", 2))


def test_a_bad_band_setting_is_a_chinese_error(roster):
    with roster.transaction() as s:
        set_setting(s, "roster.stats_age_bands", [40, 30])
    with roster.session() as s, pytest.raises(UserError, match="年龄的分组设置.*从小到大"):
        branch_structure(s, DAY)


def test_band_labels():
    assert [b.label for b in age_bands([31, 36, 37])] == ["30岁及以下", "31至35岁", "36岁", "37岁及以上"]
    assert [b.label for b in party_age_bands([5, 10])] == ["不满5年", "5至9年", "10年及以上"]


@pytest.mark.parametrize("birth,day", [
    (date(1996, 2, 29), date(2026, 2, 28)), (date(1996, 2, 29), date(2026, 3, 1)),
    (date(1996, 2, 28), date(2024, 2, 29)), (date(1996, 3, 1), date(2024, 2, 29)),
    (date(1990, 7, 1), date(2026, 7, 1)), (date(1990, 7, 2), date(2026, 7, 1))])
def test_years_before_agrees_with_age_on(birth, day):
    for years in range(25, 40):
        assert (birth <= years_before(day, years)) == (age_on(birth, day) >= years)


def test_counted_by_a_few_aggregate_queries_fast_for_1000_members(db):
    """Aggregates, not Member objects: a handful of GROUP BY queries, well under 300 ms for 1,000 members."""
    from app.services.common.branch import save_profile
    from app.services.demo.sample_branch import DEMO_PROFILE, generate_members

    with db.transaction() as s:
        save_profile(s, **DEMO_PROFILE)
        generate_members(s, 1000, seed=3)
    statements = []
    with db.session() as s:
        event.listen(s.get_bind(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        started = time.perf_counter()
        st = branch_structure(s, date.today())
        elapsed = time.perf_counter() - started
    assert st.total == 1000
    assert len(statements) <= 12 and all("GROUP BY" in q or "count(" in q for q in statements
                                         if "FROM member" in q)
    assert elapsed < 0.3, f"{elapsed * 1000:.0f} ms"
