"""政治生日: the anniversary of 加入党组织日期 in this month, for members on the roster, as information."""

from __future__ import annotations

from datetime import date

from app.kit.context import Context
from app.kit.reminders import collect
from app.models import Member
from app.services.roster.political_birthdays import anniversary_in, political_birthdays

TODAY = date(2026, 12, 1)


def _member(s, name, joined, number, state="在册"):
    s.add(Member(name=name, gender="女", id_number=f"11010519800101{number:04d}", category="正式党员",
                 joined_date=joined, roster_state=state))


def test_this_months_anniversaries_of_members_on_the_roster(branch_db):
    with branch_db.transaction() as s:
        _member(s, "王红", date(2001, 12, 7), 21)
        _member(s, "李明", date(2015, 12, 25), 22)
        _member(s, "赵刚", date(2010, 11, 30), 23)  # last month
        _member(s, "钱芳", date(2026, 12, 1), 24)  # joined this year: no anniversary yet
        _member(s, "孙离", date(2000, 12, 3), 25, state="已转出")
        _member(s, "周无", None, 26)
    with branch_db.session() as s:
        found = political_birthdays(Context(s, TODAY, 60))
        everything = collect(Context(s, TODAY, 60))
    assert [(r.due, r.severity, r.text) for r in found] == [
        (date(2026, 12, 7), "info", "12月07日是 王红 的政治生日（2001-12-07 加入党组织，入党 25 周年）。"),
        (date(2026, 12, 25), "info", "12月25日是 李明 的政治生日（2015-12-25 加入党组织，入党 11 周年）。")]
    assert all(r.open_target.startswith("roster:member:") for r in found)
    assert [r for r in everything if "政治生日" in r.text] == found  # the roster area declares it


def test_the_29th_of_february_falls_on_the_28th_in_other_years():
    assert anniversary_in(2026, date(2000, 2, 29)) == date(2026, 2, 28)
    assert anniversary_in(2028, date(2000, 2, 29)) == date(2028, 2, 29)
