"""Entering a person in development (入党申请人): the member's personal fields, checked by the service."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.kit.errors import UserError
from app.models.database import Database
from app.services.development.people import person_values, save_person
from app.services.roster import vocab
from app.ui import messages
from app.ui.widgets.fields import ChoiceCombo, NotesEdit
from app.ui.widgets.save_cancel import save_cancel_buttons


class PersonDialog(QDialog):
    """New or corrected personal fields; 保存 writes in one transaction and closes, errors keep it open."""

    def __init__(self, db: Database, person_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.person_id = person_id
        self.setWindowTitle("修改发展党员信息" if person_id else "新增入党申请人")
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("18位，出生日期和性别由号码得出")
        self.ethnicity = ChoiceCombo.from_choices(vocab.ETHNICITIES, blank=False)
        self.education = ChoiceCombo.from_choices(vocab.EDUCATIONS)
        self.job_post = QLineEdit()
        self.mobile_phone = QLineEdit()
        self.home_address = QLineEdit()
        self.notes = NotesEdit()
        self.notes.setFixedHeight(60)
        self.notes.submitRequested.connect(self.save)
        form = QFormLayout()
        for label, widget in (("姓名", self.name), ("公民身份号码", self.id_number), ("民族", self.ethnicity),
                              ("学历", self.education), ("工作岗位", self.job_post), ("手机", self.mobile_phone),
                              ("家庭住址", self.home_address), ("备注", self.notes)):
            form.addRow(label, widget)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        box.accepted.disconnect()
        box.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        self._fields = {"name": self.name, "id_number": self.id_number, "ethnicity": self.ethnicity,
                        "education": self.education, "job_post": self.job_post, "mobile_phone": self.mobile_phone,
                        "home_address": self.home_address, "notes": self.notes}
        if person_id:
            with db.session() as s:
                from app.services.development.people import get_person

                self._load(person_values(get_person(s, person_id)))

    def _load(self, values: dict) -> None:
        for key, widget in self._fields.items():
            value = values.get(key) or ""
            if isinstance(widget, ChoiceCombo):
                widget.setCurrentValue(value)
            elif isinstance(widget, NotesEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)

    def values(self) -> dict:
        out = {}
        for key, widget in self._fields.items():
            if isinstance(widget, ChoiceCombo):
                out[key] = widget.currentValue() or ""
            elif isinstance(widget, NotesEdit):
                out[key] = widget.toPlainText()
            else:
                out[key] = widget.text()
        # sex and birth date come from the ID number (the service fills them)
        out["gender"], out["birth_date"] = None, None
        return out

    def save(self) -> None:
        try:
            with self._db.transaction() as s:
                self.person_id = save_person(s, self.values(), self.person_id).id
        except UserError as exc:
            messages.show_error(self, exc.message)
            widget = self._fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return
        self.accept()
