"""Importing 发展党员 dates (shaped like owip's 党员发展信息录入样表): people matched by ID number or name, each
date recorded as that step (marked as imported), bad rows explained with their row numbers, undo."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.kit.idcard import make_id_number
from app.models.development import DevPerson
from app.services.development import steps as S
from app.services.development.people import save_person
from app.services.development.recording import record_step
from app.services.development.timeline import timeline
from app.services.importer.apply import apply_import, undo_import, undo_problem
from app.services.importer.preview import ADD, REJECT, SKIP, UPDATE
from app.services.importer.session import prepare_import
from tests.services.importer.messy_files import write_xlsx
from tests.services.importer.samples import sample

HEADERS = ["学工号", "姓名", "公民身份号码", "联系党支部", "提交书面申请书时间", "确定为入党积极分子时间",
           "确定为发展对象时间", "发展对象培训起始时间", "发展对象培训结束时间", "领取志愿书时间", "志愿书编号",
           "入党时间", "转正时间", "当前发展阶段", "备注"]


def pid(i: int, year: int = 2000) -> str:
    return make_id_number("320102", date(year, 1 + i % 12, 1 + i), 20 + 2 * i + 1)


def rows() -> list[list[object]]:
    return [
        ["党员发展信息（2025年）"],
        HEADERS,
        ["1001", "陈一", pid(1), "教工支部", "2024.3.1", "2024年9月1日", None, None, None, None, None, None, None,
         "入党积极分子", ""],
        ["1002", "陈二", pid(2), "教工支部", datetime(2022, 3, 1), "2022-09-01", "2022-08-01", None, None, None, None,
         None, None, "发展对象", ""],
        ["1003", "陈三", pid(3), "教工支部", "2015-03-01", "2015-09-01", "2016-10-01", None, None, None, None,
         "2017-07-01", None, "预备党员", ""],
        ["1004", "陈四", None, "教工支部", "2024-03-01", None, None, None, None, None, None, None, None, "入党申请人", ""],
        ["1005", "陈五", pid(5), "教工支部", "2099-03-01", None, None, None, None, None, None, None, None, "入党申请人", ""],
        ["1006", "陈一", pid(1), "教工支部", "2024.3.1", None, None, None, None, None, None, None, None, "入党申请人", ""],
        ["1007", "陈七", pid(7), "教工支部", "2023-01-05", "2023-06-01", "2023-09-01", "2023-10-09", "2023-10-13",
         "2024-01-10", "No.2024001", None, None, "领取志愿书", "转来"],
        ["1008", "陈八", pid(8), "教工支部", "2024-01-01", None, None, None, "2024-05-01", None, None, None, None,
         "入党申请人", ""],
    ]


@pytest.fixture
def sheet(tmp_path):
    return write_xlsx(tmp_path / "发展党员.xlsx", rows(), sheet="发展党员")


def _by_row(preview):
    return {r.number: r for r in preview.rows}


def test_a_development_list_is_matched_and_each_bad_row_says_why(branch_db, sheet):
    with branch_db.session() as s:
        preview = prepare_import(s, "development", sheet)
    by = _by_row(preview)
    kind = preview.kind
    assert preview.table.header_row == 2
    assert {"学工号", "联系党支部"} <= {h for _c, h in preview.mapping.ignored}
    assert by[3].action == ADD and by[3].values[S.ACTIVIST] == date(2024, 9, 1)
    assert by[4].action == REJECT and "早于“第3步 推荐和确定入党积极分子”" in by[4].reasons(kind)
    assert by[5].action == REJECT and "请用“花名册”导入" in by[5].reasons(kind)
    assert by[6].action == REJECT and "新登记的人须填写公民身份号码" in by[6].reasons(kind)
    assert by[7].action == REJECT and "晚于今天" in by[7].reasons(kind)
    assert by[8].action == SKIP and "与第 3 行" in by[8].reasons(kind)
    assert by[9].action == ADD
    # 3 months from 积极分子 to 发展对象: the 细则 rule is a warning (the date happened), not a refusal
    assert "个月以上培养教育和考察" in by[9].warnings_text(kind)
    assert by[10].action == REJECT and "须同时填写培训起始时间" in by[10].reasons(kind)
    assert "共 8 行数据，新增 2 行" in preview.summary()


def test_imported_dates_become_steps_marked_as_imported_and_undo_takes_them_back(branch_db, sheet):
    with branch_db.session() as s:
        preview = prepare_import(s, "development", sheet)
    with branch_db.transaction() as s:
        batch_id = apply_import(s, preview).id
    with branch_db.session() as s:
        people = {p.name: p for p in s.query(DevPerson)}
        assert set(people) == {"陈一", "陈七"}
        chen7 = people["陈七"]
        steps = {e.step: e for e in chen7.steps}
        assert [e.step for e in sorted(chen7.steps, key=lambda e: S.STEP_ORDER[e.step])] == [
            S.APPLICATION, S.ACTIVIST, S.CANDIDATE, S.TRAINING, S.APPLICATION_FORM]
        assert steps[S.TRAINING].details == {"start": "2023-10-09"}
        assert steps[S.APPLICATION_FORM].details == {"form_number": "No.2024001"}
        assert "导入：发展党员.xlsx 第 9 行" in steps[S.APPLICATION].note
        assert chen7.notes == "转来" and chen7.gender == "男" and chen7.birth_date == date(2000, 8, 8)
        done = [item for item in timeline(s, chen7, date.today()) if item.state == "done"]
        assert "备注：导入：发展党员.xlsx 第 9 行" in done[0].text
    with branch_db.transaction() as s:
        undo_import(s, batch_id)
    with branch_db.session() as s:
        assert s.query(DevPerson).count() == 0


def test_a_person_on_file_gets_the_missing_dates_on_update_and_undo_is_refused_after_a_later_step(branch_db, sheet):
    with branch_db.transaction() as s:
        person_id = save_person(s, {"name": "陈一", "id_number": pid(1)}).id
        record_step(s, person_id, S.APPLICATION, date(2024, 3, 1))
    with branch_db.session() as s:
        skip = _by_row(prepare_import(s, "development", sheet))
        update = prepare_import(s, "development", sheet, on_duplicate="update")
    assert skip[3].action == SKIP and "已有记录" in skip[3].reasons(update.kind)
    assert _by_row(update)[3].action == UPDATE
    with branch_db.transaction() as s:
        batch = apply_import(s, update)
        batch_id = batch.id
    with branch_db.session() as s:
        assert undo_problem(s, s.get(type(batch), batch_id)) is None
    with branch_db.session() as s:
        person = s.get(DevPerson, person_id)
        assert sorted(e.step for e in person.steps) == sorted([S.APPLICATION, S.ACTIVIST])
        assert s.query(DevPerson).count() == 2  # 陈七 added beside
    with branch_db.transaction() as s:
        record_step(s, person_id, S.TALK, date(2024, 3, 20), {"talker": "王书记"})
    with branch_db.session() as s:
        # a step recorded since may follow an imported one: the import is no longer undone as a whole
        problem = undo_problem(s, s.get(type(batch), batch_id))
    assert "陈一" in problem and "第2步 党组织派人谈话" in problem


def test_undo_is_refused_when_an_imported_person_had_a_step_recorded_since(branch_db, sheet):
    with branch_db.session() as s:
        preview = prepare_import(s, "development", sheet)
    with branch_db.transaction() as s:
        batch_id = apply_import(s, preview).id
    with branch_db.transaction() as s:
        chen1 = s.query(DevPerson).filter_by(name="陈一").one()
        record_step(s, chen1.id, S.ACTIVIST_FILED, date(2024, 9, 10))
    with branch_db.session() as s:
        from app.models import ImportBatch

        problem = undo_problem(s, s.get(ImportBatch, batch_id))
    assert "陈一" in problem and "第4步" in problem and "不能整批撤销" in problem


def test_the_owip_development_sample_is_matched_and_its_row_explained(branch_db):
    path = sample("development_records.xlsx")
    with branch_db.session() as s:
        preview = prepare_import(s, "development", path)
    mapped = {h: preview.kind.field(k).label for h, k in
              ((preview.table.headers[c], k) for c, k in preview.mapping.by_column.items())}
    assert mapped["提交书面申请书时间"] == "提交书面申请书时间" and mapped["领取志愿书时间"] == "领取志愿书时间"
    assert mapped["当前发展阶段"] == "当前发展阶段" and mapped["志愿书编号"] == "志愿书编号"
    assert "学工号" in {h for _c, h in preview.mapping.ignored}
    row = preview.rows[0]
    assert row.number == 2 and row.action == REJECT and "新登记的人须填写公民身份号码" in row.reasons(preview.kind)
    # once 李四 is on file (by name), the sample's 申请书 date is added to that record
    with branch_db.transaction() as s:
        save_person(s, {"name": "李四", "id_number": pid(4)})
    with branch_db.session() as s:
        update = prepare_import(s, "development", path, on_duplicate="update")
    assert update.rows[0].action == UPDATE
    with branch_db.transaction() as s:
        apply_import(s, update)
    with branch_db.session() as s:
        li = s.query(DevPerson).filter_by(name="李四").one()
        assert [(e.step, e.step_date) for e in li.steps] == [(S.APPLICATION, date(2018, 9, 15))]
