"""The sample branch's appraisal (`branch-ledger demo`): last year's round completed — about a quarter 优秀,
one 基本合格 with a 限期改正, the 预备党员 not graded — and this year's round open with the
self-assessments entered and the year's 季度自查 / 半年初评 notes, linked to the year's 组织生活会 record of
the sample's 组织生活 (added before, Area.order) when there is one. Deterministic: a seeded random stream."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.models.appraisal import AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.follow_up import record_follow_up
from app.services.appraisal.grading import set_final_grade
from app.services.appraisal.meeting_link import link_meeting, meeting_choices
from app.services.appraisal.notes import save_note
from app.services.appraisal.participants import save_assessment
from app.services.appraisal.queries import graded_participants, round_counts
from app.services.appraisal.rounds import close_round, create_round, set_step, update_round
from app.services.appraisal.rules import Tally
from app.services.appraisal.tally import TallyRow, save_tally
from app.services.meetings import kinds

SEED = 12
PLACE = "学校四楼会议室"

SELF_OPENINGS = (
    "本年度认真学习党的二十大精神和习近平新时代中国特色社会主义思想，按时参加“三会一课”，按月交纳党费。",
    "一年来坚持理论学习，积极参加支部主题党日活动，自觉遵守党的纪律。",
    "本年度能按时参加组织生活，认真完成学习笔记，思想上始终与党组织保持一致。",
)
SELF_WORK = (
    "工作中担任班主任，关心每一名学生，所带班级被评为校级优秀班集体。",
    "认真备课上课，积极参与课题研究，公开课获区级二等奖。",
    "服从学校安排，承担两个班的教学任务，教学成绩稳定。",
    "主动承担青年教师带教工作，参与学校课后服务。",
    "做好本职工作，积极参加志愿服务和社区报到活动。",
)
SELF_SHORTCOMINGS = (
    "不足之处是理论学习还不够深入，今后要加强。",
    "存在的不足：创新意识不强，联系群众还不够主动。",
    "不足是批评与自我批评开展得不够，今后改进。",
)
PEER = (
    "工作认真负责，团结同事，能起到党员先锋模范作用。",
    "教学扎实，乐于助人，建议在理论学习上再下功夫。",
    "政治立场坚定，作风踏实，群众基础好。",
    "能完成本职工作，希望更主动参加支部活动。",
)
QUARTER_NOTES = ("按时参加组织生活，按月交纳党费。", "完成本季度学习任务，参加主题党日活动。",
                 "落实“一岗双责”，做好教书育人工作。", "参加志愿服务，联系群众。")


def add_appraisal_sample(session: Session, today: date) -> str:
    """Add the two rounds; returns the sentence `branch-ledger demo` prints about them."""
    rng = random.Random(SEED)
    last = _last_year(session, today.year - 1, rng)
    _this_year(session, today, rng)
    counts = round_counts(last)
    return (f"民主评议：{last.year}年度已结束（评定等次 {counts.graded} 人，优秀 "
            f"{counts.grade_count(vocab.EXCELLENT)} 人，基本合格 {counts.grade_count(vocab.BASIC)} 人），"
            f"{today.year}年度进行中（已录入个人自评）。")


def _self_summary(rng: random.Random) -> str:
    return rng.choice(SELF_OPENINGS) + rng.choice(SELF_WORK) + rng.choice(SELF_SHORTCOMINGS)


def _steps(session: Session, rnd, year: int, upto: str | None = None) -> None:
    plan = {"study": (date(year, 11, 17), date(year, 11, 28)), "self": (date(year, 12, 1), date(year, 12, 5)),
            "peer": (date(year, 12, 8), date(year, 12, 12)), "vote": (date(year, 12, 18), date(year, 12, 18)),
            "decide": (date(year, 12, 22), date(year, 12, 22)), "handle": (date(year, 12, 26), date(year, 12, 30))}
    for code in vocab.STEP_CODES:
        set_step(session, rnd, code, *plan[code])
        if code == upto:
            break


def _last_year(session: Session, year: int, rng: random.Random) -> AppraisalRound:
    held = date(year, 12, 18)
    rnd = create_round(session, year, held)
    graded = graded_participants(rnd)
    issued = len(rnd.participants)
    returned = issued - 2  # two absent on the day (sick leave, training)
    update_round(session, rnd, meeting_date=held, meeting_place=PLACE, ballots_issued=issued,
                 notes="召开党员大会进行民主测评，会后支委会组织评定。")
    _steps(session, rnd, year)
    for p in rnd.participants:
        save_assessment(session, rnd, p.member_id, self_summary=_self_summary(rng), peer_opinion=rng.choice(PEER))
    favoured = set(rng.sample(range(len(graded)), max(1, round(len(graded) / 4))))
    weak = rng.choice([i for i in range(len(graded)) if i not in favoured])
    rows = []
    for i, p in enumerate(graded):
        blank = rng.randint(0, 2)
        if i == weak:
            basic = int(returned * 0.55)
            unqualified = rng.randint(1, 3)
            excellent = 0
        elif i in favoured:
            excellent, basic, unqualified = int(returned * rng.uniform(0.6, 0.85)), 0, 0
        else:
            excellent, basic, unqualified = int(returned * rng.uniform(0.08, 0.35)), rng.randint(0, 1), 0
        qualified = returned - blank - excellent - basic - unqualified
        rows.append(TallyRow(p.member_id, Tally(excellent, max(qualified, 0), basic, unqualified, returned)))
    save_tally(session, rnd, rows)
    for p in graded:
        set_final_grade(session, rnd, p.member_id, p.proposed_grade)
    weak_member = graded[weak]
    close_round(session, rnd)
    # the follow-up is recorded after the round: 限期改正 for half a year, then the branch's finding
    deadline = date(year + 1, 6, 30)
    record_follow_up(session, rnd, weak_member.member_id, vocab.RECTIFY, decided_on=date(year, 12, 26),
                     deadline=deadline, outcome="经支部谈心谈话和半年考察，已按期改正，表现良好。",
                     outcome_date=deadline - timedelta(days=5), note="支部书记谈话提醒，明确改正要求。")
    _notes(session, rnd, year, date(year, 12, 31), rng)
    return rnd


def _this_year(session: Session, today: date, rng: random.Random) -> None:
    year = today.year
    rnd = create_round(session, year, date(year, 12, 18))
    update_round(session, rnd, meeting_date=date(year, 12, 18), meeting_place=PLACE, ballots_issued=None)
    life = [m for m in meeting_choices(session, year) if m.kind == kinds.LIFE]
    if life:  # the year's 组织生活会 record of the sample's 组织生活 (its date and place become the round's)
        link_meeting(session, rnd, life[-1].id)
    _steps(session, rnd, year, upto="self")
    for p in rnd.participants:
        save_assessment(session, rnd, p.member_id, self_summary=_self_summary(rng))
    _notes(session, rnd, year, today, rng)


def _notes(session: Session, rnd, year: int, until: date, rng: random.Random) -> None:
    """The year's 季度自查 (each quarter that has ended by `until`) and 半年初评 notes of every participant."""
    for p in rnd.participants:
        for quarter in range(1, 5):
            end = date(year, quarter * 3, 28)
            if end < until:
                save_note(session, p.member_id, year, vocab.QUARTER_CHECK, quarter, rng.choice(QUARTER_NOTES), end)
        if date(year, 6, 30) < until:
            save_note(session, p.member_id, year, vocab.HALF_YEAR, 1, rng.choice(PEER), date(year, 7, 5))
