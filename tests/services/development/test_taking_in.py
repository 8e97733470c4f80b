"""A 预备党员 already in the roster (entered or imported before the ledger) brought into the pipeline at the
预备期: only the 转正 steps are asked for, and the 转正 goes through the roster's own event."""

from datetime import date

import pytest
from sqlalchemy import select

from app.models import Member, MemberEvent
from app.services.development import steps as S
from app.services.development.history import development_history
from app.services.development.people import DevelopmentError, get_person, phase
from app.services.development.recording import record_step
from app.services.development.taking_in import take_in_probationary, taken_in, untracked_probationary
from app.services.development.timeline import OVERDUE, timeline
from app.services.roster import member_events
from tests.services.development.dev_helpers import TODAY, VOTE, add_members

AFTER_PROBATION = date(2027, 6, 20)  # 赵晓雯 joined 2026-06-01: the probation ends 2027-06-01


@pytest.fixture
def taken(branch_db):
    with branch_db.transaction() as s:
        add_members(s)
        zhao = s.scalars(select(Member).where(Member.name == "赵晓雯")).one()
        assert [m.name for m in untracked_probationary(s)] == ["赵晓雯"]
        person = take_in_probationary(s, zhao.id)
        return branch_db, person.id, zhao.id


def test_the_roster_record_is_copied_and_linked(taken):
    db, person_id, member_id = taken
    with db.session() as s:
        person = get_person(s, person_id)
        member = s.get(Member, member_id)
        assert (person.name, person.id_number, person.member_id) == ("赵晓雯", member.id_number, member_id)
        assert taken_in(person) and phase(person, member) == S.PHASE_PROBATIONARY
        assert untracked_probationary(s) == []


def test_only_the_probation_steps_are_asked_for_and_the_conversion_is_due(taken):
    db, person_id, _member = taken
    with db.session() as s:
        items = timeline(s, get_person(s, person_id), AFTER_PROBATION)
    assert min(i.step.number for i in items) == 21
    request = next(i for i in items if i.step.code == S.CONVERSION_REQUEST)
    assert request.state == OVERDUE and request.day == date(2027, 6, 1)


def test_steps_before_the_ledger_and_dates_before_joining_are_refused(taken):
    db, person_id, _member = taken
    with pytest.raises(DevelopmentError, match="在使用本软件前已办理"):
        with db.transaction() as s:
            record_step(s, person_id, S.OATH, date(2026, 7, 1), today=TODAY)
    with pytest.raises(DevelopmentError, match="早于赵晓雯的加入党组织日期 2026-06-01"):
        with db.transaction() as s:
            record_step(s, person_id, S.PROBATION_EDUCATION, date(2026, 5, 1), {"opinion": "良好"}, today=TODAY)


def test_conversion_goes_through_the_roster_event(taken):
    db, person_id, member_id = taken
    with db.transaction() as s:
        record_step(s, person_id, S.CONVERSION_REQUEST, date(2027, 5, 10), today=AFTER_PROBATION)
        record_step(s, person_id, S.BRANCH_CONVERSION, date(2027, 6, 5),
                    {**VOTE, "decision": S.DECISION_CONVERT}, today=AFTER_PROBATION)
        record_step(s, person_id, S.CONVERSION_APPROVED, date(2027, 6, 15), today=AFTER_PROBATION)
    with db.session() as s:
        member = s.get(Member, member_id)
        assert member.category == "正式党员" and member.full_member_date == date(2027, 6, 1)
        kinds = [e.kind for e in s.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id))]
        assert member_events.BECOME_FULL in kinds
        lines = development_history(s, member_id, AFTER_PROBATION)
        assert [line.step for line in lines][-1] == "第24步 上级党委审批（转正）"


def test_who_cannot_be_taken_in(taken):
    db, _person, member_id = taken
    with pytest.raises(DevelopmentError, match="已在发展党员记录中"):
        with db.transaction() as s:
            take_in_probationary(s, member_id)
    with db.session() as s:
        full = s.scalars(select(Member).where(Member.name == "王建国")).one().id
    with pytest.raises(DevelopmentError, match="王建国是正式党员，只有预备党员才能接续登记"):
        with db.transaction() as s:
            take_in_probationary(s, full)


def test_the_new_members_register_lists_them_by_their_joining_date(taken, tmp_path):
    import openpyxl

    from app.reports.development.registers import write_new_members

    db, _person, _member = taken
    with db.session() as s:
        write_new_members(s, tmp_path / "新党员.xlsx", "xlsx", year=2026, today=TODAY)
    rows = [[c for c in r] for r in openpyxl.load_workbook(tmp_path / "新党员.xlsx").active.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "序号")
    row = next(r for r in rows if r and r[1] == "赵晓雯")
    assert row[header.index("接收为预备党员时间")] == "2026-06-01"
    assert "从花名册接续登记" in row[header.index("备注")]


def test_a_take_in_made_by_mistake_is_undone_before_any_step(taken):
    from app.services.development.taking_in import undo_take_in

    db, person_id, member_id = taken
    with db.transaction() as s:
        assert undo_take_in(s, person_id) == "赵晓雯"
    with db.session() as s:
        assert [m.name for m in untracked_probationary(s)] == ["赵晓雯"]
        assert s.get(Member, member_id).category == "预备党员"
    with db.transaction() as s:
        again = take_in_probationary(s, member_id).id
        record_step(s, again, S.PROBATION_EDUCATION, date(2026, 11, 1), {"opinion": "良好"}, today=TODAY)
    with pytest.raises(DevelopmentError, match="已登记了步骤，不能撤销接续登记"):
        with db.transaction() as s:
            undo_take_in(s, again)
