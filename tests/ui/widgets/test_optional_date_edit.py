"""OptionalDateEdit: a date field that may be empty, typed in the common Chinese ways."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from app.ui.widgets.optional_date_edit import OptionalDateEdit


@pytest.fixture
def edit(qtbot) -> OptionalDateEdit:
    widget = OptionalDateEdit()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_starts_empty_and_setdate_none_empties_it(edit):
    assert edit.date() is None and edit.text() == ""
    edit.setDate(date(2020, 1, 2))
    assert edit.date() == date(2020, 1, 2) and edit.text() == "2020-01-02"
    edit.setDate(None)
    assert edit.date() is None and edit.text() == ""


def test_typing_gives_the_date_and_leaving_reformats_it(qtbot, edit):
    changes = []
    edit.dateChanged.connect(changes.append)
    qtbot.keyClicks(edit.lineEdit(), "2024.3.1")
    assert edit.date() == date(2024, 3, 1)
    edit.lineEdit().editingFinished.emit()
    assert edit.text() == "2024-03-01"
    assert changes[-1] == date(2024, 3, 1)


def test_date_typed_with_an_input_method(edit):
    event = QInputMethodEvent()
    event.setCommitString("2024年3月1日")
    QApplication.sendEvent(edit.lineEdit(), event)
    assert edit.date() == date(2024, 3, 1)


def test_invalid_text_shows_a_red_hint_and_is_not_taken_as_a_date(qtbot, edit):
    edit.setDate(date(2020, 1, 2))
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit.lineEdit(), "2024-02-30")
    edit.lineEdit().editingFinished.emit()
    assert edit.date() is None  # not the old date, not some nearby date
    assert edit.hasError() and "不是有效的日期" in edit.errorText()
    assert edit._hint.isVisible() and "不是有效的日期" in edit._hint.text()
    assert "#d32f2f" in edit.lineEdit().styleSheet()
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit.lineEdit(), "2024-02-29")
    assert edit.date() == date(2024, 2, 29) and not edit.hasError() and not edit._hint.isVisible()


def test_clearing_the_text_or_delete_makes_it_empty(qtbot, edit):
    changes = []
    edit.setDate(date(2020, 1, 2))
    edit.dateChanged.connect(changes.append)
    edit.lineEdit().selectAll()  # as after Tab into the field
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Delete)
    assert edit.date() is None and edit.text() == "" and changes == [None]

    edit.setDate(date(2020, 1, 2))
    edit.lineEdit().end(False)
    for _ in range(10):
        qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Backspace)
    assert edit.date() is None and not edit.hasError()


def test_calendar_popup_picks_a_date_from_the_keyboard(qtbot, edit):
    edit.setDate(date(2024, 3, 1))
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = edit._popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2024, 3, 1)
    grid = popup.calendar.focusProxy() or popup.calendar
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert edit.date() == date(2024, 3, 2) and edit.text() == "2024-03-02"
    assert not popup.isVisible()


def test_the_widget_reads_and_shows_dates_with_the_one_core_rule(edit):
    from app.kit import dates
    from app.ui.widgets import optional_date_edit

    assert optional_date_edit.parse_date_text is dates.parse_date_text
    assert optional_date_edit.format_date is dates.format_date
    edit.lineEdit().setText("2024年13月1日")
    assert not edit.validate() and edit.errorText() == "“2024年13月1日”不是有效的日期（2024年没有13月1日）。"
