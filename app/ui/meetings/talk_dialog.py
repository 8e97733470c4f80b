"""Recording one 谈心谈话: the date, who talked with whom, the kind, topics and a summary."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.meetings.committee import committee_member_ids
from app.services.meetings.kinds import TALK_KINDS
from app.services.meetings.roster_on import members_on
from app.services.meetings.talks import TalkInput, save_talk
from app.ui.messages import show_user_error
from app.ui.widgets.save_cancel import save_cancel_buttons


class TalkDialog(QDialog):
    def __init__(self, db: Database, *, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today or date.today()
        self.setWindowTitle("新增谈心谈话记录")
        self.day = QDateEdit(QDate(self._today))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.talker = QComboBox()
        self.talkee = QComboBox()
        self.kind = QComboBox()
        for code, label in TALK_KINDS.items():
            self.kind.addItem(label, code)
        self.place = QLineEdit()
        self.topics = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        form = QFormLayout()
        for label, widget in (("谈话日期：", self.day), ("谈话人：", self.talker), ("谈话对象：", self.talkee),
                              ("谈话类型：", self.kind), ("地点：", self.place), ("谈话主题：", self.topics),
                              ("内容摘要：", self.summary)):
            form.addRow(label, widget)
        box, _save, _cancel = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        self.day.dateChanged.connect(self._people)
        self._people()

    def _people(self) -> None:
        day = self.day.date().toPython()
        with self._db.session() as s:
            people = [(m.member.name, m.id) for m in members_on(s, day)]
            committee = committee_member_ids(s, day)
        for combo, first in ((self.talker, True), (self.talkee, False)):
            keep = combo.currentData()
            combo.clear()
            ordered = sorted(people, key=lambda p: (p[1] not in committee) if first else 0)
            for name, mid in ordered:
                combo.addItem(name + ("（支委）" if mid in committee else ""), mid)
            if keep is not None and combo.findData(keep) >= 0:
                combo.setCurrentIndex(combo.findData(keep))

    def accept(self) -> None:
        data = TalkInput(self.day.date().toPython(), self.talker.currentData(), self.talkee.currentData(),
                         self.kind.currentData(), self.place.text(), self.topics.text(), self.summary.toPlainText())
        try:
            with self._db.transaction() as s:
                save_talk(s, data, today=self._today)
        except UserError as exc:
            show_user_error(self, exc, {"talk_date": self.day, "talker_id": self.talker, "talkee_id": self.talkee,
                                        "kind": self.kind})
            return
        super().accept()
