"""Meeting records: the roster as it stood on the day, the 条例's rules, bad input, numbering, fast entry."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.kit.errors import UserError
from app.services.common.settings import set_setting
from app.services.meetings import kinds
from app.services.meetings.attendance import absence_streaks, meeting_flags
from app.services.meetings.records import (
    counts,
    describe_absentees,
    draft_from_previous,
    draft_from_template,
    expected_members,
    get_meeting,
    save_template,
)
from tests.services.meetings.helpers import TODAY, build_branch, meeting, save


@pytest.fixture
def branch(branch_db):
    return build_branch(branch_db)


def _expected_ids(db, kind, day, group=None):
    with db.session() as s:
        return {m.id for m in expected_members(s, kind, day, group)}


def test_the_roster_as_it_stood_on_the_meeting_date(branch_db, branch):
    before_arrival = _expected_ids(branch_db, kinds.GENERAL, date(2026, 4, 1))
    after = _expected_ids(branch_db, kinds.GENERAL, date(2026, 7, 1))
    assert branch.left in before_arrival and branch.arrived not in before_arrival
    assert branch.left not in after and branch.arrived in after
    assert set(branch.probationary) <= before_arrival
    assert not set(branch.probationary) & _expected_ids(branch_db, kinds.GENERAL, date(2026, 2, 28))
    assert _expected_ids(branch_db, kinds.COMMITTEE, date(2026, 4, 1)) == set(branch.committee)
    assert _expected_ids(branch_db, kinds.COMMITTEE, date(2024, 6, 19)) == set()
    group = _expected_ids(branch_db, kinds.GROUP, date(2026, 8, 1), branch.groups[0])
    assert group == {*branch.full[1::2], *branch.probationary, branch.arrived}


def test_a_members_meeting_counts_probationary_members_but_only_full_members_make_the_quorum(branch_db, branch):
    # 2026-05-10: 10 正式 + 2 预备 + the one who left later is gone (4-15) = 12 expected, 10 with a vote
    absent_five = {mid: (kinds.LEAVE, "外出培训") for mid in branch.full[5:]}
    mid = save(branch_db, meeting(branch, absentees=absent_five))
    with branch_db.session() as s:
        m = get_meeting(s, mid)
        c = counts(m)
        assert (c.expected, c.present, c.voting_expected, c.voting_present) == (12, 7, 10, 5)
        (flag,) = meeting_flags(s, m)
    assert flag.startswith("到会有表决权党员未过半数（应到 10 人，实到 5 人）")
    four = {mid: (kinds.LEAVE, "") for mid in branch.full[6:]}
    mid = save(branch_db, meeting(branch, absentees=four), mid)
    with branch_db.session() as s:
        assert meeting_flags(s, get_meeting(s, mid)) == []


def test_a_resolution_needs_yes_votes_from_more_than_half_of_those_entitled(branch_db, branch):
    mid = save(branch_db, meeting(branch, has_vote=True, votes_for=5, votes_against=3, votes_abstain=2))
    with branch_db.session() as s:
        (flag,) = meeting_flags(s, get_meeting(s, mid))
    assert "赞成票 5 票，未超过应到会有表决权党员（10 人）的半数" in flag
    mid = save(branch_db, meeting(branch, has_vote=True, votes_for=6, votes_against=4, votes_abstain=0), mid)
    with branch_db.session() as s:
        assert meeting_flags(s, get_meeting(s, mid)) == []


def test_the_rules_are_settings(branch_db, branch):
    mid = save(branch_db, meeting(branch, absentees={m: (kinds.ABSENT, "") for m in branch.full[6:]}))
    with branch_db.transaction() as s:
        set_setting(s, "meetings.quorum.general_share", 2 / 3)  # a stricter local rule
    with branch_db.session() as s:
        assert meeting_flags(s, get_meeting(s, mid))[0].startswith("到会有表决权党员未过半数（应到 10 人，实到 6 人）")


def test_a_committee_meeting_needs_more_than_half_of_the_committee(branch_db, branch):
    three = {m: (kinds.LEAVE, "区里开会") for m in branch.committee[2:]}
    mid = save(branch_db, meeting(branch, kinds.COMMITTEE, absentees=three))
    with branch_db.session() as s:
        assert meeting_flags(s, get_meeting(s, mid)) == ["到会委员未过半数（委员 5 人，到会 2 人）"]
        assert describe_absentees(get_meeting(s, mid)) == "党员03（请假：区里开会）、党员04（请假：区里开会）、党员05（请假：区里开会）"
    mid = save(branch_db, meeting(branch, kinds.COMMITTEE, absentees=dict(list(three.items())[:2])), mid)
    with branch_db.session() as s:
        assert meeting_flags(s, get_meeting(s, mid)) == []


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"manual_expected": 10, "manual_present": 12, "kind": kinds.OTHER}, "manual_present",
     "“实到人数”（12）不能多于“应到人数”（10）。"),
    ({"held_at": datetime(2026, 12, 2, 9, 0)}, "held_at", "“召开时间”2026-12-02 晚于今天，不能登记为已召开"),
    ({"has_vote": True, "votes_for": 8, "votes_against": 2, "votes_abstain": 1}, "votes_for",
     "“表决结果”赞成、反对、弃权合计 11 票，多于实到有表决权的 10 人。"),
    ({"kind": kinds.GROUP, "party_group_id": None}, "party_group_id", "党小组会须选择“党小组”。"),
    ({"host_id": None}, "host_id", "请选择“主持人”。"),
])
def test_bad_input_is_refused_naming_the_field(branch_db, branch, over, field, message):
    with pytest.raises(UserError) as caught, branch_db.transaction() as s:
        from app.services.meetings.records import save_meeting

        save_meeting(s, meeting(branch, **over), today=TODAY)
    assert caught.value.field == field and message in caught.value.message


def test_a_host_or_recorder_who_was_not_a_member_on_the_day_is_refused(branch_db, branch):
    with pytest.raises(UserError) as caught:
        save(branch_db, meeting(branch, host_id=branch.arrived))  # arrived 2026-07-01, meeting 05-10
    assert caught.value.field == "host_id"
    assert caught.value.message == ("“主持人”党员13在会议日期 2026-05-10 2026-07-01 才成为本支部党员，"
                                    "不是当时的本支部党员。")
    with pytest.raises(UserError) as caught:
        save(branch_db, meeting(branch, recorder_id=branch.left))  # left 2026-04-15
    assert caught.value.field == "recorder_id" and "已于 2026-04-15 离开本支部（已转出）" in caught.value.message
    with pytest.raises(UserError) as caught:
        save(branch_db, meeting(branch, absentees={branch.left: (kinds.LEAVE, "")}))
    assert caught.value.field == "absentees" and "党员14不是这次会议的应到人员" in caught.value.message


def test_records_are_numbered_per_kind_and_year_and_titled(branch_db, branch):
    first = save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2026, 1, 8, 16, 0)))
    second = save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2026, 2, 6, 16, 0)))
    other_kind = save(branch_db, meeting(branch, kinds.LECTURE, when=datetime(2026, 2, 9, 16, 0)))
    next_year = save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2025, 12, 6, 16, 0)))
    with branch_db.session() as s:
        titles = [get_meeting(s, m).title for m in (first, second, other_kind, next_year)]
    assert titles == ["2026年第1次支部委员会", "2026年第2次支部委员会", "2026年第1次党课", "2025年第1次支部委员会"]


def test_a_new_record_starts_from_the_previous_one_of_its_kind(branch_db, branch):
    save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2026, 10, 9, 16, 10), place="三楼党员活动室",
                            observers="工会主席 王某", absentees={branch.committee[4]: (kinds.LEAVE, "病假")}))
    with branch_db.session() as s:
        draft = draft_from_previous(s, kinds.COMMITTEE, date(2026, 11, 6))
    assert (draft.place, draft.host_id, draft.recorder_id, draft.observers) == (
        "三楼党员活动室", branch.full[0], branch.full[1], "工会主席 王某")
    assert draft.held_at == datetime(2026, 11, 6, 16, 10) and draft.absentees == {} and draft.content == ""
    mid = save(branch_db, draft.__class__(**{**draft.__dict__, "absentees": {branch.committee[3]: (kinds.LEAVE, "出差")},
                                              "content": "研究年终工作"}))
    with branch_db.session() as s:
        m = get_meeting(s, mid)
        assert (m.title, counts(m).present, describe_absentees(m)) == ("2026年第2次支部委员会", 4, "党员04（请假：出差）")


def test_a_saved_template_fills_a_new_record(branch_db, branch):
    with branch_db.transaction() as s:
        template = save_template(s, "每月主题党日", meeting(branch, kinds.THEME_DAY, theme="学习身边榜样",
                                                       topics=("重温入党誓词", "志愿服务")))
    with branch_db.session() as s:
        draft = draft_from_template(s, template.id, date(2026, 11, 20))
    assert (draft.kind, draft.theme, draft.topics, draft.place) == (
        kinds.THEME_DAY, "学习身边榜样", ("重温入党誓词", "志愿服务"), "学校会议室")


def test_three_absences_in_a_row_are_flagged(branch_db, branch):
    target = branch.full[9]
    for month, absent in ((6, False), (7, True), (8, True), (9, True)):
        save(branch_db, meeting(branch, kinds.THEME_DAY, when=datetime(2026, month, 15, 15, 0),
                                absentees={target: (kinds.LEAVE if month == 8 else kinds.ABSENT, "")} if absent else {}))
    with branch_db.session() as s:
        (streak,) = absence_streaks(s, TODAY)
    assert streak.member.id == target and streak.describe().startswith(
        "党员10连续 3 次未参加组织生活（07-15 至 09-15，其中请假 1 次）")
    save(branch_db, meeting(branch, kinds.THEME_DAY, when=datetime(2026, 10, 15, 15, 0)))
    with branch_db.session() as s:
        assert absence_streaks(s, TODAY) == []
