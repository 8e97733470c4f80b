"""A small closed round: 4 graded members (优秀 1, 合格 2, 基本合格 1 with a 限期改正) and one 预备党员."""

from datetime import date

import pytest

from app.services.appraisal import vocab
from app.services.appraisal.follow_up import record_follow_up
from app.services.appraisal.grading import set_final_grade
from app.services.appraisal.participants import save_assessment
from app.services.appraisal.queries import require_round
from app.services.appraisal.rounds import close_round, create_round
from app.services.appraisal.rules import Tally
from app.services.appraisal.tally import TallyRow, save_tally
from tests.services.appraisal.helpers import add_member

TALLIES = {
    "王建国": Tally(7, 2, 0, 0, 10),
    "李秀英": Tally(2, 8, 0, 0, 10),
    "张志强": Tally(1, 7, 1, 0, 9),
    "刘海燕": Tally(0, 3, 6, 1, 10),
}


@pytest.fixture
def closed_round(branch_db):
    with branch_db.transaction() as s:
        ids = {name: add_member(s, name).id for name in TALLIES}
        ids["陈晨"] = add_member(s, "陈晨", probationary=True, joined=date(2026, 5, 4)).id
        rnd = create_round(s, 2026, date(2026, 12, 18), meeting_date=date(2026, 12, 18), meeting_place="会议室",
                           ballots_issued=10)
        save_tally(s, rnd, [TallyRow(ids[n], t) for n, t in TALLIES.items()])
        for name in TALLIES:
            p = next(p for p in rnd.participants if p.member_id == ids[name])
            set_final_grade(s, rnd, ids[name], p.proposed_grade)
        set_final_grade(s, rnd, ids["李秀英"], vocab.QUALIFIED)
        save_assessment(s, rnd, ids["王建国"], self_summary="认真学习，带好毕业班。", peer_opinion="群众公认，表率作用好。")
        close_round(s, rnd)
        record_follow_up(s, require_round(s, 2026), ids["刘海燕"], vocab.RECTIFY, decided_on=date(2026, 12, 22),
                         deadline=date(2027, 6, 30))
    return branch_db
