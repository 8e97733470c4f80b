"""The shared record form as a new area's entry dialog uses it (a made-up 会议记录): specs in, a values
dict out, Tab order box by box, a field's error shown beside it and focused, Enter saves, Esc cancels."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from app.kit.errors import UserError
from app.ui.application import create_qt_application
from app.ui.widgets.record_form import (
    BOOL,
    CHOICE,
    DATE,
    LONG_TEXT,
    SEARCHABLE_CHOICE,
    TEXT,
    FormField,
    RecordDialog,
    RecordForm,
)
from tests.ui.dialog_helpers import Messages, type_chinese

FIELDS = [
    FormField("held_on", "会议日期", DATE, group="会议", required=True),
    FormField("kind", "会议类型", CHOICE, group="会议", choices=("支部党员大会", "党小组会", "党课")),
    FormField("place", "地点", SEARCHABLE_CHOICE, group="会议", choices=tuple(f"{n}号会议室" for n in range(1, 25))),
    FormField("group_id", "党小组", CHOICE, group="会议", items=(("（全支部）", None), ("第一党小组", 7)), empty=None),
    FormField("host", "主持人", TEXT, group="人员", placeholder="姓名"),
    FormField("is_joint", "联合召开", BOOL, group="人员"),
    FormField("minutes", "会议记录", LONG_TEXT, group="内容", show_label=False),
]
COLUMNS = [["会议", "人员"], ["内容"]]


@pytest.fixture
def shown(monkeypatch) -> Messages:
    return Messages(monkeypatch)


def labels(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible() and label.text()]


def test_values_in_and_out_by_field_kind(qtbot):
    create_qt_application()
    form = RecordForm(FIELDS, columns=COLUMNS)
    qtbot.addWidget(form)
    form.show()
    assert form.values() == {"held_on": None, "kind": "", "place": "", "group_id": None, "host": "",
                             "is_joint": False, "minutes": ""}
    values = {"held_on": date(2026, 3, 2), "kind": "党课", "place": "3号会议室", "group_id": 7,
              "host": "王建国", "is_joint": True, "minutes": "学习两会精神"}
    form.set_values(values)
    assert form.values() == values
    assert form.widget("held_on").lineEdit().text() == "2026-03-02"
    assert form.widget("group_id").currentText() == "第一党小组"
    assert "会议日期 *" in labels(form) and "会议记录" not in labels(form)  # the box title says it
    assert [box.title() for box in form.boxes.values()] == ["会议", "人员", "内容"]
    assert form.widget("host").placeholderText() == "姓名"


def test_tab_walks_the_boxes_in_column_order(qtbot):
    create_qt_application()
    form = RecordForm(FIELDS, columns=COLUMNS)
    qtbot.addWidget(form)
    form.set_tab_order()
    form.show()
    qtbot.waitExposed(form)
    assert form.field_order() == ["held_on", "kind", "place", "group_id", "host", "is_joint", "minutes"]
    form.focus("held_on")
    visited = [form.focusWidget()]
    for _ in range(len(FIELDS) - 1):
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        visited.append(form.focusWidget())
    assert visited == [form.focus_target(k) for k in form.field_order()]


def test_what_only_the_widgets_know_is_reported(qtbot):
    create_qt_application()
    form = RecordForm(FIELDS, columns=COLUMNS)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.widget("held_on").lineEdit(), "2026.13.40")
    form.widget("place").setEditText("礼堂")
    errors = dict(form.local_errors())
    assert set(errors) == {"held_on", "place"}
    assert errors["held_on"].startswith("“会议日期”填写有误")
    assert errors["place"] == "“地点”应从列表中选择，“礼堂”不在列表中"


def save_meeting(saved: list):
    def save(values: dict) -> int:
        if not values["host"]:
            raise UserError("请填写主持人。", field="host")
        if values["held_on"] and values["held_on"] > date(2026, 12, 1):
            raise UserError("会议日期不能晚于今天。")
        saved.append(values)
        return 41

    return save


def test_enter_saves_and_a_user_error_is_shown_beside_its_field(qtbot, shown):
    create_qt_application()
    saved: list = []
    dialog = RecordDialog("新增会议记录", FIELDS, save_meeting(saved), columns=COLUMNS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.form.focus_target("held_on")
    qtbot.keyClicks(dialog.form.widget("held_on").lineEdit(), "2026.3.2")
    qtbot.keyClick(dialog.form.widget("held_on").lineEdit(), Qt.Key.Key_Return)
    assert not saved and dialog.isVisible()
    assert "请填写主持人。" in labels(dialog)  # under the field
    assert "color: #d32f2f" in dialog.form.labels["host"].styleSheet()
    assert dialog.focusWidget() is dialog.form.widget("host") and not shown.errors

    type_chinese(dialog.form.widget("host"), "王建国")  # typing clears the mark
    assert "请填写主持人。" not in labels(dialog) and dialog.form.labels["host"].styleSheet() == ""
    qtbot.keyClick(dialog.form.widget("host"), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved == 41
    assert saved[0]["held_on"] == date(2026, 3, 2) and saved[0]["host"] == "王建国"


def test_an_error_naming_no_field_comes_as_a_message(qtbot, shown):
    create_qt_application()
    dialog = RecordDialog("新增会议记录", FIELDS, save_meeting([]),
                          values={"held_on": date(2026, 12, 24), "host": "王建国"}, columns=COLUMNS)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert shown.errors == ["会议日期不能晚于今天。"] and dialog.isVisible()


def test_ctrl_enter_in_a_long_text_saves_and_esc_asks_before_discarding(qtbot, shown):
    create_qt_application()
    saved: list = []
    dialog = RecordDialog("新增会议记录", FIELDS, save_meeting(saved), values={"host": "陈静"}, columns=COLUMNS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    notes = dialog.form.widget("minutes")
    type_chinese(notes, "第一行")
    qtbot.keyClick(notes, Qt.Key.Key_Return)  # a new line, not a save
    assert not saved
    shown.answer = False  # Esc: "放弃修改?" — no, keep typing
    qtbot.keyClick(notes, Qt.Key.Key_Escape)
    assert shown.questions and dialog.isVisible()
    qtbot.keyClick(notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved and saved[0]["minutes"] == "第一行"


def test_months_and_money_for_the_dues_kind_of_form(qtbot):
    from decimal import Decimal

    from app.ui.widgets.record_form import DECIMAL, MONTH

    create_qt_application()
    form = RecordForm([FormField("month", "缴费月份", MONTH, group="党费"),
                       FormField("amount", "缴纳金额（元）", DECIMAL, group="党费")])
    qtbot.addWidget(form)
    assert form.values() == {"month": None, "amount": None} and not form.local_errors()
    type_chinese(form.widget("month"), "2026年3月")
    qtbot.keyClicks(form.widget("amount"), "12.50")
    assert form.values() == {"month": "2026-03", "amount": Decimal("12.50")}
    assert isinstance(form.value("amount"), Decimal)
    form.set_values({"month": "2025-12", "amount": Decimal("0.20")})
    assert form.widget("month").text() == "2025-12" and form.widget("amount").text() == "0.20"
    form.widget("month").setText("2026-13")
    form.widget("amount").setText("十二元")
    assert form.values() == {"month": None, "amount": None}
    errors = dict(form.local_errors())
    assert errors["month"].startswith("“缴费月份”填写有误：") and "1 至 12" in errors["month"]
    assert errors["amount"] == "“缴纳金额（元）”应填写数字，如 12.50，“十二元”不是数字"


def test_an_unknown_kind_is_refused_when_building(qtbot):
    create_qt_application()
    with pytest.raises(ValueError, match="money"):
        RecordForm([FormField("amount", "金额", "money", group="党费")])
