"""The month ledger: snapshots, the one-action month, payments, corrections, who owes which month."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.kit.errors import UserError
from app.models import Member
from app.models.dues import DuesMonth
from app.services.dues import vocab
from app.services.dues.bases import set_base
from app.services.dues.collection import correct_month, mark_month_paid, record_payment, year_grid
from app.services.dues.ledger import open_months
from app.services.dues.overrides import add_override
from tests.services.dues.helpers import TODAY, add_members, transfer_out

D = Decimal


def test_a_month_snapshot_survives_a_later_base_change(branch_db):
    (mid,) = add_members(branch_db, 1, base="4000.00")
    with branch_db.transaction() as s:
        open_months(s, ["2026-03"])
        set_base(s, mid, "2026-01", vocab.EMPLOYED, "6000.00")  # a base for the whole year, entered late
    with branch_db.session() as s:
        row = s.scalar(select(DuesMonth).where(DuesMonth.month == "2026-03"))
        assert (row.due_fen, row.base_fen, row.rate, row.basis) == (4000, 400000, "1", vocab.BASIS_RATE)
        cells = year_grid(s, 2026)[0].cells
        assert cells[2].due == D("40.00") and cells[2].opened  # March kept its snapshot
        assert cells[3].due == D("90.00") and not cells[3].opened  # April not opened: the new base


def test_one_action_marks_a_month_paid_for_everyone_then_one_exception_is_corrected(branch_db):
    ids = add_members(branch_db, 5, base="3000.00")
    with branch_db.transaction() as s:
        correct_month(s, ids[0], "2026-05", vocab.DEFERRED, reason="外出培训，经支部同意延迟交纳", today=TODAY)
        result = mark_month_paid(s, "2026-05", date(2026, 5, 8), today=TODAY)
    assert (result.marked, result.already) == (4, 1)
    with branch_db.transaction() as s:
        correct_month(s, ids[1], "2026-05", vocab.PARTIAL, amount="10.00", paid_date=date(2026, 5, 8), today=TODAY)
    with branch_db.session() as s:
        rows = {r.member_id: r for r in s.scalars(select(DuesMonth).where(DuesMonth.month == "2026-05"))}
        assert rows[ids[0]].state == vocab.DEFERRED and rows[ids[0]].reason.startswith("外出培训")
        assert (rows[ids[1]].state, rows[ids[1]].paid_fen) == (vocab.PARTIAL, 1000)
        assert all(rows[i].state == vocab.PAID and rows[i].paid_fen == 1500 for i in ids[2:])
        grid = {r.member_id: r for r in year_grid(s, 2026)}
        assert grid[ids[1]].cells[4].text == "10.00" and grid[ids[1]].cells[4].shortfall == D("5.00")


def test_the_same_month_paid_twice_is_refused(branch_db):
    (mid,) = add_members(branch_db, 1)
    with branch_db.transaction() as s:
        record_payment(s, mid, ["2026-06"], date(2026, 6, 3), today=TODAY)
    with pytest.raises(UserError, match="不能重复登记"):
        with branch_db.transaction() as s:
            record_payment(s, mid, ["2026-07", "2026-06"], date(2026, 7, 3), today=TODAY)
    with branch_db.session() as s:  # nothing half-recorded: July is still unpaid
        assert s.scalar(select(DuesMonth).where(DuesMonth.month == "2026-07")) is None


def test_quarterly_in_advance_back_payment_linked_to_its_months_and_proxy(branch_db):
    a, b = add_members(branch_db, 2)
    with branch_db.transaction() as s:
        ahead = record_payment(s, a, ["2026-07", "2026-08", "2026-09"], date(2026, 7, 2), today=TODAY)
        back = record_payment(s, b, ["2026-04", "2026-05"], date(2026, 9, 10), payer="李明（配偶）", today=TODAY)
        late = record_payment(s, b, ["2025-12"], date(2026, 9, 10), today=TODAY)
    assert ahead.total == D("120.00") and ahead.warnings == []
    assert back.warnings == [] and "9 个月" in late.warnings[0] and "超过 6 个月" in late.warnings[0]
    with branch_db.session() as s:
        rows = {(r.member_id, r.month): r for r in s.scalars(select(DuesMonth))}
        assert [rows[(a, m)].pay_kind for m in ("2026-07", "2026-08", "2026-09")] == [
            vocab.PAY_MONTHLY, vocab.PAY_ADVANCE, vocab.PAY_ADVANCE]
        assert rows[(b, "2026-04")].pay_kind == vocab.PAY_BACK and rows[(b, "2026-04")].paid_date == date(2026, 9, 10)
        assert rows[(b, "2026-05")].payer == "李明（配偶）"


def test_a_probationary_member_owes_from_the_month_of_admission(branch_db):
    (mid,) = add_members(branch_db, 1, joined=date(2026, 6, 20), valid_from="2026-06")
    with branch_db.session() as s:
        cells = year_grid(s, 2026)[0].cells
        assert [c.owes for c in cells] == [False] * 5 + [True] * 7
    with pytest.raises(UserError, match="从 2026-06 起交纳党费"):
        with branch_db.transaction() as s:
            record_payment(s, mid, ["2026-05"], date(2026, 6, 25), today=TODAY)


def test_a_member_who_left_owes_nothing_after_the_letters_paid_through_month(branch_db):
    (mid,) = add_members(branch_db, 1)
    with branch_db.transaction() as s:
        transfer_out(s, mid, date(2026, 4, 15), "2026-03")
    with branch_db.session() as s:
        cells = year_grid(s, 2026)[0].cells
        assert [c.owes for c in cells] == [True] * 3 + [False] * 9
    with pytest.raises(UserError, match="交纳至 2026-03"):
        with branch_db.transaction() as s:
            record_payment(s, mid, ["2026-04"], date(2026, 4, 10), today=TODAY)


def test_hardship_override_needs_decision_and_approval_and_shows_in_the_snapshot(branch_db):
    a, b = add_members(branch_db, 2, base="5000.00")
    with pytest.raises(UserError, match="上级党委批准") as err:
        with branch_db.transaction() as s:
            add_override(s, a, vocab.OVERRIDE_REDUCE, "2026-03", amount="5.00", decision="2026-02-20 支委会")
    assert err.value.field == "approval"
    with branch_db.transaction() as s:
        add_override(s, a, vocab.OVERRIDE_REDUCE, "2026-03", amount="5.00",
                     decision="2026-02-20 支委会研究同意", approval="教育工委 2026-02-28 批复同意")
        add_override(s, b, vocab.OVERRIDE_VOLUNTARY, "2026-01", amount="100.00")
        open_months(s, ["2026-02", "2026-03"])
        mark_month_paid(s, "2026-03", date(2026, 3, 5), today=TODAY)
    with branch_db.session() as s:
        rows = {(r.member_id, r.month): r for r in s.scalars(select(DuesMonth))}
        assert (rows[(a, "2026-02")].due_fen, rows[(a, "2026-02")].basis) == (5000, vocab.BASIS_RATE)
        assert (rows[(a, "2026-03")].due_fen, rows[(a, "2026-03")].basis) == (500, vocab.BASIS_REDUCED)
        assert (rows[(b, "2026-03")].paid_fen, rows[(b, "2026-03")].basis) == (10000, vocab.BASIS_VOLUNTARY)
        grid = {r.member_id: r for r in year_grid(s, 2026)}
        assert grid[a].override == "困难减缴" and grid[b].override == "自愿多缴"


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "不能为负数"), ("100000.01", "超过 100000.00 元"), ("三千", "应为数字金额"), ("3000.001", "最多两位小数"),
])
def test_bad_bases_are_refused_in_chinese(branch_db, value, message):
    (mid,) = add_members(branch_db, 1, base=None)
    with pytest.raises(UserError, match=message) as err:
        with branch_db.transaction() as s:
            set_base(s, mid, "2026-01", vocab.EMPLOYED, value)
    assert err.value.field == "base"


def test_a_member_without_a_base_is_named_and_not_marked(branch_db):
    add_members(branch_db, 2)
    (bare,) = add_members(branch_db, 1, base=None)
    with branch_db.transaction() as s:
        name = s.get(Member, bare).name
        result = mark_month_paid(s, "2026-02", date(2026, 2, 6), today=TODAY)
    assert result.marked == 2 and result.missing_base == [name]
    assert name in result.summary("2026-02")


def test_check_warns_when_the_transfer_letter_disagrees_with_the_payments(branch_db):
    from app.kit.context import Context
    from app.services.dues.checks import dues_checks

    (mid,) = add_members(branch_db, 1, joined=date(2026, 1, 5), valid_from="2026-01")
    with branch_db.transaction() as s:
        record_payment(s, mid, ["2026-01", "2026-02"], date(2026, 2, 5), today=TODAY)
        transfer_out(s, mid, date(2026, 4, 15), "2026-04")
    with branch_db.session() as s:
        messages = [f.message for f in dues_checks(Context(s, TODAY))]
    assert any("党费缴纳至 2026-04" in m and "2026-03、2026-04 未登记交纳" in m for m in messages)


def test_the_year_base_check_lists_last_and_this_years_base_and_confirms(branch_db):
    from app.services.dues.year_check import base_check_rows, confirm_year, year_confirmed

    a, b = add_members(branch_db, 2, base="4800.00", valid_from="2025-01")
    with branch_db.transaction() as s:
        set_base(s, a, "2026-01", vocab.EMPLOYED, "5200.00")
    with branch_db.session() as s:
        rows = {r.member_id: r for r in base_check_rows(s, 2026)}
    assert (rows[a].last_base, rows[a].base, rows[a].rate, rows[a].amount, rows[a].change) == (
        D("4800.00"), D("5200.00"), "1.5%", D("78.00"), D("400.00"))
    assert rows[b].change == D("0.00") and rows[b].rate == "1%"
    with branch_db.transaction() as s:
        confirm_year(s, 2026, "按2026年1月工资表核定")
    with branch_db.session() as s:
        assert year_confirmed(s, 2026) and not year_confirmed(s, 2027)


def test_a_hand_over_with_its_receipt_scan_in_the_attachment_store(branch_db, data_dir, tmp_path):
    from app.services.attachments.store import list_attachments
    from app.services.dues.remittance import (
        RECEIPT_KIND,
        quarter_summaries,
        receipt_counts,
        record_remittance,
    )

    ids = add_members(branch_db, 3, base="3000.00")
    scan = tmp_path / "收据.jpg"
    scan.write_bytes(b"\xff\xd8\xff receipt")
    with branch_db.transaction() as s:
        for month in ("2026-01", "2026-02", "2026-03"):
            mark_month_paid(s, month, date(2026, int(month[5:]), 6), today=TODAY)
        record = record_remittance(s, date(2026, 4, 10), "2026-01", "2026-03", "135.00", receipt_no="No.0012",
                                   receipt_scan=scan, data_dir=data_dir, today=TODAY)
    with branch_db.session() as s:
        (q1, q2, *_), = [quarter_summaries(s, 2026)]
        assert (q1.collected, q1.handed, q1.covered) == (D("135.00"), D("135.00"), True)
        assert not q2.covered and q2.collected == D("0.00")
        assert receipt_counts(s) == {record.id: 1}
        (link,) = list_attachments(s, RECEIPT_KIND, record.id)
        assert link.display_name == "收据.jpg" and link.caption == "上缴党费收据"
    assert len(ids) == 3


def test_the_monthly_action_is_in_the_audit_trail_and_a_correction_too(branch_db):
    from app.models import AuditEntry

    ids = add_members(branch_db, 3, base="3000.00")
    with branch_db.transaction() as s:
        mark_month_paid(s, "2026-04", date(2026, 4, 7), today=TODAY)
    with branch_db.transaction() as s:
        correct_month(s, ids[0], "2026-04", vocab.DUE, reason="误登记，实际未交", today=TODAY)
    with branch_db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "dues_month")).all()
    inserted = [e for e in entries if e.action == "insert" and e.field == "paid_fen"]
    assert sorted(e.new_value for e in inserted) == ["1500"] * 3
    assert {(e.field, e.old_value, e.new_value) for e in entries if e.action == "update"} >= {
        ("state", "paid", "due"), ("paid_fen", "1500", "0"), ("reason", "", "误登记，实际未交")}


def test_an_opened_month_keeps_its_amount_when_the_rule_changes_from_that_month(branch_db):
    from app.services.dues.rules import DEFAULT_RULES, parse_rule
    from app.services.dues.settings import save_rule_version, set_rounding

    (mid,) = add_members(branch_db, 1, base="4321.57")
    with branch_db.transaction() as s:
        open_months(s, ["2026-03"])
        categories = dict(DEFAULT_RULES[0]["categories"])
        categories[vocab.EMPLOYED] = parse_rule(vocab.EMPLOYED, "≤5000元 0.5%；以上 1%")
        save_rule_version(s, {"from": "2026-01", "source": "某省委组织部通知", "categories": categories})
        set_rounding(s, "yuan")
    with branch_db.session() as s:
        cells = year_grid(s, 2026)[0].cells
    assert cells[2].due == D("43.22") and cells[2].opened  # 1 %, to the 分, as it was opened
    assert cells[3].due == D("22.00") and not cells[3].opened  # 0.5 % of 4321.57 = 21.61 → 22 元
    assert mid
