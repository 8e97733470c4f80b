"""The member entry dialog, driven through its widgets as a user would (keys, Enter, Esc)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from sqlalchemy import select

from app.kit.idcard import make_id_number
from app.models import Member
from app.services.common.branch import list_groups
from app.services.roster.members import list_members, save_member
from app.ui.roster.event_dialog import EventDialog
from app.ui.roster.member_dialog import MemberDialog
from tests.ui.dialog_helpers import Messages, type_chinese

VALID_X_ID = "32010219880715019x"  # a valid number whose check digit is X, typed in lowercase


@pytest.fixture
def shown(monkeypatch) -> Messages:
    return Messages(monkeypatch)



def open_dialog(qtbot, db, member_id=None) -> MemberDialog:
    dialog = MemberDialog(db, member_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def date_line(dialog: MemberDialog, key: str) -> QLineEdit:
    return dialog.field_widget(key).lineEdit()


def saved_members(db) -> list[Member]:
    with db.session() as s:
        return list(s.scalars(select(Member)))


def add_member(db, **over) -> int:
    values = {"name": "张三丰", "id_number": make_id_number("110105", date(1980, 3, 1), 11),
              "category": "正式党员", "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1),
              "mobile_phone": "13812345678"}
    values.update(over)
    with db.transaction() as s:
        return save_member(s, values).id


def test_typing_the_id_number_fills_birth_date_and_sex_and_enter_saves(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    assert dialog.windowTitle() == "新增党员"
    type_chinese(dialog.field_widget("name"), "王珺")
    qtbot.keyClicks(dialog.field_widget("id_number"), VALID_X_ID)
    # filled as soon as the 18th character is typed, before leaving the field
    assert dialog.field_widget("birth_date").date() == date(1988, 7, 15)
    assert dialog.field_widget("gender").currentText() == "男"  # 17th digit 9 is odd
    assert "已按号码填写" in dialog.id_hint.text()
    qtbot.keyClicks(date_line(dialog, "joined_date"), "2012.7.1")
    type_chinese(date_line(dialog, "full_member_date"), "2013年7月1日")  # typed with an IME
    qtbot.keyClicks(dialog.field_widget("mobile_phone"), "13912345678")
    group = dialog.field_widget("party_group_id")
    qtbot.keyClick(group, Qt.Key.Key_Down)  # (未分组) → 第一党小组

    qtbot.keyClick(dialog.field_widget("mobile_phone"), Qt.Key.Key_Return)

    assert shown.errors == [] and shown.questions == []
    assert dialog.result() == QDialog.DialogCode.Accepted
    [member] = saved_members(branch_db)
    assert dialog.saved_member_id == member.id
    assert (member.name, member.id_number, member.birth_date, member.gender) == (
        "王珺", VALID_X_ID.upper(), date(1988, 7, 15), "男")
    assert (member.joined_date, member.full_member_date) == (date(2012, 7, 1), date(2013, 7, 1))
    assert member.mobile_phone == "13912345678" and member.roster_state == "在册"
    with branch_db.session() as s:
        assert member.party_group_id == list_groups(s)[0].id


def test_a_15_digit_number_is_converted_when_leaving_the_field(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    field = dialog.field_widget("id_number")
    qtbot.keyClicks(field, "320102880715123")
    field.editingFinished.emit()
    assert field.text() == "32010219880715123X"
    assert dialog.field_widget("birth_date").date() == date(1988, 7, 15)
    assert dialog.field_widget("gender").currentText() == "男"


def test_an_invalid_id_number_is_explained_and_nothing_is_saved(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    type_chinese(dialog.field_widget("name"), "李四")
    good = make_id_number("110105", date(1990, 5, 6), 21)
    wrong_last = "0" if good[-1] != "0" else "1"
    below = dialog.field_widget("birth_date")
    top = below.mapTo(dialog, below.rect().topLeft()).y()
    qtbot.keyClicks(dialog.field_widget("id_number"), good[:-1] + wrong_last)
    assert dialog.id_hint.isVisible()
    # not an invitation to change the last digit: the number is not valid, check every digit
    assert "不是有效的公民身份号码" in dialog.id_hint.text() and "逐位核对" in dialog.id_hint.text()
    assert "最后一位应为" not in dialog.id_hint.text()
    qtbot.wait(1)
    assert below.mapTo(dialog, below.rect().topLeft()).y() == top  # the form did not jump
    assert dialog.field_widget("birth_date").date() is None  # nothing filled from a bad number

    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Return)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert len(shown.errors) == 1 and "公民身份号码" in shown.errors[0] and "校验位" in shown.errors[0]
    assert dialog.focusWidget() is dialog.field_widget("id_number")
    assert saved_members(branch_db) == []


def test_blocking_issues_are_listed_and_the_first_bad_field_gets_focus(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    qtbot.keyClicks(dialog.field_widget("id_number"), VALID_X_ID)
    qtbot.keyClicks(date_line(dialog, "joined_date"), "2012-13-01")  # no 13th month
    qtbot.keyClicks(dialog.field_widget("mobile_phone"), "1391234")
    qtbot.keyClick(dialog.field_widget("mobile_phone"), Qt.Key.Key_Return)

    [text] = shown.errors
    assert "“姓名”不能为空" in text and "加入党组织日期" in text and "“手机”号码" in text
    assert text.index("姓名") < text.index("加入党组织日期") < text.index("手机")  # in form order
    assert dialog.focusWidget() is dialog.field_widget("name")
    assert "color: #d32f2f" in dialog._labels["mobile_phone"].styleSheet()
    assert saved_members(branch_db) == []


def test_a_warning_can_be_confirmed_or_not(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    type_chinese(dialog.field_widget("name"), "赵六")
    qtbot.keyClicks(dialog.field_widget("id_number"), VALID_X_ID)
    qtbot.keyClicks(date_line(dialog, "joined_date"), "2012-07-01")
    qtbot.keyClicks(date_line(dialog, "full_member_date"), "2014-01-01")  # 18 months: an extension?

    shown.answer = False
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Return)
    assert len(shown.questions) == 1 and "转为正式党员日期" in shown.questions[0]
    assert saved_members(branch_db) == [] and dialog.isVisible()

    shown.answer = True
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Return)
    assert [m.name for m in saved_members(branch_db)] == ["赵六"]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_probationary_member_has_no_full_member_date_field(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    type_chinese(dialog.field_widget("name"), "钱七")
    qtbot.keyClicks(dialog.field_widget("id_number"), VALID_X_ID)
    qtbot.keyClicks(date_line(dialog, "joined_date"), "2026-01-05")
    qtbot.keyClicks(date_line(dialog, "full_member_date"), "2027-01-05")
    dialog.field_widget("category").setCurrentText("预备党员")
    assert not dialog.field_widget("full_member_date").isEnabled()
    assert dialog.field_widget("full_member_date").date() is None
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Return)
    assert shown.errors == []
    [member] = saved_members(branch_db)
    assert (member.category, member.full_member_date) == ("预备党员", None)


def test_tab_walks_the_fields_box_by_box(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    dialog.field_widget("name").setFocus()
    visited = [dialog.focusWidget()]
    for _ in range(len(dialog.field_order()) + 1):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        visited.append(dialog.focusWidget())
    enabled = [k for k in dialog.field_order() if dialog.field_widget(k).isEnabled()]
    expected = [dialog._focus_target(k) for k in enabled]
    assert visited[:len(expected)] == expected
    assert visited[len(expected)] is dialog.save_button
    # the first boxes in order: 基本信息 then 党籍信息
    assert enabled[:4] == ["name", "gender", "ethnicity", "id_number"]
    assert enabled.index("native_place") < enabled.index("category") < enabled.index("job_post")


def test_enter_in_notes_is_a_new_line_and_ctrl_enter_saves(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    type_chinese(dialog.field_widget("name"), "孙八")
    qtbot.keyClicks(dialog.field_widget("id_number"), VALID_X_ID)
    qtbot.keyClicks(date_line(dialog, "joined_date"), "2012-07-01")
    qtbot.keyClicks(date_line(dialog, "full_member_date"), "2013-07-01")
    notes = dialog.field_widget("notes")
    type_chinese(notes, "第一行")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    type_chinese(notes, "第二行")
    assert saved_members(branch_db) == [] and dialog.isVisible()
    qtbot.keyClick(notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [member] = saved_members(branch_db)
    assert member.notes == "第一行\n第二行"


def test_escape_asks_before_discarding_typed_text(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert shown.questions == [] and dialog.result() == QDialog.DialogCode.Rejected

    dialog = open_dialog(qtbot, branch_db)
    type_chinese(dialog.field_widget("name"), "周九")
    shown.answer = False
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Escape)
    assert shown.questions == ["放弃修改"] and dialog.isVisible()
    shown.answer = True
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert saved_members(branch_db) == []


def test_ethnicity_accepts_list_values_typed_as_pinyin_initials(qtbot, branch_db, shown):
    dialog = open_dialog(qtbot, branch_db)
    combo = dialog.field_widget("ethnicity")
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "wwe")
    combo.lineEdit().editingFinished.emit()
    assert combo.currentText() == "维吾尔族" and combo.currentValue() == "维吾尔族"

    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "xyz")
    combo.lineEdit().editingFinished.emit()
    type_chinese(dialog.field_widget("name"), "吴十")
    qtbot.keyClicks(dialog.field_widget("id_number"), VALID_X_ID)
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Return)
    assert shown.errors and "“民族”应从列表中选择" in shown.errors[0]
    assert saved_members(branch_db) == []


def test_editing_shows_state_and_the_audit_tab_shows_the_change(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id)
    assert dialog.windowTitle() == "编辑党员：张三丰"
    assert "在册" in dialog.status_label.text()
    phone = dialog.field_widget("mobile_phone")
    phone.selectAll()
    qtbot.keyClicks(phone, "13700001111")
    qtbot.keyClick(phone, Qt.Key.Key_Return)
    assert shown.errors == [] and dialog.saved_member_id == member_id

    again = open_dialog(qtbot, branch_db, member_id)
    table = again.audit_table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert ["修改", "手机", "13812345678", "13700001111"] in [row[1:] for row in rows]
    assert ["新增", "姓名", "", "张三丰"] in [row[1:] for row in rows]  # the record's creation, too


def test_recording_an_event_from_the_history_tab(qtbot, branch_db, shown):
    member_id = add_member(branch_db)
    dialog = open_dialog(qtbot, branch_db, member_id)
    assert dialog.events_table.rowCount() == 0

    def fill_event_dialog() -> None:
        event_dialog = QApplication.activeModalWidget()
        assert isinstance(event_dialog, EventDialog)
        event_dialog.kind_combo.setCurrentIndex(event_dialog.kind_combo.findData("transfer_out"))
        event_dialog.date_edit.setDate(date(2026, 3, 2))
        type_chinese(event_dialog.detail_widget("to_org"), "中共某区实验中学支部委员会")
        qtbot.keyClick(event_dialog.note_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill_event_dialog)
    assert dialog.open_event_dialog() is True

    assert shown.questions == ["确定登记 张三丰 组织关系转出？转出后将不再显示在在册名单中。"]
    table = dialog.events_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(3)] == [
        "2026-03-02", "组织关系转出", "转入单位：中共某区实验中学支部委员会"]
    assert dialog.windowTitle() == "编辑党员：张三丰（已转出）"
    assert "已转出" in dialog.status_label.text() and "2026-03-02" in dialog.status_label.text()
    with branch_db.session() as s:
        assert list_members(s) == []
    # the member changed even though the user now just closes the dialog: the caller must refresh
    qtbot.keyClick(dialog.field_widget("name"), Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_member_id == member_id


def test_a_mistaken_transfer_out_is_voided_from_the_history_tab(qtbot, branch_db, shown, monkeypatch):
    from app.services.roster.member_events import record_event
    from app.ui.roster.void_dialog import VoidEventDialog

    member_id = add_member(branch_db)
    with branch_db.transaction() as s:
        record_event(s, member_id, "transfer_out", date(2026, 3, 2), {"to_org": "某中学支部"})
    dialog = open_dialog(qtbot, branch_db, member_id)
    assert dialog.void_event_button.isEnabled()
    asked = []

    def answer(void: VoidEventDialog) -> int:
        asked.append(void.windowTitle())
        void.reason_edit.setText("登记错了人")
        void.accept()
        return void.result()

    monkeypatch.setattr(VoidEventDialog, "exec", answer)
    assert dialog.void_latest_event() is True
    assert asked == ["撤销变更：张三丰"]
    table = dialog.events_table
    assert [table.item(0, c).text() for c in (1, 3)] == ["组织关系转出（已撤销）", "撤销原因：登记错了人"]
    assert dialog.windowTitle() == "编辑党员：张三丰" and not dialog.void_event_button.isEnabled()
    with branch_db.session() as s:
        assert [m.id for m in list_members(s)] == [member_id]  # back on the roster


def test_voiding_without_a_reason_is_refused_and_changes_nothing(qtbot, branch_db, shown, monkeypatch):
    from app.services.roster.member_events import record_event
    from app.ui.roster.void_dialog import NO_REASON, VoidEventDialog

    member_id = add_member(branch_db)
    with branch_db.transaction() as s:
        record_event(s, member_id, "death", date(2026, 3, 2))
    dialog = open_dialog(qtbot, branch_db, member_id)
    seen = []

    def answer(void: VoidEventDialog) -> int:
        void.accept()  # no reason typed
        seen.append(void.error_label.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(VoidEventDialog, "exec", answer)
    assert dialog.void_latest_event() is False
    assert seen == [NO_REASON]
    with branch_db.session() as s:
        assert list_members(s) == []


def test_a_long_address_shows_its_start(qtbot, branch_db, shown):
    address = "示例市城东区解放路239号锦绣华庭小区东门进去左手第二栋20幢504室"
    dialog = open_dialog(qtbot, branch_db, add_member(branch_db, home_address=address))
    field = dialog.field_widget("home_address")
    assert field.text() == address and field.cursorPosition() == 0
