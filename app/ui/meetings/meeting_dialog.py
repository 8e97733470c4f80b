"""Entering one meeting record: the header fields, the attendance (tick the absentees of the roster as it
stood that day), the content, the vote and the attachments. 保存 (Enter) writes it all in one transaction;
a UserError is shown in Chinese and its field gets the focus."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.attachments import add_attachment, attachment_path, list_attachments, remove_link
from app.services.common.branch import list_groups
from app.services.common.storage import data_folder_of
from app.services.meetings import kinds, rules
from app.services.meetings.records import (
    OWNER_KIND,
    MeetingInput,
    expected_members,
    save_meeting,
    save_template,
)
from app.services.meetings.roster_on import members_on
from app.ui.messages import ask_text, show_error, show_info, show_user_error
from app.ui.widgets.save_cancel import save_cancel_buttons

ID_ROLE = Qt.ItemDataRole.UserRole
ABSENT_COL, LEAVE_COL, REASON_COL = 2, 3, 4


class MeetingDialog(QDialog):
    def __init__(self, db: Database, draft: MeetingInput, meeting_id: int | None = None, *,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._meeting_id = meeting_id
        self._today = today or date.today()
        self._absentees = dict(draft.absentees)
        self._pending: list[Path] = []  # files to attach on save
        self._removed: list[int] = []  # links to take off on save
        self.saved_id: int | None = None
        self.setWindowTitle("编辑会议记录" if meeting_id else "新建会议记录")
        self.resize(1180, 760)

        self.kind = QComboBox()
        for spec in kinds.MEETING_KINDS.values():
            self.kind.addItem(spec.label, spec.code)
        self.title = QLineEdit()
        self.title.setPlaceholderText("留空则自动生成，例如：2026年第5次支部委员会")
        self.sequence = QSpinBox()
        self.sequence.setRange(0, 99)
        self.sequence.setSpecialValueText("自动")
        self.group = QComboBox()
        self.status = QComboBox()
        for code, label in kinds.MEETING_STATUSES.items():
            self.status.addItem(label, code)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.place = QLineEdit()
        self.host = QComboBox()
        self.recorder = QComboBox()
        self.observers = QLineEdit()
        self.observers.setPlaceholderText("不是本次会议应到人员的参会者，例如：校长 王某（非党员）")
        self.lecturer = QLineEdit()
        self.theme = QLineEdit()
        self.topics = QPlainTextEdit()
        self.topics.setPlaceholderText("每行一个议题")
        self.topics.setTabChangesFocus(True)
        self.topics.setFixedHeight(70)
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText("会议内容、发言记录（可直接粘贴）")
        self.content.setTabChangesFocus(True)
        self.resolution = QPlainTextEdit()
        self.resolution.setTabChangesFocus(True)
        self.resolution.setFixedHeight(60)
        self.vote = QGroupBox("表决")
        self.vote.setCheckable(True)
        self.votes = [QSpinBox() for _ in range(3)]
        vote_row = QHBoxLayout(self.vote)
        for label, spin in zip(("赞成", "反对", "弃权"), self.votes, strict=True):
            spin.setRange(0, 999)
            vote_row.addWidget(QLabel(label))
            vote_row.addWidget(spin)
        vote_row.addStretch()

        form = QFormLayout()
        form.addRow("会议类型：", self.kind)
        form.addRow("党小组：", self.group)
        form.addRow("会议名称：", self.title)
        form.addRow("第几次：", self.sequence)
        form.addRow("状态：", self.status)
        form.addRow("召开时间：", self.when)
        form.addRow("地点：", self.place)
        form.addRow("主持人：", self.host)
        form.addRow("记录人：", self.recorder)
        form.addRow("列席人员：", self.observers)
        form.addRow("主讲人：", self.lecturer)
        self._theme_label = QLabel("主题：")
        form.addRow(self._theme_label, self.theme)
        form.addRow("议题：", self.topics)
        form.addRow("内容：", self.content)
        form.addRow("决议：", self.resolution)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(self.vote)
        # 其他活动 with guests: counted by hand instead of from the roster
        self.manual = QGroupBox("按人数登记（不按党员名册勾选）")
        self.manual.setCheckable(True)
        self.manual_expected, self.manual_present = QSpinBox(), QSpinBox()
        manual_row = QHBoxLayout(self.manual)
        for label, spin in (("应到人数", self.manual_expected), ("实到人数", self.manual_present)):
            spin.setRange(0, 9999)
            manual_row.addWidget(QLabel(label))
            manual_row.addWidget(spin)
        manual_row.addStretch()
        left_layout.addWidget(self.manual)

        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.setWordWrap(True)
        self.attendance = QTableWidget(0, 5)
        self.attendance.setHorizontalHeaderLabels(["姓名", "表决权", "缺席", "请假", "缺席原因"])
        self.attendance.horizontalHeader().setSectionResizeMode(REASON_COL, QHeaderView.ResizeMode.Stretch)
        self.attendance.verticalHeader().setVisible(False)
        self.attendance.itemChanged.connect(self._attendance_changed)
        self.files = QListWidget()
        self.files.setMaximumHeight(110)
        add_file = QPushButton("添加附件…")
        add_file.clicked.connect(self._choose_files)
        open_file = QPushButton("打开")
        open_file.clicked.connect(self._open_file)
        drop_file = QPushButton("移除")
        drop_file.clicked.connect(self._drop_file)
        file_buttons = QHBoxLayout()
        for b in (add_file, open_file, drop_file):
            file_buttons.addWidget(b)
        file_buttons.addStretch()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(QLabel("出席情况（按会议当天的党员名册；只需勾选缺席的人）："))
        right_layout.addWidget(self.counts)
        right_layout.addWidget(self.warning)
        right_layout.addWidget(self.attendance, 1)
        right_layout.addWidget(QLabel("附件（签到表照片、扫描件、课件）："))
        right_layout.addWidget(self.files)
        right_layout.addLayout(file_buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([620, 560])
        box, self.save_button, _cancel = save_cancel_buttons(self)
        self.template_button = box.addButton("存为模板…", QDialogButtonBox.ButtonRole.ActionRole)
        self.template_button.setAutoDefault(False)
        self.template_button.clicked.connect(self._save_template)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(box)

        self._fill(draft)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.group.currentIndexChanged.connect(self._refresh_people)
        self.when.dateTimeChanged.connect(self._refresh_people)
        self.status.currentIndexChanged.connect(self._refresh_people)
        self._kind_changed()
        self._load_files()
        (self.when if draft.place else self.kind).setFocus()  # a copied record: change the date first

    # -- filling ---------------------------------------------------------------------------------------

    def _fill(self, d: MeetingInput) -> None:
        with self._db.session() as s:
            groups = list_groups(s)
        self.group.addItem("", None)
        for g in groups:
            self.group.addItem(g.name, g.id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.kind)))
        self.group.setCurrentIndex(max(0, self.group.findData(d.party_group_id)))
        self._planned_at = d.planned_at  # kept when a planned meeting is recorded as held
        self.title.setText(d.title)
        self.sequence.setValue(d.sequence or 0)
        self.status.setCurrentIndex(max(0, self.status.findData(d.status)))
        when = d.held_at or d.planned_at or datetime.combine(self._today, datetime.min.time()).replace(hour=15)
        self.when.setDateTime(QDateTime(when))
        self.place.setText(d.place)
        self.observers.setText(d.observers)
        self.lecturer.setText(d.lecturer)
        self.theme.setText(d.theme)
        self.topics.setPlainText("\n".join(d.topics))
        self.content.setPlainText(d.content)
        self.resolution.setPlainText(d.resolution)
        self.vote.setChecked(d.has_vote)
        manual = d.manual_expected is not None or d.manual_present is not None
        self.manual.setChecked(manual)
        self.manual.toggled.connect(lambda on: self.attendance.setEnabled(not on))
        self.attendance.setEnabled(not manual)
        self.manual_expected.setValue(d.manual_expected or 0)
        self.manual_present.setValue(d.manual_present or 0)
        for spin, value in zip(self.votes, (d.votes_for, d.votes_against, d.votes_abstain), strict=True):
            spin.setValue(value or 0)
        self._wanted_people = (d.host_id, d.recorder_id)

    def _kind_changed(self) -> None:
        spec = kinds.kind(self.kind.currentData())
        self.group.setEnabled(spec.expected == kinds.EXPECT_GROUP)
        self.lecturer.setEnabled(spec.lecturer)
        self.theme.setEnabled(bool(spec.theme_label))
        self._theme_label.setText(f"{spec.theme_label or '主题'}：")
        self.vote.setVisible(spec.code in (kinds.GENERAL, kinds.COMMITTEE, kinds.LIFE, kinds.OTHER))
        self.manual.setVisible(spec.code == kinds.OTHER)
        self._refresh_people()

    def _day(self) -> date:
        return self.when.dateTime().toPython().date()

    def _refresh_people(self) -> None:
        """The 主持人/记录人 choices and the attendance list for the chosen date (the roster as it was)."""
        day = self._day()
        host, recorder = self._wanted_people if self._wanted_people else (self.host.currentData(),
                                                                             self.recorder.currentData())
        self._wanted_people = None
        self._keep_ticks()
        with self._db.session() as s:
            people = [(m.member.name, m.id) for m in members_on(s, day)]
            expected = [(m.member.name, m.id, m.voting) for m in expected_members(
                s, self.kind.currentData(), day, self.group.currentData())]
        for combo, wanted in ((self.host, host), (self.recorder, recorder)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("", None)
            for name, mid in people:
                combo.addItem(name, mid)
            combo.setCurrentIndex(max(0, combo.findData(wanted)))
            combo.blockSignals(False)
        self.attendance.blockSignals(True)
        self.attendance.setRowCount(len(expected))
        for row, (name, mid, voting) in enumerate(expected):
            status, reason = self._absentees.get(mid, (kinds.PRESENT, ""))
            name_item = QTableWidgetItem(name)
            name_item.setData(ID_ROLE, mid)
            name_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            vote_item = QTableWidgetItem("正式" if voting else "预备")
            vote_item.setData(ID_ROLE, voting)
            vote_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.attendance.setItem(row, 0, name_item)
            self.attendance.setItem(row, 1, vote_item)
            for col, on in ((ABSENT_COL, status != kinds.PRESENT), (LEAVE_COL, status == kinds.LEAVE)):
                tick = QTableWidgetItem()
                tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                tick.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.attendance.setItem(row, col, tick)
            self.attendance.setItem(row, REASON_COL, QTableWidgetItem(reason))
        self.attendance.blockSignals(False)
        self.attendance.resizeColumnsToContents()
        self._update_counts()

    def _keep_ticks(self) -> None:
        """Remember the ticks before the list is rebuilt (a changed date keeps who was marked absent)."""
        if self.attendance.rowCount():
            self._absentees = self._ticked()

    def _ticked(self) -> dict[int, tuple[str, str]]:
        out = {}
        for row in range(self.attendance.rowCount()):
            absent = self.attendance.item(row, ABSENT_COL).checkState() == Qt.CheckState.Checked
            leave = self.attendance.item(row, LEAVE_COL).checkState() == Qt.CheckState.Checked
            if absent or leave:
                reason = self.attendance.item(row, REASON_COL).text()
                out[self.attendance.item(row, 0).data(ID_ROLE)] = (kinds.LEAVE if leave else kinds.ABSENT, reason)
        return out

    def _attendance_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == LEAVE_COL and item.checkState() == Qt.CheckState.Checked:
            absent = self.attendance.item(item.row(), ABSENT_COL)
            if absent.checkState() != Qt.CheckState.Checked:
                absent.setCheckState(Qt.CheckState.Checked)  # on leave is absent, with a reason
        self._update_counts()

    def _update_counts(self) -> None:
        ticked = self._ticked()
        rows = [(self.attendance.item(r, 0).data(ID_ROLE), self.attendance.item(r, 1).data(ID_ROLE))
                for r in range(self.attendance.rowCount())]
        present = [mid for mid, _v in rows if mid not in ticked]
        voting = [mid for mid, v in rows if v]
        voting_present = [mid for mid in voting if mid not in ticked]
        self.counts.setText(f"应到 {len(rows)} 人，实到 {len(present)} 人，缺席 {len(ticked)} 人；"
                            f"有表决权应到 {len(voting)} 人，实到 {len(voting_present)} 人。")
        spec = kinds.kind(self.kind.currentData())
        warning = ""
        with self._db.session() as s:
            if spec.quorum == kinds.QUORUM_GENERAL and not rules.general_meeting_quorate(
                    s, len(voting), len(voting_present)):
                warning = "到会有表决权党员未过半数：按规定会议不能召开（仍可保存，记录会标注）。"
            if spec.quorum == kinds.QUORUM_COMMITTEE and not rules.committee_quorate(s, len(rows), len(present)):
                warning = "到会委员未过半数（仍可保存，记录会标注）。"
        self.warning.setText(warning)

    # -- attachments -----------------------------------------------------------------------------------

    def _load_files(self) -> None:
        self.files.clear()
        if self._meeting_id is not None:
            with self._db.session() as s:
                for link in list_attachments(s, OWNER_KIND, self._meeting_id):
                    if link.id not in self._removed:
                        item = QListWidgetItem(f"{link.display_name}" + (f"（{link.caption}）" if link.caption else ""))
                        item.setData(ID_ROLE, ("link", link.id))
                        self.files.addItem(item)
        for path in self._pending:
            item = QListWidgetItem(f"{path.name}（保存时附加）")
            item.setData(ID_ROLE, ("file", str(path)))
            self.files.addItem(item)

    def add_files(self, paths: list[str | Path]) -> None:
        self._pending += [Path(p) for p in paths]
        self._load_files()

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择附件", "", "图片和文档 (*.jpg *.jpeg *.png *.pdf *.doc "
                                                "*.docx *.ppt *.pptx *.xls *.xlsx);;所有文件 (*)")
        if paths:
            self.add_files(paths)

    def _selected_file(self):
        item = self.files.currentItem()
        return item.data(ID_ROLE) if item else None

    def _open_file(self) -> None:
        chosen = self._selected_file()
        if chosen is None:
            return
        kind, value = chosen
        try:
            if kind == "file":
                path = Path(value)
            else:
                with self._db.session() as s:
                    link = next(x for x in list_attachments(s, OWNER_KIND, self._meeting_id) if x.id == value)
                    path = attachment_path(data_folder_of(self._db), link)
        except UserError as exc:
            show_error(self, str(exc), "无法打开附件")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _drop_file(self) -> None:
        chosen = self._selected_file()
        if chosen is None:
            return
        kind, value = chosen
        if kind == "file":
            self._pending = [p for p in self._pending if str(p) != value]
        else:
            self._removed.append(value)
        self._load_files()

    def _save_template(self, name: str | None = None) -> None:
        """Keep the place, 主持人, 记录人, 列席, 议题 and 主题 for the next records of this kind."""
        if name is None:
            name = ask_text(self, "模板名称（例如：每月支委会）：", "存为模板")
        if not name:
            return
        try:
            with self._db.transaction() as s:
                save_template(s, name, self.values())
        except UserError as exc:
            show_error(self, str(exc))
            return
        show_info(self, f"已存为模板“{name.strip()}”。新建记录时可从“新建记录 → 从模板新建”选用。", "已保存模板")

    # -- saving ----------------------------------------------------------------------------------------

    def values(self) -> MeetingInput:
        status = self.status.currentData()
        when = self.when.dateTime().toPython().replace(second=0, microsecond=0)
        spec = kinds.kind(self.kind.currentData())
        manual = self.manual.isChecked() and spec.code == kinds.OTHER
        return MeetingInput(
            kind=spec.code, status=status, title=self.title.text(), sequence=self.sequence.value() or None,
            party_group_id=self.group.currentData() if spec.expected == kinds.EXPECT_GROUP else None,
            planned_at=when if status == kinds.PLANNED else self._planned_at,
            held_at=when if status == kinds.HELD else None,
            place=self.place.text(), host_id=self.host.currentData(), recorder_id=self.recorder.currentData(),
            observers=self.observers.text(), topics=tuple(self.topics.toPlainText().splitlines()),
            content=self.content.toPlainText(), resolution=self.resolution.toPlainText(),
            lecturer=self.lecturer.text() if spec.lecturer else "", theme=self.theme.text() if spec.theme_label else "",
            absentees={} if manual else self._ticked(), has_vote=self.vote.isChecked() and self.vote.isVisible(),
            manual_expected=self.manual_expected.value() if manual else None,
            manual_present=self.manual_present.value() if manual else None,
            votes_for=self.votes[0].value(), votes_against=self.votes[1].value(), votes_abstain=self.votes[2].value())

    def focus_map(self) -> dict[str, QWidget]:
        """UserError.field -> the widget that gets the cursor."""
        return {"kind": self.kind, "title": self.title, "sequence": self.sequence, "party_group_id": self.group,
                "held_at": self.when, "planned_at": self.when, "place": self.place, "host_id": self.host,
                "recorder_id": self.recorder, "topics": self.topics, "lecturer": self.lecturer, "theme": self.theme,
                "absentees": self.attendance, "votes_for": self.votes[0], "votes_against": self.votes[1],
                "votes_abstain": self.votes[2], "attachment": self.files, "manual_expected": self.manual_expected,
                "manual_present": self.manual_present}

    def accept(self) -> None:
        data = self.values()
        folder = data_folder_of(self._db)
        try:
            with self._db.transaction() as s:
                meeting = save_meeting(s, data, self._meeting_id, today=self._today)
                for link_id in self._removed:
                    remove_link(s, folder, link_id)
                for path in self._pending:
                    add_attachment(s, folder, OWNER_KIND, meeting.id, path)
                self.saved_id = meeting.id
        except UserError as exc:
            show_user_error(self, exc, self.focus_map())
            return
        super().accept()

