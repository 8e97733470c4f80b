"""The compliance calendar at quarter and year boundaries, a member joining mid-year, 谈心谈话 coverage,
and the reminders it gives (calendar gaps, 换届)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.kit.context import Context
from app.kit.errors import UserError
from app.services.common.settings import set_setting
from app.services.meetings import kinds
from app.services.meetings.calendar import compliance_calendar
from app.services.meetings.reminders import calendar_reminders, meeting_reminders, term_reminder
from app.services.meetings.talks import TalkInput, save_talk, talk_coverage
from tests.services.meetings.helpers import TODAY, build_branch, meeting, save


@pytest.fixture
def branch(branch_db):
    return build_branch(branch_db)


def _row(calendar, kind, group=None):
    return next(r for r in calendar.rows if r.kind == kind and r.party_group_id == group)


def _states(db, kind, today, year=2026):
    with db.session() as s:
        return [c.state for c in _row(compliance_calendar(s, year, today), kind).cells]


def test_quarterly_members_meetings_at_the_quarter_boundary(branch_db, branch):
    save(branch_db, meeting(branch, when=datetime(2026, 3, 31, 19, 0)), today=date(2026, 3, 31))
    assert _states(branch_db, kinds.GENERAL, date(2026, 3, 31)) == ["held", "future", "future", "future"]
    assert _states(branch_db, kinds.GENERAL, date(2026, 6, 30)) == ["held", "due", "future", "future"]
    assert _states(branch_db, kinds.GENERAL, date(2026, 7, 1)) == ["held", "missing", "due", "future"]
    assert _states(branch_db, kinds.LECTURE, date(2026, 3, 31)) == ["due", "future", "future", "future"]
    assert _states(branch_db, kinds.LECTURE, date(2026, 4, 1)) == ["missing", "due", "future", "future"]


def test_the_yearly_life_meeting_at_the_year_boundary(branch_db, branch):
    assert _states(branch_db, kinds.LIFE, date(2026, 12, 31)) == ["due"]
    assert _states(branch_db, kinds.LIFE, date(2027, 1, 1)) == ["missing"]
    save(branch_db, meeting(branch, kinds.LIFE, when=datetime(2026, 12, 31, 23, 30)), today=date(2026, 12, 31))
    assert _states(branch_db, kinds.LIFE, date(2027, 1, 1)) == ["held"]
    assert _states(branch_db, kinds.LIFE, date(2027, 1, 1), year=2027) == ["due"]


def test_the_rate_counts_held_over_required_so_far_and_the_cadences_are_settings(branch_db, branch):
    for month in (1, 2, 4):
        save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2026, month, 8, 16, 0)))
    with branch_db.session() as s:
        calendar = compliance_calendar(s, 2026, date(2026, 5, 20))
        committee = _row(calendar, kinds.COMMITTEE)
    assert [c.state for c in committee.cells][:6] == ["held", "held", "missing", "held", "due", "future"]
    assert (committee.held, committee.required) == (3, 4)
    assert calendar.held == 3 and calendar.rate == pytest.approx(3 / calendar.required)
    labels = [r.label for r in calendar.rows]
    assert labels[:3] == ["支部党员大会", "支部委员会", "党小组会（第一党小组）"] and labels[-1] == "谈心谈话"
    with branch_db.transaction() as s:
        set_setting(s, "meetings.cadence.lecture", kinds.NONE)
        set_setting(s, "meetings.cadence.committee", kinds.QUARTER)
    with branch_db.session() as s:
        calendar = compliance_calendar(s, 2026, date(2026, 5, 20))
    assert all(r.kind != kinds.LECTURE for r in calendar.rows)
    assert [c.state for c in _row(calendar, kinds.COMMITTEE).cells] == ["held", "held", "future", "future"]


def test_a_member_joining_mid_year_is_expected_only_from_then_and_must_still_be_talked_with(branch_db, branch):
    save(branch_db, meeting(branch, kinds.THEME_DAY, when=datetime(2026, 6, 15, 15, 0)))
    save(branch_db, meeting(branch, kinds.THEME_DAY, when=datetime(2026, 9, 15, 15, 0),
                            absentees={branch.arrived: (kinds.LEAVE, "家中有事")}))
    save(branch_db, meeting(branch, kinds.THEME_DAY, when=datetime(2026, 10, 15, 15, 0)))
    with branch_db.session() as s:
        calendar = compliance_calendar(s, 2026, TODAY)
    rates = {r.member_id: r for r in calendar.attendance}
    assert (rates[branch.arrived].expected, rates[branch.arrived].present) == (2, 1)
    assert (rates[branch.full[0]].expected, rates[branch.full[0]].present) == (3, 3)
    assert (rates[branch.left].expected if branch.left in rates else 0) == 0
    uncovered = {m.id for m in calendar.talks.uncovered}
    assert branch.arrived in uncovered and branch.left not in uncovered
    assert calendar.talks.summary() == "已谈 0/13 人"


def test_talk_coverage_counts_talks_with_committee_members(branch_db, branch):
    secretary, organizer = branch.committee[0], branch.committee[1]
    with branch_db.transaction() as s:
        save_talk(s, TalkInput(date(2026, 3, 2), secretary, branch.full[7], topics="工作与思想"), today=TODAY)
        save_talk(s, TalkInput(date(2026, 3, 3), organizer, secretary, topics="支委分工"), today=TODAY)
        save_talk(s, TalkInput(date(2026, 3, 4), branch.full[8], branch.full[9], topics="互相帮助"), today=TODAY)
    with branch_db.session() as s:
        coverage = talk_coverage(s, 2026, TODAY)
    assert coverage.covered_ids == {branch.full[7], secretary, organizer}
    assert coverage.talked_with[secretary] == {branch.full[7], organizer}
    assert branch.full[9] in {m.id for m in coverage.uncovered}


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"talkee_id": "talker"}, "talkee_id", "“谈话人”和“谈话对象”不能是同一人。"),
    ({"talkee_id": "arrived", "talk_date": date(2026, 6, 1)}, "talkee_id",
     "“谈话对象”党员13在谈话日期 2026-06-01 2026-07-01 才成为本支部党员。"),
    ({"talk_date": date(2026, 12, 5)}, "talk_date", "“谈话日期”2026-12-05 晚于今天。"),
    ({"talk_date": None}, "talk_date", "请填写“谈话日期”。"),
])
def test_bad_talks_are_refused_naming_the_field(branch_db, branch, over, field, message):
    ids = {"talker": branch.full[0], "arrived": branch.arrived}
    values = {"talk_date": date(2026, 9, 1), "talker_id": branch.full[0], "talkee_id": branch.full[6]}
    values.update({k: ids.get(v, v) if isinstance(v, str) else v for k, v in over.items()})
    with pytest.raises(UserError) as caught, branch_db.transaction() as s:
        save_talk(s, TalkInput(**values), today=TODAY)
    assert (caught.value.field, caught.value.message) == (field, message)


def test_missing_items_of_past_and_current_periods_are_reminders(branch_db, branch):
    for month in range(1, 11):
        save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2026, month, 8, 16, 0)))
    with branch_db.session() as s:
        texts = [(r.severity, r.text) for r in calendar_reminders(Context(s, date(2026, 11, 20), days=30))]
        later = [r.text for r in calendar_reminders(Context(s, date(2026, 12, 2), days=30))]
    assert ("due", "2026年11月的支部委员会尚未开展，应在 2026-11-30 前开展并记录") in texts
    assert ("overdue", "2026年一季度的支部党员大会没有记录（规定每季度开展）") in texts
    assert not any("月的支部委员会没有记录" in t for _s, t in texts)
    assert not any("谈心谈话" in t for _s, t in texts)  # the year's end is more than 30 days away
    assert any(t.startswith("2026年的谈心谈话尚未覆盖全体党员（已谈 0/13 人），尚未谈话：党员01、") for t in later)


@pytest.mark.parametrize(("today", "severity", "due", "text"), [
    (date(2026, 11, 19), None, None, None),
    (date(2026, 11, 20), "info", date(2026, 12, 20), "本届支部委员会任期将于 2027-06-20 届满（届满前 6 个月提醒）"),
    (date(2027, 2, 1), "info", date(2026, 12, 20), "届满前 6 个月提醒"),
    (date(2027, 2, 18), "due", date(2027, 3, 20), "届满前 3 个月提醒"),
    (date(2027, 6, 20), "overdue", date(2027, 6, 20), "任期已于 2027-06-20 届满，已于今天届满"),
    (date(2027, 8, 25), "overdue", date(2027, 8, 20), "任期已于 2027-06-20 届满，已超过 2 个月"),
])
def test_the_term_reminder_6_and_3_months_before_the_end_and_monthly_when_overdue(branch_db, branch, today,
                                                                               severity, due, text):
    with branch_db.session() as s:
        reminder = term_reminder(Context(s, today, days=30))
        everything = meeting_reminders(Context(s, today, days=30))
    if severity is None:
        assert reminder is None
        return
    assert (reminder.severity, reminder.due) == (severity, due) and text in reminder.text
    assert reminder in everything
