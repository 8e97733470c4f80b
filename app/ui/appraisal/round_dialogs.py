"""Dialogs of the appraisal page: a new round, and the round's meeting and steps."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.appraisal import vocab
from app.ui.appraisal.saving_dialog import SavingDialog
from app.ui.widgets.optional_date_edit import OptionalDateEdit
from app.ui.widgets.save_cancel import save_cancel_buttons


class NewRoundDialog(SavingDialog):
    """新建民主评议: the year, the 民主测评 day (who is 在册 then takes part), where, ballots issued."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年度民主评议")
        self.year = QSpinBox()
        self.year.setRange(1990, today.year + 1)
        self.year.setValue(today.year)
        self.held_on = OptionalDateEdit()
        self.held_on.setDate(today)
        self.place = QLineEdit()
        self.place.setPlaceholderText("例如：学校会议室")
        self.issued = QSpinBox()
        self.issued.setRange(0, 9999)
        self.issued.setSpecialValueText("（暂不填）")
        self.grade_probationary = QCheckBox("预备党员也评定等次（一般不评定）")
        form = QFormLayout()
        form.addRow("评议年度：", self.year)
        form.addRow("民主测评日期：", self.held_on)
        form.addRow("会议地点：", self.place)
        form.addRow("发出测评票数：", self.issued)
        form.addRow("", self.grade_probationary)
        hint = QLabel("参加人员默认为民主测评日期当天在册的全部党员；预备党员参加评议，但不评定等次。")
        hint.setWordWrap(True)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(box)

    def values(self) -> dict:
        return dict(year=self.year.value(), held_on=self.held_on.date(), meeting_date=self.held_on.date(),
                    meeting_place=self.place.text(), ballots_issued=self.issued.value() or None,
                    grade_probationary=self.grade_probationary.isChecked())


class RoundInfoDialog(SavingDialog):
    """评议信息: the meeting (date, place), ballots issued, and each step's dates."""

    def __init__(self, info: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{info['year']}年度民主评议信息")
        self.meeting_date = OptionalDateEdit()
        self.meeting_date.setDate(info["meeting_date"])
        self.place = QLineEdit(info["meeting_place"])
        self.issued = QSpinBox()
        self.issued.setRange(0, 9999)
        self.issued.setSpecialValueText("（暂不填）")
        self.issued.setValue(info["ballots_issued"] or 0)
        form = QFormLayout()
        form.addRow("评议会议日期：", self.meeting_date)
        form.addRow("会议地点：", self.place)
        if info.get("meeting_record"):  # the linked record's date and place are shown, not typed here
            self.meeting_date.setEnabled(False)
            self.place.setEnabled(False)
            linked = QLabel(f"已关联会议记录：{info['meeting_record']}（在页面的“评议会议”中可改为未关联）")
            linked.setWordWrap(True)
            form.addRow("", linked)
        form.addRow("发出测评票数：", self.issued)
        grid = QGridLayout()
        grid.addWidget(QLabel("环节"), 0, 0)
        grid.addWidget(QLabel("开始日期"), 0, 1)
        grid.addWidget(QLabel("结束日期"), 0, 2)
        self.steps: dict[str, tuple[OptionalDateEdit, OptionalDateEdit]] = {}
        for r, step in enumerate(vocab.STEPS, start=1):
            start, end = OptionalDateEdit(), OptionalDateEdit()
            start.setDate(info["steps"].get(step.code, (None, None))[0])
            end.setDate(info["steps"].get(step.code, (None, None))[1])
            grid.addWidget(QLabel(step.label), r, 0)
            grid.addWidget(start, r, 1)
            grid.addWidget(end, r, 2)
            self.steps[step.code] = (start, end)
        box, self.save_button, _cancel = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addWidget(box)

    def values(self) -> dict:
        return dict(meeting_date=self.meeting_date.date(), meeting_place=self.place.text(),
                    ballots_issued=self.issued.value() or None,
                    steps={code: (a.date(), b.date()) for code, (a, b) in self.steps.items()})
