"""Importing 党费补缴 lists (shaped like owip's 党费补缴录入样表): each row a member's back-payment for a range of
months, through the dues' own record_payment; months paid already, unknown people and bad ranges are refused
with their row numbers; undo puts every month back as it was."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.kit import registry
from app.models import Member
from app.models.dues import DuesMonth
from app.services.dues import vocab
from app.services.dues.collection import record_payment, year_grid
from app.services.importer.apply import apply_import, undo_import, undo_problem
from app.services.importer.preview import ADD, REJECT, SKIP
from app.services.importer.session import prepare_import
from tests.services.dues.helpers import add_members
from tests.services.importer.messy_files import write_xlsx
from tests.services.importer.samples import sample

HEADERS = ["学工号", "姓名", "缴费类型", "缴费起始月份", "缴费截止月份", "缴费金额", "缴费说明", "备注"]


def _setup(db):
    registry.import_models()
    ids = add_members(db, 3)
    with db.session() as s:
        names = [s.get(Member, i).name for i in ids]
        grid = {r.member_id: r for r in year_grid(s, 2026)}
        monthly = grid[ids[0]].cells[0].due
    return ids, names, monthly


def _cells(db, member_id: int) -> dict[str, tuple[str, Decimal, str]]:
    with db.session() as s:
        row = next(r for r in year_grid(s, 2026) if r.member_id == member_id)
        return {c.month: (c.state, c.paid, c.pay_kind) for c in row.cells}


def test_back_payments_are_recorded_month_by_month_and_undone(branch_db, tmp_path):
    ids, names, monthly = _setup(branch_db)
    with branch_db.transaction() as s:
        record_payment(s, ids[1], ["2026-02"], date(2026, 2, 10))
    rows = [["党费补缴录入表"], HEADERS,
            ["1", names[0], "党费补缴", "2026-01", "2026-03", str(monthly * 3), "外出学习期间", ""],
            ["2", names[1], "党费补缴", "2026.1", "2026年3月", str(monthly * 3), "", ""],
            ["3", "张三", "党费补缴", "2026-01", "2026-01", "10", "", ""],
            ["4", names[2], "党费补缴", "2026-05", "2026-04", "10", "", ""],
            ["5", names[2], "党费补缴", "2026-06", None, str(monthly + 1), "", "多交 1 元"],
            ["6", names[0], "补缴", "2026-01", "2026-03", str(monthly * 3), "", ""],
            ["7", names[2], "党费补缴", "2026-07", "2026-09", str(monthly), "", ""]]
    path = write_xlsx(tmp_path / "补缴.xlsx", rows, sheet="Sheet1")
    before = {i: _cells(branch_db, i) for i in ids}
    with branch_db.session() as s:
        preview = prepare_import(s, "dues-backpay", path)
    by = {r.number: r for r in preview.rows}
    kind = preview.kind
    assert by[3].action == ADD and "未填缴费日期，按导入当天" in by[3].warnings_text(kind)
    assert by[4].action == REJECT and "2026-02 的党费已于 2026-02-10 登记交纳，不能重复补缴" in by[4].reasons(kind)
    assert by[5].action == REJECT and "花名册中没有名为“张三”的党员" in by[5].reasons(kind)
    assert by[6].action == REJECT and "早于起始月份" in by[6].reasons(kind)
    assert by[7].action == ADD and "与这些月份应缴合计" in by[7].warnings_text(kind)
    assert by[8].action == SKIP and "与第 3 行" in by[8].reasons(kind)
    assert by[9].action == REJECT and "不足以补缴到 2026-08" in by[9].reasons(kind)
    with branch_db.transaction() as s:
        batch_id = apply_import(s, preview).id
    paid = _cells(branch_db, ids[0])
    assert [paid[m] for m in ("2026-01", "2026-02", "2026-03")] == [(vocab.PAID, monthly, vocab.PAY_BACK)] * 3
    assert _cells(branch_db, ids[2])["2026-06"][1] == monthly + 1
    with branch_db.session() as s:
        reason = s.query(DuesMonth).filter_by(member_id=ids[0], month="2026-01").one().reason
        assert reason == "外出学习期间"
    with branch_db.transaction() as s:
        undo_import(s, batch_id)
    assert {i: _cells(branch_db, i) for i in ids} == before


def test_undo_is_refused_once_a_back_paid_month_was_corrected(branch_db, tmp_path):
    ids, names, monthly = _setup(branch_db)
    path = write_xlsx(tmp_path / "补缴.xlsx", [HEADERS, ["1", names[0], "党费补缴", "2026-01", "2026-02",
                                                         str(monthly * 2), "", ""]], sheet="Sheet1")
    with branch_db.session() as s:
        preview = prepare_import(s, "dues-backpay", path)
    with branch_db.transaction() as s:
        batch = apply_import(s, preview)
        batch_id = batch.id
    from app.services.dues.collection import correct_month

    with branch_db.transaction() as s:
        correct_month(s, ids[0], "2026-02", vocab.DUE, reason="登记错了")
    with branch_db.session() as s:
        from app.models import ImportBatch

        problem = undo_problem(s, s.get(ImportBatch, batch_id))
    assert "又被修改过，不能整批撤销" in problem and "第 2 行" in problem


def test_the_owip_dues_sample_is_matched(branch_db):
    path = sample("dues_backpay.xlsx")
    with branch_db.session() as s:
        preview = prepare_import(s, "dues-backpay", path)
    assert {preview.table.headers[c]: k for c, k in preview.mapping.by_column.items()} == {
        "姓名": "name", "缴费类型": "pay_type", "缴费起始月份": "from_month", "缴费截止月份": "to_month",
        "缴费金额": "amount", "缴费说明": "explanation", "备注": "notes"}
    assert [h for _c, h in preview.mapping.ignored] == ["学工号"]
    assert preview.rows == []
