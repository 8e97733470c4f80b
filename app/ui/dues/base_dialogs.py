"""Set one member's category and base; record a hardship reduction/exemption or a voluntary amount."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.kit.dates import parse_month_text
from app.models.database import Database
from app.services.dues import vocab
from app.services.dues.bases import set_base
from app.services.dues.overrides import add_override
from app.ui.dues.month_dialogs import _SavingDialog
from app.ui.widgets.fields import ChoiceCombo


class BaseDialog(_SavingDialog):
    def __init__(self, db: Database, member_id: int, name: str, *, category: str, base: str, valid_from: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, f"{name}的缴费基数", parent)
        self.member_id = member_id
        self.category = ChoiceCombo([(label, code) for code, label in vocab.CATEGORIES.items()])
        self.category.setCurrentValue(category or vocab.EMPLOYED)
        self.base = QLineEdit(base)
        self.base.setPlaceholderText("每月税后工资（元），离退休为基本养老金")
        self.fixed = QLineEdit()
        self.fixed.setPlaceholderText("农民党员自选 0.20～1.00 元；其他类别留空")
        self.valid_from = QLineEdit(valid_from)
        self.note = QLineEdit()
        for label, key, widget in (("缴费类别：", "category", self.category), ("月缴费基数（元）：", "base", self.base),
                                   ("定额（元）：", "fixed", self.fixed), ("自何月起：", "valid_from", self.valid_from),
                                   ("说明：", "note", self.note)):
            self.form.addRow(label, widget)
            self.fields[key] = widget
        self.form.addRow(QLabel("已开始收缴的月份保留原应缴金额，新基数从所填月份起、尚未收缴的月份生效。"))
        self.finish()

    def save(self) -> None:
        month = parse_month_text(self.valid_from.text(), "valid_from")
        with self._db.transaction() as s:
            set_base(s, self.member_id, month or "", self.category.currentValue(), self.base.text(),
                     fixed=self.fixed.text() or None, note=self.note.text())


class OverrideDialog(_SavingDialog):
    def __init__(self, db: Database, member_id: int, name: str, month: str, parent: QWidget | None = None) -> None:
        super().__init__(db, f"{name}：困难减免或自愿多缴", parent)
        self.member_id = member_id
        self.kind = ChoiceCombo([(label, code) for code, label in vocab.OVERRIDE_KINDS.items()])
        self.from_month = QLineEdit(month)
        self.to_month = QLineEdit()
        self.to_month.setPlaceholderText("留空表示一直有效，直到结束")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("减缴或自愿多缴时每月交纳的金额（元）")
        self.decision = QLineEdit()
        self.decision.setPlaceholderText("例如：2026-02-20 支委会研究同意")
        self.approval = QLineEdit()
        self.approval.setPlaceholderText("例如：2026-02-28 教育工委批复同意")
        self.note = QLineEdit()
        for label, key, widget in (("方式：", "kind", self.kind), ("起始月份：", "from_month", self.from_month),
                                   ("截止月份：", "to_month", self.to_month), ("每月金额（元）：", "amount", self.amount),
                                   ("支部决定：", "decision", self.decision), ("上级党委批准：", "approval", self.approval),
                                   ("说明：", "note", self.note)):
            self.form.addRow(label, widget)
            self.fields[key] = widget
        self.finish()

    def save(self) -> None:
        first = parse_month_text(self.from_month.text(), "from_month")
        last = parse_month_text(self.to_month.text(), "to_month")
        with self._db.transaction() as s:
            add_override(s, self.member_id, self.kind.currentValue(), first or "", to_month=last,
                         amount=self.amount.text(), decision=self.decision.text(), approval=self.approval.text(),
                         note=self.note.text())
