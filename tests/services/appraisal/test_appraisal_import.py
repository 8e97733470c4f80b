"""Importing 民主评议 results (shaped like owip's 民主评议结果导入样表): each row a member's 评议等次 in the open
round, found by name (or ID number), through the appraisal's own grading rules; duplicates, reasons, undo."""

from __future__ import annotations

from datetime import date

import pytest

from app.kit import registry
from app.kit.idcard import make_id_number
from app.models.appraisal import AppraisalParticipant
from app.services.appraisal import vocab
from app.services.appraisal.rounds import close_round, create_round
from app.services.importer.apply import apply_import, undo_import, undo_problem
from app.services.importer.preview import ADD, REJECT, SKIP, UPDATE
from app.services.importer.session import prepare_import
from app.services.roster.members import save_member
from tests.services.importer.messy_files import write_xlsx
from tests.services.importer.samples import sample

PEOPLE = [("王一", "正式党员"), ("王二", "正式党员"), ("王三", "预备党员"), ("王四", "正式党员")]


def pid(i: int) -> str:
    return make_id_number("320102", date(1980, 1 + i, 1 + i), 30 + 2 * i + 1)


@pytest.fixture
def branch(branch_db):
    registry.import_models()  # a round may link its meeting record: the meetings' tables must be known
    with branch_db.transaction() as s:
        for i, (name, category) in enumerate(PEOPLE):
            full = category == "正式党员"
            save_member(s, {"name": name, "id_number": pid(i), "category": category,
                            "joined_date": date(2005, 7, 1) if full else date(2026, 3, 1),
                            "full_member_date": date(2006, 7, 1) if full else None})
        create_round(s, 2026, date(2026, 11, 20))
    return branch_db


def results_file(tmp_path, extra=()):
    rows = [["学工号", "姓名", "党籍状态", "评议结果"],
            ["1", "王一", "正式党员", "优秀"],
            ["2", "王二", "预备党员", "合格"],
            ["3", "王三", "预备党员", "合格"],
            ["4", "张三", "正式党员", "合格"],
            ["5", "王四", "正式党员", "良好"],
            ["6", "王 一", "正式党员", "合格"],
            *extra]
    return write_xlsx(tmp_path / "评议结果.xlsx", rows, sheet="Sheet1")


def _grades(db) -> dict[str, str | None]:
    with db.session() as s:
        return {p.member.name: p.final_grade for p in s.query(AppraisalParticipant)}


def test_results_are_matched_by_name_and_each_bad_row_says_why(branch, tmp_path):
    with branch.session() as s:
        preview = prepare_import(s, "appraisal", results_file(tmp_path))
    by = {r.number: r for r in preview.rows}
    kind = preview.kind
    assert by[2].action == ADD and by[2].values["grade"] == "优秀"
    assert by[3].action == ADD and "以评议名单为准" in by[3].warnings_text(kind)
    assert by[4].action == REJECT and "不评定等次" in by[4].reasons(kind)
    assert by[5].action == REJECT and "花名册中没有名为“张三”的党员" in by[5].reasons(kind)
    assert by[6].action == REJECT and "“良好”不在可选范围内" in by[6].reasons(kind)
    assert by[7].action == SKIP and "与第 2 行" in by[7].reasons(kind)
    with branch.transaction() as s:
        batch_id = apply_import(s, preview).id
    assert _grades(branch) == {"王一": vocab.EXCELLENT, "王二": vocab.QUALIFIED, "王三": None, "王四": None}
    with branch.transaction() as s:
        undo_import(s, batch_id)
    assert set(_grades(branch).values()) == {None}


def test_a_second_import_skips_or_updates_the_graded_and_undo_restores_the_earlier_grade(branch, tmp_path):
    path = results_file(tmp_path)
    with branch.session() as s:
        first = prepare_import(s, "appraisal", path)
    with branch.transaction() as s:
        apply_import(s, first)
    changed = write_xlsx(tmp_path / "改.xlsx", [["姓名", "公民身份号码", "评议结果", "评定理由"],
                                               ["王一", pid(0), "合格", ""],
                                               ["王四", pid(3), "基本合格", ""]], sheet="Sheet1")
    with branch.session() as s:
        skip = {r.number: r for r in prepare_import(s, "appraisal", changed).rows}
        keep = {r.number: r for r in prepare_import(s, "appraisal", changed, on_duplicate="keep").rows}
        update = prepare_import(s, "appraisal", changed, on_duplicate="update")
    assert skip[2].action == SKIP and skip[3].action == ADD
    assert keep[2].action == REJECT and "只有一个评议等次" in keep[2].reasons(update.kind)
    assert {r.number: r.action for r in update.rows} == {2: UPDATE, 3: ADD}
    with branch.transaction() as s:
        batch_id = apply_import(s, update).id
    assert _grades(branch)["王一"] == vocab.QUALIFIED and _grades(branch)["王四"] == vocab.BASIC
    with branch.transaction() as s:
        undo_import(s, batch_id)
    assert _grades(branch) == {"王一": vocab.EXCELLENT, "王二": vocab.QUALIFIED, "王三": None, "王四": None}


def test_a_closed_round_takes_no_import_and_its_import_is_not_undone(branch, tmp_path):
    path = results_file(tmp_path)
    with branch.session() as s:
        preview = prepare_import(s, "appraisal", path)
    with branch.transaction() as s:
        batch = apply_import(s, preview)
        batch_id = batch.id
        from app.services.appraisal.queries import round_for_year

        rnd = round_for_year(s, 2026)
        for p in rnd.participants:
            if p.graded and p.final_grade is None:
                p.final_grade = vocab.QUALIFIED
        s.flush()
        close_round(s, rnd)
    with branch.session() as s:
        again = prepare_import(s, "appraisal", path)
        from app.models import ImportBatch

        problem = undo_problem(s, s.get(ImportBatch, batch_id))
    assert "没有尚未结束的民主评议" in again.rows[0].reasons(again.kind)
    assert "2026年度民主评议已结束，不能撤销这次导入" in problem


def test_a_year_column_picks_the_round_and_a_missing_round_is_said(branch, tmp_path):
    path = write_xlsx(tmp_path / "年度.xlsx", [["评议年度", "姓名", "评议结果"], [2026, "王一", "优秀"],
                                             [2019, "王二", "合格"]], sheet="Sheet1")
    with branch.session() as s:
        preview = prepare_import(s, "appraisal", path)
    assert preview.rows[0].action == ADD
    assert "2019年度尚未建立民主评议" in preview.rows[1].reasons(preview.kind)


def test_the_owip_appraisal_sample_is_matched(branch):
    path = sample("appraisal_results.xlsx")
    with branch.session() as s:
        preview = prepare_import(s, "appraisal", path)
    assert {preview.table.headers[c]: k for c, k in preview.mapping.by_column.items()} == {
        "姓名": "name", "党籍状态": "category", "评议结果": "grade"}
    assert [h for _c, h in preview.mapping.ignored] == ["学工号"]
    assert preview.rows == []  # the template holds no one: its 注意事项 cell is not a row
    assert any("注意事项" in why for _n, why in preview.table.skipped)
