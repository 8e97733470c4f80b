"""A date field that may be empty: typed as text in any common Chinese way, or picked from a calendar.

What counts as a date, and how one is shown, is app.kit.dates (the rule the services and the command line
use too); this module is only the widget.

A plain QDateEdit always holds some date, so "not known yet" (a 预备党员's 转正 date, a 失联 date)
cannot be said with it. This widget holds ``datetime.date | None``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.kit.dates import MAX_YEAR, MIN_YEAR, DateTextError, format_date, parse_date_text

ERROR_STYLE = "QLineEdit { border: 1px solid #d32f2f; background: #fff3f3; }"


class _CalendarPopup(QFrame):
    """The drop-down calendar: Enter or a click picks the day, Esc closes."""

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(QDate(MIN_YEAR, 1, 1))
        self.calendar.setMaximumDate(QDate(MAX_YEAR, 12, 31))
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def _pick(self, qdate: QDate) -> None:
        self.picked.emit(date(qdate.year(), qdate.month(), qdate.day()))
        self.close()


class OptionalDateEdit(QWidget):
    """A date that may be empty. ``date()`` is None when the field is empty or its text is not a date.

    Typing updates the value as soon as the text is a date; leaving the field rewrites it as yyyy-MM-dd.
    Text that is not a date is never taken as some other date: the field turns red, a hint says why,
    ``hasError()`` is True and ``date()`` returns None, so a dialog can refuse to save.
    Alt+Down or F4 opens the calendar; Delete on a fully selected field (as after Tab) empties it.
    """

    dateChanged = Signal(object)  # date | None

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "年-月-日") -> None:
        super().__init__(parent)
        self._value: date | None = None

        self._line = QLineEdit(self)
        self._line.setPlaceholderText(placeholder)
        self._line.setClearButtonEnabled(True)
        self._line.setToolTip("可输入 2024-03-01、2024.3.1、20240301、2024年3月1日；清空表示未填。"
                              "按 Alt+↓ 打开日历")
        self._button = QToolButton(self)
        self._button.setText("▼")  # in the bundled fonts (▾ is not: it drew as a box without system fonts)
        self._button.setToolTip("从日历中选择（Alt+↓）")
        self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, not to it
        self._hint = QLabel(self)
        self._hint.setStyleSheet("color: #d32f2f;")
        self._hint.setWordWrap(True)
        self._hint.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self._line, 1)
        row.addWidget(self._button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        outer.addLayout(row)
        outer.addWidget(self._hint)

        self.setFocusProxy(self._line)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._line.textEdited.connect(self._on_text_edited)
        self._line.textChanged.connect(self._on_text_changed)
        self._line.editingFinished.connect(self._on_editing_finished)
        self._button.clicked.connect(self.showCalendar)
        self._line.installEventFilter(self)
        self._popup: _CalendarPopup | None = None

    # -- the contract
    def date(self) -> date | None:
        try:
            return parse_date_text(self._line.text())
        except DateTextError:
            return None

    def setDate(self, value: date | None) -> None:
        self._line.setText(format_date(value))
        self._set_error("")
        self._set_value(value)

    # -- more for dialogs and tests
    def text(self) -> str:
        return self._line.text()

    def lineEdit(self) -> QLineEdit:
        return self._line

    def hasError(self) -> bool:
        """True when the text is not empty and not a date."""
        return bool(self.errorText())

    def errorText(self) -> str:
        try:
            parse_date_text(self._line.text())
        except DateTextError as exc:
            return exc.message
        return ""

    def validate(self) -> bool:
        """Show the red hint now if the text is not a date (a dialog calls this before saving)."""
        message = self.errorText()
        self._set_error(message)
        return not message

    def clear(self) -> None:
        self.setDate(None)

    def setReadOnly(self, read_only: bool) -> None:
        self._line.setReadOnly(read_only)
        self._button.setEnabled(not read_only)

    def showCalendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._on_picked)
        shown = self.date() or date.today()
        self._popup.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self._popup.adjustSize()
        self._popup.move(self._line.mapToGlobal(QPoint(0, self._line.height())))
        self._popup.show()
        self._popup.calendar.setFocus()

    # -- internals
    def _set_value(self, value: date | None) -> None:
        if value != self._value:
            self._value = value
            self.dateChanged.emit(value)

    def _set_error(self, message: str) -> None:
        self._line.setStyleSheet(ERROR_STYLE if message else "")
        self._hint.setText(message)
        self._hint.setVisible(bool(message))

    def _on_text_edited(self, text: str) -> None:
        try:
            value = parse_date_text(text)
        except DateTextError:
            # Half-typed text is not an error yet; it becomes one when the user leaves the field.
            # Whatever was there before is no longer what the field says, so it is not a date now.
            self._set_value(None)
            return
        self._set_error("")
        self._set_value(value)

    def _on_text_changed(self, text: str) -> None:
        if not text:  # the clear button, or all text deleted
            self._set_error("")
            self._set_value(None)

    def _on_editing_finished(self) -> None:
        try:
            value = parse_date_text(self._line.text())
        except DateTextError as exc:
            self._set_error(exc.message)
            self._set_value(None)
            return
        self._set_error("")
        self._line.setText(format_date(value))
        self._set_value(value)

    def _on_picked(self, value: date) -> None:
        self.setDate(value)
        self._line.setFocus()
        self._line.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._line and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            key = key_event.key()
            alt = bool(key_event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
                self.showCalendar()
                return True
            if key_event.matches(QKeySequence.StandardKey.Delete) and self._line.hasSelectedText() \
                    and self._line.selectedText() == self._line.text():
                self.clear()
                return True
        return super().eventFilter(watched, event)
