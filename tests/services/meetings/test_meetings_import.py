"""Importing meeting lists kept in Excel (shaped like owip's 三会一课 and 主题党日 templates) with the same
machinery as the roster: matched columns, date-times as people type them, head counts, reasons per row."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.models.meetings import Meeting
from app.services.importer.apply import apply_import, undo_import
from app.services.importer.preview import ADD, REJECT
from app.services.importer.session import prepare_import
from app.services.meetings import kinds
from tests.services.importer.messy_files import write_xlsx
from tests.services.importer.samples import sample as shared_sample


@pytest.fixture
def branch(branch_db):
    from datetime import date

    from app.kit.idcard import make_id_number
    from app.services.roster.members import save_member

    with branch_db.transaction() as s:
        for i, name in enumerate(["王书记", "李委员"]):
            save_member(s, {"name": name, "id_number": make_id_number("320102", date(1975, 1, 1 + i), 11 + 2 * i),
                            "category": "正式党员", "joined_date": date(2000, 7, 1),
                            "full_member_date": date(2001, 7, 1)})
    return branch_db


HEADERS = ["所在党支部", "会议类型", "主持人姓名", "记录人姓名", "会议名称", "计划会议时间", "实际会议时间", "会议地点",
           "应到人数", "实到人数", "请假人数", "列席人员", "会议议题", "会议内容", "会议决议"]


def test_a_meetings_list_imports_with_head_counts_and_reasons(branch, tmp_path):
    rows = [["三会一课记录（2025年）"], HEADERS,
            ["支部", "支部委员会", "王书记", "李委员", "9月支委会", "2025/9/3  14:30", "2025/9/3  14:30", "会议室",
             5, 5, 0, "无", "研究发展党员工作；部署主题党日", "讨论了……", "同意"],
            ["支部", "党课", "王书记", "李委员", "专题党课", "", datetime(2025, 9, 20, 15, 0), "报告厅", 40, 38, 2,
             "", "学习党章", "", ""],
            ["支部", "支部党员大会", "张三", "李委员", "大会", "", "2025-10-08 15:00", "", 40, 30, 0, "", "", "", ""],
            ["支部", "支部委员会", "王书记", "李委员", "人数不对", "", "2025-10-09 15:00", "", 5, 7, 0, "", "", "", ""],
            ["支部", "读书会", "王书记", "李委员", "读书", "", "2025-10-10 15:00", "", 5, 5, 0, "", "", "", ""]]
    path = write_xlsx(tmp_path / "三会一课.xlsx", rows)
    with branch.session() as s:
        preview = prepare_import(s, "meetings", path)
    by = {r.number: r for r in preview.rows}
    assert preview.table.header_row == 2 and "请假人数" in [h for _, h in preview.mapping.ignored]
    assert by[3].action == ADD and by[3].values["held_at"] == datetime(2025, 9, 3, 14, 30)
    assert by[4].action == ADD
    assert by[5].action == REJECT and "张三不在花名册中" in by[5].reasons(preview.kind)
    assert by[6].action == REJECT and "不能多于" in by[6].reasons(preview.kind)
    assert by[7].action == REJECT and "不在可选范围内" in by[7].reasons(preview.kind)
    with branch.transaction() as s:
        batch_id = apply_import(s, preview).id
    with branch.session() as s:
        held = {m.kind: m for m in s.query(Meeting)}
        assert set(held) == {kinds.COMMITTEE, kinds.LECTURE}
        assert held[kinds.COMMITTEE].topics == ["研究发展党员工作", "部署主题党日"]
        assert (held[kinds.LECTURE].manual_expected, held[kinds.LECTURE].manual_present) == (40, 38)
    with branch.session() as s:
        again = prepare_import(s, "meetings", path)
    assert "不重复导入" in {r.number: r for r in again.rows}[3].reasons(again.kind)
    with branch.transaction() as s:
        undo_import(s, batch_id)
    with branch.session() as s:
        assert s.query(Meeting).count() == 0


@pytest.mark.parametrize("sample, kind, mapped", [
    ("meetings.xlsx", "meetings", {"会议类型": "kind", "主持人姓名": "host", "记录人姓名": "recorder",
                                   "会议名称": "title", "计划会议时间": "planned_at", "实际会议时间": "held_at",
                                   "会议地点": "place", "应到人数": "expected", "实到人数": "present",
                                   "列席人员": "observers", "会议议题": "topics", "会议内容": "content",
                                   "会议决议": "resolution"}),
    ("theme_day_activities.xlsx", "theme-days", {"活动名称": "title", "计划时间": "planned_at", "实际时间": "held_at",
                                                 "活动地点": "place", "活动主题": "theme", "主要内容及特色": "content",
                                                 "应到人数": "expected", "实到人数": "present", "列席人员": "observers"}),
])
def test_the_owip_samples_are_matched(branch, sample, kind, mapped):
    with branch.session() as s:
        preview = prepare_import(s, kind, shared_sample(sample))
    assert {preview.table.headers[c]: k for c, k in preview.mapping.by_column.items()} == mapped
    assert len(preview.rows) == 1 and preview.rows[0].action == REJECT  # its 张三 is not on this roster
    assert preview.rows[0].values["held_at"] == datetime(2019, 2, 3, 14, 30)
