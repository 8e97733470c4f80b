"""The 发展党员 page: one person walked from the application to 预备党员 through the dialogs, the way a user
does it (Enter saves), ending in the roster with the history linked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from app.models import Member
from app.services.development import steps as S
from app.services.development.people import linked_person
from app.ui import messages
from app.ui.development.development_page import DevelopmentPage
from app.ui.development.person_dialog import PersonDialog
from app.ui.development.step_dialog import StepDialog
from tests.services.development.dev_helpers import ADMISSION_PATH, TODAY, add_members, person_values


@pytest.fixture
def shown(monkeypatch):
    seen = {"errors": [], "confirms": []}
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a, **k: seen["errors"].append(text))

    def confirm(parent, text, *a, **k):
        seen["confirms"].append(text)
        return True

    monkeypatch.setattr(messages, "ask_confirm", confirm)
    return seen


@pytest.fixture
def page(qtbot, branch_db, tmp_path, shown):
    with branch_db.transaction() as s:
        add_members(s)
    view = DevelopmentPage(branch_db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                           today=TODAY)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _timeline_state(page, title: str) -> str:
    model = page.timeline_model
    for row in range(model.rowCount()):
        if model.item(row, 0).text() == title:
            return model.item(row, 1).text()
    raise AssertionError(title)


def test_walk_one_person_from_application_to_probationary_member(qtbot, page, branch_db, shown, monkeypatch):
    def fill_person(dialog: PersonDialog) -> int:
        dialog.show()
        values = person_values()
        dialog.name.setText(values["name"])  # typed with an input method; keyClicks sends Latin keys only
        qtbot.keyClicks(dialog.id_number, values["id_number"])
        dialog.education.setCurrentValue("大学本科")
        dialog.job_post.setText("数学教师")
        qtbot.keyClicks(dialog.mobile_phone, "13912345678")
        qtbot.keyClick(dialog.mobile_phone, Qt.Key.Key_Return)  # Enter saves
        return dialog.result()

    monkeypatch.setattr(PersonDialog, "exec", fill_person)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert shown["errors"] == []
    assert page.people_model.item(0, 0).text() == "周子轩"
    assert page.people_model.item(0, 1).text() == "入党申请人"
    assert _timeline_state(page, "第1步 递交入党申请书") == "可以办理"

    queue = list(ADMISSION_PATH)

    def fill_step(dialog: StepDialog) -> int:
        dialog.show()
        code, day, details = queue.pop(0)
        if code == S.ASSESSMENT:  # a further 考察 is picked from the list
            dialog.step.setCurrentIndex(dialog.step.findData(code))
        assert dialog.current_code() == code  # otherwise the dialog offers the next step first
        qtbot.keyClicks(dialog.step_date.lineEdit(), day.isoformat())
        if details == "contacts":
            dialog.check_members("contacts", ["王建国", "李秀英"])
        elif details == "sponsors":
            dialog.check_members("sponsors", ["张志强", "刘海燕"])
        else:
            for key, value in details.items():
                widget = dialog.fields[key]
                if hasattr(widget, "setValue"):
                    widget.setValue(value)
                elif hasattr(widget, "setCurrentValue"):
                    widget.setCurrentValue(value)
                elif hasattr(widget, "lineEdit"):
                    qtbot.keyClicks(widget.lineEdit(), value)
                else:
                    widget.setText(value)
        if code == S.BRANCH_ADMISSION:  # the vote's result is shown as the counts are typed
            assert dialog.vote_result.text() == "通过（赞成 6 票，超过应到会有表决权党员 6 人的半数）"
            dialog.fields["yes"].setValue(3)
            assert dialog.vote_result.text().startswith("赞成、反对、弃权合计 3 票")
            dialog.fields["no"].setValue(3)
            assert dialog.vote_result.text().startswith("未通过（赞成 3 票")
            dialog.fields["yes"].setValue(6)
            dialog.fields["no"].setValue(0)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", fill_step)
    while queue:
        before = len(queue)
        qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
        assert shown["errors"] == [], shown["errors"]
        assert len(queue) == before - 1
    assert "将作为预备党员登入花名册" in shown["confirms"][-1]
    assert page.people_model.item(0, 1).text() == "预备党员"
    assert _timeline_state(page, "第17步 上级党委审批（接收预备党员）") == "已完成"
    assert "已登入花名册：预备党员，加入党组织日期 2025-05-20" in page.person_label.text()
    with branch_db.session() as s:
        member = s.scalars(select(Member).where(Member.name == "周子轩")).one()
        assert (member.category, member.joined_date) == ("预备党员", date(2025, 5, 20))
        assert linked_person(s, member.id).status == S.ADMITTED
    page.grab().save("/tmp/development_page.png")

    from app.ui.roster.member_dialog import MemberDialog  # the member's page shows the history, linked

    dialog = MemberDialog(branch_db, member.id)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[-1] == "发展党员记录"
    table = dialog.tabs.widget(len(titles) - 1).history_table
    assert table.rowCount() == len(ADMISSION_PATH)
    assert table.item(0, 0).text() == "第1步 递交入党申请书" and table.item(0, 1).text() == "2024-01-10"


def test_a_refused_date_is_shown_in_chinese_and_the_dialog_stays_open(qtbot, page, branch_db, shown, monkeypatch):
    from app.services.development.people import save_person

    with branch_db.transaction() as s:
        save_person(s, person_values())
    page.refresh()
    page.select_person(page.people_model.item(0, 0).data(Qt.ItemDataRole.UserRole))

    def future(dialog: StepDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.step_date.lineEdit(), "2026-12-05")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
        assert dialog.isVisible()  # still open: the user corrects the date
        dialog.grab().save("/tmp/development_step_dialog.png")
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", future)
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    assert shown["errors"] == ["“第1步 递交入党申请书”的递交日期 2026-12-05 不能晚于今天。"]

    from app.services.development.recording import record_step

    with branch_db.transaction() as s:
        record_step(s, page.current_person_id(), S.APPLICATION, date(2026, 11, 2), today=TODAY)
    page.refresh()
    assert _timeline_state(page, "第1步 递交入党申请书") == "已完成"
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)  # entered by mistake: removed, after asking
    assert "删除周子轩最近登记的“第1步 递交入党申请书（2026-11-02）”" in shown["confirms"][-1]
    assert _timeline_state(page, "第1步 递交入党申请书") == "可以办理"
