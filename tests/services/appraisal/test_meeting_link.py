"""The round's meeting: a 组织生活会 or 支部党员大会 record of the year linked (its date and place become the
round's, in one transaction with the audit trail), or 未关联 with a typed date and place; a notice when a
round has no record although the year has one."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.kit.context import Context
from app.kit.errors import UserError
from app.models import AuditEntry
from app.models.meetings import Meeting
from app.services.appraisal import vocab
from app.services.appraisal.checks import appraisal_checks
from app.services.appraisal.grading import set_final_grade
from app.services.appraisal.meeting_link import link_meeting, meeting_choices, meeting_label, round_meeting
from app.services.appraisal.queries import require_round
from app.services.appraisal.rounds import close_round, create_round, update_round
from app.services.meetings import kinds
from tests.services.appraisal.helpers import add_meeting, add_member


@pytest.fixture
def year(branch_db):
    with branch_db.transaction() as s:
        for name in ("王建国", "李秀英", "张志强"):
            add_member(s, name)
        ids = {
            "life": add_meeting(s, kinds.LIFE, datetime(2026, 12, 18, 14, 30), place="学校四楼会议室"),
            "general": add_meeting(s, kinds.GENERAL, datetime(2026, 3, 20, 15, 40)),
            "committee": add_meeting(s, kinds.COMMITTEE, datetime(2026, 12, 8, 16, 10)),
            "last_year": add_meeting(s, kinds.LIFE, datetime(2025, 12, 20, 14, 30)),
        }
        create_round(s, 2026, date(2026, 12, 18), meeting_date=date(2026, 12, 19), meeting_place="会议室")
    return branch_db, ids


def test_the_chooser_lists_the_years_life_and_general_meetings_by_date(year):
    db, ids = year
    with db.session() as s:
        choices = meeting_choices(s, 2026)
        assert [m.id for m in choices] == [ids["general"], ids["life"]]
        assert meeting_label(choices[1]) == "2026-12-18　组织生活会　2026年第1次组织生活会"


def test_linking_takes_the_records_date_and_place_and_is_audited(year):
    db, ids = year
    with db.transaction() as s:
        link_meeting(s, require_round(s, 2026), ids["life"])
    with db.session() as s:
        rnd = require_round(s, 2026)
        assert (rnd.meeting_id, rnd.meeting_date, rnd.meeting_place) == (ids["life"], date(2026, 12, 18), "学校四楼会议室")
        held = round_meeting(s, rnd)
        assert held.text() == "2026-12-18 组织生活会 学校四楼会议室（2026年第1次组织生活会）"
        trail = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "appraisal_round",
                                                   AuditEntry.field == "meeting_id")).all()
        assert [(e.old_value, e.new_value) for e in trail] == [(None, str(ids["life"]))]
    # typed date and place do not override a linked record
    with db.transaction() as s:
        update_round(s, require_round(s, 2026), meeting_date=date(2026, 12, 1), meeting_place="别处", ballots_issued=3)
    with db.session() as s:
        rnd = require_round(s, 2026)
        assert (rnd.meeting_date, rnd.meeting_place, rnd.ballots_issued) == (date(2026, 12, 18), "学校四楼会议室", 3)


def test_unlinking_keeps_the_date_and_place_and_a_deleted_record_leaves_the_copy(year):
    db, ids = year
    with db.transaction() as s:
        link_meeting(s, require_round(s, 2026), ids["life"])
    with db.transaction() as s:
        link_meeting(s, require_round(s, 2026), None)
    with db.session() as s:
        rnd = require_round(s, 2026)
        assert (rnd.meeting_id, rnd.meeting_date, rnd.meeting_place) == (None, date(2026, 12, 18), "学校四楼会议室")
        assert round_meeting(s, rnd).text() == "2026-12-18 学校四楼会议室"
    with db.transaction() as s:
        link_meeting(s, require_round(s, 2026), ids["life"])
    with db.transaction() as s:
        s.delete(s.get(Meeting, ids["life"]))
    with db.session() as s:
        rnd = require_round(s, 2026)
        assert rnd.meeting_id is None and round_meeting(s, rnd).text() == "2026-12-18 学校四楼会议室"


@pytest.mark.parametrize("which, message", [
    ("committee", "不是组织生活会或支部党员大会"),
    ("last_year", "不在 2026 年"),
])
def test_other_kinds_and_years_are_refused(year, which, message):
    db, ids = year
    with pytest.raises(UserError, match=message) as exc:
        with db.transaction() as s:
            link_meeting(s, require_round(s, 2026), ids[which])
    assert exc.value.field == "meeting_id"
    with pytest.raises(UserError, match="找不到编号为 9999 的会议记录"):
        with db.transaction() as s:
            link_meeting(s, require_round(s, 2026), 9999)


def test_a_closed_round_keeps_its_meeting(year):
    db, ids = year
    with db.transaction() as s:
        rnd = require_round(s, 2026)
        for p in rnd.participants:
            set_final_grade(s, rnd, p.member_id, vocab.QUALIFIED)
        close_round(s, rnd)
    with pytest.raises(UserError, match="已结束"):
        with db.transaction() as s:
            link_meeting(s, require_round(s, 2026), ids["life"])


def test_a_round_without_its_record_is_noticed(year):
    db, ids = year
    with db.session() as s:
        found = [f for f in appraisal_checks(Context(s, date(2026, 12, 20))) if "没有关联会议记录" in f.message]
        assert len(found) == 1 and found[0].target == "appraisal"
        assert "2026-12-18 组织生活会 2026年第1次组织生活会" in found[0].message
    with db.transaction() as s:
        link_meeting(s, require_round(s, 2026), ids["life"])
    with db.session() as s:
        assert not [f for f in appraisal_checks(Context(s, date(2026, 12, 20))) if "没有关联会议记录" in f.message]
