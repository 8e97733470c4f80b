"""The sample branch's dues (`branch-ledger demo`): the last twelve finished months, collected, with the
exceptions a real 组织委员 meets — one member 3 months behind, a quarterly payer (支教 away, paid by a
colleague), a retired member, a member in full-time study at 0.2 元, a hardship reduction, a 补交, a
deferred month, two 上缴 records, and the 预备党员 admitted during the year (who owe from their month).
Everything goes through the services a user's actions use. Deterministic for a given `today`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.models import Member
from app.services.dues import vocab
from app.services.dues.arrears import last_finished_month
from app.services.dues.bases import BaseItems, set_base
from app.services.dues.collection import correct_month, mark_month_paid, record_payment
from app.services.dues.months_text import month_of, months_between, quarter_months, quarter_of, shift
from app.services.dues.obligation import owing_span
from app.services.dues.overrides import add_override
from app.services.dues.remittance import quarter_summaries, record_remittance
from app.services.dues.sample_salary import salary_line
from app.services.dues.year_check import confirm_year
from app.services.roster import vocab as roster_vocab
from app.services.roster.members import list_members

SEED = 10


def _day(month: str, day: int, today: date) -> date:
    return min(date(int(month[:4]), int(month[5:7]), day), today)


def _items(line: dict) -> BaseItems:
    added = {k: line[k] for k in ("岗位工资", "薪级工资", "基础性绩效工资", "津贴补贴")}
    deducted = {k: line[k] for k in ("个人所得税", "扣养险", "扣医保", "扣失业", "职业年金", "住房公积金")}
    return BaseItems(added, deducted)


def add_demo_dues(session: Session, today: date) -> str:
    rng = random.Random(SEED)
    last = last_finished_month(today)
    # this calendar year's months so far; early in the year, the twelve months before (a year of dues either way)
    start = f"{today.year}-01" if last >= f"{today.year}-06" else shift(last, -11)
    window = months_between(start, last)
    first_year = int(window[0][:4])
    members = list_members(session, include_former=True)
    active = [m for m in members if m.roster_state == roster_vocab.ROSTER_ACTIVE]

    def pick(test) -> Member | None:
        return next((m for m in active if test(m)), None)

    retired = max(active, key=lambda m: (m.birth_date and -m.birth_date.toordinal()) or 0)
    student = pick(lambda m: m.job_post == "心理健康教师")
    quarterly = pick(lambda m: m.is_mobile)
    behind = pick(lambda m: m.job_post == "美术教师")
    backpay = pick(lambda m: m.job_post == "音乐教师")
    hardship = pick(lambda m: m.job_post == "校医")
    deferred = pick(lambda m: m.job_post == "财务")
    lost = pick(lambda m: m.is_lost_contact)

    # -- bases: last year's (entered by hand) and this year's from the January salary sheet
    for member in members:
        line = salary_line(rng)
        items = _items(line)
        years = sorted({first_year, today.year})
        for year in years:
            if member is retired:
                pension = 5200 + 100 * (year - first_year)
                set_base(session, member.id, f"{year}-01", vocab.RETIRED, f"{pension}.00",
                         items=BaseItems({"基本养老金": pension}, {}), note="退休教师，按基本养老金核定")
            elif member is student:
                set_base(session, member.id, f"{year}-01", vocab.STUDENT, "0.00",
                         note="脱产攻读教育硕士，停发工资期间按学生党员交纳")
            elif year == today.year:
                set_base(session, member.id, f"{year}-01", vocab.EMPLOYED, items.base, items=items,
                         source=vocab.SOURCE_IMPORT, note=f"由{year}年1月工资表导入")
            else:
                earlier = items.base - rng.randrange(0, 300)
                set_base(session, member.id, f"{year}-01", vocab.EMPLOYED, earlier, note="按上年工资表核定")
    if hardship is not None:
        add_override(session, hardship.id, vocab.OVERRIDE_REDUCE, window[2], amount="10.00",
                     decision=f"{_day(window[1], 20, today):%Y-%m-%d} 支委会研究：配偶重病住院，家庭困难，同意减缴",
                     approval=f"{_day(window[2], 3, today):%Y-%m-%d} 中共示例市教育工作委员会批复同意",
                     note="每月交纳10元，困难情况消除后恢复")

    # -- the exceptions that are payments of their own, before the monthly action pays the rest
    if quarterly is not None:
        for month in window:
            if int(month[5:]) % 3 == 1 and owing_span(quarterly).owes(month):
                ahead = [m for m in quarter_months(int(month[:4]), quarter_of(month)) if owing_span(quarterly).owes(m)]
                record_payment(session, quarterly.id, ahead, _day(month, 2, today), payer="同组同事",
                               note="在外支教，经支部同意按季度预缴", today=today)
    if backpay is not None:
        late = window[-6:-4]
        record_payment(session, backpay.id, late, _day(window[-4], 12, today),
                       note="外出培训两个月，回校后补交", today=today)
    if deferred is not None:
        correct_month(session, deferred.id, window[-2], vocab.DEFERRED, reason="病休住院，经支部同意延迟至出院后交纳",
                      today=today)

    # -- the monthly action, each month, on the branch's collection day
    for month in window:
        mark_month_paid(session, month, _day(month, 8 + rng.randrange(0, 5), today), today=today)

    # -- those who did not pay: 3 months behind, and the member out of contact since they were lost
    if behind is not None:
        for month in window[-3:]:
            correct_month(session, behind.id, month, vocab.DUE, today=today)
    if lost is not None and lost.lost_contact_date is not None:
        for month in window:
            if month > month_of(lost.lost_contact_date):
                correct_month(session, lost.id, month, vocab.DUE, today=today)

    # -- 上缴: the finished quarters but the latest (that one is still to be handed over), at most two
    finished = []
    for year in sorted({int(m[:4]) for m in window}):
        for q in quarter_summaries(session, year):
            if q.months[0] >= window[0] and q.months[-1] <= last and q.collected > 0:
                finished.append(q)
    for number, q in enumerate(finished[-3:-1], start=1):
        handed = min(today, q.ends + timedelta(days=10))
        record_remittance(session, handed, q.months[0], q.months[-1], q.collected,
                          receipt_no=f"示教工党费〔{handed.year}〕第{10 + number * 7}号",
                          note="交教育工委组织科", today=today)
    confirm_year(session, today.year, f"按{today.year}年1月工资表核定")
    return (f"党费：{int(window[0][:4])}年{int(window[0][5:])}月至{int(window[-1][:4])}年{int(window[-1][5:])}月的收缴记录"
            f"（含欠缴、预缴、补交、代缴、困难减缴），上缴记录 {len(finished[-3:-1])} 条。")
