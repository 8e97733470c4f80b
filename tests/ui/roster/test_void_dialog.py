"""撤销变更 from the roster: the right-click menu and the button beside 登记变更…, the reason asked in a
dialog that stays open with its message beside the field when the reason is empty."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from app.kit.idcard import make_id_number
from app.services.roster.member_events import record_event
from app.services.roster.members import list_members, save_member
from app.ui.roster.roster_page import RosterPage
from app.ui.roster.void_dialog import NO_REASON, VoidEventDialog
from tests.ui.dialog_helpers import Messages


@pytest.fixture
def shown(monkeypatch) -> Messages:
    return Messages(monkeypatch)


def add_transferred_out(db) -> int:
    with db.transaction() as s:
        member_id = save_member(s, {"name": "张三丰", "id_number": make_id_number("110105", date(1980, 3, 1), 11),
                                    "category": "正式党员", "joined_date": date(2005, 6, 1),
                                    "full_member_date": date(2006, 6, 1)}).id
    with db.transaction() as s:
        record_event(s, member_id, "transfer_out", date(2026, 3, 2), {"to_org": "某中学支部"})
    return member_id


def test_void_from_the_right_click_menu_keeps_the_dialog_open_without_a_reason(
        qtbot, branch_db, shown, tmp_path, monkeypatch):
    member_id = add_transferred_out(branch_db)
    page = RosterPage(branch_db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(page)
    page.former_check.setChecked(True)
    assert page.select_member(member_id)
    assert page.void_button.isEnabled() and page.void_button.text() == "撤销变更…"
    actions = [a.text() for a in page.row_menu().actions() if a.text()]
    assert actions == ["编辑…", "登记变更…", "撤销最近一条变更…", "打印基本信息采集表…", "删除（仅限误录）…"]

    seen = {}

    def drive(dialog: VoidEventDialog) -> int:
        dialog.show()
        assert "2026-03-02 组织关系转出" in dialog.findChildren(type(dialog.error_label))[0].text()
        height = dialog.sizeHint().height()
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # no reason: refused, dialog still open
        seen["refused"] = (dialog.isVisible(), dialog.error_label.text(), dialog.sizeHint().height() == height)
        dialog.reason_edit.setText("登记错了人")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(VoidEventDialog, "exec", drive)
    void = next(a for a in page.row_menu().actions() if a.text() == "撤销最近一条变更…")
    with qtbot.waitSignal(page.membersChanged):
        void.trigger()
    assert seen["refused"] == (True, NO_REASON, True)
    assert shown.errors == []
    with branch_db.session() as s:
        assert [m.id for m in list_members(s)] == [member_id]  # back on the roster


def test_a_member_without_events_is_told_so(qtbot, branch_db, shown, tmp_path, monkeypatch):
    with branch_db.transaction() as s:
        member_id = save_member(s, {"name": "李四", "id_number": make_id_number("110105", date(1981, 3, 1), 13),
                                    "category": "正式党员", "joined_date": date(2005, 6, 1),
                                    "full_member_date": date(2006, 6, 1)}).id
    page = RosterPage(branch_db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(page)
    page.select_member(member_id)
    monkeypatch.setattr(VoidEventDialog, "exec", lambda d: pytest.fail("no dialog without an event"))
    page.void_button.click()
    assert shown.errors == ["该党员没有可以撤销的变更记录。"]
    assert QDialog  # imported for the type of result()
