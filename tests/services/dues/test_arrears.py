"""Arrears: consecutive unpaid months across a year end, deferred months, the 3 and 5 month reminders."""

from datetime import date

from app.kit.context import Context
from app.services.dues import vocab
from app.services.dues.arrears import arrears
from app.services.dues.collection import correct_month, record_payment
from app.services.dues.reminders import dues_reminders
from tests.services.dues.helpers import add_members


def _pay(db, mid, months, day):
    with db.transaction() as s:
        record_payment(s, mid, months, day, today=date(2027, 3, 1))


def test_a_run_of_unpaid_months_crosses_the_year_end(branch_db):
    (mid,) = add_members(branch_db, 1, joined=date(2025, 1, 10), valid_from="2025-01")
    _pay(branch_db, mid, [f"2025-{m:02d}" for m in range(1, 10)], date(2025, 9, 30))  # Jan-Sep 2025
    with branch_db.session() as s:
        (found,) = arrears(s, "2026-02")
    assert found.run == ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    assert str(found.owed) == "200.00"


def test_deferred_months_with_a_reason_do_not_count(branch_db):
    (mid,) = add_members(branch_db, 1, joined=date(2025, 1, 10), valid_from="2025-01")
    _pay(branch_db, mid, [f"2026-{m:02d}" for m in range(1, 4)], date(2026, 3, 30))
    with branch_db.transaction() as s:
        for month in ("2026-05", "2026-06"):
            correct_month(s, mid, month, vocab.DEFERRED, reason="病休住院，经支部同意延迟交纳", today=date(2026, 8, 1))
    with branch_db.session() as s:
        (found,) = arrears(s, "2026-07", first="2026-01")
    assert found.run == ["2026-04", "2026-07"] and found.months == ["2026-04", "2026-07"]
    assert str(found.owed) == "80.00"


def test_reminders_at_3_and_at_5_months_the_strong_one_names_the_rule(branch_db):
    three, five, fine = add_members(branch_db, 3, joined=date(2025, 1, 10), valid_from="2025-01")
    _pay(branch_db, three, [f"2026-{m:02d}" for m in range(1, 9)], date(2026, 8, 20))  # Sep, Oct, Nov unpaid
    _pay(branch_db, five, [f"2026-{m:02d}" for m in range(1, 7)], date(2026, 6, 20))  # Jul-Nov unpaid
    _pay(branch_db, fine, [f"2026-{m:02d}" for m in range(1, 12)], date(2026, 11, 20))
    with branch_db.session() as s:
        found = [r for r in dues_reminders(Context(s, date(2026, 12, 5))) if r.member_id in (three, five, fine)]
    by_member = {r.member_id: r for r in found}
    assert set(by_member) == {three, five}
    assert by_member[three].severity == "overdue" and "连续 3 个月" in by_member[three].text
    strong = by_member[five]
    assert strong.severity == "urgent" and "连续 5 个月" in strong.text and "第三十八条" in strong.text


def test_months_before_the_ledger_starts_are_not_arrears(branch_db):
    import pytest

    from app.kit.errors import UserError

    (mid,) = add_members(branch_db, 1, joined=date(2010, 5, 1), valid_from="2026-01")  # kept on paper before
    _pay(branch_db, mid, ["2026-01", "2026-02"], date(2026, 2, 20))
    with branch_db.session() as s:
        assert arrears(s, "2026-02") == []
        (found,) = arrears(s, "2026-04")
    assert found.months == ["2026-03", "2026-04"]
    with pytest.raises(UserError, match="从 2026-01 开始登记"):
        _pay(branch_db, mid, ["2025-12"], date(2026, 2, 20))
