"""The list of what needs doing: a table of reminders (日期, 事项, 程度, 内容) with a 处理 button in each row.

One view and a model, not a widget per row: a branch of 1,000 members can have a thousand reminders (every
member behind with dues), and a QPushButton each would cost more than the whole page. The button is painted
by a delegate and pressed with the mouse; Enter or a double-click opens the row too.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QTableView,
)

from app.kit.reminders import Reminder

HEADERS = ["日期", "类别", "程度", "事项", ""]
COL_DATE, COL_AREA, COL_SEVERITY, COL_TEXT, COL_OPEN = range(5)
OPEN_TEXT = "处理"
SEVERITY_COLOURS = {"urgent": "#b71c1c", "overdue": "#c62828", "due": "#a15c00", "info": "#546e7a"}
SEVERITY_BACKGROUNDS = {"urgent": "#ffebee"}


class ReminderTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.reminders: list[Reminder] = []

    def set_reminders(self, reminders: list[Reminder]) -> None:
        self.beginResetModel()
        self.reminders = list(reminders)
        self.endResetModel()

    def reminder_at(self, row: int) -> Reminder | None:
        return self.reminders[row] if 0 <= row < len(self.reminders) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt)
        return 0 if parent.isValid() else len(self.reminders)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt)
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.reminders[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{r.due:%Y-%m-%d}", r.area_title, r.severity_label, r.text, OPEN_TEXT)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.text if column == COL_TEXT else (
                "打开这条提醒所说的记录或页面（Enter 或双击也可）" if column == COL_OPEN else None)
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_DATE, COL_SEVERITY):
            return QColor(SEVERITY_COLOURS.get(r.severity, "#333333"))
        if role == Qt.ItemDataRole.BackgroundRole and r.severity in SEVERITY_BACKGROUNDS:
            return QColor(SEVERITY_BACKGROUNDS[r.severity])
        if role == Qt.ItemDataRole.FontRole and column == COL_SEVERITY and r.severity in ("urgent", "overdue"):
            font = QApplication.font()
            font.setBold(True)
            return font
        return None


class ButtonDelegate(QStyledItemDelegate):
    """Paints the cell as a push button; a click on it emits `pressed(row)`."""

    pressed = Signal(int)

    def paint(self, painter, option, index) -> None:
        button = QStyleOptionButton()
        button.rect = option.rect.adjusted(4, 3, -4, -3)
        button.text = index.data()
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)

    def editorEvent(self, event, model, option, index) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.MouseButtonRelease and QRect(option.rect).contains(event.position().toPoint()):
            self.pressed.emit(index.row())
            return True
        return super().editorEvent(event, model, option, index)


class ReminderTable(QTableView):
    """The table; `openRequested(row)` by the row's button, Enter or a double-click."""

    openRequested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.reminder_model = ReminderTableModel(self)
        self.setModel(self.reminder_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        self.setColumnWidth(COL_DATE, metrics.horizontalAdvance("2026-12-31") + 16)
        self.setColumnWidth(COL_AREA, metrics.horizontalAdvance("发展党员") + 16)
        self.setColumnWidth(COL_SEVERITY, metrics.horizontalAdvance("已逾期") + 18)
        self.setColumnWidth(COL_OPEN, metrics.horizontalAdvance(OPEN_TEXT) + 34)
        header.setSectionResizeMode(COL_OPEN, QHeaderView.ResizeMode.Fixed)
        self.button_delegate = ButtonDelegate(self)
        self.setItemDelegateForColumn(COL_OPEN, self.button_delegate)
        self.button_delegate.pressed.connect(self.openRequested)
        self.doubleClicked.connect(lambda index: self.openRequested.emit(index.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._open_current)

    def _open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.openRequested.emit(row)

    def current_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def current_reminder(self) -> Reminder | None:
        row = self.current_row()
        return None if row is None else self.reminder_model.reminder_at(row)
