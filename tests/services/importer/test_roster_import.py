"""Importing an old, messy 花名册: the table is found, values are read as people type them, every row is
either imported or reported with its reason, all in one transaction, and the whole import can be undone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.kit.errors import UserError
from app.models import Member
from app.services.importer.apply import apply_import, undo_import, undo_problem
from app.services.importer.matching import apply_choice, remember_mapping
from app.services.importer.preview import ADD, REJECT, SKIP, UPDATE
from app.services.importer.report import write_report
from app.services.importer.session import prepare_import
from app.services.importer.templates import write_template
from app.services.roster.members import member_values, save_member
from tests.services.importer.messy_files import HEADERS, messy_rows, person, write_xlsx
from tests.services.importer.samples import sample as shared_sample


@pytest.fixture
def messy(tmp_path) -> Path:
    return write_xlsx(tmp_path / "旧花名册.xlsx", messy_rows(), merged_title=True)


def _by_row(preview):
    return {r.number: r for r in preview.rows}


def test_the_table_is_found_below_title_rows_on_the_right_sheet(branch_db, messy):
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", messy)
    assert preview.table.sheet == "花名册" and preview.table.header_row == 5
    mapped = {preview.table.headers[c]: k for c, k in preview.mapping.by_column.items()}
    assert mapped["姓 名"] == "name" and mapped["身份证号码"] == "id_number" and mapped["出生年月"] == "birth_date"
    assert mapped["文化程度"] == "education" and mapped["党员类别"] == "category" and mapped["入党时间"] == "joined_date"
    assert mapped["转正时间"] == "full_member_date" and mapped["联系电话"] == "mobile_phone"
    assert [h for _, h in preview.mapping.ignored] == ["序号", "学工号"]
    skipped = dict(preview.table.skipped)
    assert "必填" in skipped[6] and "合计" in skipped[16] and "注" in skipped[17]
    assert preview.table.blank_rows == 1


def test_values_are_read_as_people_type_them(branch_db, messy):
    with branch_db.session() as s:
        rows = _by_row(prepare_import(s, "roster", messy))
    zhang, li, wang = rows[7], rows[8], rows[9]
    assert zhang.action == ADD and zhang.values["name"] == "张三" and zhang.values["ethnicity"] == "汉族"
    assert zhang.values["education"] == "大学本科" and zhang.values["birth_date"] == date(1980, 2, 2)
    assert zhang.values["joined_date"] == date(2005, 7, 1) and zhang.values["full_member_date"] == date(2006, 7, 1)
    assert li.values["gender"] == "女" and li.values["ethnicity"] == "汉族" and li.values["education"] == "大学专科"
    assert li.values["birth_date"] == date(1980, 3, 3) and li.values["category"] == "正式党员"
    assert li.values["mobile_phone"] == "13800000002"
    assert wang.values["joined_date"] == date(2025, 1, 1)
    assert any("只有年月" in m for _k, m in wang.warnings) and wang.action == ADD


def test_each_bad_row_says_what_is_wrong_and_where(branch_db, messy):
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", messy)
    rows = _by_row(preview)
    assert rows[11].action == REJECT and "校验位" in rows[11].reasons(preview.kind)
    assert rows[12].action == REJECT and "数字格式" in rows[12].reasons(preview.kind)
    assert "320102198006060" in rows[12].reasons(preview.kind)  # the value as Excel kept it is shown
    assert rows[13].action == SKIP and "第 7 行" in rows[13].reasons(preview.kind)
    assert rows[14].action == REJECT and "不能晚于今天" in rows[14].reasons(preview.kind)
    assert rows[15].action == REJECT and "#REF!" in rows[15].reasons(preview.kind)
    assert preview.totals[ADD] == 3 and preview.totals[REJECT] == 4 and preview.totals[SKIP] == 1


def test_accepted_rows_are_written_in_one_batch_and_the_report_lists_the_rest(branch_db, messy, tmp_path):
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", messy)
    with branch_db.transaction() as s:
        batch = apply_import(s, preview)
    with branch_db.session() as s:
        names = sorted(m.name for m in s.query(Member))
    assert names == sorted(["张三", "李四", "王五"]) and batch.added == 3
    report = load_workbook(write_report(preview, tmp_path / "报告.xlsx"))
    lines = list(report["未导入的行"].iter_rows(min_row=2, values_only=True))
    numbers = [line[0] for line in lines]
    assert numbers[:5] == [11, 12, 13, 14, 15] and all(line[2] for line in lines[:5])
    assert {6, 16, 17} <= set(numbers)  # the marker, total and note rows are listed too, never silently dropped


def test_undo_puts_the_roster_back_exactly(branch_db, messy):
    with branch_db.transaction() as s:
        save_member(s, {"name": "原有党员", "id_number": person(30), "category": "正式党员",
                        "joined_date": date(2001, 7, 1), "full_member_date": date(2002, 7, 1)})
    with branch_db.session() as s:
        before = sorted((m.id, tuple(sorted(member_values(m).items(), key=str))) for m in s.query(Member))
        preview = prepare_import(s, "roster", messy)
    with branch_db.transaction() as s:
        batch_id = apply_import(s, preview).id
    with branch_db.transaction() as s:
        undo_import(s, batch_id)
    with branch_db.session() as s:
        after = sorted((m.id, tuple(sorted(member_values(m).items(), key=str))) for m in s.query(Member))
    assert after == before


def test_undo_is_refused_after_an_imported_member_was_edited(branch_db, messy):
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", messy)
    with branch_db.transaction() as s:
        batch = apply_import(s, preview)
        batch_id = batch.id
        member_id = batch.rows[0].row_id
    with branch_db.transaction() as s:
        values = member_values(s.get(Member, member_id))
        save_member(s, {**values, "notes": "后来补充的备注"}, member_id)
    with branch_db.session() as s:
        from app.models import ImportBatch

        assert "又被修改过" in undo_problem(s, s.get(ImportBatch, batch_id))
    with branch_db.transaction() as s, pytest.raises(UserError, match="不能整批撤销"):
        undo_import(s, batch_id)


def test_duplicates_of_existing_members_skip_or_update(branch_db, messy):
    with branch_db.transaction() as s:
        save_member(s, {"name": "张三", "id_number": person(1), "category": "正式党员",
                        "joined_date": date(2005, 7, 1), "full_member_date": date(2006, 7, 1), "job_post": "旧岗位"})
    with branch_db.session() as s:
        skip = _by_row(prepare_import(s, "roster", messy, on_duplicate="skip"))
        update = prepare_import(s, "roster", messy, on_duplicate="update")
    assert skip[7].action == SKIP and "已有记录" in skip[7].reasons(skip[7] and update.kind)
    assert _by_row(update)[7].action == UPDATE
    with branch_db.transaction() as s:
        apply_import(s, update)
    with branch_db.session() as s:
        zhang = s.query(Member).filter_by(name="张三").one()
        assert zhang.job_post == "语文教师" and s.query(Member).filter_by(name="张三").count() == 1


def test_a_failing_row_writes_nothing(branch_db, messy, monkeypatch):
    import app.services.roster.importing as importing

    with branch_db.session() as s:
        preview = prepare_import(s, "roster", messy)
    real = importing.save_member
    calls = []

    def fail_on_third(session, values, member_id=None, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise UserError("模拟的写入失败", "name")
        return real(session, values, member_id, **kw)

    monkeypatch.setattr(importing, "save_member", fail_on_third)
    with pytest.raises(UserError, match="没有写入任何记录"), branch_db.transaction() as s:
        apply_import(s, preview)
    with branch_db.session() as s:
        assert s.query(Member).count() == 0


def test_a_mapping_fixed_by_the_user_is_remembered_by_header_text(branch_db, tmp_path):
    rows = [["姓名", "公民身份号码", "政治面貌", "联络手机", "入党时间", "转正时间"],
            ["张三", person(1), "正式党员", "13900000000", "2005-07-01", "2006-07-01"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    with branch_db.session() as s:
        first = prepare_import(s, "roster", path)
    assert "联络手机" in [h for _, h in first.mapping.ignored]
    apply_choice(first.kind, first.mapping, 3, "mobile_phone", first.table.headers)
    apply_choice(first.kind, first.mapping, 2, "category", first.table.headers)
    with branch_db.transaction() as s:
        remember_mapping(s, first.kind, first.table.headers, first.mapping)
    with branch_db.session() as s:
        second = prepare_import(s, "roster", path)
    row = second.rows[0]
    assert row.values["mobile_phone"] == "13900000000" and row.values["category"] == "正式党员"
    assert row.action == ADD


def test_csv_in_gbk_and_files_that_are_not_spreadsheets(branch_db, tmp_path):
    csv = tmp_path / "花名册.csv"
    csv.write_bytes(("姓名,公民身份号码,人员类别,加入党组织日期,转为正式党员日期\n"
                     f"张三,{person(1)},正式党员,2005/7/1,2006/7/1\n").encode("gbk"))
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", csv)
        assert preview.rows[0].action == ADD and preview.rows[0].values["name"] == "张三"
        fake = tmp_path / "假的.xlsx"
        fake.write_bytes(b"this is not a spreadsheet at all")
        with pytest.raises(UserError, match="不是可以打开的电子表格"):
            prepare_import(s, "roster", fake)
        locked = tmp_path / "加密.xlsx"
        locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        with pytest.raises(UserError, match="密码"):
            prepare_import(s, "roster", locked)
        with pytest.raises(UserError, match="没有找到党员花名册的表头"):
            prepare_import(s, "roster", write_xlsx(tmp_path / "b.xlsx", [["甲", "乙"], [1, 2]]))


def test_the_blank_template_has_headers_dropdowns_and_instructions(branch_db, tmp_path):
    path = write_template("roster", tmp_path / "模板.xlsx")
    book = load_workbook(path)
    sheet = book["党员花名册"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["姓名", "性别", "民族", "公民身份号码"]
    lists = {str(v.sqref).split(":")[0][0] for v in sheet.data_validations.dataValidation}
    assert "B" in lists and "C" in lists  # 性别 and 民族 are dropdowns
    assert sheet.cell(row=2, column=4).number_format == "@"
    assert any("必填" in (r[0] or "") for r in book["填写说明"].iter_rows(values_only=True))
    sheet.append(["张三", "男", "汉族", person(1), None, "大学本科", "正式党员", "2005-07-01", "2006-07-01"])
    book.save(path)
    with branch_db.session() as s:
        assert prepare_import(s, "roster", path).rows[0].action == ADD


def test_the_owip_roster_sample_is_matched_and_its_rows_explained(branch_db):
    sample = shared_sample("member_roster_inschool.xlsx")
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", sample)
    mapped = {preview.table.headers[c]: k for c, k in preview.mapping.by_column.items()}
    assert mapped == {"姓名": "name", "党籍状态（正式党员或预备党员）": "category", "入党时间": "joined_date",
                      "转正时间": "full_member_date", "党内职务": "party_post"}
    assert len(preview.rows) == 1 and "表中没有这一列" in preview.rows[0].reasons(preview.kind)
    assert any("注意事项" in why for _n, why in preview.table.skipped)


def test_a_thousand_rows_with_five_percent_bad_import_with_a_correct_report(branch_db, tmp_path):
    rows = [list(HEADERS)]
    bad = set(range(0, 1000, 20))
    for i in range(1000):
        number = person(i, year=1960 + i % 25)
        if i in bad:
            number = number[:-1] + ("X" if number[-1] != "X" else "0")
        rows.append([i + 1, f"党员{i:04d}", "", "汉族", number, "", "大学本科", "正式党员", "2005-07-01",
                     "2006-07-01", "教师", "", i])
    path = write_xlsx(tmp_path / "千人.xlsx", rows)
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", path)
    assert preview.totals[ADD] == 950 and preview.totals[REJECT] == 50
    with branch_db.transaction() as s:
        apply_import(s, preview)
    report = load_workbook(write_report(preview, tmp_path / "r.xlsx"))["未导入的行"]
    assert sorted(r[0] for r in report.iter_rows(min_row=2, values_only=True)) == sorted(i + 2 for i in bad)
    with branch_db.session() as s:
        assert s.query(Member).count() == 950


def test_an_imported_member_history_starts_with_the_import(branch_db, messy):
    from app.services.roster.member_events import IMPORTED, EventError, list_events, void_event

    with branch_db.session() as s:
        preview = prepare_import(s, "roster", messy)
    with branch_db.transaction() as s:
        apply_import(s, preview)
    with branch_db.session() as s:
        zhang = s.query(Member).filter_by(name="张三").one()
        assert [(e.kind, e.details["source_row"]) for e in zhang.events] == [(IMPORTED, "7")]
        assert zhang.events[0].details["source_file"] == "旧花名册.xlsx"
        assert list_events(s) == []  # the printed 变更记录 lists changes of situation, not the import
        event_id = zhang.events[0].id
    with branch_db.transaction() as s, pytest.raises(EventError, match="撤销最近一次导入"):
        void_event(s, event_id, "误导入")
