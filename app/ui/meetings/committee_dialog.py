"""Recording a newly elected branch committee (换届): the election day, the term, and the members in
their posts. The previous committee stays as history."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.models.database import Database
from app.services.meetings import rules
from app.services.meetings.committee import SeatInput, elect_term
from app.services.meetings.kinds import POSTS
from app.services.meetings.roster_on import members_on
from app.ui.messages import show_user_error
from app.ui.widgets.save_cancel import save_cancel_buttons

SEATS = 7  # the 条例: 3 to 5 members, generally not more than 7
DEFAULT_POSTS = ("secretary", "organization", "propaganda", "discipline", "member", "member", "member")


class CommitteeDialog(QDialog):
    def __init__(self, db: Database, *, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today or date.today()
        self.setWindowTitle("登记新一届支部委员会")
        self.elected = QDateEdit(QDate(self._today))
        self.elected.setCalendarPopup(True)
        self.elected.setDisplayFormat("yyyy-MM-dd")
        self.years = QSpinBox()
        self.years.setRange(1, 10)
        with db.session() as s:
            self.years.setValue(rules.term_years(s))
        self.years.setSuffix(" 年")
        self.note = QLineEdit()
        self.note.setPlaceholderText("例如：支部党员大会选举产生，上级党委批复同意")
        form = QFormLayout()
        form.addRow("选举日期：", self.elected)
        form.addRow("任期：", self.years)
        form.addRow("备注：", self.note)
        grid = QGridLayout()
        grid.addWidget(QLabel("职务"), 0, 0)
        grid.addWidget(QLabel("委员（选举日期当天的党员）"), 0, 1)
        self.posts: list[QComboBox] = []
        self.people: list[QComboBox] = []
        for row in range(SEATS):
            post = QComboBox()
            for code, label in POSTS.items():
                post.addItem(label, code)
            post.setCurrentIndex(post.findData(DEFAULT_POSTS[row]))
            person = QComboBox()
            grid.addWidget(post, row + 1, 0)
            grid.addWidget(person, row + 1, 1)
            self.posts.append(post)
            self.people.append(person)
        box, _save, _cancel = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addWidget(QLabel("不需要的行留空即可。"))
        layout.addWidget(box)
        self.elected.dateChanged.connect(self._fill_people)
        self._fill_people()

    def _fill_people(self) -> None:
        with self._db.session() as s:
            people = [(m.member.name, m.id) for m in members_on(s, self.elected.date().toPython()) if m.voting]
        for combo in self.people:
            keep = combo.currentData()
            combo.clear()
            combo.addItem("", None)
            for name, mid in people:
                combo.addItem(name, mid)
            combo.setCurrentIndex(max(0, combo.findData(keep)))

    def seats(self) -> list[SeatInput]:
        return [SeatInput(person.currentData(), post.currentData())
                for post, person in zip(self.posts, self.people, strict=True) if person.currentData() is not None]

    def accept(self) -> None:
        try:
            with self._db.transaction() as s:
                elect_term(s, self.elected.date().toPython(), self.seats(), term_years=self.years.value(),
                           note=self.note.text(), today=self._today)
        except UserError as exc:
            show_user_error(self, exc, {"elected_date": self.elected, "term_years": self.years,
                                        "seats": self.people[0], "member_id": self.people[0]})
            return
        super().accept()
