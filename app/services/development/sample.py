"""The 发展党员 part of the fictional sample branch (`branch-ledger demo`), added after the roster's members.

A realistic pipeline, placed relative to `today`: applicants (one still owed the 谈话), activists (one
half-yearly assessment overdue, one past the year and eligible), two 发展对象 (one in 公示 now), a
预备党员 whose probation ends within 60 days, the new members of the last two years, one who withdrew, and
one 预备党员 of the roster (admitted before the ledger) taken in to track the 转正. The three admitted join the
roster (ROSTER_ADDED: 1 正式党员, 2 预备党员), as admission does. Every
step goes through record_step, so the sample obeys the same rules as real entries. Deterministic.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.dates import add_months
from app.kit.idcard import make_id_number
from app.models import Member
from app.services.common.branch import list_groups
from app.services.development import steps as S
from app.services.development.people import leave_pipeline, save_person
from app.services.development.recording import record_step
from app.services.development.taking_in import take_in_probationary, untracked_probationary
from app.services.development.votes import voting_members
from app.services.roster import vocab

REGION = "320583"
_ROADS = ("城东区人民路", "城西区文昌路", "南湖区学府路", "高新区长江路", "城东区桂花路")
ROSTER_ADDED = {"full": 1, "probationary": 2}  # what this part adds to the roster's counts, whatever today is
D = timedelta


def _path(applied: date) -> list[tuple[str, date, dict]]:
    """Every step of one person, from the application on, at the usual intervals."""
    activist = applied + D(90)
    candidate = add_months(activist, 12) + D(10)
    meeting = candidate + D(75)
    end = add_months(meeting, 12)
    approval = meeting + D(30)
    return [
        (S.APPLICATION, applied, {}),
        (S.TALK, applied + D(14), {"talker": "@secretary"}),
        (S.ACTIVIST, activist, {}),
        (S.ACTIVIST_FILED, activist + D(7), {}),
        (S.CONTACTS, activist + D(7), {"contacts": "@contacts"}),
        (S.ASSESSMENT, activist + D(180), {"opinion": "思想上积极要求进步，工作认真负责，群众评价较好"}),
        (S.ASSESSMENT, activist + D(360), {"opinion": "学习党的理论主动，教学成绩突出，考察合格"}),
        (S.CANDIDATE, candidate, {}),
        (S.CANDIDATE_FILED, candidate + D(5), {}),
        (S.SPONSORS, candidate + D(10), {"sponsors": "@sponsors"}),
        (S.POLITICAL_REVIEW, candidate + D(30), {"result": S.REVIEW_PASSED, "summary": "本人及直系亲属政治历史清楚"}),
        (S.TRAINING, candidate + D(42), {"start": (candidate + D(40)).isoformat(), "hours": 24,
                                          "organiser": "中共示例市教育工作委员会党校"}),
        (S.COMMITTEE_REVIEW, candidate + D(50), {"publicity_start": (candidate + D(51)).isoformat(),
                                                  "publicity_end": (candidate + D(57)).isoformat()}),
        (S.PRE_REVIEW, candidate + D(62), {}),
        (S.APPLICATION_FORM, candidate + D(66), {"form_number": f"示教党志〔{meeting.year}〕{applied.day:03d}号"}),
        (S.BRANCH_ADMISSION, meeting, "@vote"),
        (S.HIGHER_TALK, meeting + D(10), {"talker": "中共示例市教育工作委员会 组织科 周志刚"}),
        (S.ADMISSION_APPROVED, approval, {}),
        (S.ADMISSION_FILED, approval + D(3), {}),
        (S.PLACED, approval + D(5), {"party_group": "@group"}),
        (S.OATH, approval + D(20), {}),
        (S.PROBATION_EDUCATION, meeting + D(180), {"opinion": "预备期间表现良好，按时参加组织生活"}),
        (S.CONVERSION_REQUEST, end - D(20), {}),
        (S.BRANCH_CONVERSION, end + D(2), "@conversion"),
        (S.CONVERSION_APPROVED, end + D(17), {}),
    ]


def _applied_for(code: str, day: date) -> date:
    """The application date that puts step `code` of the usual path on `day`."""
    probe = date(2000, 1, 1)
    offset = next(d for c, d, _ in _path(probe) if c == code) - probe
    applied = day - offset
    for _ in range(3):  # month lengths shift the offsets a little; settle on the exact day
        actual = next(d for c, d, _ in _path(applied) if c == code)
        applied -= actual - day
    return applied


# name, sex, age, job post, the step that places them and its day relative to today, where they stop
_PEOPLE = [
    ("孙佳怡", "女", 24, "英语教师", S.APPLICATION, -10, S.TALK),
    ("吴宇航", "男", 27, "体育教师", S.TALK, -60, S.ACTIVIST),
    ("冯梦瑶", "女", 26, "音乐教师", S.TALK, -185, S.ACTIVIST),
    ("何子豪", "男", 31, "数学教师", S.ACTIVIST, -400, S.CANDIDATE),
    ("许婉清", "女", 29, "语文教师", S.ACTIVIST, -250, S.ASSESSMENT),  # no 考察 since: overdue
    ("韩嘉伟", "男", 28, "科学教师", S.ACTIVIST, -100, S.ASSESSMENT),
    ("曹雨萱", "女", 30, "班主任、语文教师", S.COMMITTEE_REVIEW, -3, S.PRE_REVIEW),  # in 公示
    ("彭博文", "男", 33, "信息技术教师", S.CANDIDATE, -60, S.POLITICAL_REVIEW),
]


def add_development_sample(session: Session, today: date) -> str:
    """Add the sample pipeline in the caller's transaction; returns the sentence the demo summary shows."""
    full = list(session.scalars(select(Member).where(
        Member.roster_state == vocab.ROSTER_ACTIVE, Member.category == vocab.CATEGORY_FULL,
        Member.standing == vocab.STANDING_NORMAL).order_by(Member.id)))
    if len(full) < 5:
        return ""
    secretary = next((m for m in full if m.party_post == "书记"), full[0])
    groups = list_groups(session)
    fill: dict = {"@secretary": secretary.name}
    used = {m.id_number for m in session.scalars(select(Member))}
    count = 0

    def add(index: int, name: str, gender: str, age: int, job: str, applied: date, stop: str | None,
            on_the_day: set[str] = frozenset()) -> int:
        sequence = 101 + 2 * index + (0 if gender == "男" else 1)
        number = make_id_number(REGION, date(today.year - age, 1 + index % 12, 3 + index), sequence)
        if number in used:
            number = make_id_number(REGION, date(today.year - age, 1 + index % 12, 3 + index), sequence + 200)
        person = save_person(session, {"name": name, "gender": gender, "id_number": number, "ethnicity": "汉族",
                                       "education": "大学本科" if index % 3 else "研究生", "job_post": job,
                                       "mobile_phone": f"139{51000000 + 7919 * index:08d}",
                                       "home_address": f"示例市{_ROADS[index % len(_ROADS)]}{12 + 7 * index}号"})
        contacts = [full[(2 * index) % len(full)].id, full[(2 * index + 1) % len(full)].id]
        sponsors = [full[(2 * index + 2) % len(full)].id, full[(2 * index + 3) % len(full)].id]
        fill["@group"] = groups[index % len(groups)].id if groups else None
        for code, day, details in _path(applied):
            if code == stop or day > today:
                break
            if code == S.ASSESSMENT and stop == S.ASSESSMENT:
                break
            details = _details(session, details, fill, contacts, sponsors)
            record_step(session, person.id, code, day, details, today=today)
        return person.id

    for index, (name, gender, age, job, code, offset, stop) in enumerate(_PEOPLE):
        add(index, name, gender, age, job, _applied_for(code, today + D(offset)), stop)
        count += 1
    # a 预备党员 whose probation ends in 40 days: the branch meeting admitted them 12 months before that
    meeting = add_months(today + D(40), -12)
    add(20, "蒋诗涵", "女", 28, "美术教师", _applied_for(S.BRANCH_ADMISSION, meeting), S.CONVERSION_REQUEST)
    # new members of the last two years: one converted (admitted 16 months ago), one in probation (9 months);
    # placed relative to today so that the roster always gains the same 1 正式党员 and 2 预备党员
    for index, (name, gender, months) in enumerate((("沈一鸣", "男", 16), ("郑思远", "男", 9))):
        add(21 + index, name, gender, 30 + index, ("数学教师", "语文教师")[index],
            _applied_for(S.BRANCH_ADMISSION, add_months(today, -months)), None)
    # one who withdrew: stays on record with the reason
    left = add(24, "林晓雯", "女", 25, "英语教师", _applied_for(S.TALK, today - D(300)), S.ACTIVIST)
    leave_pipeline(session, left, S.WITHDRAWN, today - D(200), "本人因考研离职，书面申请撤回入党申请", today=today)
    count += 4
    taken = _take_in_one(session, today)
    return (f"发展党员记录 {count} 人：入党申请人 3 人、入党积极分子 3 人、发展对象 2 人（1 人正在公示），"
            f"经支部大会接收为预备党员 3 人，撤回申请 1 人" + (f"；从花名册接续登记预备党员 {taken} 人" if taken else "")
            + "。")


def _take_in_one(session: Session, today: date) -> int:
    """The roster's earliest-admitted 预备党员 entered before the ledger, taken in to track the 转正 (with a
    继续教育考察 half a year after joining, when that day has come)."""
    waiting = [m for m in untracked_probationary(session) if m.joined_date and m.joined_date <= today]
    if not waiting:
        return 0
    member = waiting[0]
    person = take_in_probationary(session, member.id)
    check = member.joined_date + D(182)
    if check <= today:
        record_step(session, person.id, S.PROBATION_EDUCATION, check,
                    {"opinion": "能按时参加组织生活，教育教学工作认真，预备期间表现良好"}, today=today)
    return 1


def _details(session: Session, details, fill: dict, contacts: list[int], sponsors: list[int]) -> dict:
    if details == "@vote" or details == "@conversion":
        expected = voting_members(session)
        present = expected - 2
        vote = {"expected": expected, "present": present, "yes": present - 1, "no": 0, "abstain": 1,
                "probationary_present": 1}
        if details == "@conversion":
            vote["decision"] = S.DECISION_CONVERT
        return vote
    out = {}
    for key, value in details.items():
        if value == "@contacts":
            value = contacts
        elif value == "@sponsors":
            value = sponsors
        elif value == "@group":
            value = fill["@group"]
        elif isinstance(value, str) and value in fill:
            value = fill[value]
        out[key] = value
    return out
