"""Salary sheet import: a realistic sheet maps itself, previews without writing, and imports on confirm."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.kit.errors import UserError
from app.models import Member
from app.models.dues import DuesBase
from app.services.dues.salary_import import (
    ADD,
    DEDUCT,
    IGNORE,
    confirm_import,
    load_for_import,
    preview_import,
)
from app.services.dues.sample_salary import expected_base, write_salary_sheet
from tests.services.dues.helpers import add_members


def _names(db, ids):
    with db.session() as s:
        return [s.get(Member, i).name for i in ids]


def test_a_sheet_with_titles_subtotals_blank_lines_and_a_non_member_previews_then_imports(branch_db, tmp_path):
    ids = add_members(branch_db, 6, base=None)
    names = _names(branch_db, ids)
    path = tmp_path / "工资表.xlsx"
    lines = write_salary_sheet(path, names, year=2026, non_members=["临时工甲"])
    with branch_db.session() as s:
        sheet, mapping = load_for_import(s, path)
        assert sheet.header_row == 3
        roles = {sheet.headers[i]: r for i, r in mapping.items()}
        assert roles["基础性绩效工资"] == ADD and roles["奖励性绩效工资"] == IGNORE and roles["改革性补贴"] == IGNORE
        assert roles["扣养险"] == DEDUCT and roles["职业年金"] == DEDUCT
        preview = preview_import(s, sheet, mapping, "2026-01")
        assert preview.errors == [] and len(preview.rows) == 6
        assert preview.unmatched == [(12, "临时工甲", "花名册中没有这个姓名（可能不是党员）")]
        assert [why for _, why in preview.skipped].count("合计行") == 3  # two 小计 and the 合计
        by_name = {r.name: r for r in preview.rows}
        assert all(by_name[n].base == expected_base(lines[n]) for n in names)
        assert s.scalar(select(func.count()).select_from(DuesBase)) == 0  # a preview writes nothing
    with branch_db.transaction() as s:
        assert confirm_import(s, sheet, mapping, preview) == 6
    with branch_db.session() as s:
        record = s.scalar(select(DuesBase).where(DuesBase.member_id == ids[0]))
        assert Decimal(record.base_fen) / 100 == expected_base(lines[names[0]])
        assert record.source == "import" and "岗位工资" in record.items["added"] and "扣养险" in record.items["deducted"]


def test_next_years_drifted_header_is_recognised_and_a_confirmed_mapping_is_remembered(branch_db, tmp_path):
    ids = add_members(branch_db, 3, base=None)
    names = _names(branch_db, ids)
    path = tmp_path / "2027.xlsx"
    write_salary_sheet(path, names, year=2027, drifted=True)
    with branch_db.session() as s:
        sheet, mapping = load_for_import(s, path)
    roles = {sheet.headers[i]: r for i, r in mapping.items()}
    assert roles["扣养险(新老合并)"] == DEDUCT  # the stem 扣养险 is known
    # the user maps a column the aliases did not know: 应发合计 counted as ignored is default; make 津贴补贴 ignored
    index = sheet.headers.index("津贴补贴")
    mapping[index] = IGNORE
    with branch_db.transaction() as s:
        confirm_import(s, sheet, mapping, preview_import(s, sheet, mapping, "2027-01"))
    with branch_db.session() as s:
        again, remembered = load_for_import(s, path)
    assert remembered[index] == IGNORE


def test_text_in_a_number_cell_names_row_and_column_and_nothing_is_imported(branch_db, tmp_path):
    ids = add_members(branch_db, 3, base=None)
    names = _names(branch_db, ids)
    path = tmp_path / "bad.xlsx"
    write_salary_sheet(path, names, year=2026, bad_cell=(names[1], "薪级工资", "一千二"))
    with branch_db.session() as s:
        sheet, mapping = load_for_import(s, path)
        preview = preview_import(s, sheet, mapping, "2026-01")
    assert preview.errors == ["第 5 行 D 列（薪级工资）的内容“一千二”不是数字，请在工资表中改正后重新导入。"]
    with pytest.raises(UserError, match="未导入任何数据"):
        with branch_db.transaction() as s:
            confirm_import(s, sheet, mapping, preview)
    with branch_db.session() as s:
        assert s.scalar(select(func.count()).select_from(DuesBase)) == 0


def test_a_name_two_members_share_is_listed_never_guessed(branch_db, tmp_path):
    ids = add_members(branch_db, 2, base=None)
    with branch_db.transaction() as s:
        s.get(Member, ids[1]).name = s.get(Member, ids[0]).name
    (name,) = set(_names(branch_db, ids))
    path = tmp_path / "same.xlsx"
    write_salary_sheet(path, [name], year=2026)
    with branch_db.session() as s:
        sheet, mapping = load_for_import(s, path)
        preview = preview_import(s, sheet, mapping, "2026-01")
    assert preview.rows == [] and "2 名同名党员" in preview.unmatched[0][2]


def test_a_file_without_a_header_is_refused_in_chinese(branch_db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.save(tmp_path / "x.xlsx")
    with branch_db.session() as s, pytest.raises(UserError, match="没有找到表头"):
        load_for_import(s, tmp_path / "x.xlsx")
