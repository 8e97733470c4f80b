"""Dialogs of the collection grid: correct one member's month, and record a payment covering months
(预缴 quarterly or half-yearly, 补交 of past months, 代缴 by someone else). Each save is one transaction;
a refused input keeps the dialog open with the Chinese message, the field it names focused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.kit.dates import parse_month_text
from app.kit.errors import UserError
from app.models.database import Database
from app.services.dues import vocab
from app.services.dues.collection import PaymentResult, correct_month, record_payment
from app.services.dues.ledger import Cell
from app.services.dues.money import show
from app.services.dues.months_text import month_of, months_between, shift
from app.ui import messages
from app.ui.widgets.fields import ChoiceCombo
from app.ui.widgets.optional_date_edit import OptionalDateEdit
from app.ui.widgets.save_cancel import save_cancel_buttons


class _SavingDialog(QDialog):
    """accept() saves first; a UserError is shown and focuses its field instead of closing."""

    def __init__(self, db: Database, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._db = db
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self._layout = layout

    def finish(self) -> None:
        box, self.save_button, _cancel = save_cancel_buttons(self)
        self._layout.addWidget(box)

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.save()
        except UserError as exc:
            messages.show_error(self, exc.message)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return
        super().accept()


class CorrectMonthDialog(_SavingDialog):
    """One cell: 已缴 / 部分缴纳 with the amount and date, 应缴 (not paid), 延迟 or 免缴 with the reason."""

    def __init__(self, db: Database, member_id: int, name: str, cell: Cell, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(db, f"更正 {name} {cell.month} 的党费", parent)
        self.member_id, self.month, self._today = member_id, cell.month, today
        self.form.addRow(QLabel(f"{name}　{cell.month}　应缴 {show(cell.due) or '（无基数）'} 元"))
        self.state = ChoiceCombo([(label, code) for code, label in vocab.MONTH_STATES.items()])
        self.state.setCurrentValue(cell.state if cell.state != vocab.DUE else vocab.PAID)
        self.amount = QLineEdit(show(cell.paid) if cell.paid else show(cell.due))
        self.paid_date = OptionalDateEdit()
        self.paid_date.setDate(cell.paid_date or today())
        self.payer = QLineEdit(cell.payer)
        self.payer.setPlaceholderText("他人代缴时填写代缴人")
        self.reason = QLineEdit(cell.reason)
        self.reason.setPlaceholderText("延迟、免缴须写明原因")
        for label, key, widget in (("状态：", "state", self.state), ("实缴金额（元）：", "amount", self.amount),
                                   ("缴纳日期：", "paid_date", self.paid_date), ("代缴人：", "payer", self.payer),
                                   ("原因或说明：", "reason", self.reason)):
            self.form.addRow(label, widget)
            self.fields[key] = widget
        self.state.currentIndexChanged.connect(self._update_enabled)
        self._update_enabled()
        self.finish()

    def _update_enabled(self) -> None:
        paying = self.state.currentValue() in (vocab.PAID, vocab.PARTIAL)
        for widget in (self.amount, self.paid_date, self.payer):
            widget.setEnabled(paying)

    def save(self) -> None:
        with self._db.transaction() as s:
            correct_month(s, self.member_id, self.month, self.state.currentValue(), amount=self.amount.text(),
                          paid_date=self.paid_date.date(), reason=self.reason.text(), payer=self.payer.text(),
                          today=self._today())


class PaymentDialog(_SavingDialog):
    """A payment covering a run of months: ahead (预缴), behind (补交), or for someone (代缴)."""

    def __init__(self, db: Database, members: list[tuple[str, int]], month: str, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(db, "登记缴费（预缴、补交、代缴）", parent)
        self._today = today
        self.payment: PaymentResult | None = None
        self.member = ChoiceCombo(members)
        self.first = QLineEdit(month)
        self.last = QLineEdit(month)
        for edit in (self.first, self.last):
            edit.setPlaceholderText("例如 2026-07")
        self.paid_date = OptionalDateEdit()
        self.paid_date.setDate(today())
        self.payer = QLineEdit()
        self.payer.setPlaceholderText("本人交纳时留空")
        self.note = QLineEdit()
        self.note.setPlaceholderText("例如：经支部同意按季度预缴")
        for label, key, widget in (("党员：", "member", self.member), ("起始月份：", "months", self.first),
                                   ("截止月份：", "months_last", self.last), ("缴纳日期：", "paid_date", self.paid_date),
                                   ("代缴人：", "payer", self.payer), ("说明：", "note", self.note)):
            self.form.addRow(label, widget)
            self.fields[key] = widget
        quick = QWidget()
        quick_layout = QHBoxLayout(quick)
        quick_layout.setContentsMargins(0, 0, 0, 0)
        for text, months in (("本季度", 3), ("半年", 6)):
            button = QPushButton(text)
            button.setToolTip(f"从起始月份起连续 {months} 个月（按季度或半年预缴）")
            button.clicked.connect(lambda _c=False, n=months: self.cover(n))
            quick_layout.addWidget(button)
        quick_layout.addStretch(1)
        self.form.addRow("预缴：", quick)
        self.form.addRow(QLabel("按每月应缴金额登记；补交超过 6 个月会提示核实。"))
        self.finish()

    def cover(self, months: int) -> None:
        """截止月份 = 起始月份 + months - 1; for a quarter, from the quarter's first month."""
        first = parse_month_text(self.first.text()) or month_of(self._today())
        if months == 3:
            first = f"{first[:4]}-{(int(first[5:]) - 1) // 3 * 3 + 1:02d}"
        self.first.setText(first)
        self.last.setText(shift(first, months - 1))

    def save(self) -> None:
        first = parse_month_text(self.first.text(), "months")
        last = parse_month_text(self.last.text(), "months_last")
        if not first or not last:
            raise UserError("请填写起始月份和截止月份，例如 2026-07。", "months")
        if last < first:
            raise UserError("截止月份不能早于起始月份。", "months_last")
        day = self.paid_date.date()
        if day is None:
            raise UserError("请填写缴纳日期。", "paid_date")
        with self._db.transaction() as s:
            self.payment = record_payment(s, self.member.currentValue(), months_between(first, last), day,
                                         payer=self.payer.text(), note=self.note.text(), today=self._today())
