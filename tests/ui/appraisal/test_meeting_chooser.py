"""The round's page: choose the 组织生活会 where the appraisal was held from the year's meeting records; the
round's meeting date and place then come from the record (the 评议信息 dialog shows them, not editable);
未关联 keeps the typed ones."""

from datetime import date, datetime

import pytest

from app.services.appraisal.queries import require_round
from app.services.appraisal.rounds import create_round
from app.services.meetings import kinds
from app.ui import messages
from app.ui.appraisal.appraisal_page import AppraisalPage
from app.ui.appraisal.round_dialogs import RoundInfoDialog
from tests.services.appraisal.helpers import add_meeting, add_member

TODAY = date(2026, 12, 20)


@pytest.fixture
def page(branch_db, qtbot, monkeypatch):
    with branch_db.transaction() as s:
        for name in ("王建国", "李秀英", "张志强"):
            add_member(s, name)
        add_meeting(s, kinds.GENERAL, datetime(2026, 3, 20, 15, 40))
        add_meeting(s, kinds.LIFE, datetime(2026, 12, 18, 14, 30), place="学校四楼会议室")
        add_meeting(s, kinds.COMMITTEE, datetime(2026, 12, 8, 16, 10))
        create_round(s, 2026, date(2026, 12, 18), meeting_date=date(2026, 12, 19), meeting_place="会议室")
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="": shown.append(text))
    widget = AppraisalPage(branch_db, today=TODAY)
    widget.shown = shown
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def _choices(page) -> list[str]:
    return [page.meeting_combo.itemText(i) for i in range(page.meeting_combo.count())]


def test_choose_the_meeting_record_and_back_to_unlinked(page, qtbot, branch_db, monkeypatch):
    assert _choices(page) == ["未关联会议记录（日期和地点在“评议信息”中填写）",
                              "2026-03-20　支部党员大会　2026年第1次支部党员大会",
                              "2026-12-18　组织生活会　2026年第1次组织生活会"]
    assert "尚未关联" in page.meeting_hint.text()
    page.grab().save("/tmp/appraisal_meeting_unlinked.png")
    page.meeting_combo.setFocus()
    page.meeting_combo.setCurrentIndex(2)
    page.meeting_combo.activated.emit(2)  # what choosing with the keyboard or the mouse sends
    assert page.shown == []
    assert "会议：2026-12-18 组织生活会 学校四楼会议室（2026年第1次组织生活会）" in page.status_label.text()
    assert page.meeting_combo.currentText() == "2026-12-18　组织生活会　2026年第1次组织生活会"
    assert page.meeting_hint.text() == "评议会议的日期和地点取自所选的会议记录。"
    page.grab().save("/tmp/appraisal_meeting_linked.png")
    with branch_db.session() as s:
        rnd = require_round(s, 2026)
        assert (rnd.meeting_date, rnd.meeting_place) == (date(2026, 12, 18), "学校四楼会议室")

    seen = {}

    def look(dialog: RoundInfoDialog) -> int:
        seen["date_enabled"] = dialog.meeting_date.isEnabled()
        seen["place"] = dialog.place.text()
        dialog.grab().save("/tmp/appraisal_info_linked.png")
        return 0

    monkeypatch.setattr(RoundInfoDialog, "exec", look)
    page.edit_info()
    assert seen == {"date_enabled": False, "place": "学校四楼会议室"}

    page.meeting_combo.setCurrentIndex(0)
    page.meeting_combo.activated.emit(0)
    with branch_db.session() as s:
        rnd = require_round(s, 2026)
        assert rnd.meeting_id is None and rnd.meeting_place == "学校四楼会议室"  # kept, to correct by hand
    assert "尚未关联" in page.meeting_hint.text()
