"""发展党员: who is where in the 25 steps, what is due in the next days, and each person's timeline.

The page only shows what the services compute (people, timeline, reminders) and opens the dialogs that
call them; every rule lives in app.services.development.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.kit.context import Context
from app.kit.dates import format_date
from app.kit.errors import UserError
from app.models.database import Database
from app.services.common.settings import get_setting
from app.services.development import steps as S
from app.services.development.files import file_label, person_files
from app.services.development.people import get_person, linked_member, list_people, phase
from app.services.development.recording import remove_latest_step
from app.services.development.reminders import development_reminders
from app.services.development.rules import load_rules
from app.services.development.taking_in import taken_in, taken_in_note, undo_take_in
from app.services.development.timeline import DONE, LATER, OVERDUE, TimelineItem, timeline
from app.ui import messages
from app.ui.development.files_dialog import FilesDialog
from app.ui.development.leave_dialog import LeaveDialog
from app.ui.development.person_dialog import PersonDialog
from app.ui.development.rules_dialog import RulesDialog
from app.ui.development.step_dialog import StepDialog
from app.ui.development.take_in_dialog import TakeInDialog
from app.ui.ledgers.document_export import Document, DocumentExporter
from app.ui.qt_setup import ui_settings

ALL = "全部"
LEFT_FILTER = "left"
FILTERS = [(ALL, None), *((label, code) for code, label in S.PHASE_LABELS.items()), ("已退出", LEFT_FILTER)]
PEOPLE_COLUMNS = ["姓名", "目前阶段", "下一步", "到期或可办理日期"]
TIMELINE_COLUMNS = ["步骤", "状态", "日期", "情况", "规则与例外", "附件"]
FILES_COLUMN = 5
_COLOURS = {OVERDUE: "#c62828", DONE: "#2e7d32", LATER: "#9e9e9e"}


def next_step(items: list[TimelineItem]) -> TimelineItem | None:
    """What the list shows as next: anything overdue, else the next step of the sequence, else a further 考察."""
    pending = [i for i in items if i.state not in (DONE, LATER)]
    overdue = [i for i in pending if i.state == OVERDUE]
    main = [i for i in pending if i.step.code not in (S.ASSESSMENT, S.PROBATION_EDUCATION)]
    return (overdue or main or pending or [None])[0]


class DevelopmentPage(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, settings: QSettings | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self._settings = settings or ui_settings(db)
        self._exporter = DocumentExporter(db, self._settings, self)
        self._people: list[tuple[int, str]] = []
        self._build()
        self.refresh()

    @property
    def today(self) -> date:
        return self._today or date.today()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.reminders = QListWidget()
        self.reminders.setMaximumHeight(130)
        self.reminders_label = QLabel()
        self.filter = QComboBox()
        for text, code in FILTERS:
            self.filter.addItem(text, code)
        self.filter.currentIndexChanged.connect(self._fill_people)
        self.add_button = QPushButton("新增入党申请人…")
        self.add_button.clicked.connect(self.add_person)
        self.take_in_button = QPushButton("接续预备党员…")
        self.take_in_button.setToolTip("花名册中在使用本软件前接收的预备党员：接续登记后在这里跟踪转正")
        self.take_in_button.clicked.connect(self.take_in)
        self.rules_button = QPushButton("规则设置…")
        self.rules_button.setToolTip("各步骤的时间要求及其依据，可按上级党委的规定更正")
        self.rules_button.clicked.connect(self.edit_rules)

        self.people_model = QStandardItemModel(0, len(PEOPLE_COLUMNS), self)
        self.people_model.setHorizontalHeaderLabels(PEOPLE_COLUMNS)
        self.people = QTableView()
        self.people.setModel(self.people_model)
        self._table_look(self.people)
        self.people.selectionModel().currentRowChanged.connect(lambda *_: self._show_person())
        self.people.doubleClicked.connect(lambda *_: self.record_step())
        for column, width in ((0, 70), (1, 100), (2, 180)):
            self.people.setColumnWidth(column, width)

        self.person_label = QLabel()
        self.person_label.setTextFormat(Qt.TextFormat.RichText)
        self.timeline_model = QStandardItemModel(0, len(TIMELINE_COLUMNS), self)
        self.timeline_model.setHorizontalHeaderLabels(TIMELINE_COLUMNS)
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self._table_look(self.timeline)
        self.timeline.setWordWrap(True)
        header = self.timeline.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 210), (1, 90), (2, 130), (4, 150), (5, 70)):
            self.timeline.setColumnWidth(column, width)
        self.timeline.doubleClicked.connect(
            lambda index: index.column() == FILES_COLUMN and self.edit_files())
        self.step_button = QPushButton("登记下一步…")
        self.step_button.setShortcut("Ctrl+N")
        self.step_button.clicked.connect(lambda: self.record_step())
        self.edit_button = QPushButton("修改信息…")
        self.edit_button.clicked.connect(self.edit_person)
        self.undo_button = QPushButton("删除最近登记的一步…")
        self.undo_button.setToolTip("登记错了的步骤可以删除（只能删除最近登记的一步；修改记录中留有痕迹）")
        self.undo_button.clicked.connect(self.remove_latest)
        self.files_button = QPushButton("材料（附件）…")
        self.files_button.setToolTip("附加、打开或移除申请书、志愿书等材料的扫描件（附在所选的已登记步骤上）")
        self.files_button.clicked.connect(lambda: self.edit_files())
        self.leave_button = QPushButton("退出培养…")
        self.leave_button.clicked.connect(self.leave)
        self.export_button = QPushButton("导出与打印")
        menu = QMenu(self.export_button)
        for sheet, title in (("record", "本人发展党员纪实表"), ("notice", "本人公示"), ("applicants", "入党申请人名册"),
                             ("activists", "入党积极分子名册"), ("candidates", "发展对象名册"),
                             ("new-members", "今年的新党员名册")):
            menu.addAction(title, lambda s=sheet, t=title: self.export(s, t))
        self.export_button.setMenu(menu)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示"))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.take_in_button)
        bar.addWidget(self.rules_button)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.people)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.person_label)
        right_layout.addWidget(self.timeline, 1)
        buttons = QHBoxLayout()
        for button in (self.step_button, self.files_button, self.undo_button, self.edit_button, self.leave_button,
                       self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([500, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(self.reminders_label)
        layout.addWidget(self.reminders)
        layout.addWidget(splitter, 1)

    @staticmethod
    def _table_look(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        with self._db.session() as s:
            days = int(get_setting(s, "development.reminder_days"))
            found = development_reminders(Context(s, self.today, days=days))
            self._rows = []
            rules = load_rules(s)
            for person in list_people(s):
                member = linked_member(s, person)
                nxt = next_step(timeline(s, person, self.today, rules))
                state = LEFT_FILTER if person.status in (S.WITHDRAWN, S.NOT_ADMITTED) else phase(person, member)
                self._rows.append((person.id, person.name, state, nxt))
        self.reminders_label.setText(f"近{days}天待办与提醒（{len(found)}条）" if found else f"近{days}天没有待办事项")
        self.reminders.clear()
        for r in found:
            self.reminders.addItem(f"{r.due:%Y-%m-%d}  [{r.severity_label}]  {r.text}")
        self._fill_people()

    def _fill_people(self) -> None:
        wanted = self.filter.currentData()
        current = self.current_person_id()
        self.people_model.removeRows(0, self.people_model.rowCount())
        for person_id, name, state, nxt in self._rows:
            if wanted is not None and state != wanted:
                continue
            label = "已退出" if state == LEFT_FILTER else S.PHASE_LABELS[state]
            due = format_date(nxt.day) if nxt is not None and nxt.day else ""
            cells = [name, label, nxt.step.title if nxt else "", due]
            items = [QStandardItem(c) for c in cells]
            items[0].setData(person_id, Qt.ItemDataRole.UserRole)
            if nxt is not None and nxt.state == OVERDUE:
                for item in items[2:]:
                    item.setForeground(QBrush(QColor(_COLOURS[OVERDUE])))
            self.people_model.appendRow(items)
        self.select_person(current)
        self._show_person()

    def current_person_id(self) -> int | None:
        index = self.people.currentIndex()
        if not index.isValid():
            return None
        return self.people_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)

    def open_record(self, record: str) -> bool:
        """A reminder's target "dev_person:ID": show everyone if the filter hides them, select them and
        show their timeline (what is due and the button to record it)."""
        kind, _, value = record.partition(":")
        if kind != "dev_person" or not value.isdigit():
            return False
        person_id = int(value)
        if all(row[0] != person_id for row in self._rows):
            return False
        if self.filter.currentData() is not None:
            self.filter.setCurrentIndex(0)  # 全部
        self.select_person(person_id)
        self.people.setFocus()
        return self.current_person_id() == person_id

    def select_person(self, person_id: int | None) -> None:
        for row in range(self.people_model.rowCount()):
            if self.people_model.item(row, 0).data(Qt.ItemDataRole.UserRole) == person_id:
                self.people.selectRow(row)
                self.people.setCurrentIndex(self.people_model.index(row, 0))
                return
        if self.people_model.rowCount() and person_id is None:
            self.people.selectRow(0)
            self.people.setCurrentIndex(self.people_model.index(0, 0))

    def _show_person(self) -> None:
        self.timeline_model.removeRows(0, self.timeline_model.rowCount())
        person_id = self.current_person_id()
        for button in (self.step_button, self.files_button, self.undo_button, self.edit_button, self.leave_button):
            button.setEnabled(person_id is not None)
        if person_id is None:
            self.person_label.setText("请选择左侧的人员，或新增入党申请人。")
            return
        with self._db.session() as s:
            person = get_person(s, person_id)
            member = linked_member(s, person)
            items = timeline(s, person, self.today)
            files = {entry.id: [file_label(link) for link in links] for entry, links in person_files(s, person)}
            status = S.PERSON_STATUSES[person.status]
            heading = (f"<b>{person.name}</b>　{person.gender}　{person.job_post}　"
                       f"目前：{S.PHASE_LABELS[phase(person, member)]}（{status}）")
            if person.left_reason:
                heading += f"<br>退出原因：{person.left_reason}"
            if member is not None:
                heading += f"<br>已登入花名册：{member.category}，加入党组织日期 {member.joined_date:%Y-%m-%d}"
            if taken_in(person):
                heading += f"<br>{taken_in_note(None)}"
            self.leave_button.setEnabled(person.status == S.ACTIVE)
        self.person_label.setText(heading)
        for item in items:
            rules = "；".join(item.problems)
            if item.override:
                rules = "；".join(x for x in (rules, f"例外说明：{item.override}") if x)
            names = files.get(item.entry_id, []) if item.state == DONE else []
            cells = [QStandardItem(x) for x in (item.step.title, item.state_label, item.when, item.text, rules,
                                                f"{len(names)} 个" if names else "")]
            cells[0].setData(item.entry_id, Qt.ItemDataRole.UserRole)
            if names:
                cells[FILES_COLUMN].setToolTip("\n".join(names))
            colour = _COLOURS.get(item.state) or ("#c62828" if item.problems else None)
            if colour:
                cells[1].setForeground(QBrush(QColor(colour)))
            if item.problems:
                cells[4].setForeground(QBrush(QColor("#c62828")))
            self.timeline_model.appendRow(cells)
        self.timeline.resizeRowsToContents()

    # ------------------------------------------------------------------ actions
    def _changed(self, person_id: int | None) -> None:
        self.refresh()
        self.select_person(person_id)
        self.dataChanged.emit()

    def add_person(self) -> None:
        dialog = PersonDialog(self._db, parent=self)
        if messages.run_dialog(dialog):
            self.filter.setCurrentIndex(0)
            self._changed(dialog.person_id)

    def take_in(self) -> None:
        dialog = TakeInDialog(self._db, parent=self)
        if messages.run_dialog(dialog):
            self.filter.setCurrentIndex(0)
            self._changed(dialog.person_id)

    def edit_rules(self) -> None:
        if messages.run_dialog(RulesDialog(self._db, parent=self)):
            self._changed(self.current_person_id())

    def edit_person(self) -> None:
        person_id = self.current_person_id()
        if person_id is not None and messages.run_dialog(PersonDialog(self._db, person_id, parent=self)):
            self._changed(person_id)

    def record_step(self, code: str | None = None) -> None:
        person_id = self.current_person_id()
        if person_id is None:
            return
        if messages.run_dialog(StepDialog(self._db, person_id, code, parent=self, today=self.today)):
            self._changed(person_id)

    def current_step_id(self) -> int | None:
        """The recorded step chosen in the timeline (None for a step not yet recorded)."""
        index = self.timeline.currentIndex()
        if not index.isValid():
            return None
        return self.timeline_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)

    def edit_files(self) -> None:
        person_id = self.current_person_id()
        if person_id is None:
            return
        dialog = FilesDialog(self._db, person_id, self.current_step_id(), parent=self)
        messages.run_dialog(dialog)
        if dialog.changed:
            self._changed(person_id)

    def remove_latest(self) -> None:
        person_id = self.current_person_id()
        if person_id is None:
            return
        with self._db.session() as s:
            steps = get_person(s, person_id).steps
            latest = max(steps, key=lambda e: e.id) if steps else None
            name = get_person(s, person_id).name
            what = f"{S.step(latest.step).title}（{latest.step_date:%Y-%m-%d}）" if latest else ""
        if latest is None:
            with self._db.session() as s:
                undo = taken_in(get_person(s, person_id))
            if undo:
                self._undo_take_in(person_id, name)
            else:
                messages.show_error(self, f"{name}还没有登记任何步骤。", "无法删除")
            return
        if not messages.ask_confirm(self, f"删除{name}最近登记的“{what}”？删除后可重新登记。", "删除登记错的步骤",
                                    yes_text="删除"):
            return
        try:
            with self._db.transaction() as s:
                remove_latest_step(s, person_id, today=self.today)
        except UserError as exc:
            messages.show_error(self, exc.message, "无法删除")
            return
        self._changed(person_id)

    def _undo_take_in(self, person_id: int, name: str) -> None:
        if not messages.ask_confirm(self, f"撤销对{name}的接续登记？花名册中{name}的记录不受影响，以后可再接续登记。",
                                    "撤销接续登记", yes_text="撤销接续登记"):
            return
        try:
            with self._db.transaction() as s:
                undo_take_in(s, person_id)
        except UserError as exc:
            messages.show_error(self, exc.message, "无法撤销")
            return
        self._changed(None)

    def leave(self) -> None:
        person_id = self.current_person_id()
        if person_id is None:
            return
        name = self.people_model.item(self.people.currentIndex().row(), 0).text()
        if messages.run_dialog(LeaveDialog(self._db, person_id, name, parent=self, today=self.today)):
            self._changed(person_id)

    def export(self, sheet: str, title: str) -> None:
        from app.kit import registry

        doc = registry.document(f"development.{sheet}")
        writer = registry.resolve(doc.writer)
        person_id = self.current_person_id()
        name = None
        if sheet in ("record", "notice"):
            if person_id is None:
                return
            name = self.people_model.item(self.people.currentIndex().row(), 0).text()
        options = {"person": name, "year": self.today.year if sheet == "new-members" else None, "today": self.today}
        label = f"{title}（{name}）" if name else title
        self._exporter.export(Document(label, lambda s, path, fmt: writer(s, path, fmt, **options), doc.unit), "pdf")
