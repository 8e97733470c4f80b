"""The 发展党员 registers, 公示 and 纪实表: the texts and cells a user reads."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from app.kit.idcard import make_id_number
from app.reports.development.notice import write_notice
from app.reports.development.record_sheet import write_record
from app.reports.development.registers import (
    COLUMN_LABELS,
    write_activists,
    write_applicants,
    write_candidates,
    write_new_members,
)
from app.reports.engine.register import ReportError
from app.services.common.settings import set_setting
from app.services.development import steps as S
from app.services.development.people import leave_pipeline
from app.services.development.recording import record_step
from tests.services.development.dev_helpers import (
    ADMISSION_PATH,
    TODAY,
    add_members,
    new_person,
    shifted,
    walk,
)

HEADERS = ["序号", "姓名", "性别", "出生年月", "民族", "学历", "工作岗位", "申请入党时间", "确定为积极分子时间",
           "确定为发展对象时间", "培养联系人", "入党介绍人", "备注"]


@pytest.fixture
def pipeline(branch_db):
    """周子轩 admitted in 2025; 吴雨桐 an activist; 孙佳怡 an applicant; 郑浩然 a candidate in 公示; 钱文静 withdrew."""
    with branch_db.transaction() as s:
        members = add_members(s)
        set_setting(s, "development.notice_phone", "0510-12345678")
        admitted = new_person(s)
        walk(s, admitted, members, ADMISSION_PATH)
        activist = new_person(s, name="吴雨桐", id_number=make_id_number("320211", date(1998, 8, 8), 42))
        walk(s, activist, members, shifted(ADMISSION_PATH[:6], 2))
        applicant = new_person(s, name="孙佳怡", id_number=make_id_number("320211", date(2000, 1, 2), 44))
        record_step(s, applicant, S.APPLICATION, date(2026, 10, 8), today=TODAY)
        candidate = new_person(s, name="郑浩然", id_number=make_id_number("320211", date(1994, 6, 6), 45))
        walk(s, candidate, members, shifted(ADMISSION_PATH[:13], 1))
        left = new_person(s, name="钱文静", id_number=make_id_number("320211", date(1997, 7, 7), 46))
        record_step(s, left, S.APPLICATION, date(2026, 3, 1), today=TODAY)
        leave_pipeline(s, left, S.WITHDRAWN, date(2026, 5, 1), "本人书面申请撤回", today=TODAY)
    return branch_db


def _sheet(path):
    ws = openpyxl.load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def _table(rows):
    start = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    return rows[start], [r for r in rows[start + 1:] if r and isinstance(r[0], (int, str)) and str(r[0]).isdigit()]


def test_register_columns_are_exactly_the_issues(pipeline, tmp_path):
    assert list(COLUMN_LABELS) == HEADERS[1:]
    with pipeline.session() as s:
        write_activists(s, tmp_path / "a.xlsx", "xlsx", today=TODAY)
        write_new_members(s, tmp_path / "n.xlsx", "xlsx", year=2025, today=TODAY)
    header, rows = _table(_sheet(tmp_path / "a.xlsx"))
    assert [h for h in header if h] == HEADERS
    assert [r[1] for r in rows] == ["吴雨桐"]
    assert rows[0][3] == "1998-08" and rows[0][7] == "2026-01-10" and rows[0][8] == "2026-03-01"
    assert rows[0][10] == "王建国、李秀英"
    header, rows = _table(_sheet(tmp_path / "n.xlsx"))
    assert [h for h in header if h] == HEADERS + ["接收为预备党员时间", "转正时间"]
    assert [r[1] for r in rows] == ["周子轩"]
    assert rows[0][11] == "张志强、刘海燕" and rows[0][13] == "2025-05-20" and rows[0][14] in (None, "")


def test_registers_by_stage_and_year(pipeline, tmp_path):
    with pipeline.session() as s:
        write_applicants(s, tmp_path / "ap.xlsx", "xlsx", today=TODAY)
        write_applicants(s, tmp_path / "ap26.xlsx", "xlsx", year=2026, today=TODAY)
        write_candidates(s, tmp_path / "c.pdf", "pdf", today=TODAY)
    assert [r[1] for r in _table(_sheet(tmp_path / "ap.xlsx"))[1]] == ["孙佳怡"]
    rows = _table(_sheet(tmp_path / "ap26.xlsx"))[1]  # in 2026 吴雨桐 applied in January, 钱文静 withdrew
    assert [r[1] for r in rows] == ["吴雨桐", "钱文静", "孙佳怡"]
    assert "2026-05-01 本人撤回申请（已退出）：本人书面申请撤回" in rows[1][12]
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "c.pdf").pages)
    assert "中共测试市实验小学支部委员会 发展对象名册" in text
    assert "郑浩然" in text and "周子轩" not in text and "第 1 页 共 1 页" in text


def test_candidate_notice_names_the_person_the_period_and_the_phone(pipeline, tmp_path):
    with pipeline.session() as s:
        write_notice(s, tmp_path / "g.pdf", "pdf", person="郑浩然", today=TODAY)
        with pytest.raises(ReportError, match="目前没有正在公示"):
            write_notice(s, tmp_path / "none.pdf", "pdf", today=TODAY)
        write_notice(s, tmp_path / "open.pdf", "pdf", today=date(2026, 4, 25))
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "g.pdf").pages).replace("\n", "")
    assert "关于拟发展郑浩然同志为中共预备党员的公示" in text
    assert "公示期：2026年4月21日至2026年4月27日（共7天）" in text
    assert "联系电话：0510-12345678" in text
    assert "郑浩然" in "".join(p.extract_text() for p in PdfReader(tmp_path / "open.pdf").pages)


def test_record_sheet_lists_every_step_with_people_and_votes(pipeline, tmp_path):
    with pipeline.session() as s:
        write_record(s, tmp_path / "r.xlsx", "xlsx", person="周子轩", today=TODAY)
        printed = write_record(s, tmp_path / "r.pdf", "pdf", person="周子轩", today=TODAY)
    assert printed.missing_glyphs == ""  # every character of the steps and votes is in the print fonts
    with pipeline.session() as s:
        with pytest.raises(ReportError, match="--person"):
            write_record(s, tmp_path / "x.xlsx", "xlsx", today=TODAY)
    header, rows = _table(_sheet(tmp_path / "r.xlsx"))
    steps = [r[2] for r in rows]
    assert steps[0] == "第1步 递交入党申请书" and "第25步 材料归档" in steps
    talk = rows[1]
    assert talk[3] == "2024-01-31" and talk[4] == "谈话人：王建国"
    meeting = next(r for r in rows if r[2].startswith("第15步"))
    assert meeting[3] == "2025-05-20"
    assert "应到会有表决权党员6人，实到6人，列席预备党员1人（无表决权）；赞成6票" in meeting[4] and "表决通过" in meeting[4]
    assert next(r for r in rows if r[2].startswith("第25步"))[3] in (None, "")


def test_conversion_notice_and_an_exception_printed_as_such(pipeline, tmp_path):
    from app.services.development.people import find_by_name

    with pipeline.transaction() as s:
        person = find_by_name(s, "周子轩").id
        for code, day, details in [(S.ADMISSION_FILED, date(2025, 6, 12), {}), (S.PLACED, date(2025, 6, 15), {}),
                                   (S.OATH, date(2025, 7, 1), {}),
                                   (S.PROBATION_EDUCATION, date(2025, 12, 1), {"opinion": "表现良好"})]:
            record_step(s, person, code, day, details, today=TODAY)
        record_step(s, person, S.CONVERSION_REQUEST, date(2026, 5, 6),
                    {"publicity_start": "2026-05-08", "publicity_end": "2026-05-14"}, today=TODAY)
        record_step(s, person, S.BRANCH_CONVERSION, date(2026, 5, 20),
                    {"expected": 6, "present": 5, "yes": 5, "no": 0, "abstain": 0, "decision": S.DECISION_CONVERT},
                    today=TODAY)
        record_step(s, person, S.CONVERSION_APPROVED, date(2026, 9, 1), override_reason="上级党委集中审批", today=TODAY)
    with pipeline.session() as s:
        write_notice(s, tmp_path / "z.pdf", "pdf", person="周子轩", today=TODAY)
        write_record(s, tmp_path / "r.xlsx", "xlsx", person="周子轩", today=TODAY)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "z.pdf").pages).replace("\n", "")
    assert "关于周子轩同志预备党员转正的公示" in text and "公示期：2026年5月8日至2026年5月14日（共7天）" in text
    assert "2025-05-20" in text and "2026-05-20" in text  # 接收为预备党员时间, 预备期满时间
    _header, rows = _table(_sheet(tmp_path / "r.xlsx"))
    approval = next(r for r in rows if r[2].startswith("第24步"))
    assert approval[3] == "2026-09-01" and "例外说明：上级党委集中审批" in approval[5]
    assert "预备期满后3个月内审批转正" in approval[5]  # the rule it departs from, with its source
