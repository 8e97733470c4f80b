"""首页 on the sample branch: the reminders of every area in one list, charts with the branch's figures, a
reminder's 处理 button that opens the record it is about, and snoozing with a reason (nothing hidden)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from app.kit.context import Context
from app.kit.reminders import collect
from app.services.demo.sample_branch import create_demo_branch
from app.ui import messages
from app.ui.home.home_page import HomePage
from app.ui.home.reminder_table import COL_OPEN
from app.ui.home.snooze_dialog import SnoozeDialog
from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def no_exit_backup(monkeypatch):
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda db, on_exit=False, **kw: None)


@pytest.fixture
def sample(db):
    with db.transaction() as s:
        create_demo_branch(s)  # today: the pages of the window count from today too
    return db


def _loaded_page(qtbot, db) -> HomePage:
    page = HomePage(db)
    qtbot.addWidget(page)
    page.resize(1234, 700)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.show()
    return page


def _press_button(qtbot, page: HomePage, row: int) -> None:
    table = page.table
    index = table.model().index(row, COL_OPEN)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def _row_of(page: HomePage, predicate) -> int:
    return next(i for i, r in enumerate(page.table.reminder_model.reminders) if predicate(r))


def test_the_page_lists_every_areas_reminders_by_date_and_draws_the_charts(qtbot, sample, data_dir):
    page = _loaded_page(qtbot, sample)
    with sample.session() as s:
        expected = collect(Context(s, date.today(), 60, data_dir))
    shown = page.table.reminder_model.reminders
    assert [r.text for r in shown] == [r.text for r in expected]
    assert [r.due for r in shown] == sorted(r.due for r in shown)
    assert {r.area for r in shown} >= {"roster", "development", "dues", "meetings", "backup"}
    model = page.table.model()
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first == [f"{shown[0].due:%Y-%m-%d}", shown[0].area_title, shown[0].severity_label, shown[0].text, "处理"]
    assert f"共 {len(shown)} 项" in page.summary_label.text().replace("<b>", "").replace("</b>", "")
    assert page.snoozed_button.text() == "已暂缓 0 项"

    total = page.figures.member_total
    assert page.member_label.text() == f"在册党员 <b>{total}</b> 人" and total > 0
    for key in ("category", "gender", "age", "education", "party_age", "party_group"):
        chart = page.member_charts[key]
        assert chart.has_data() and sum(n for _label, n in chart.items) == total, key
    assert dict(page.member_charts["category"].items).keys() == {"正式党员", "预备党员"}
    assert page.dues_chart.has_data() and len(page.dues_chart.months) == 12
    assert "全年应交" in page.dues_chart.title
    assert page.calendar_chart.lines and "规范执行率" in page.calendar_chart.title
    assert page.grab().width() > 0  # paints without error


def test_a_reminders_button_opens_the_record_it_is_about(qtbot, sample, monkeypatch):
    opened = []

    def run_dialog(dialog: QDialog) -> bool:
        opened.append(dialog)
        return False

    monkeypatch.setattr(messages, "run_dialog", run_dialog)
    monkeypatch.setattr("app.ui.meetings.meetings_page.run_dialog", run_dialog)
    window = MainWindow(sample)
    qtbot.addWidget(window)
    window.show()
    home = window.page("home")
    assert window.stack.currentWidget() is home  # a fresh install opens on 首页
    qtbot.waitUntil(lambda: home.figures is not None, timeout=20_000)

    row = _row_of(home, lambda r: r.open_target.startswith("roster:member:"))
    member_id = int(home.table.reminder_model.reminders[row].open_target.rsplit(":", 1)[1])
    _press_button(qtbot, home, row)
    roster = window.page("roster")
    assert window.stack.currentWidget() is roster and window.nav.currentItem().text() == "花名册"
    assert roster.current_member_id() == member_id
    assert type(opened[-1]).__name__ == "MemberDialog"

    window.show_area("home")
    row = _row_of(home, lambda r: r.open_target.startswith("dues:arrears:"))
    member_id = int(home.table.reminder_model.reminders[row].open_target.rsplit(":", 1)[1])
    home.table.selectRow(row)
    qtbot.keyClick(home.table, Qt.Key.Key_Return)  # Enter opens the selected reminder
    dues = window.page("dues")
    assert window.stack.currentWidget() is dues and dues.tabs.currentWidget() is dues.arrears
    assert dues.arrears.model.keys[dues.arrears.table.currentIndex().row()] == member_id

    window.show_area("home")
    row = _row_of(home, lambda r: r.open_target.startswith("development:dev_person:"))
    person_id = int(home.table.reminder_model.reminders[row].open_target.rsplit(":", 1)[1])
    _press_button(qtbot, home, row)
    development = window.page("development")
    assert window.stack.currentWidget() is development and development.current_person_id() == person_id

    window.show_area("home")
    row = _row_of(home, lambda r: r.open_target.startswith("meetings:calendar:"))
    reminder = home.table.reminder_model.reminders[row]
    home.table.doubleClicked.emit(home.table.model().index(row, 3))  # a double-click opens it too
    meetings = window.page("meetings")
    assert window.stack.currentWidget() is meetings and meetings.tabs.currentIndex() == 0
    month = date.fromisoformat(reminder.open_target.rsplit(".", 1)[1]).month
    assert meetings.calendar.currentColumn() == month - 1

    window.open_target("meetings:meeting:1")  # a check's target: the record itself opens
    assert type(opened[-1]).__name__ == "MeetingDialog" and meetings.tabs.currentIndex() == 1

    # a write elsewhere while 首页 is hidden: its figures are read again when it is shown
    before = home.figures
    roster.membersChanged.emit()
    assert home.figures is before
    with qtbot.waitSignal(home.loaded, timeout=20_000):
        window.show_area("home")
    assert home.figures is not before


def test_a_snooze_needs_a_reason_and_shows_under_yizanhuan_until_ended(qtbot, sample, monkeypatch):
    page = _loaded_page(qtbot, sample)
    row = _row_of(page, lambda r: r.area == "dues")
    reminder = page.table.reminder_model.reminders[row]
    page.table.selectRow(row)
    seen = {}

    def fill(reason: str):
        def run_dialog(dialog: QDialog) -> bool:
            labels = [label.text() for label in dialog.findChildren(QLabel)]
            assert isinstance(dialog, SnoozeDialog) and any(reminder.text in text for text in labels)
            dialog.form.set_values({"until": date.today() + timedelta(days=10), "reason": reason})
            dialog.accept()
            seen["errors"] = [label.text() for label in dialog.form.findChildren(QLabel) if label.isVisibleTo(dialog)
                              and "请填写暂缓原因" in label.text()]
            return dialog.result() == QDialog.DialogCode.Accepted
        return run_dialog

    monkeypatch.setattr(messages, "run_dialog", fill("   "))
    assert page.snooze_current() is False  # no reason: refused beside the field, nothing snoozed
    assert seen["errors"] and seen["errors"][0].startswith("请填写暂缓原因")
    assert reminder in page.table.reminder_model.reminders

    monkeypatch.setattr(messages, "run_dialog", fill("已电话联系，本人下周补交"))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        assert page.snooze_current() is True
    assert reminder.key not in {r.key for r in page.table.reminder_model.reminders}
    assert page.snoozed_button.text() == "已暂缓 1 项" and page.snoozed_button.isEnabled()
    page.snoozed_button.click()
    assert page.snoozed_panel.isVisible()
    cells = [page.snoozed_table.item(0, c).text() for c in range(3)]
    assert cells == [f"{date.today() + timedelta(days=10):%Y-%m-%d}", "已电话联系，本人下周补交",
                     f"【党费】{reminder.text}"]

    with qtbot.waitSignal(page.loaded, timeout=20_000):
        assert page.end_current_snooze() is True
    assert reminder.key in {r.key for r in page.table.reminder_model.reminders}
    assert page.snoozed_button.text() == "已暂缓 0 项"
