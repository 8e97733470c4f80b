"""A year's round end to end in the core: participants, tally (grid and ballots), grades, close, reopen."""

from datetime import date

import pytest

from app.kit.errors import UserError
from app.models import Member
from app.models.appraisal import AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.follow_up import record_follow_up
from app.services.appraisal.grading import accept_proposals, set_final_grade
from app.services.appraisal.notes import notes_of, save_note
from app.services.appraisal.participants import add_participant, save_assessment, set_graded
from app.services.appraisal.queries import require_round, round_counts
from app.services.appraisal.rounds import close_round, create_round, reopen_round, set_step, update_round
from app.services.appraisal.rules import Tally
from app.services.appraisal.tally import TallyRow, delete_last_ballot, record_ballot, save_tally
from app.services.roster import vocab as roster_vocab
from tests.services.appraisal.helpers import add_member, add_members

DAY = date(2026, 12, 20)


@pytest.fixture
def members(branch_db):
    with branch_db.transaction() as s:
        ids = [m.id for m in add_members(s, full=9, probationary=2)]
    return ids


def _round(db, **kw) -> None:
    with db.transaction() as s:
        create_round(s, 2026, DAY, meeting_place="学校会议室", ballots_issued=11, **kw)


def _grid(db, rows):
    with db.transaction() as s:
        save_tally(s, require_round(s, 2026), [TallyRow(mid, t) for mid, t in rows])


def test_participants_are_the_members_on_the_roster_that_day_and_probationary_ones_are_not_graded(branch_db, members):
    with branch_db.transaction() as s:
        later = add_member(s, "后转入", joined=date(2027, 1, 5))  # joined after the round's day
        gone = add_member(s, "已转出")
        gone.roster_state, gone.left_date = roster_vocab.ROSTER_TRANSFERRED_OUT, date(2026, 6, 1)
        left_after = add_member(s, "年后转出")
        left_after.roster_state, left_after.left_date = roster_vocab.ROSTER_TRANSFERRED_OUT, date(2026, 12, 25)
        became_full = add_member(s, "刚转正", joined=date(2025, 12, 1), full=date(2026, 12, 28))
        ids = {m.name: m.id for m in (later, gone, left_after, became_full)}
    _round(branch_db)
    with branch_db.session() as s:
        rnd = require_round(s, 2026)
        names = {p.member.name: p for p in rnd.participants}
        assert "后转入" not in names and "已转出" not in names
        assert names["年后转出"].graded
        assert names["刚转正"].category == vocab.PROBATIONARY and not names["刚转正"].graded
        assert [p.graded for p in rnd.participants if p.member.name.startswith("预备")] == [False, False]
        counts = round_counts(rnd)
        assert (counts.participants, counts.graded, counts.not_graded) == (13, 10, 3)
    assert ids


def test_probationary_members_are_graded_when_the_user_says_so(branch_db, members):
    _round(branch_db, grade_probationary=True)
    with branch_db.session() as s:
        assert all(p.graded for p in require_round(s, 2026).participants)


def test_a_second_round_for_the_same_year_is_refused(branch_db, members):
    _round(branch_db)
    with pytest.raises(UserError, match="2026年度已经建立了民主评议，每年只开展一次"):
        _round(branch_db)


def test_grid_tally_proposes_grades_and_refuses_votes_over_ballots_returned(branch_db, members):
    _round(branch_db)
    _grid(branch_db, [(members[0], Tally(8, 3, 0, 0, 11)), (members[1], Tally(2, 9, 0, 0, 11))])
    with branch_db.session() as s:
        p = {p.member_id: p for p in require_round(s, 2026).participants}
        assert p[members[0]].proposed_grade == vocab.EXCELLENT and p[members[1]].proposed_grade == vocab.QUALIFIED
    with pytest.raises(UserError, match="第 2 行 正式03的四个等次票数合计 12 票，超过了收回票数 11 票"):
        _grid(branch_db, [(members[1], Tally(2, 9, 0, 0, 11)), (members[2], Tally(3, 9, 0, 0, 11))])
    with pytest.raises(UserError, match="预备01是预备党员，不评定等次"):
        _grid(branch_db, [(members[9], Tally(3, 1, 0, 0, 11))])


def test_a_grade_for_a_member_not_in_the_round_is_refused(branch_db, members):
    _round(branch_db)
    with branch_db.transaction() as s:
        outsider = add_member(s, "局外人", joined=date(2027, 2, 1)).id
    with pytest.raises(UserError, match="局外人不在2026年度民主评议的参加人员中"):
        with branch_db.transaction() as s:
            set_final_grade(s, require_round(s, 2026), outsider, vocab.QUALIFIED)
    with pytest.raises(UserError, match="局外人不在"):
        _grid(branch_db, [(outsider, Tally(1, 0, 0, 0, 1))])


def test_individual_ballots_are_counted_and_the_grid_is_then_refused(branch_db, members):
    _round(branch_db)
    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        record_ballot(s, rnd, {members[0]: vocab.EXCELLENT, members[1]: vocab.QUALIFIED})
        record_ballot(s, rnd, {members[0]: vocab.EXCELLENT})  # 正式02 left blank
        record_ballot(s, rnd, {members[0]: vocab.QUALIFIED, members[1]: vocab.QUALIFIED})
    with branch_db.session() as s:
        p = {p.member_id: p for p in require_round(s, 2026).participants}
        assert (p[members[0]].votes_excellent, p[members[0]].votes_qualified, p[members[0]].ballots_returned) == (2, 1, 3)
        assert (p[members[1]].votes_qualified, p[members[1]].ballots_returned) == (2, 3)
        assert p[members[0]].proposed_grade == vocab.EXCELLENT
    with pytest.raises(UserError, match="已按单张测评票录入"):
        _grid(branch_db, [(members[0], Tally(1, 0, 0, 0, 1))])
    with pytest.raises(UserError, match="不评定等次，不应在测评票上划票"):
        with branch_db.transaction() as s:
            record_ballot(s, require_round(s, 2026), {members[9]: vocab.EXCELLENT})
    with branch_db.transaction() as s:
        assert delete_last_ballot(s, require_round(s, 2026)) == 2
    with branch_db.session() as s:
        p = {p.member_id: p for p in require_round(s, 2026).participants}
        assert (p[members[0]].votes_excellent, p[members[0]].votes_qualified, p[members[0]].ballots_returned) == (2, 0, 2)


def test_a_final_grade_that_differs_from_the_proposal_needs_a_reason(branch_db, members):
    _round(branch_db)
    _grid(branch_db, [(members[0], Tally(2, 9, 0, 0, 11))])
    with pytest.raises(UserError, match="与测评建议等次“合格”不同，请填写评定理由") as err:
        with branch_db.transaction() as s:
            set_final_grade(s, require_round(s, 2026), members[0], vocab.EXCELLENT)
    assert err.value.field == "final_reason"
    with branch_db.transaction() as s:
        set_final_grade(s, require_round(s, 2026), members[0], vocab.EXCELLENT, "市级优秀教师，群众公认")
    with branch_db.session() as s:
        p = require_round(s, 2026).participants[0]
        assert (p.final_grade, p.final_reason) == (vocab.EXCELLENT, "市级优秀教师，群众公认")


def test_the_excellent_share_warns_above_one_third_of_those_graded_but_saves(branch_db, members):
    _round(branch_db)  # 9 graded: 3 优秀 is exactly one third
    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        warnings = [set_final_grade(s, rnd, mid, vocab.EXCELLENT, "表现突出") for mid in members[:3]]
    assert warnings == [None, None, None]
    with branch_db.transaction() as s:
        warning = set_final_grade(s, require_round(s, 2026), members[3], vocab.EXCELLENT, "表现突出")
    assert warning and "评为优秀的有 4 人，占评定等次人数 9 人的 44.4%" in warning
    with branch_db.session() as s:
        assert round_counts(require_round(s, 2026)).grade_count(vocab.EXCELLENT) == 4


def test_closing_needs_every_final_grade_then_the_round_is_read_only_until_reopened_with_a_reason(branch_db, members):
    _round(branch_db)
    _grid(branch_db, [(mid, Tally(1, 10, 0, 0, 11)) for mid in members[:9]])
    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        assert accept_proposals(s, rnd) == 9
        set_final_grade(s, rnd, members[8], None)
    with pytest.raises(UserError, match=r"还有党员未评定等次（正式09）"):
        with branch_db.transaction() as s:
            close_round(s, require_round(s, 2026))
    with branch_db.transaction() as s:
        set_final_grade(s, require_round(s, 2026), members[8], vocab.QUALIFIED)
        close_round(s, require_round(s, 2026))
    read_only = "2026年度民主评议已结束，内容不能再修改"
    for change in (
        lambda s, r: save_tally(s, r, [TallyRow(members[0], Tally(2, 9, 0, 0, 11))]),
        lambda s, r: set_final_grade(s, r, members[0], vocab.EXCELLENT, "x"),
        lambda s, r: save_assessment(s, r, members[0], self_summary="改"),
        lambda s, r: record_ballot(s, r, {}),
        lambda s, r: set_step(s, r, "study", DAY, DAY),
        lambda s, r: update_round(s, r, meeting_date=DAY, meeting_place="", ballots_issued=11),
        lambda s, r: set_graded(s, r, members[9], True),
        lambda s, r: add_participant(s, r, members[0]),
    ):
        with pytest.raises(UserError, match=read_only):
            with branch_db.transaction() as s:
                change(s, require_round(s, 2026))
    with pytest.raises(UserError, match="须说明原因"):
        with branch_db.transaction() as s:
            reopen_round(s, require_round(s, 2026), "  ")
    with branch_db.transaction() as s:
        reopen_round(s, require_round(s, 2026), "正式09的等次录错，支委会复议后更正")
    with branch_db.session() as s:
        rnd = s.query(AppraisalRound).one()
        assert rnd.status == vocab.OPEN
        assert [(e.action, e.reason) for e in rnd.log] == [
            (vocab.LOG_CLOSE, ""), (vocab.LOG_REOPEN, "正式09的等次录错，支委会复议后更正")]


def test_follow_up_only_for_basic_or_unqualified_and_rectify_needs_a_deadline(branch_db, members):
    _round(branch_db)
    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        set_final_grade(s, rnd, members[0], vocab.QUALIFIED)
        set_final_grade(s, rnd, members[1], vocab.BASIC)
    with pytest.raises(UserError, match="无需限期改正"):
        with branch_db.transaction() as s:
            record_follow_up(s, require_round(s, 2026), members[0], vocab.RECTIFY, deadline=date(2027, 6, 30))
    with pytest.raises(UserError, match="限期改正须填写改正期限"):
        with branch_db.transaction() as s:
            record_follow_up(s, require_round(s, 2026), members[1], vocab.RECTIFY)
    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        record_follow_up(s, rnd, members[1], vocab.RECTIFY, decided_on=DAY, deadline=date(2027, 6, 30))
    with branch_db.session() as s:
        p = require_round(s, 2026).participants[1]
        assert [(f.action, f.deadline) for f in p.follow_ups] == [(vocab.RECTIFY, date(2027, 6, 30))]


def test_quarterly_self_checks_and_the_half_year_note_are_kept_per_member(branch_db, members):
    with branch_db.transaction() as s:
        save_note(s, members[0], 2026, vocab.QUARTER_CHECK, 1, "按时参加组织生活")
        save_note(s, members[0], 2026, vocab.HALF_YEAR, 1, "上半年表现良好")
        save_note(s, members[0], 2026, vocab.QUARTER_CHECK, 1, "按时参加组织生活，交纳党费")
        with pytest.raises(UserError, match="期次“5”不正确"):
            save_note(s, members[0], 2026, vocab.QUARTER_CHECK, 5, "x")
    with branch_db.session() as s:
        assert [n.text for n in notes_of(s, members[0], 2026)] == ["按时参加组织生活，交纳党费", "上半年表现良好"]
        assert s.get(Member, members[0]).name == "正式01"


def test_a_ballot_typed_as_one_key_per_member_is_counted(branch_db, members):
    from app.services.appraisal.tally import marks_from_keys

    _round(branch_db)
    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        marks = marks_from_keys(rnd, "120 432 221")
        assert marks[members[0]] == vocab.EXCELLENT and members[2] not in marks
        assert marks[members[3]] == vocab.UNQUALIFIED and marks[members[8]] == vocab.EXCELLENT
        record_ballot(s, rnd, marks)
        with pytest.raises(UserError, match="应有 9 位"):
            marks_from_keys(rnd, "1234")
        with pytest.raises(UserError, match="第 2 位（正式02）的“x”无法识别"):
            marks_from_keys(rnd, "1x1111111")
    with branch_db.session() as s:
        p = require_round(s, 2026).participants[3]
        assert (p.votes_unqualified, p.ballots_returned) == (1, 1)


def test_grades_and_reopening_reasons_go_to_the_audit_trail_with_readable_labels(branch_db, members):
    from app.models import AuditEntry

    _round(branch_db)
    with branch_db.transaction() as s:
        set_final_grade(s, require_round(s, 2026), members[0], vocab.QUALIFIED)
    with branch_db.session() as s:
        entries = s.query(AuditEntry).filter_by(table_name="appraisal_participant", field="final_grade").all()
        assert [(e.row_label, e.old_value, e.new_value) for e in entries][-1] == ("2026年度 正式01", None, "qualified")
        assert s.query(AuditEntry).filter_by(table_name="appraisal_round", row_label="2026年度民主评议").count()


def test_changing_the_unqualified_share_recomputes_open_rounds_and_bad_shares_are_refused(branch_db, members):
    from app.services.appraisal.rule_settings import current_rules, save_rules

    _round(branch_db)
    _grid(branch_db, [(members[0], Tally(0, 2, 3, 5, 11))])  # 5/11 不合格: below one half, above one third
    with branch_db.session() as s:
        assert require_round(s, 2026).participants[0].proposed_grade == vocab.BASIC
    with branch_db.transaction() as s:
        assert save_rules(s, {"appraisal.unqualified_vote_share": "1/3"}) == 1
    with branch_db.session() as s:
        assert require_round(s, 2026).participants[0].proposed_grade == vocab.UNQUALIFIED
        assert current_rules(s)["appraisal.unqualified_vote_share"] == "1/3"
    with pytest.raises(UserError, match="无法识别") as err:
        with branch_db.transaction() as s:
            save_rules(s, {"appraisal.excellent_share_max": "三分之一"})
    assert err.value.field == "appraisal.excellent_share_max"
