"""Reminders (round not held by the fourth quarter, 限期改正 deadlines) and `check` findings."""

from datetime import date

from app.kit.context import Context
from app.services.appraisal import vocab
from app.services.appraisal.checks import appraisal_checks
from app.services.appraisal.follow_up import record_follow_up
from app.services.appraisal.grading import set_final_grade
from app.services.appraisal.queries import require_round
from app.services.appraisal.reminders import appraisal_reminders
from app.services.appraisal.rounds import close_round, create_round
from tests.services.appraisal.helpers import add_members


def _texts(db, today, days=30):
    with db.session() as s:
        return [(r.due, r.severity, r.text) for r in appraisal_reminders(Context(s, today, days))]


def test_no_round_is_reminded_from_october_and_is_overdue_in_january(branch_db):
    assert _texts(branch_db, date(2026, 9, 30)) == []
    assert _texts(branch_db, date(2026, 10, 1)) == [
        (date(2026, 12, 31), "due", "2026年度民主评议党员尚未开展，请在年底前组织学习教育、个人自评、党员互评、民主测评和组织评定。")]
    assert _texts(branch_db, date(2027, 1, 10))[0][:2] == (date(2026, 12, 31), "overdue")


def test_an_open_round_is_reminded_until_closed_and_a_rectify_deadline_until_its_outcome(branch_db):
    with branch_db.transaction() as s:
        ids = [m.id for m in add_members(s, full=3)]
        rnd = create_round(s, 2026, date(2026, 11, 20))
    assert "尚未结束" in _texts(branch_db, date(2026, 11, 25))[0][2]
    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        for mid in ids[:2]:
            set_final_grade(s, rnd, mid, vocab.QUALIFIED)
        set_final_grade(s, rnd, ids[2], vocab.BASIC)
        close_round(s, rnd)
        record_follow_up(s, rnd, ids[2], vocab.RECTIFY, decided_on=date(2026, 11, 20), deadline=date(2027, 5, 31))
    assert _texts(branch_db, date(2026, 12, 1)) == []  # closed; the deadline is months away
    assert _texts(branch_db, date(2027, 5, 10)) == [
        (date(2027, 5, 31), "due", "正式03（2026年度民主评议基本合格）限期改正期限将到：2027-05-31，请登记处理结果。")]
    assert _texts(branch_db, date(2027, 6, 2))[0][1] == "overdue"
    with branch_db.session() as s:
        assert appraisal_checks(Context(s, date(2027, 6, 2))) == []


def test_check_reports_a_tally_over_its_ballots_and_a_closed_round_missing_a_grade(branch_db):
    from sqlalchemy import text

    with branch_db.transaction() as s:
        ids = [m.id for m in add_members(s, full=2)]
        rnd = create_round(s, 2026, date(2026, 11, 20))
        for mid in ids:
            set_final_grade(s, rnd, mid, vocab.QUALIFIED)
        close_round(s, rnd)
    with branch_db.transaction() as s:  # what only a hand edit of the file could do
        s.execute(text("UPDATE appraisal_participant SET votes_excellent = 9, ballots_returned = 5, "
                       "final_grade = NULL WHERE member_id = :m"), {"m": ids[0]})
    with branch_db.session() as s:
        messages = [f.message for f in appraisal_checks(Context(s, date(2026, 12, 1)))]
    assert messages == ["2026年度民主评议：正式01的票数合计 9 超过收回票数 5。", "2026年度民主评议已结束，但正式01没有评议等次。"]
