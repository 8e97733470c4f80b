"""登记变更: the change-event dialog, driven through its widgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.kit.idcard import make_id_number
from app.models import Member, MemberEvent
from app.services.roster.members import list_members, save_member
from app.ui.roster.event_dialog import EventDialog, MonthEdit
from app.ui.roster.member_dialog import MemberDialog
from tests.ui.dialog_helpers import Messages, type_chinese


@pytest.fixture
def shown(monkeypatch) -> Messages:
    return Messages(monkeypatch)



def add_member(db, **over) -> int:
    values = {"name": "张三丰", "id_number": make_id_number("110105", date(1980, 3, 1), 11),
              "category": "正式党员", "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)}
    values.update(over)
    with db.transaction() as s:
        return save_member(s, values).id


def open_dialog(qtbot, db, member_id, kind=None) -> EventDialog:
    dialog = EventDialog(db, member_id, kind=kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def events(db) -> list[MemberEvent]:
    with db.session() as s:
        return list(s.scalars(select(MemberEvent)))


def test_transfer_out_is_confirmed_by_name_and_the_member_leaves_the_roster(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="transfer_out")
    assert dialog.current_kind() == "transfer_out"
    assert dialog.date_edit.date() == date.today()
    assert "将不再出现在在册名单中" in dialog._leave_hint.text()
    dialog.date_edit.setDate(date(2026, 3, 2))
    type_chinese(dialog.detail_widget("to_org"), "中共某区实验中学支部委员会")
    qtbot.keyClicks(dialog.detail_widget("letter_no"), "2026-017")
    qtbot.keyClicks(dialog.detail_widget("dues_paid_to_month").line, "2026.2")
    type_chinese(dialog.note_edit, "本人申请")

    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)

    assert shown.questions == ["确定登记 张三丰 组织关系转出？转出后将不再显示在在册名单中。"]
    assert shown.errors == []
    assert dialog.result() == QDialog.DialogCode.Accepted
    [event] = events(branch_db)
    assert dialog.saved_event_id == event.id
    assert (event.kind, event.event_date, event.note) == ("transfer_out", date(2026, 3, 2), "本人申请")
    assert event.details == {"to_org": "中共某区实验中学支部委员会", "letter_no": "2026-017",
                             "dues_paid_to_month": "2026-02"}
    with branch_db.session() as s:
        assert list_members(s) == []
        assert s.get(Member, member_id).roster_state == "已转出"


def test_declining_the_confirmation_records_nothing(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="death")
    shown.answer = False
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Return)
    assert shown.questions and "张三丰" in shown.questions[0]
    assert events(branch_db) == [] and dialog.isVisible()


def test_a_missing_required_detail_is_named_and_nothing_is_recorded(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="transfer_out")
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Return)
    assert len(shown.errors) == 1 and "转入单位" in shown.errors[0]
    assert dialog.focusWidget() is dialog.detail_widget("to_org")
    assert events(branch_db) == []
    with branch_db.session() as s:
        assert [m.name for m in list_members(s)] == ["张三丰"]


def test_a_bad_month_and_a_future_date_are_refused(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="transfer_out")
    type_chinese(dialog.detail_widget("to_org"), "某支部")
    qtbot.keyClicks(dialog.detail_widget("dues_paid_to_month").line, "2026-13")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert shown.errors[-1] == "“党费缴纳至年月”填写有误：“2026-13”不是有效的年月（月份应为 1 至 12）。"
    assert dialog.focusWidget() is dialog.detail_widget("dues_paid_to_month").line
    assert shown.questions == []  # refused before asking to confirm the transfer

    dialog.detail_widget("dues_paid_to_month").line.clear()
    dialog.date_edit.setDate(date.today() + timedelta(days=3))
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert "“变更日期”不能晚于今天" in shown.errors[-1]  # the service's own message, in Chinese
    assert events(branch_db) == [] and dialog.isVisible()


def test_kinds_that_do_not_apply_are_greyed_out_with_the_reason(qtbot, branch_db, shown):
    member_id = add_member(branch_db)  # a 正式党员, in good standing
    dialog = open_dialog(qtbot, branch_db, member_id, kind="become_full")
    combo = dialog.kind_combo
    index = combo.findData("become_full")
    assert not combo.model().item(index).isEnabled()
    assert combo.itemText(index) == "预备党员转正（不适用：张三丰不是预备党员）"
    assert dialog.current_kind() != "become_full"  # a kind that does not apply is not preselected
    assert combo.model().item(combo.findData("transfer_out")).isEnabled()


def test_extending_probation_with_a_choice_detail(qtbot, branch_db, shown):
    member_id = add_member(branch_db, category="预备党员", joined_date=date(2025, 9, 1), full_member_date=None)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="extend_probation")
    months = dialog.detail_widget("extension_months")
    months.setCurrentIndex(months.findData("6"))
    qtbot.keyClick(months, Qt.Key.Key_Return)
    assert shown.errors == [] and shown.questions == []  # stays on the roster: nothing to confirm
    with branch_db.session() as s:
        assert s.get(Member, member_id).probation_extended_months == 6


def test_the_member_dialog_history_tab_shows_a_recorded_event(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="go_mobile")
    type_chinese(dialog.detail_widget("destination"), "广东省深圳市")
    dialog.date_edit.setDate(date(2025, 2, 3))
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)

    member_dialog = MemberDialog(branch_db, member_id)
    qtbot.addWidget(member_dialog)
    table = member_dialog.events_table
    assert [table.item(0, c).text() for c in range(3)] == ["2025-02-03", "外出流动", "外出流向：广东省深圳市"]
    assert member_dialog.tabs.tabText(1) == "变更记录（1）"
    assert member_dialog.field_widget("is_mobile").isChecked()
    assert member_dialog.field_widget("mobile_destination").text() == "广东省深圳市"


@pytest.mark.parametrize("text,expected", [
    ("2026-4", "2026-04"), ("2026.04", "2026-04"), ("2026/4", "2026-04"), ("2026年4月", "2026-04"),
    ("202604", "2026-04"), ("", ""),
])
def test_month_text_is_normalised_when_leaving_the_field(qtbot, text, expected):
    edit = MonthEdit()
    qtbot.addWidget(edit)
    edit.line.setText(text)
    assert edit.validate() and edit.line.text() == expected and edit.value() == expected


def test_a_detail_is_a_date_because_its_spec_says_so(qtbot, branch_db, shown):
    from app.ui.widgets.optional_date_edit import OptionalDateEdit

    member_id = add_member(branch_db, category="预备党员", joined_date=date(2025, 2, 1), full_member_date=None)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="become_full")
    meeting = dialog.detail_widget("branch_meeting_date")
    assert isinstance(meeting, OptionalDateEdit)
    qtbot.keyClicks(meeting.lineEdit(), "2026.2.30")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert shown.errors[-1].startswith("“支部大会日期”填写有误：")
    assert dialog.focusWidget() is meeting.lineEdit() and events(branch_db) == []
    meeting.setDate(date(2026, 2, 24))
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert events(branch_db)[0].details == {"branch_meeting_date": "2026-02-24"}


def test_the_preselected_kind_applies_and_the_hint_stays_whole(qtbot, branch_db, shown):
    """For a 在册 正式党员 the dialog starts on 组织关系转出 (转入 does not apply); for a 预备党员 on 转正."""
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id)
    assert dialog.current_kind() == "transfer_out"
    hint = dialog._explain
    for index in range(dialog.kind_combo.count()):  # the hint keeps its end whatever kind is chosen
        if dialog.kind_combo.model().item(index).isEnabled():
            dialog.kind_combo.setCurrentIndex(index)
            qtbot.wait(1)
            assert hint.width() >= hint.sizeHint().width() and hint.height() >= hint.sizeHint().height()
            assert hint.text().endswith("括号中写明了原因。")
    probationary = add_member(branch_db, name="李玥", id_number=make_id_number("320102", date(1995, 5, 2), 22),
                              category="预备党员", full_member_date=None, joined_date=date(2025, 9, 1))
    assert open_dialog(qtbot, branch_db, probationary).current_kind() == "become_full"
