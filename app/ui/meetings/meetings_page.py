"""组织生活: the year's compliance calendar (held / missing / due, clickable), the meeting records, 谈心谈话
and the branch committee. Every number and rule comes from app.services.meetings."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.kit.errors import UserError
from app.models import Member
from app.models.database import Database
from app.services.attachments import attachment_counts
from app.services.common.storage import data_folder_of
from app.services.meetings import kinds, rules
from app.services.meetings.attendance import absence_streaks, meeting_flags, percent
from app.services.meetings.calendar import DUE, FUTURE, HELD_CELL, MISSING, compliance_calendar
from app.services.meetings.committee import list_terms, term_end_of
from app.services.meetings.kinds import POSTS, TALK_KINDS
from app.services.meetings.records import (
    OWNER_KIND,
    MeetingInput,
    counts,
    delete_meeting,
    draft_from_previous,
    draft_from_template,
    input_of,
    list_meetings,
    list_templates,
    previous_meeting,
)
from app.services.meetings.talks import list_talks
from app.ui.ledgers.document_export import Document as ExportDocument
from app.ui.ledgers.document_export import DocumentExporter, catalogue_document
from app.ui.meetings.calendar_colours import CELL_COLOURS
from app.ui.meetings.committee_dialog import CommitteeDialog
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.rules_editor import RulesEditor
from app.ui.meetings.talk_dialog import TalkDialog
from app.ui.messages import ask_confirm, run_dialog, show_error
from app.ui.qt_setup import ui_settings

ID_ROLE = Qt.ItemDataRole.UserRole


def _item(text: object, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(ID_ROLE, data)
    return item


class MeetingsPage(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today or date.today()
        self.year = QSpinBox()
        self.year.setRange(1921, self._today.year + 1)
        self.year.setValue(self._today.year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.refresh)
        self.rate = QLabel()
        self.rate.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addSpacing(20)
        top.addWidget(self.rate)
        top.addStretch()

        self.tabs = QTabWidget()
        self.tabs.addTab(self._calendar_tab(), "合规日历")
        self.tabs.addTab(self._records_tab(), "会议记录")
        self.tabs.addTab(self._talks_tab(), "谈心谈话")
        self.tabs.addTab(self._committee_tab(), "支部委员会")
        self.rules = RulesEditor(db)
        self.rules.rulesChanged.connect(self.refresh)
        self.tabs.addTab(self.rules, "规则设置")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # -- the calendar ----------------------------------------------------------------------------------

    def _calendar_tab(self) -> QWidget:
        self.calendar = QTableWidget(0, 12)
        self.calendar.setHorizontalHeaderLabels([f"{m}月" for m in range(1, 13)])
        self.calendar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.calendar.cellDoubleClicked.connect(self._calendar_clicked)
        self.calendar.setToolTip("双击：已开展的打开记录；缺或待开展的按上一次记录新建")
        legend = QLabel("  ".join(f"<span style='background:{CELL_COLOURS[s]}'>&nbsp;{label}&nbsp;</span>"
                                  for s, label in ((HELD_CELL, "已开展"), (MISSING, "缺"), (DUE, "待开展"),
                                                   (FUTURE, "未到期"))))
        self.attendance = QTableWidget(0, 5)
        self.attendance.setHorizontalHeaderLabels(["姓名", "应参加", "参加", "请假", "出勤率"])
        self.attendance.verticalHeader().setVisible(False)
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet("color: #b00020;")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(legend)
        layout.addWidget(self.calendar, 3)
        layout.addWidget(self.flags)
        layout.addWidget(QLabel("党员出勤（本年度已召开、按会议当天名册应参加的会议）："))
        layout.addWidget(self.attendance, 2)
        return tab

    def _fill_calendar(self) -> None:
        with self._db.session() as s:
            cal = compliance_calendar(s, self.year.value(), self._today)
            streaks = absence_streaks(s, self._today)
            titles = {m.id: f"{m.day:%m-%d} {m.title}" for m in list_meetings(s, year=self.year.value())}
        self._calendar_data = cal
        self.calendar.clearSpans()
        self.calendar.setRowCount(len(cal.rows))
        self.calendar.setVerticalHeaderLabels([f"{r.label}（{kinds.PERIODS[r.period]}）" for r in cal.rows])
        for row, line in enumerate(cal.rows):
            for index, cell in enumerate(line.cells):
                first = cell.period.start.month - 1
                span = cell.period.end.month - cell.period.start.month + 1
                count = len(cell.meeting_ids)
                text = cell.note or (f"✔ {count} 次" if count else cell.state_label if cell.state != FUTURE else "")
                item = _item(text, (row, index))
                item.setBackground(QColor(CELL_COLOURS[cell.state]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip("\n".join(titles.get(mid, "") for mid in cell.meeting_ids) or cell.state_label)
                self.calendar.setItem(row, first, item)
                if span > 1:
                    self.calendar.setSpan(row, first, 1, span)
        self.rate.setText(f"规范执行率 {percent(cal.rate)}（已按期开展 {cal.held} / 截至今日应开展 {cal.required}）"
                          f"　缺 {len(cal.missing())} 项")
        rates = sorted(cal.attendance, key=lambda r: (r.rate if r.rate is not None else 2, r.member_id))
        self.attendance.setRowCount(len(rates))
        for row, r in enumerate(rates):
            for col, value in enumerate((r.name, r.expected, r.present, r.on_leave, percent(r.rate))):
                self.attendance.setItem(row, col, _item(value, r.member_id if col == 0 else None))
        self.flags.setText("\n".join(s.describe() for s in streaks))

    def cell_at(self, kind: str, month: int, group_id: int | None = None):
        """The calendar cell of a kind and month (for the page's users and tests)."""
        line = next(r for r in self._calendar_data.rows if r.kind == kind and r.party_group_id == group_id)
        return next(c for c in line.cells if c.period.start.month <= month <= c.period.end.month)

    def _calendar_clicked(self, row: int, column: int) -> None:
        item = self.calendar.item(row, column)
        if item is None:
            return
        line_index, cell_index = item.data(ID_ROLE)
        line = self._calendar_data.rows[line_index]
        cell = line.cells[cell_index]
        if cell.meeting_ids:
            self.edit_meeting(cell.meeting_ids[0])
        elif line.kind in kinds.MEETING_KINDS and cell.state in (MISSING, DUE):
            day = self._day_in(line.kind, line.party_group_id, cell.period.start, cell.period.end)
            self.new_meeting(line.kind, day, line.party_group_id)
        elif line.kind == rules.TALK_CADENCE:
            self.tabs.setCurrentIndex(2)

    def _day_in(self, kind: str, group_id: int | None, start: date, end: date) -> date:
        """A sensible day for a record of a missing period: the day of the month the last one was held."""
        with self._db.session() as s:
            last = previous_meeting(s, kind, group_id)
        day = start.replace(day=min(last.held_at.day if last else 15, 28))
        return min(day, end, self._today)

    # -- the records -----------------------------------------------------------------------------------

    def _records_tab(self) -> QWidget:
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("全部类型", None)
        for spec in kinds.MEETING_KINDS.values():
            self.kind_filter.addItem(spec.label, spec.code)
        self.kind_filter.currentIndexChanged.connect(self._fill_records)
        new_button = QToolButton()
        new_button.setText("新建记录")
        new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(new_button)
        for spec in kinds.MEETING_KINDS.values():
            menu.addAction(f"{spec.label}（从上一次复制）",
                           lambda code=spec.code: self.new_meeting(code, self._today))
        self.template_menu = menu.addMenu("从模板新建")
        self.template_menu.aboutToShow.connect(self._fill_template_menu)
        new_button.setMenu(menu)
        edit = QPushButton("编辑…")
        edit.clicked.connect(lambda: self.edit_meeting(self._selected_meeting()))
        remove = QPushButton("删除…")
        remove.clicked.connect(self._delete_selected)
        export = QToolButton()
        export.setText("导出与打印")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(export)
        export_menu.addAction("本年度会议记录本（PDF）…", self.export_book)
        export_menu.addAction("三会一课统计表（PDF）…", lambda: self._export("meetings.stats", "pdf"))
        export_menu.addAction("三会一课统计表（Excel）…", lambda: self._export("meetings.stats", "xlsx"))
        export_menu.addAction("会议一览表（Excel）…", lambda: self._export("meetings.list", "xlsx"))
        export_menu.addAction("谈心谈话记录（PDF）…", lambda: self._export("meetings.talks", "pdf"))
        export_menu.addSeparator()
        export_menu.addAction("选中的会议记录（PDF）…", lambda: self._export_record("pdf"))
        export_menu.addAction("选中的会议记录（Word）…", lambda: self._export_record("docx"))
        export.setMenu(export_menu)
        bar = QHBoxLayout()
        for w in (QLabel("类型："), self.kind_filter, new_button, edit, remove, export):
            bar.addWidget(w)
        bar.addStretch()
        self.records = QTableWidget(0, 9)
        self.records.setHorizontalHeaderLabels(["日期", "类型", "名称", "地点", "主持人", "应到", "实到", "是否符合规定",
                                                "附件"])
        self.records.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.records.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.records.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.records.verticalHeader().setVisible(False)
        self.records.cellDoubleClicked.connect(lambda r, _c: self.edit_meeting(self.records.item(r, 0).data(ID_ROLE)))
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.records, 1)
        return tab

    def _fill_records(self) -> None:
        with self._db.session() as s:
            meetings = list_meetings(s, year=self.year.value(), kind=self.kind_filter.currentData())
            files = attachment_counts(s, OWNER_KIND)
            rows = []
            for m in meetings:
                c = counts(m)
                flags = meeting_flags(s, m)
                status = "" if m.status == kinds.HELD else "（计划）"
                rows.append((m.id, f"{m.day:%Y-%m-%d}{status}", kinds.kind_label(m.kind), m.title, m.place,
                             m.host.name if m.host else "", c.expected, c.present,
                             "；".join(flags) if flags else "是", files.get(m.id, "")))
        self.records.setRowCount(len(rows))
        for row, (mid, *values) in enumerate(rows):
            for col, value in enumerate(values):
                item = _item(value, mid if col == 0 else None)
                if col == 7 and value != "是":
                    item.setForeground(QColor("#b00020"))
                self.records.setItem(row, col, item)

    def _selected_meeting(self) -> int | None:
        row = self.records.currentRow()
        return self.records.item(row, 0).data(ID_ROLE) if row >= 0 else None

    def new_meeting(self, kind: str, day: date, group_id: int | None = None) -> int | None:
        """A new record of `kind` on `day`, started from the previous one of its kind."""
        with self._db.session() as s:
            draft = draft_from_previous(s, kind, day, group_id)
        return self._open(draft, None)

    def _fill_template_menu(self) -> None:
        self.template_menu.clear()
        with self._db.session() as s:
            templates = [(t.id, f"{t.name}（{kinds.kind_label(t.kind)}）") for t in list_templates(s)]
        if not templates:
            self.template_menu.addAction("（还没有模板：在会议记录窗口中点“存为模板…”）").setEnabled(False)
        for template_id, label in templates:
            self.template_menu.addAction(label, lambda tid=template_id: self.new_from_template(tid, self._today))

    def new_from_template(self, template_id: int, day: date) -> int | None:
        with self._db.session() as s:
            draft = draft_from_template(s, template_id, day)
        return self._open(draft, None)

    def edit_meeting(self, meeting_id: int | None) -> int | None:
        if meeting_id is None:
            return None
        with self._db.session() as s:
            from app.services.meetings.records import get_meeting

            draft = input_of(get_meeting(s, meeting_id))
        return self._open(draft, meeting_id)

    def _open(self, draft: MeetingInput, meeting_id: int | None) -> int | None:
        dialog = MeetingDialog(self._db, draft, meeting_id, today=self._today, parent=self)
        self.last_dialog = dialog  # tests drive it before exec() returns
        if run_dialog(dialog):
            self.refresh()
            self.dataChanged.emit()
            return dialog.saved_id
        return None

    def _delete_selected(self) -> None:
        meeting_id = self._selected_meeting()
        if meeting_id is None:
            return
        row = self.records.currentRow()
        name = f"{self.records.item(row, 0).text()} {self.records.item(row, 2).text()}"
        if not ask_confirm(self, f"删除会议记录“{name}”？它的出席情况和附件也一并删除（其他记录仍在用的附件文件保留）。",
                           yes_text="删除"):
            return
        try:
            with self._db.transaction() as s:
                delete_meeting(s, data_folder_of(self._db), meeting_id)
        except UserError as exc:
            show_error(self, str(exc), "无法删除")
        self.refresh()
        self.dataChanged.emit()

    # -- documents -------------------------------------------------------------------------------------

    def _exporter(self) -> DocumentExporter:
        return DocumentExporter(self._db, ui_settings(self._db), self)

    def _export(self, key: str, fmt: str) -> None:
        self._exporter().export(catalogue_document(key, year=self.year.value()), fmt)

    def _export_record(self, fmt: str) -> None:
        meeting_id = self._selected_meeting()
        if meeting_id is None:
            show_error(self, "请先在列表中选中一条会议记录。", "无法导出")
            return
        self._exporter().export(catalogue_document("meetings.record", meeting=meeting_id, photos=True), fmt)

    def export_book(self) -> None:
        """The year's book takes a few seconds: it is laid out on a worker thread (app.ui.tasks) whose
        progress dialog follows the binder's layout, section by section."""
        year = self.year.value()
        exporter = _BookExporter(self._db, ui_settings(self._db), self, year, self)
        exporter.export(ExportDocument(f"{year}年度会议记录本", lambda *_a: None, "次会议"), "pdf")

    # -- talks -----------------------------------------------------------------------------------------

    def _talks_tab(self) -> QWidget:
        self.coverage = QLabel()
        self.coverage.setWordWrap(True)
        add = QPushButton("新增谈话记录…")
        add.clicked.connect(self._new_talk)
        self.talked_with = QTableWidget(0, 2)
        self.talked_with.setHorizontalHeaderLabels(["支部委员", "本年度已谈话的党员"])
        self.talked_with.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.talked_with.verticalHeader().setVisible(False)
        self.talked_with.setMaximumHeight(160)
        self.talks = QTableWidget(0, 6)
        self.talks.setHorizontalHeaderLabels(["日期", "谈话人", "谈话对象", "类型", "主题", "摘要"])
        self.talks.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.talks.verticalHeader().setVisible(False)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addStretch()
        layout.addLayout(bar)
        layout.addWidget(self.coverage)
        layout.addWidget(self.talked_with)
        layout.addWidget(self.talks, 1)
        return tab

    def _fill_talks(self) -> None:
        cal = self._calendar_data
        uncovered = "、".join(m.name for m in cal.talks.uncovered) or "无"
        self.coverage.setText(f"本年度谈心谈话覆盖：{cal.talks.summary()}。尚未与支部委员谈话：{uncovered}")
        with self._db.session() as s:
            names = {m.id: m.name for m in s.scalars(select(Member))}
            matrix = [(names.get(cid, ""), "、".join(names.get(mid, "") for mid in sorted(mids)))
                      for cid, mids in sorted(cal.talks.talked_with.items())]
            rows = [(f"{t.talk_date:%Y-%m-%d}", t.talker.name, t.talkee.name, TALK_KINDS.get(t.kind, t.kind),
                     t.topics, t.summary) for t in list_talks(s, self.year.value())]
        self.talked_with.setRowCount(len(matrix))
        for row, values in enumerate(matrix):
            for col, value in enumerate(values):
                self.talked_with.setItem(row, col, _item(value))
        self.talks.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                self.talks.setItem(row, col, _item(value))

    def _new_talk(self) -> None:
        if run_dialog(TalkDialog(self._db, today=self._today, parent=self)):
            self.refresh()
            self.dataChanged.emit()

    # -- the committee ---------------------------------------------------------------------------------

    def _committee_tab(self) -> QWidget:
        self.term = QLabel()
        self.term.setWordWrap(True)
        self.seats = QTableWidget(0, 4)
        self.seats.setHorizontalHeaderLabels(["届次（选举日期）", "职务", "姓名", "任职期间"])
        self.seats.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.seats.verticalHeader().setVisible(False)
        elect = QPushButton("登记新一届委员会（换届）…")
        elect.clicked.connect(self._elect)
        bar = QHBoxLayout()
        bar.addWidget(elect)
        bar.addStretch()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.term)
        layout.addWidget(self.seats, 1)
        return tab

    def _elect(self) -> None:
        if run_dialog(CommitteeDialog(self._db, today=self._today, parent=self)):
            self.refresh()
            self.dataChanged.emit()

    def _fill_committee(self) -> None:
        with self._db.session() as s:
            terms = list_terms(s)
            rows = []
            for term in terms:
                for seat in term.seats:
                    until = f"{seat.end_date:%Y-%m-%d}" if seat.end_date else "至今" if term is terms[0] else "届满"
                    rows.append((f"{term.elected_date:%Y-%m-%d}", POSTS.get(seat.post, seat.post), seat.member.name,
                                 f"{seat.start_date:%Y-%m-%d} — {until}"))
            current = next((t for t in terms if t.elected_date <= self._today), None)
            if current is None:
                self.term.setText("尚未登记支部委员会。")
            else:
                end = term_end_of(current)
                state = "已届满，请尽快换届" if end <= self._today else f"将于 {end:%Y-%m-%d} 届满"
                self.term.setText(f"本届支部委员会 {current.elected_date:%Y-%m-%d} 选举产生，任期 {current.term_years} 年，"
                                  f"{state}。")
        self.seats.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                self.seats.setItem(row, col, _item(value))

    # -------------------------------------------------------------------------------------------------

    def open_record(self, record: str) -> bool:
        """Where a reminder or a check points: "meeting:ID" opens the record; "calendar:kind.group.start"
        selects the calendar's cell; "attendance:MEMBER" the member's attendance; "committee_term:ID" the
        committee tab."""
        kind, _, value = record.partition(":")
        if kind == "meeting" and value.isdigit():
            from app.services.meetings.records import get_meeting

            with self._db.session() as s:
                day = get_meeting(s, int(value)).day
            self.year.setValue(day.year)
            self.tabs.setCurrentIndex(1)
            for row in range(self.records.rowCount()):
                if self.records.item(row, 0).data(ID_ROLE) == int(value):
                    self.records.selectRow(row)
            self.edit_meeting(int(value))
            return True
        if kind == "calendar":
            meeting_kind, group, start = value.split(".", 2)
            first = date.fromisoformat(start)
            self.year.setValue(first.year)
            self.tabs.setCurrentIndex(0)
            group_id = int(group) if group else None
            for row, line in enumerate(self._calendar_data.rows):
                if line.kind == meeting_kind and line.party_group_id == group_id:
                    self.calendar.setCurrentCell(row, first.month - 1)
                    self.calendar.setFocus()
                    return True
            return False
        if kind == "attendance" and value.isdigit():
            self.tabs.setCurrentIndex(0)
            for row in range(self.attendance.rowCount()):
                if self.attendance.item(row, 0).data(ID_ROLE) == int(value):
                    self.attendance.selectRow(row)
                    return True
            return False
        if kind == "committee_term":
            self.tabs.setCurrentIndex(3)
            return True
        return False

    def refresh(self) -> None:
        self._fill_calendar()
        self._fill_records()
        self._fill_talks()
        self._fill_committee()


class _BookExporter(DocumentExporter):
    """The 台账 exporter (file dialog, messages) with the book written through a task that reports progress."""

    def __init__(self, db: Database, settings, parent: QWidget, year: int, page: MeetingsPage) -> None:
        super().__init__(db, settings, parent)
        self._year = year
        self._page = page

    def write(self, doc, path, fmt):
        from app.reports.meetings.book import write_meeting_book
        from app.ui.tasks import in_session, run_task, show_task_error

        def job(session, progress):
            def step(done: int, total: int) -> None:
                self._page.book_steps = (done, total)
                progress("正在排版会议记录本…", done, total)

            return write_meeting_book(session, path, fmt, year=self._year, progress=step)

        outcome = run_task(self._parent, in_session(self._db, job), title=f"正在生成{doc.name}",
                           text="正在排版会议记录本，请稍候…", show_errors=False)
        if outcome.ok:
            return outcome.value
        show_task_error(self._parent, outcome.error, "无法导出")
        return None
