"""The sample branch's appraisal: last year's round completed, this year's open with self-assessments."""

from datetime import date

from app.services.appraisal import vocab
from app.services.appraisal.meeting_link import round_meeting
from app.services.appraisal.queries import require_round, round_counts
from app.services.demo.sample_branch import create_demo_branch

TODAY = date(2026, 12, 1)


def test_sample_has_last_years_completed_round_and_this_years_open_one(db):
    with db.transaction() as s:
        summary = create_demo_branch(s, TODAY)  # every area's demo part, this one's included
    assert "民主评议：2025年度已结束（评定等次 38 人，优秀 10 人，基本合格 1 人），2026年度进行中（已录入个人自评）。" \
        in summary.text()
    with db.session() as s:
        last = require_round(s, 2025)
        counts = round_counts(last)
        assert last.status == vocab.CLOSED and counts.ungraded_yet == 0
        assert counts.not_graded >= 1  # the 预备党员 of that day
        assert all(not p.graded and p.final_grade is None for p in last.participants
                   if p.category == vocab.PROBATIONARY)
        share = counts.grade_count(vocab.EXCELLENT) / counts.graded
        assert 0.2 <= share <= 0.3
        basic = [p for p in last.participants if p.final_grade == vocab.BASIC]
        assert len(basic) == 1 and [f.action for f in basic[0].follow_ups] == [vocab.RECTIFY]
        assert counts.grade_count(vocab.UNQUALIFIED) == 0
        this = require_round(s, 2026)
        assert this.status == vocab.OPEN
        assert all(p.self_summary for p in this.participants)
        assert all(p.ballots_returned is None for p in this.participants)
        # this year's round is linked to the sample year's 组织生活会 record of 组织生活
        held = round_meeting(s, this)
        assert held.linked and held.kind_label == "组织生活会" and held.day.year == 2026
        assert (this.meeting_date, this.meeting_place) == (held.day, held.place)
