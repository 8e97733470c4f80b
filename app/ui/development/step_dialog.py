"""Recording a step of a person's development: its date and the details the step needs, built from the
step's DetailSpecs (app.services.development.steps). The service checks order and rules; a refusal is
shown in Chinese and the dialog stays open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.kit.errors import UserError
from app.models import Member
from app.models.database import Database
from app.services.common.branch import list_groups
from app.services.common.storage import data_folder_of
from app.services.development import steps as S
from app.services.development.files import attach_file
from app.services.development.people import get_person
from app.services.development.recording import record_step
from app.services.development.timeline import DUE, OPEN, OVERDUE, WAITING, timeline
from app.services.development.votes import Vote, vote_passes, voting_members
from app.services.roster import vocab
from app.ui import messages
from app.ui.development.files_dialog import FILE_FILTER
from app.ui.widgets import file_dialogs
from app.ui.widgets.fields import ChoiceCombo
from app.ui.widgets.optional_date_edit import OptionalDateEdit
from app.ui.widgets.save_cancel import save_cancel_buttons

RECORDABLE = (DUE, OVERDUE, OPEN, WAITING)


class StepDialog(QDialog):
    def __init__(self, db: Database, person_id: int, code: str | None = None, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._person_id = person_id
        self._today = today or date.today()
        self.recorded = None
        with db.session() as s:
            person = get_person(s, person_id)
            self._name = person.name
            items = [i for i in timeline(s, person, self._today) if i.state in RECORDABLE]
            self._full_members = [(m.id, m.name) for m in s.scalars(select(Member).where(
                Member.roster_state == vocab.ROSTER_ACTIVE, Member.category == vocab.CATEGORY_FULL,
                Member.standing == vocab.STANDING_NORMAL).order_by(Member.name_pinyin))]
            self._voters = voting_members(s)
            self._groups = [(g.name, g.id) for g in list_groups(s)]
        self.setWindowTitle(f"登记发展步骤：{self._name}")
        self.step = QComboBox()
        for item in items:
            hint = f"（{item.state_label}{'，' + item.when if item.when else ''}）"
            self.step.addItem(item.step.title + hint, item.step.code)
        # the next step of the sequence comes first; a further 考察 entry is chosen from the list
        main = next((i.step.code for i in items if i.step.code not in (S.ASSESSMENT, S.PROBATION_EDUCATION)), None)
        wanted = code or main
        if wanted is not None and self.step.findData(wanted) >= 0:
            self.step.setCurrentIndex(self.step.findData(wanted))
        self.step_date = OptionalDateEdit()
        self.date_label = QLabel("日期")
        self.details_form = QFormLayout()
        self.override = QLineEdit()
        self.override.setPlaceholderText("仅当规则允许例外时填写，例如：寒假期间本人在外地")
        self.note = QLineEdit()
        form = QFormLayout()
        form.addRow("步骤", self.step)
        form.addRow(self.date_label, self.step_date)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        box.accepted.disconnect()
        box.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.details_form)
        self._files: list[Path] = []  # attached to the step when it is saved, in the same transaction
        self.files_label = QLabel("（无）")
        self.files_button = QPushButton("添加文件…")
        self.files_button.setToolTip("申请书、志愿书等材料的扫描件，保存时附在这一步上")
        self.files_button.clicked.connect(self._choose_files)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_label, 1)
        files_row.addWidget(self.files_button)
        tail = QFormLayout()
        tail.addRow("例外说明", self.override)
        tail.addRow("备注", self.note)
        tail.addRow("附件（选填）", files_row)
        layout.addLayout(tail)
        layout.addWidget(box)
        self.fields: dict[str, QWidget] = {}
        self.step.currentIndexChanged.connect(self._build_details)
        self._build_details()
        self.step_date.setFocus()

    def current_code(self) -> str | None:
        return self.step.currentData()

    def _build_details(self) -> None:
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        self.fields = {}
        code = self.current_code()
        if code is None:
            return
        spec = S.step(code)
        self.date_label.setText(spec.date_label)
        for d in spec.details:
            widget = self._widget_for(d)
            self.fields[d.key] = widget
            self.details_form.addRow(d.label + ("" if d.required else "（选填）"), widget)
        if S.VOTE_DETAILS[0] in spec.details:
            self.vote_result = QLabel()
            self.details_form.addRow("表决结果", self.vote_result)
            for key in ("expected", "present", "yes", "no", "abstain"):
                self.fields[key].valueChanged.connect(self._show_vote)
            self._show_vote()
        self.setTabOrder(self.step, self.step_date)

    def _show_vote(self) -> None:
        """The rule, applied as the counts are typed: yes from more than half of those entitled to vote."""
        vote = Vote.from_details({k: w.value() for k, w in self.fields.items() if isinstance(w, QSpinBox)})
        ballots = vote.yes + vote.no + vote.abstain
        if ballots != vote.present:
            text, colour = f"赞成、反对、弃权合计 {ballots} 票，应等于实到 {vote.present} 人", "#c62828"
        elif vote_passes(vote):
            text, colour = f"通过（赞成 {vote.yes} 票，超过应到会有表决权党员 {vote.expected} 人的半数）", "#2e7d32"
        else:
            text, colour = f"未通过（赞成 {vote.yes} 票，未超过应到会有表决权党员 {vote.expected} 人的半数）", "#c62828"
        self.vote_result.setText(text)
        self.vote_result.setStyleSheet(f"color: {colour};")

    def _widget_for(self, d: S.DetailSpec) -> QWidget:
        if d.kind == S.INT:
            spin = QSpinBox()
            spin.setRange(0, 10000)
            if d.key in ("expected", "present"):
                spin.setValue(self._voters)  # the roster's 正式党员: 预备党员 have no vote
            if d.key == "yes":
                spin.setValue(self._voters)
            if d.key == "hours":
                spin.setValue(0)
            return spin
        if d.kind == S.DATE:
            return OptionalDateEdit()
        if d.kind == S.CHOICE:
            return ChoiceCombo([(label, code) for code, label in d.choices])
        if d.kind == S.GROUP:
            return ChoiceCombo([("（不编入党小组）", None), *self._groups])
        if d.kind == S.MEMBERS:
            listing = QListWidget()
            listing.setToolTip(f"勾选{d.min_count}至{d.max_count}名正式党员（空格键勾选）")
            for member_id, name in self._full_members:
                entry = QListWidgetItem(name)
                entry.setData(Qt.ItemDataRole.UserRole, member_id)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Unchecked)
                listing.addItem(entry)
            listing.setFixedHeight(120)
            return listing
        return QLineEdit()

    def details(self) -> dict:
        out: dict = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, OptionalDateEdit):
                out[key] = widget.date()
            elif isinstance(widget, ChoiceCombo):
                out[key] = widget.currentValue()
            elif isinstance(widget, QListWidget):
                out[key] = [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                            if widget.item(i).checkState() == Qt.CheckState.Checked]
            else:
                out[key] = widget.text()
        if self.current_code() == S.TRAINING and out.get("hours") == 0:
            out["hours"] = None
        return out

    def add_files(self, paths: list[str | Path]) -> None:
        """Files to attach to the step when it is saved (a scan of the 申请书, the 志愿书 pages …)."""
        self._files += [Path(p) for p in paths if Path(p) not in self._files]
        self.files_label.setText("\n".join(p.name for p in self._files) or "（无）")

    def _choose_files(self) -> None:
        paths = file_dialogs.open_file_names(self, "选择要附加的材料", str(Path.home()), FILE_FILTER)
        if paths:
            self.add_files(paths)

    def check_members(self, key: str, names: list[str]) -> None:
        """Tick these members in a 培养联系人 / 入党介绍人 list (used by tests and keyboard users alike)."""
        listing = self.fields[key]
        for i in range(listing.count()):
            item = listing.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    def save(self) -> None:
        code = self.current_code()
        if code is None:
            messages.show_error(self, f"{self._name}目前没有可以登记的步骤。")
            return
        if self.step_date.hasError():
            messages.show_error(self, self.step_date.errorText())
            return
        if code == S.ADMISSION_APPROVED and not messages.ask_confirm(
                self, f"登记上级党委审批后，{self._name}将作为预备党员登入花名册，加入党组织日期为支部大会日期。"
                      f"确定登记吗？", "接收预备党员", yes_text="登记并登入花名册"):
            return
        try:
            with self._db.transaction() as s:
                entry = record_step(s, self._person_id, code, self.step_date.date(), self.details(),
                                    override_reason=self.override.text(), note=self.note.text(), today=self._today)
                for path in self._files:
                    attach_file(s, data_folder_of(self._db), self._person_id, entry.id, path)
                self.recorded = entry.id
        except UserError as exc:
            messages.show_error(self, exc.message)
            target = {"override_reason": self.override, "step_date": self.step_date,
                      "attachment": self.files_button}.get(exc.field or "") \
                or self.fields.get(exc.field or "")
            if target is not None:
                target.setFocus()
            return
        self.accept()
