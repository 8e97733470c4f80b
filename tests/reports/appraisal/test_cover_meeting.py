"""The 评议情况报告 and the 登记表 print the round's meeting: the linked 组织生活会 record (date, kind, place,
title), or the date and place typed on a round with no record."""

from datetime import date, datetime

from pypdf import PdfReader

from app.reports.appraisal.cover_report import write_cover_report
from app.reports.appraisal.member_form import write_member_forms
from app.services.appraisal.meeting_link import link_meeting
from app.services.appraisal.queries import require_round
from app.services.appraisal.rounds import create_round
from app.services.meetings import kinds
from tests.services.appraisal.helpers import add_meeting, add_member


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_report_prints_the_linked_meeting(branch_db, tmp_path):
    with branch_db.transaction() as s:
        add_member(s, "王建国")
        add_member(s, "李秀英")
        meeting = add_meeting(s, kinds.LIFE, datetime(2026, 12, 18, 14, 30), place="学校四楼会议室",
                              title="2026年度组织生活会暨民主评议党员大会")
        create_round(s, 2026, date(2026, 12, 18), meeting_date=date(2026, 12, 19), meeting_place="会议室")
        link_meeting(s, require_round(s, 2026), meeting)
        write_cover_report(s, tmp_path / "报告.pdf", "pdf", year=2026)
        write_member_forms(s, tmp_path / "登记表.pdf", "pdf", year=2026, person="王建国")
    lines = _text(tmp_path / "报告.pdf").split("\n")
    assert "民主测评日期 2026-12-18 评议会议日期 2026-12-18" in lines
    assert "评议会议 组织生活会（2026年度组织生活会暨民主评议党员大会），地点：学校四楼会议室" in lines
    form = _text(tmp_path / "登记表.pdf").replace("\n", "")
    assert "2026-12-18 组织生活会 学校四楼会议室（2026年度组织生活会暨民主评议党员大会）" in form


def test_without_a_record_the_typed_date_and_place(branch_db, tmp_path):
    with branch_db.transaction() as s:
        add_member(s, "王建国")
        create_round(s, 2026, date(2026, 12, 18), meeting_date=date(2026, 12, 19), meeting_place="学校会议室")
        write_cover_report(s, tmp_path / "报告.pdf", "pdf", year=2026)
    lines = _text(tmp_path / "报告.pdf").split("\n")
    assert "民主测评日期 2026-12-18 评议会议日期 2026-12-19" in lines
    assert "评议会议 地点：学校会议室" in lines
