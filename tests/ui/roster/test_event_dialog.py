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
from app.ui.roster.event_dialog import EventDialog, normalise_month
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
    dialog = open_dialog(qtbot, branch_db, member_id, kind="组织关系转出")
    assert dialog.current_kind() == "组织关系转出"
    assert dialog.date_edit.date() == date.today()
    assert "将不再出现在在册名单中" in dialog._leave_hint.text()
    dialog.date_edit.setDate(date(2026, 3, 2))
    type_chinese(dialog.detail_widget("转入单位"), "中共某区实验中学支部委员会")
    qtbot.keyClicks(dialog.detail_widget("介绍信编号"), "2026-017")
    qtbot.keyClicks(dialog.detail_widget("党费缴纳至年月").line, "2026.2")
    type_chinese(dialog.note_edit, "本人申请")

    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)

    assert shown.questions == ["确定登记 张三丰 组织关系转出？转出后将不再显示在在册名单中。"]
    assert shown.errors == []
    assert dialog.result() == QDialog.DialogCode.Accepted
    [event] = events(branch_db)
    assert dialog.saved_event_id == event.id
    assert (event.kind, event.event_date, event.note) == ("组织关系转出", date(2026, 3, 2), "本人申请")
    assert event.details == {"转入单位": "中共某区实验中学支部委员会", "介绍信编号": "2026-017",
                             "党费缴纳至年月": "2026-02"}
    with branch_db.session() as s:
        assert list_members(s) == []
        assert s.get(Member, member_id).roster_state == "已转出"


def test_declining_the_confirmation_records_nothing(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="去世")
    shown.answer = False
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Return)
    assert shown.questions and "张三丰" in shown.questions[0]
    assert events(branch_db) == [] and dialog.isVisible()


def test_a_missing_required_detail_is_named_and_nothing_is_recorded(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="组织关系转出")
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Return)
    assert len(shown.errors) == 1 and "转入单位" in shown.errors[0]
    assert dialog.focusWidget() is dialog.detail_widget("转入单位")
    assert events(branch_db) == []
    with branch_db.session() as s:
        assert [m.name for m in list_members(s)] == ["张三丰"]


def test_a_bad_month_and_a_future_date_are_refused(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="组织关系转出")
    type_chinese(dialog.detail_widget("转入单位"), "某支部")
    qtbot.keyClicks(dialog.detail_widget("党费缴纳至年月").line, "2026-13")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert "党费缴纳至年月" in shown.errors[-1] and "2026-04" in shown.errors[-1]

    dialog.detail_widget("党费缴纳至年月").line.clear()
    dialog.date_edit.setDate(date.today() + timedelta(days=3))
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert "“变更日期”不能晚于今天" in shown.errors[-1]  # the service's own message, in Chinese
    assert events(branch_db) == [] and dialog.isVisible()


def test_kinds_that_do_not_apply_are_greyed_out_with_the_reason(qtbot, branch_db, shown):
    member_id = add_member(branch_db)  # a 正式党员, in good standing
    dialog = open_dialog(qtbot, branch_db, member_id, kind="预备党员转正")
    combo = dialog.kind_combo
    index = combo.findData("预备党员转正")
    assert not combo.model().item(index).isEnabled()
    assert combo.itemText(index) == "预备党员转正（不适用：张三丰不是预备党员）"
    assert dialog.current_kind() != "预备党员转正"  # a kind that does not apply is not preselected
    assert combo.model().item(combo.findData("组织关系转出")).isEnabled()


def test_extending_probation_with_a_choice_detail(qtbot, branch_db, shown):
    member_id = add_member(branch_db, category="预备党员", joined_date=date(2025, 9, 1), full_member_date=None)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="延长预备期")
    months = dialog.detail_widget("延长期限（月）")
    months.setCurrentIndex(months.findData("6"))
    qtbot.keyClick(months, Qt.Key.Key_Return)
    assert shown.errors == [] and shown.questions == []  # stays on the roster: nothing to confirm
    with branch_db.session() as s:
        assert s.get(Member, member_id).probation_extended_months == 6


def test_the_member_dialog_history_tab_shows_a_recorded_event(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id, kind="外出流动")
    type_chinese(dialog.detail_widget("外出流向"), "广东省深圳市")
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
def test_month_text_is_normalised(text, expected):
    assert normalise_month(text) == expected
