"""The home page's figures: the members by aggregate queries (GROUP BY, never every member loaded) that
agree with the roster, the dues by month from one GROUP BY, the calendar the meetings area works out."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import event, select

from app.models import Member
from app.models.dues import DuesMonth
from app.services.common.snoozes import snooze
from app.services.demo.sample_branch import create_demo_branch
from app.services.dues.month_totals import month_totals
from app.services.home.glance import load_home_figures, member_glance
from app.services.meetings.calendar import CALENDAR_CACHE, compliance_calendar

TODAY = date(2026, 12, 1)


def _sample(db):
    with db.transaction() as s:
        create_demo_branch(s, TODAY)


def test_the_member_charts_come_from_aggregate_queries_and_agree_with_the_roster(db):
    _sample(db)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.session() as s:
            members, total = member_glance(s, TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    on_member = [q for q in statements if "FROM member" in q]
    assert on_member and all("count(" in q for q in on_member)  # counted in SQL, no member rows loaded

    with db.session() as s:
        active = s.scalars(select(Member).where(Member.roster_state == "在册")).all()
    by_key = dict(members)
    assert total == len(active) == 48
    assert dict(by_key["gender"]) == dict(Counter(m.gender for m in active))
    assert dict(by_key["category"]) == dict(Counter(m.category for m in active))
    assert sum(n for _label, n in by_key["party_group"]) == total
    assert [key for key, _rows in members] == ["category", "gender", "age", "education", "party_age", "party_group"]


def test_dues_by_month_sum_the_ledger_in_one_query(db):
    _sample(db)
    with db.session() as s:
        totals = month_totals(s, 2026)
        rows = s.scalars(select(DuesMonth).where(DuesMonth.month.like("2026-%"))).all()
        assert month_totals(s, 2019) == [type(totals[0])(f"2019-{m:02d}", Decimal("0.00"), Decimal("0.00"))
                                         for m in range(1, 13)]
    assert [t.month for t in totals] == [f"2026-{m:02d}" for m in range(1, 13)]
    for t in totals:
        assert t.due == sum((Decimal(r.due_fen) for r in rows if r.month == t.month), Decimal(0)) / 100, t.month
        assert t.paid == sum((Decimal(r.paid_fen) for r in rows if r.month == t.month), Decimal(0)) / 100, t.month
    assert totals[2].due > 0 and totals[2].paid > 0


def test_the_figures_set_snoozed_reminders_apart_and_reuse_the_meetings_calendar(db, data_dir):
    _sample(db)
    with db.session() as s:
        figures = load_home_figures(s, TODAY, data_dir)
        assert CALENDAR_CACHE in s.info  # worked out once for the reminders and the chart
        fresh = compliance_calendar(s, 2026, TODAY)
    assert figures.days == 60 and figures.snoozed == ()
    assert figures.calendar.held == fresh.held and figures.calendar.required == fresh.required
    assert figures.calendar.rate == fresh.rate and figures.calendar.missing == len(fresh.missing())
    assert any("政治生日" in r.text for r in figures.reminders)
    first = figures.reminders[0]
    with db.transaction() as s:
        snooze(s, first, date(2026, 12, 10), "下周补开", today=TODAY)
    with db.session() as s:
        again = load_home_figures(s, TODAY, data_dir)
    assert first not in again.reminders and [r for r, _info in again.snoozed] == [first]
    assert len(again.reminders) == len(figures.reminders) - 1


def test_without_opting_in_the_calendar_is_worked_out_afresh(db):
    _sample(db)
    with db.session() as s:
        assert compliance_calendar(s, 2026, TODAY) is not compliance_calendar(s, 2026, TODAY)
        assert CALENDAR_CACHE not in s.info
