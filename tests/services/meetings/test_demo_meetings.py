"""The sample branch's 组织生活: the calendar with its two gaps and rate, the missing 支委会 recorded from
the last one (one absentee, a photo) closes its gap, and `due` shows the 换届 reminder."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.cli import main
from app.services.attachments import add_attachment, attachment_path, list_attachments
from app.services.demo.sample_branch import create_demo_branch
from app.services.meetings import kinds
from app.services.meetings.attendance import meeting_flags
from app.services.meetings.calendar import MISSING, compliance_calendar
from app.services.meetings.records import OWNER_KIND, draft_from_previous, list_meetings, save_meeting
from app.services.meetings.talks import list_talks

TODAY = date(2026, 11, 22)


@pytest.fixture
def sample(db):
    with db.transaction() as s:
        summary = create_demo_branch(s, today=TODAY)
    assert any(extra.startswith("组织生活：支部委员会 4 人") for extra in summary.extras)
    return db


def _gaps(db):
    with db.session() as s:
        calendar = compliance_calendar(s, 2026, TODAY)
        return calendar, [(r.kind, c.period.label) for r, c in calendar.missing()]


def test_the_sample_year_has_two_gaps_a_meeting_without_quorum_and_a_dozen_talks(sample, data_dir):
    calendar, gaps = _gaps(sample)
    assert gaps == [(kinds.COMMITTEE, "9月"), (kinds.THEME_DAY, "7月")]
    assert 0.9 < calendar.rate < 1
    with sample.session() as s:
        held = list_meetings(s, year=2026, status=kinds.HELD)
        flagged = [m for m in held if meeting_flags(s, m)]
        assert [m.kind for m in flagged] == [kinds.GENERAL]
        assert sum(m.kind == kinds.LIFE for m in held) == 1
        assert any(a.status != kinds.PRESENT and a.reason for m in held for a in m.attendance)
        assert len(list_talks(s, 2026)) == 12 and 0 < len(calendar.talks.uncovered) < len(calendar.talks.members)
        photos = [link for m in held for link in list_attachments(s, OWNER_KIND, m.id)]
        assert len(photos) == 1 and attachment_path(data_dir, photos[0]).read_bytes()[:2] == b"\xff\xd8"


def test_recording_the_missing_committee_meeting_from_the_last_one_closes_the_gap(sample, data_dir, tmp_path):
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    with sample.session() as s:
        draft = draft_from_previous(s, kinds.COMMITTEE, date(2026, 9, 9))
    absentee = next(mid for mid in _committee_ids(sample) if mid not in (draft.host_id, draft.recorder_id))
    from dataclasses import replace

    with sample.transaction() as s:
        meeting = save_meeting(s, replace(draft, absentees={absentee: (kinds.LEAVE, "外出培训")},
                                          topics=("研究教师节师德承诺活动",), content="会议研究了教师节活动。"),
                               today=TODAY)
        add_attachment(s, data_dir, OWNER_KIND, meeting.id, photo, caption="签到表")
    assert draft.held_at == datetime(2026, 9, 9, 16, 10) and draft.place == "学校三楼党员活动室"
    _calendar, gaps = _gaps(sample)
    assert gaps == [(kinds.THEME_DAY, "7月")]


def _committee_ids(db):
    from app.services.meetings.committee import committee_member_ids

    with db.session() as s:
        return sorted(committee_member_ids(s, date(2026, 9, 9)))


def test_due_shows_the_term_reminder_and_the_gaps(sample, data_dir, capsys):
    sample.dispose()
    assert main(["--data-dir", str(data_dir), "due", "--date", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "本届支部委员会任期将于 2027-04-22 届满（届满前 6 个月提醒）" in out
    assert "2026年9月的支部委员会没有记录（规定每月开展）" in out
    assert "2026年7月的主题党日没有记录" in out
    assert MISSING == "missing"
