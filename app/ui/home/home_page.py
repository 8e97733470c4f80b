"""首页: what needs doing now (every area's reminders, each with a 处理 button) and the branch at a glance.

The page builds its frame cheaply and reads its figures after the first paint, off the GUI thread (the
task runner, its own session): the window shows at once and the charts fill in a moment later. A reminder's
button emits `openTarget(target)`; the main window connects it to `open_target`, which shows the area's
page and opens the record. Snoozed reminders are never silently hidden: the page says how many there are
and lists them with their reasons.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.kit.errors import UserError
from app.kit.reminders import SEVERITIES
from app.models.database import Database
from app.ui import messages
from app.ui.home.calendar_grid import CalendarGridChart
from app.ui.home.charts import BarChart, MonthBarsChart, RingChart
from app.ui.home.reminder_table import SEVERITY_COLOURS, ReminderTable

WEEKDAYS = "一二三四五六日"
# the member charts, in the order of the 党员队伍结构统计表; ring charts for the two-way splits
MEMBER_CHARTS = (("category", "按人员类别", RingChart), ("gender", "按性别", RingChart), ("age", "按年龄", BarChart),
                 ("education", "按学历", BarChart), ("party_age", "按党龄", BarChart), ("party_group", "按党小组", BarChart))


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #8b1a1a;")
    return label


class HomePage(QWidget):
    openTarget = Signal(str)  # "area" or "area:kind:id": the main window's open_target
    loaded = Signal()  # the figures are shown (tests and the bench wait for it)

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self.figures = None  # app.services.home.glance.HomeFigures once read
        self._loading = False
        self._again = False
        self._build()
        self._stale = True  # read once shown, after the first paint: the window never waits for the figures

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:  # after this paint; the page may be gone by then (a restore rebuilds every page)
            QTimer.singleShot(0, lambda: self.refresh() if isValid(self) else None)

    @property
    def today(self) -> date:
        return self._today or date.today()

    # ------------------------------------------------------------------ building (cheap: no database)
    def _build(self) -> None:
        header = QHBoxLayout()
        title = QLabel("首页")
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.date_label = QLabel(self._date_text())
        self.date_label.setStyleSheet("color: #666;")
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setToolTip("重新读取待办事项和统计图（F5）")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.date_label)
        header.addStretch(1)
        header.addWidget(self.refresh_button)

        # what needs doing
        self.summary_label = QLabel("正在读取待办事项…")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.table = ReminderTable()
        self.table.openRequested.connect(self.open_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.detail_label = QLabel()  # the selected reminder's whole sentence (the table cuts long ones)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setStyleSheet("background: #fafafa; border: 1px solid #e0e0e0; padding: 4px;")
        self.detail_label.setMinimumHeight(self.fontMetrics().height() * 2 + 12)
        self.open_button = QPushButton("处理所选")
        self.open_button.setToolTip("打开所选提醒所说的记录或页面（Enter 或双击也可）")
        self.open_button.clicked.connect(lambda: self.open_row(self.table.current_row()))
        self.snooze_button = QPushButton("暂缓…")
        self.snooze_button.setToolTip("暂时不提醒所选事项：填写原因和暂缓到哪一天，到期自动恢复")
        self.snooze_button.clicked.connect(self.snooze_current)
        self.snoozed_button = QPushButton("已暂缓 0 项")
        self.snoozed_button.setCheckable(True)
        self.snoozed_button.setToolTip("查看暂缓的事项、原因和期限，或结束暂缓")
        self.snoozed_button.toggled.connect(self._show_snoozed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.snooze_button)
        buttons.addStretch(1)
        buttons.addWidget(self.snoozed_button)

        self.snoozed_table = QTableWidget(0, 3)
        self.snoozed_table.setHorizontalHeaderLabels(["暂缓至", "原因", "提醒"])
        self.snoozed_table.verticalHeader().hide()
        self.snoozed_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.snoozed_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.snoozed_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.snoozed_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.snoozed_table.setColumnWidth(0, self.fontMetrics().horizontalAdvance("2026-12-31") + 16)
        self.snoozed_table.setColumnWidth(1, 240)
        self.end_snooze_button = QPushButton("结束暂缓")
        self.end_snooze_button.setToolTip("所选事项重新列入待办（暂缓记录保留）")
        self.end_snooze_button.clicked.connect(self.end_current_snooze)
        self.snoozed_panel = QFrame()
        panel = QVBoxLayout(self.snoozed_panel)
        panel.setContentsMargins(0, 4, 0, 0)
        panel.addWidget(QLabel("已暂缓的事项（到期后自动恢复提醒）："))
        panel.addWidget(self.snoozed_table)
        end_row = QHBoxLayout()
        end_row.addStretch(1)
        end_row.addWidget(self.end_snooze_button)
        panel.addLayout(end_row)
        self.snoozed_panel.hide()

        todo = QVBoxLayout()
        todo.addWidget(_section_title("待办事项"))
        todo.addWidget(self.summary_label)
        todo.addWidget(self.table, 1)
        todo.addWidget(self.detail_label)
        todo.addLayout(buttons)
        todo.addWidget(self.snoozed_panel)

        # the branch at a glance
        self.member_label = QLabel("正在读取…")
        self.member_charts: dict[str, BarChart | RingChart] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for i, (key, title, kind) in enumerate(MEMBER_CHARTS):
            chart = kind(title)
            chart.hint = "\n双击打开花名册"
            chart.activated.connect(lambda: self.openTarget.emit("roster"))
            self.member_charts[key] = chart
            grid.addWidget(chart, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        self.dues_chart = MonthBarsChart(f"{self.today.year}年党费收缴（应交与实交，按所属月份）")
        self.calendar_chart = CalendarGridChart(f"{self.today.year}年组织生活合规日历")
        self.dues_chart.hint = "\n双击打开“党费”页"
        self.calendar_chart.hint = "\n双击打开“组织生活”页"
        self.dues_chart.activated.connect(lambda: self.openTarget.emit("dues"))
        self.calendar_chart.activated.connect(lambda: self.openTarget.emit("meetings"))
        glance = QWidget()
        glance_layout = QVBoxLayout(glance)
        glance_layout.setContentsMargins(0, 0, 6, 0)
        glance_layout.addWidget(self.member_label)
        glance_layout.addLayout(grid)
        glance_layout.addWidget(self.dues_chart)
        glance_layout.addWidget(self.calendar_chart)
        glance_layout.addStretch(1)
        self.glance_scroll = QScrollArea()
        self.glance_scroll.setWidget(glance)
        self.glance_scroll.setWidgetResizable(True)
        self.glance_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.glance_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QVBoxLayout()
        right.addWidget(_section_title("支部概况"))
        right.addWidget(self.glance_scroll, 1)

        body = QHBoxLayout()
        body.addLayout(todo, 11)
        body.addSpacing(12)
        body.addLayout(right, 10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        self._update_buttons()

    def _date_text(self) -> str:
        day = self.today
        return f"今天是 {day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"

    # ------------------------------------------------------------------ loading (off the GUI thread)
    def refresh(self) -> None:
        """Read the figures again (after a write anywhere, or 刷新); the page stays usable meanwhile. While
        another page is shown the read waits until this one is shown again (a write on the roster does
        not pay for the home page's figures each time)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self._loading:
            self._again = True
            return
        from app.services.common.storage import data_folder_of
        from app.services.home.glance import load_home_figures
        from app.ui.tasks import in_session, start_task

        self._loading = True
        today, folder = self.today, data_folder_of(self._db)

        def alive(slot):  # the page may be closed (the window quit, a restore rebuilt it) before the read ends
            return lambda value: slot(value) if isValid(self) else None

        start_task(self, in_session(self._db, lambda s, _progress: load_home_figures(s, today, folder)),
                   title="读取首页", dialog=False, on_done=alive(self._show_figures), on_error=alive(self._failed))

    def _finished(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        from app.ui.tasks import task_error_text

        self.summary_label.setText(f"<span style='color:#b00020'>首页数据读取失败：{task_error_text(exc)}"
                                   "（点“刷新”重试）</span>")
        self._finished()

    def _show_figures(self, figures) -> None:
        self.figures = figures
        self.date_label.setText(self._date_text())
        self._show_reminders()
        self.member_label.setText(f"在册党员 <b>{figures.member_total}</b> 人")
        by_key = dict(figures.members)
        for key, chart in self.member_charts.items():
            chart.set_items(by_key.get(key, ()))
        dues = figures.dues
        self.dues_chart.title = (f"{dues.year}年党费收缴（按所属月份）　全年应交 {dues.due_total} 元，"
                                 f"实交 {dues.paid_total} 元")
        self.dues_chart.set_months(dues.months)
        self.calendar_chart.set_calendar(figures.calendar)
        self._finished()
        self.loaded.emit()

    def _show_reminders(self) -> None:
        figures = self.figures
        kept = self.table.current_reminder()
        self.table.reminder_model.set_reminders(list(figures.reminders))
        counts = {code: 0 for code in SEVERITIES}
        for r in figures.reminders:
            counts[r.severity] = counts.get(r.severity, 0) + 1
        if figures.reminders:
            parts = " · ".join(f"<span style='color:{SEVERITY_COLOURS[code]}'>{SEVERITIES[code]} {counts[code]}</span>"
                               for code in reversed(list(SEVERITIES)) if counts.get(code))
            self.summary_label.setText(f"{figures.days} 天内到期和已逾期的共 <b>{len(figures.reminders)}</b> 项：{parts}")
        else:
            self.summary_label.setText(f"{figures.days} 天内没有到期或逾期的待办事项。")
        if figures.reminders:  # keep the selection on the same reminder across a reload
            rows = [i for i, r in enumerate(figures.reminders) if kept is not None and r.key == kept.key]
            self.table.selectRow(rows[0] if rows else 0)
        self._show_snoozed_list()
        self._update_buttons()

    def _show_snoozed_list(self) -> None:
        held = self.figures.snoozed
        self.snoozed_button.setText(f"已暂缓 {len(held)} 项")
        self.snoozed_button.setEnabled(bool(held) or self.snoozed_button.isChecked())
        self.snoozed_table.setRowCount(len(held))
        for row, (reminder, info) in enumerate(held):
            for column, text in enumerate((f"{info.until:%Y-%m-%d}", info.reason,
                                           f"【{reminder.area_title}】{reminder.text}")):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.snoozed_table.setItem(row, column, item)
        self.snoozed_table.setFixedHeight(min(len(held), 4) * 30 + self.snoozed_table.horizontalHeader().height() + 6)
        if not held:
            self.snoozed_button.setChecked(False)

    def _show_snoozed(self, on: bool) -> None:
        self.snoozed_panel.setVisible(on)
        if on and self.snoozed_table.rowCount() and not self.snoozed_table.selectedItems():
            self.snoozed_table.selectRow(0)

    def _update_buttons(self) -> None:
        reminder = self.table.current_reminder()
        has = reminder is not None
        self.detail_label.setText(f"{reminder.due:%Y-%m-%d}【{reminder.area_title}·{reminder.severity_label}】"
                                  f"{reminder.text}" if has else "")
        self.open_button.setEnabled(has)
        self.snooze_button.setEnabled(has)

    # ------------------------------------------------------------------ actions
    def open_row(self, row: int | None) -> None:
        reminder = None if row is None else self.table.reminder_model.reminder_at(row)
        if reminder is not None:
            self.openTarget.emit(reminder.open_target)

    def snooze_current(self) -> bool:
        from app.ui.home.snooze_dialog import SnoozeDialog

        reminder = self.table.current_reminder()
        if reminder is None:
            return False
        if not messages.run_dialog(SnoozeDialog(self._db, reminder, self.today, self)):
            return False
        self.refresh()
        return True

    def end_current_snooze(self) -> bool:
        from app.services.common.snoozes import end_snooze

        items = self.snoozed_table.selectedItems()
        if not items:
            return False
        snooze_id = items[0].data(Qt.ItemDataRole.UserRole)
        try:
            with self._db.transaction() as s:
                end_snooze(s, snooze_id)
        except UserError as exc:
            messages.show_error(self, exc.message, "结束暂缓")
        self.refresh()
        return True
