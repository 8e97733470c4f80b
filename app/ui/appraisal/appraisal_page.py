"""民主评议 page: pick the year, enter the tally (grid), see the proposed grades, decide the final ones,
close the round (and reopen it with a reason). Every rule and write is the services'; this page only
shows rows and passes on what the user typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.appraisal import vocab
from app.services.appraisal.follow_up import record_follow_up
from app.services.appraisal.grading import accept_proposals, round_excellent_warning, set_final_grade
from app.services.appraisal.meeting_link import link_meeting, meeting_choices, meeting_label, round_meeting
from app.services.appraisal.notes import NOTE_SLOTS, notes_of, save_note
from app.services.appraisal.participants import (
    add_participant,
    remove_participant,
    save_assessment,
    set_graded,
)
from app.services.appraisal.queries import require_round, round_counts, round_for_year, round_years
from app.services.appraisal.rounds import close_round, create_round, reopen_round, set_step, update_round
from app.services.appraisal.rule_settings import current_rules, save_rules
from app.services.appraisal.rules import percent
from app.services.appraisal.tally import (
    TallyRow,
    ballot_count,
    delete_last_ballot,
    marks_from_keys,
    record_ballot,
    save_tally,
)
from app.ui import messages
from app.ui.appraisal import documents
from app.ui.appraisal.add_participant_dialog import AddParticipantDialog
from app.ui.appraisal.ballot_dialog import BallotEntryDialog
from app.ui.appraisal.delegates import CountDelegate, GradeDelegate
from app.ui.appraisal.record_fields import (
    ASSESSMENT_COLUMNS,
    ASSESSMENT_FIELDS,
    FOLLOW_UP_FIELDS,
    NOTE_FIELDS,
)
from app.ui.appraisal.round_dialogs import NewRoundDialog, RoundInfoDialog
from app.ui.appraisal.rules_dialog import RulesDialog
from app.ui.appraisal.tally_table_model import COUNT_COLUMNS, FINAL, NAME, REASON, Row, TallyTableModel
from app.ui.ledgers.document_export import DocumentExporter
from app.ui.qt_setup import ui_settings
from app.ui.widgets.record_form import RecordDialog


class AppraisalPage(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.year: int | None = None
        self.status: str | None = None

        self.year_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        self.status_label = QLabel()
        self.meeting_combo = QComboBox()
        self.meeting_combo.setToolTip("民主评议在哪次组织生活会或支部党员大会上进行（“组织生活”中的会议记录）；"
                                      "关联后，评议会议的日期和地点以会议记录为准")
        self.meeting_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.meeting_combo.activated.connect(self._meeting_chosen)
        self.meeting_hint = QLabel()
        self.meeting_hint.setWordWrap(True)
        self.new_button = QPushButton("新建年度评议…")
        self.info_button = QPushButton("评议信息…")
        self.assess_button = QPushButton("自评与互评…")
        self.save_button = QPushButton("保存计票")
        self.accept_button = QPushButton("采用建议等次")
        self.close_button = QPushButton("结束评议")
        self.reopen_button = QPushButton("重新开启…")
        self.ballots_button = QPushButton("逐张录入测评票…")
        self.notes_button = QPushButton("自查与初评…")
        self.follow_button = QPushButton("处理情况…")
        self.graded_button = QPushButton("评定 / 不评定等次")
        self.add_button = QPushButton("添加参加人员…")
        self.remove_button = QPushButton("移出评议")
        self.print_button = QPushButton("打印与导出")
        self.rules_button = QPushButton("评议规则…")
        for button, slot in ((self.new_button, self.new_round), (self.info_button, self.edit_info),
                             (self.assess_button, self.edit_assessment), (self.save_button, self.save_tally),
                             (self.accept_button, self.accept_proposals), (self.close_button, self.close_round),
                             (self.reopen_button, self.reopen_round), (self.ballots_button, self.enter_ballots),
                             (self.notes_button, self.edit_notes), (self.follow_button, self.edit_follow_up),
                             (self.graded_button, self.toggle_graded), (self.rules_button, self.edit_rules),
                             (self.add_button, self.add_participant), (self.remove_button, self.remove_participant)):
            button.clicked.connect(slot)
        self.exporter = DocumentExporter(db, ui_settings(db), self)
        self.print_button.setMenu(documents.print_menu(self, self.exporter, lambda: self.year,
                                                       lambda: self.selected_member()))
        self.graded_button.setToolTip("预备党员一般不评定等次；如上级要求评定，可对选中的预备党员改为评定等次")
        self.save_button.setToolTip("把表中填写的票数保存下来，并按票数计算测评建议等次")

        self.model = TallyTableModel(self)
        self.model.gradeRequested.connect(self.choose_grade)
        self.model.pendingChanged.connect(self._update_summary)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setTabKeyNavigation(True)
        self._count_delegate = CountDelegate(self.table)
        self._grade_delegate = GradeDelegate(self.table)
        for col in COUNT_COLUMNS:
            self.table.setItemDelegateForColumn(col, self._count_delegate)
        self.table.setItemDelegateForColumn(FINAL, self._grade_delegate)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(56)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.doubleClicked.connect(lambda index: index.column() == NAME and self.edit_assessment())

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b3261e;")

        # Rows of a few buttons each, texts that wrap: the page must fit a 720-pixel-wide window.
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>民主评议党员</b>"))
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year_combo)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.info_button)
        top.addWidget(self.print_button)
        top.addWidget(self.rules_button)
        self.status_label.setWordWrap(True)
        meeting_row = QHBoxLayout()
        meeting_row.addWidget(QLabel("评议会议："))
        meeting_row.addWidget(self.meeting_combo)
        meeting_row.addWidget(self.meeting_hint, 1)
        member_row = QHBoxLayout()
        member_row.addWidget(QLabel("选中的党员："))
        for button in (self.assess_button, self.notes_button, self.follow_button):
            member_row.addWidget(button)
        member_row.addStretch(1)
        people_row = QHBoxLayout()
        people_row.addWidget(QLabel("参加人员："))
        for button in (self.graded_button, self.remove_button, self.add_button):
            people_row.addWidget(button)
        people_row.addStretch(1)
        hint = QLabel("在表中直接填写各等次票数和收回票数，填完点“保存计票”（或逐张录入测评票，由软件计票）；"
                      "在“评议等次”列选择组织评定的等次。")
        hint.setWordWrap(True)
        actions = QHBoxLayout()
        for button in (self.ballots_button, self.save_button, self.accept_button, self.close_button,
                       self.reopen_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addLayout(meeting_row)
        layout.addLayout(member_row)
        layout.addLayout(people_row)
        layout.addWidget(hint)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warning_label)
        self.refresh()

    # -- loading
    def refresh(self) -> None:
        with self.db.session() as s:
            years = round_years(s)
        keep = self.year
        if self.today.year not in years:
            years = sorted({*years, self.today.year}, reverse=True)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(f"{y}年度", y)
        chosen = keep if keep in years else (self.today.year if self.today.year in years else years[0])
        self.year_combo.setCurrentIndex(years.index(chosen))
        self.year_combo.blockSignals(False)
        self.load(chosen)

    def _year_chosen(self, _index: int) -> None:
        year = self.year_combo.currentData()
        if year is not None and year != self.year:
            self.load(year)

    def load(self, year: int) -> None:
        self.year = year
        with self.db.session() as s:
            rnd = round_for_year(s, year)
            if rnd is None:
                self.status = None
                self.model.set_rows([], counts_editable=False, grades_editable=False)
                self.status_label.setText(f"{year}年度尚未建立民主评议")
                self._fill_meetings([], None, "")
                self.warning_label.setText("")
                self._update_buttons(has_ballots=False)
                self._update_summary()
                return
            self.status = rnd.status
            has_ballots = ballot_count(s, rnd) > 0
            rows = [Row(member_id=p.member_id, name=p.member.name, category=p.category, graded=p.graded,
                        counts=dict(excellent=p.votes_excellent, qualified=p.votes_qualified, basic=p.votes_basic,
                                    unqualified=p.votes_unqualified, returned=p.ballots_returned),
                        proposed=p.proposed_grade, final=p.final_grade, reason=p.final_reason)
                    for p in rnd.participants]
            warning = round_excellent_warning(s, rnd) or ""
            held_at = round_meeting(s, rnd)
            meeting = f"　会议：{held_at.text()}" if held_at.day or held_at.place else ""
            status = f"{vocab.ROUND_STATUS_LABELS[rnd.status]}　民主测评日期：{rnd.held_on}{meeting}"
            choices = [(m.id, meeting_label(m)) for m in meeting_choices(s, year)]
            self._fill_meetings(choices, rnd.meeting_id, held_at.text() if held_at.linked else "")
            if has_ballots:
                status += f"　按逐张录入的测评票计票（{ballot_count(s, rnd)} 张）"
            reopened = [e for e in rnd.log if e.action == vocab.LOG_REOPEN]
            if reopened:
                status += f"　曾重新开启 {len(reopened)} 次，最近一次原因：{reopened[-1].reason}"
            self.status_label.setText(status)
        is_open = self.status == vocab.OPEN
        self.model.set_rows(rows, counts_editable=is_open and not has_ballots, grades_editable=is_open)
        self.warning_label.setText(warning)
        self._update_buttons(has_ballots=has_ballots)
        self._update_summary()

    def _fill_meetings(self, choices: list[tuple[int, str]], linked: int | None, linked_text: str) -> None:
        """The chooser of the year's 组织生活会 and 党员大会 records; 未关联 keeps the typed date and place."""
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.clear()
        self.meeting_combo.addItem("未关联会议记录（日期和地点在“评议信息”中填写）", None)
        for meeting_id, label in choices:
            self.meeting_combo.addItem(label, meeting_id)
        if linked is not None and self.meeting_combo.findData(linked) < 0:
            self.meeting_combo.addItem(linked_text, linked)
        self.meeting_combo.setCurrentIndex(max(self.meeting_combo.findData(linked), 0) if linked else 0)
        self.meeting_combo.blockSignals(False)
        self.meeting_combo.setEnabled(self.status == vocab.OPEN)
        if self.status is None:
            hint, colour = "", ""
        elif linked is not None:
            hint, colour = "评议会议的日期和地点取自所选的会议记录。", ""
        elif choices:
            hint, colour = f"“组织生活”中有本年度的组织生活会或党员大会记录（{len(choices)} 次），尚未关联，请选择。", "#b3261e"
        else:
            hint, colour = "“组织生活”中还没有本年度的组织生活会或党员大会记录；开会后可在此关联。", ""
        self.meeting_hint.setText(hint)
        self.meeting_hint.setStyleSheet(f"color: {colour};" if colour else "")

    def _meeting_chosen(self, index: int) -> None:
        meeting_id = self.meeting_combo.itemData(index)
        year = self.year
        if year is None:
            return
        self._run(lambda s: link_meeting(s, require_round(s, year), meeting_id))
        self.load(year)

    def _update_buttons(self, *, has_ballots: bool) -> None:
        exists, is_open = self.status is not None, self.status == vocab.OPEN
        for button in (self.info_button, self.assess_button, self.accept_button, self.close_button,
                       self.ballots_button, self.notes_button, self.graded_button, self.add_button,
                       self.remove_button):
            button.setEnabled(is_open)
        self.save_button.setEnabled(is_open and not has_ballots)
        self.reopen_button.setEnabled(exists and not is_open)
        self.follow_button.setEnabled(exists)  # a follow-up is recorded after the round is closed too
        self.print_button.setEnabled(exists)

    def _update_summary(self) -> None:
        rows = self.model.rows
        if not rows:
            self.summary_label.setText("")
            return
        graded = [r for r in rows if r.graded]
        counted = sum(1 for r in graded if r.tally() is not None)
        by_grade = "，".join(f"{g.label} {n} 人（{percent(n, len(graded))}）"
                            for g in vocab.GRADES for n in [sum(1 for r in graded if r.final == g.code)])
        proposed_excellent = sum(1 for r in graded if r.proposed == vocab.EXCELLENT)
        if proposed_excellent and any(r.final is None for r in graded):
            by_grade += f"；测评建议优秀 {proposed_excellent} 人（{percent(proposed_excellent, len(graded))}）"
        pending = len(self.model.pending())
        text = (f"参加评议 {len(rows)} 人，评定等次 {len(graded)} 人，不评定等次 {len(rows) - len(graded)} 人；"
                f"已计票 {counted} 人。评议等次：{by_grade}。")
        if pending:
            text += f"　有 {pending} 行票数尚未保存。"
        self.summary_label.setText(text)

    # -- actions
    def _run(self, action, *, title: str = "无法保存") -> bool:
        """One user action in one transaction; a UserError is shown in Chinese and nothing is saved."""
        try:
            with self.db.transaction() as s:
                action(s)
        except UserError as exc:
            messages.show_error(self, exc.message, title)
            return False
        self.dataChanged.emit()
        return True

    def new_round(self) -> None:
        dialog = NewRoundDialog(self.today, self)
        dialog.save = lambda values: self._run(lambda s: create_round(s, **values))
        if messages.run_dialog(dialog):
            self.year = dialog.values()["year"]
            self.refresh()

    def edit_info(self) -> None:
        with self.db.session() as s:
            rnd = require_round(s, self.year)
            held_at = round_meeting(s, rnd)
            info = dict(year=rnd.year, meeting_date=held_at.day, meeting_place=held_at.place,
                        meeting_record=held_at.text() if held_at.linked else "",
                        ballots_issued=rnd.ballots_issued,
                        steps={st.step: (st.start_date, st.end_date) for st in rnd.steps})
            notes = rnd.notes
        dialog = RoundInfoDialog(info, self)

        def save(values: dict) -> bool:
            def write(s) -> None:
                rnd = require_round(s, self.year)
                update_round(s, rnd, meeting_date=values["meeting_date"], meeting_place=values["meeting_place"],
                             ballots_issued=values["ballots_issued"], notes=notes)
                for code, (start, end) in values["steps"].items():
                    set_step(s, rnd, code, start, end)
            return self._run(write)
        dialog.save = save
        if messages.run_dialog(dialog):
            self.load(self.year)

    def open_record(self, record: str) -> bool:
        """A reminder's target: "appraisal_round:ID" shows that round's year; "appraisal_follow_up:ID" also
        selects the member whose 限期改正 it is."""
        from app.models.appraisal import AppraisalFollowUp, AppraisalParticipant, AppraisalRound

        kind, _, value = record.partition(":")
        if not value.isdigit():
            return False
        with self.db.session() as s:
            if kind == "appraisal_round":
                rnd, member_id = s.get(AppraisalRound, int(value)), None
            elif kind == "appraisal_follow_up" and (follow := s.get(AppraisalFollowUp, int(value))) is not None:
                participant = s.get(AppraisalParticipant, follow.participant_id)
                rnd, member_id = s.get(AppraisalRound, participant.round_id), participant.member_id
            else:
                return False
            year = rnd.year if rnd is not None else None
        if year is None:
            return False
        index = self.year_combo.findData(year)
        if index < 0:
            self.refresh()
            index = self.year_combo.findData(year)
        self.year_combo.setCurrentIndex(index)
        if member_id is not None:
            row = next((i for i, r in enumerate(self.model.rows) if r.member_id == member_id), None)
            if row is not None:
                self.table.selectRow(row)
        return True

    def selected_member(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def edit_assessment(self) -> None:
        row = self.selected_member()
        if row is None:
            messages.show_info(self, "请先在表中选中一名党员。", "请选择党员")
            return
        with self.db.session() as s:
            p = next(p for p in require_round(s, self.year).participants if p.member_id == row.member_id)
            texts = dict(self_summary=p.self_summary, peer_opinion=p.peer_opinion, notes=p.notes)
        self._record_dialog(f"{row.name}：个人自评与党员互评", ASSESSMENT_FIELDS, texts,
                            lambda s, values: save_assessment(s, require_round(s, self.year), row.member_id,
                                                              **values), columns=ASSESSMENT_COLUMNS)

    def _record_dialog(self, title: str, fields, values: dict, write, columns=None) -> bool:
        """The shared RecordDialog: 保存 runs `write(session, values)` in one transaction; a refusal is shown
        beside its field and the dialog stays open."""
        def save(values: dict) -> None:
            with self.db.transaction() as s:
                write(s, values)

        dialog = RecordDialog(title, fields, save, values=values, columns=columns, parent=self)
        dialog.resize(max(dialog.sizeHint().width(), 560), dialog.sizeHint().height())
        if not messages.run_dialog(dialog):
            return False
        self.dataChanged.emit()
        return True

    def save_tally(self) -> bool:
        pending = self.model.pending()
        if not pending:
            messages.show_info(self, "没有需要保存的票数。", "保存计票")
            return True
        rows = [TallyRow(r.member_id, r.tally()) for r in pending]
        if not self._run(lambda s: save_tally(s, require_round(s, self.year), rows)):
            return False
        self.load(self.year)
        return True

    def choose_grade(self, member_id: int, grade: str | None) -> None:
        row = next(r for r in self.model.rows if r.member_id == member_id)
        reason = ""
        if grade and row.proposed and grade != row.proposed:
            answer = messages.ask_text(
                self, f"{row.name}的评议等次“{vocab.GRADE_LABELS[grade]}”与测评建议等次"
                      f"“{vocab.GRADE_LABELS[row.proposed]}”不同，请填写评定理由：", "评定理由")
            if answer is None:
                return
            reason = answer
        if self._run(lambda s: set_final_grade(s, require_round(s, self.year), member_id, grade, reason)):
            self.load(self.year)

    def accept_proposals(self) -> None:
        if self.model.pending() and not self.save_tally():
            return
        if self._run(lambda s: accept_proposals(s, require_round(s, self.year))):
            self.load(self.year)

    def close_round(self) -> None:
        if self.model.pending():
            messages.show_error(self, "有票数尚未保存，请先点“保存计票”。", "无法结束评议")
            return
        with self.db.session() as s:
            counts = round_counts(require_round(s, self.year))
        if not messages.ask_confirm(
                self, f"结束{self.year}年度民主评议（{counts.participants} 名党员）？结束后计票和等次不能再修改，"
                      "如需修改须“重新开启”并说明原因。", "结束评议", yes_text="结束评议"):
            return
        if self._run(lambda s: close_round(s, require_round(s, self.year)), title="无法结束评议"):
            self.load(self.year)

    def reopen_round(self) -> None:
        reason = messages.ask_text(self, f"重新开启{self.year}年度民主评议的原因（将记录在案）：", "重新开启评议")
        if reason is None:
            return
        if self._run(lambda s: reopen_round(s, require_round(s, self.year), reason), title="无法重新开启"):
            self.load(self.year)

    def enter_ballots(self) -> None:
        if self.model.pending():
            messages.show_error(self, "表中有票数尚未保存；逐张录入测评票前请先保存或刷新。", "无法录入测评票")
            return
        with self.db.session() as s:
            rnd = require_round(s, self.year)
            names = [p.member.name for p in rnd.participants if p.graded]
            count = ballot_count(s, rnd)
        if count == 0 and any(r.tally() is not None for r in self.model.rows):
            if not messages.ask_confirm(self, "已直接填写过票数。逐张录入测评票后，票数将改为按录入的测评票统计，"
                                              "原填写的票数会被替换。继续吗？", "逐张录入测评票", yes_text="继续"):
                return

        def record(keys: str) -> tuple[int | None, str]:
            def save(s) -> None:
                rnd = require_round(s, self.year)
                record_ballot(s, rnd, marks_from_keys(rnd, keys))
            try:
                with self.db.transaction() as s:
                    save(s)
                with self.db.session() as s:
                    n = ballot_count(s, require_round(s, self.year))
            except UserError as exc:
                return None, exc.message
            return n, f"已保存第 {n} 张测评票。"

        def undo() -> tuple[int | None, str]:
            try:
                with self.db.transaction() as s:
                    n = delete_last_ballot(s, require_round(s, self.year))
            except UserError as exc:
                return None, exc.message
            return n, f"已撤销上一张，还剩 {n} 张。"

        messages.run_dialog(BallotEntryDialog(names, count, record, undo, self))
        self.dataChanged.emit()
        self.load(self.year)

    def _require_selection(self) -> Row | None:
        row = self.selected_member()
        if row is None:
            messages.show_info(self, "请先在表中选中一名党员。", "请选择党员")
        return row

    def edit_notes(self) -> None:
        row = self._require_selection()
        if row is None:
            return
        with self.db.session() as s:
            texts = {(n.kind, n.period): n.text for n in notes_of(s, row.member_id, self.year)}
        values = {f"{kind}_{period}": text for (kind, period), text in texts.items()}

        def write(s, values: dict) -> None:
            for kind, period, _label in NOTE_SLOTS:
                text = values.get(f"{kind}_{period}", "")
                if text or (kind, period) in texts:
                    save_note(s, row.member_id, self.year, kind, period, text)
        self._record_dialog(f"{row.name}：{self.year}年季度自查与半年初评", NOTE_FIELDS, values, write)

    def edit_follow_up(self) -> None:
        row = self._require_selection()
        if row is None:
            return
        if row.final not in vocab.NEEDS_FOLLOW_UP:
            messages.show_info(self, f"{row.name}的评议等次不是基本合格或不合格，无需登记处理情况。", "处理情况")
            return
        from app.reports.appraisal.common import follow_up_text

        with self.db.session() as s:
            p = next(p for p in require_round(s, self.year).participants if p.member_id == row.member_id)
            existing = follow_up_text(p)
        title = f"{row.name}（{vocab.grade_label(row.final)}）：评议后处理" + (f"　已登记：{existing}" if existing else "")
        self._record_dialog(title, FOLLOW_UP_FIELDS, {"action": vocab.RECTIFY},
                            lambda s, values: record_follow_up(s, require_round(s, self.year), row.member_id,
                                                               **values))

    def toggle_graded(self) -> None:
        row = self._require_selection()
        if row is None:
            return
        if self._run(lambda s: set_graded(s, require_round(s, self.year), row.member_id, not row.graded)):
            self.load(self.year)

    def edit_rules(self) -> None:
        with self.db.session() as s:
            values = current_rules(s)
        dialog = RulesDialog(values, self)
        dialog.save = lambda values: self._run(lambda s: save_rules(s, values))
        if messages.run_dialog(dialog) and self.year is not None:
            self.load(self.year)

    def add_participant(self) -> None:
        from app.services.roster.members import list_members

        taken = {r.member_id for r in self.model.rows}
        with self.db.session() as s:
            candidates = [(m.id, f"{m.name}（{m.category}）") for m in list_members(s) if m.id not in taken]
        dialog = AddParticipantDialog(candidates, self)
        dialog.save = lambda values: self._run(
            lambda s: add_participant(s, require_round(s, self.year), values["member_id"]))
        if messages.run_dialog(dialog):
            self.load(self.year)

    def remove_participant(self) -> None:
        row = self._require_selection()
        if row is None or not messages.ask_confirm(
                self, f"把{row.name}移出{self.year}年度民主评议？（用于未参加评议的党员；已有票数或等次的不能移出）",
                "移出评议", yes_text="移出"):
            return
        if self._run(lambda s: remove_participant(s, require_round(s, self.year), row.member_id)):
            self.load(self.year)
