"""app.ui.messages.show_user_error: the one way a dialog shows a UserError (message, then the field focused)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from app.kit.errors import UserError
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.branch.branch_profile_dialog import BranchProfileDialog
from tests.ui.dialog_helpers import Messages


def test_the_message_is_shown_and_the_field_of_the_error_gets_the_cursor(qtbot, monkeypatch):
    shown = Messages(monkeypatch)
    form = QWidget()
    layout = QFormLayout(form)
    name, phone = QLineEdit(), QLineEdit()
    layout.addRow("姓名", name)
    layout.addRow("手机", phone)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    name.setFocus()
    phone.setText("1380000")

    messages.show_user_error(form, UserError("“手机”号码“1380000”格式不对", "mobile_phone"),
                             {"name": name, "mobile_phone": phone})

    assert shown.errors == ["“手机”号码“1380000”格式不对"]
    qtbot.waitUntil(lambda: phone.hasFocus())
    assert phone.selectedText() == "1380000"  # ready to be typed over


def test_an_error_without_a_known_field_only_shows_the_message(qtbot, monkeypatch):
    shown = Messages(monkeypatch)
    line = QLineEdit()
    qtbot.addWidget(line)
    messages.show_user_error(None, UserError("备份文件已损坏，无法使用。"), {"name": line})
    assert shown.errors == ["备份文件已损坏，无法使用。"]


def test_the_profile_dialog_focuses_the_groups_for_a_duplicate_group(qtbot, db, monkeypatch):
    create_qt_application()
    shown = Messages(monkeypatch)
    dialog = BranchProfileDialog(db, first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.full_name.insert("中共新区第二小学支部委员会")
    dialog.groups.setPlainText("第一党小组\n第一党小组\n")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert shown.errors == ["党小组名称有重复"]
    qtbot.waitUntil(lambda: dialog.groups.hasFocus())
    assert dialog.outcome == 0
