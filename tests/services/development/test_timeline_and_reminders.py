"""A person's timeline (done / due / not yet possible / broken rules) and the reminders read from it."""

from datetime import date

import pytest

from app.kit.context import Context
from app.models.development import DevPerson
from app.services.common.settings import set_setting
from app.services.development import steps as S
from app.services.development.checks import development_checks
from app.services.development.recording import record_step
from app.services.development.reminders import development_reminders
from app.services.development.timeline import DONE, DUE, LATER, OPEN, OVERDUE, WAITING, timeline
from tests.services.development.dev_helpers import (
    ADMISSION_PATH,
    PROBATION_PATH,
    TODAY,
    add_members,
    new_person,
    walk,
)


@pytest.fixture
def branch(branch_db):
    with branch_db.transaction() as s:
        members = add_members(s)
        person = new_person(s)
    return branch_db, members, person


def _states(session, person, today):
    return {(i.step.code, i.state) for i in timeline(session, session.get(DevPerson, person), today)}


def test_timeline_shows_done_due_waiting_and_later(branch):
    db, members, person = branch
    with db.transaction() as s:
        record_step(s, person, S.APPLICATION, date(2026, 11, 20), today=TODAY)
        items = timeline(s, s.get(DevPerson, person), TODAY)
    by_code = {i.step.code: i for i in items}
    assert by_code[S.APPLICATION].state == DONE and by_code[S.APPLICATION].when == "2026-11-20"
    assert by_code[S.TALK].state == DUE and by_code[S.TALK].when == "应于 2026-12-20 前"
    assert by_code[S.ACTIVIST].state == LATER and by_code[S.ARCHIVED].state == LATER
    with db.session() as s:
        assert (S.TALK, OVERDUE) in _states(s, person, date(2026, 12, 21))


def test_activist_waits_a_year_then_may_become_a_candidate(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.CANDIDATE)
        p = s.get(DevPerson, person)
        waiting = {i.step.code: i for i in timeline(s, p, date(2025, 2, 28))}[S.CANDIDATE]
        open_ = {i.step.code: i for i in timeline(s, p, date(2025, 3, 1))}[S.CANDIDATE]
    assert (waiting.state, waiting.when) == (WAITING, "2025-03-01 起")
    assert open_.state == OPEN


def test_reminders_of_the_next_days_sorted_by_date(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.ADMISSION_APPROVED)
        other = new_person(s, name="吴雨桐", id_number=_other_id())
        record_step(s, other, S.APPLICATION, date(2025, 7, 1), today=TODAY)
    with db.session() as s:
        found = development_reminders(Context(s, date(2025, 7, 10), days=60))
    texts = [r.text for r in found]
    assert [r.due for r in found] == sorted(r.due for r in found)
    assert any(t.startswith("吴雨桐：“第2步 党组织派人谈话”应于 2025-08-01 前办理") for t in texts)
    assert any(t.startswith("周子轩：“第17步 上级党委审批（接收预备党员）”应于 2025-08-20 前") for t in texts)
    with db.session() as s:  # past the limit: overdue
        late = development_reminders(Context(s, date(2025, 9, 1), days=60))
    assert {r.severity for r in late if "第17步" in r.text} == {"overdue"}


def test_probation_ending_is_reminded_until_the_conversion_is_discussed(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH + PROBATION_PATH)
    with db.session() as s:
        found = development_reminders(Context(s, date(2026, 4, 1), days=60))
    assert [r.text for r in found if "预备期于 2026-05-20 期满" in r.text]
    assert any("第23步 支部大会讨论（转正）" in r.text for r in found)


def test_a_rule_changed_later_shows_as_broken_on_the_recorded_step(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.SPONSORS)
        set_setting(s, "development.activist_min_months", 18)
    with db.session() as s:
        item = next(i for i in timeline(s, s.get(DevPerson, person), TODAY) if i.step.code == S.CANDIDATE)
        findings = development_checks(Context(s, TODAY))
    assert item.state == DONE and item.problems
    assert "18个月以上" in item.problems[0] and "第四章" in item.problems[0]
    assert any("周子轩" in f.message and "18个月以上" in f.message for f in findings)


def _other_id():
    from app.kit.idcard import make_id_number

    return make_id_number("320211", date(1998, 8, 8), 42)
