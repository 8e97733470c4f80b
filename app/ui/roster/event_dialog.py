"""登记变更: record one change event (转入, 转出, 转正, 出党 …) for one member.

The kinds, their detail fields (each with its kind: text, date, month or choice) and whether they apply come
from app.services.roster.member_events.EVENT_KINDS; this dialog only asks for them, and the rules that check
them are the core's (app.kit.fields). Kinds that do not apply to this member are listed greyed out with the
reason, so the user sees why e.g. 预备党员转正 cannot be chosen for a 正式党员.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from app.kit.dates import DateTextError, format_date, parse_month_text
from app.kit.errors import UserError
from app.kit.fields import CHOICE, DATE, MONTH, parse_field
from app.models import Member
from app.services.roster.member_events import (
    EVENT_KINDS,
    TRANSFER_OUT,
    EventDetail,
    EventError,
    kind_label,
    record_event,
    suggested_kind,
)
from app.ui import messages
from app.ui.widgets.fields import ChoiceCombo
from app.ui.widgets.optional_date_edit import ERROR_STYLE, OptionalDateEdit
from app.ui.widgets.save_cancel import save_cancel_buttons


def leave_confirmation(name: str, kind: str) -> str:
    if kind == TRANSFER_OUT:
        return f"确定登记 {name} {kind_label(kind)}？转出后将不再显示在在册名单中。"
    return f"确定登记 {name} {kind_label(kind)}？登记后将不再显示在在册名单中（历史记录仍然保留）。"


class MonthEdit(QWidget):
    """年月 text such as 2026-04, with a red hint when it cannot be read as one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("年-月，例如 2026-04")
        self._hint = QLabel(self)
        self._hint.setStyleSheet("color: #d32f2f;")
        self._hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.line)
        layout.addWidget(self._hint)
        self.setFocusProxy(self.line)
        self.line.editingFinished.connect(self.validate)
        self.line.textEdited.connect(self._on_edited)

    def errorText(self) -> str:
        try:
            parse_month_text(self.line.text())
        except DateTextError as exc:
            return exc.message
        return ""

    def validate(self) -> bool:
        message = self.errorText()
        if not message:
            self.line.setText(parse_month_text(self.line.text()) or "")
        self._show(message)
        return not message

    def value(self) -> str:
        try:
            return parse_month_text(self.line.text()) or ""
        except DateTextError:
            return self.line.text().strip()

    def _on_edited(self, _text: str) -> None:
        if not self.errorText():
            self._show("")

    def _show(self, message: str) -> None:
        self._hint.setText(message)
        self._hint.setVisible(bool(message))
        self.line.setStyleSheet(ERROR_STYLE if message else "")


def _detail_widget(detail: EventDetail, parent: QWidget) -> QWidget:
    if detail.kind == CHOICE:
        return ChoiceCombo.from_choices(detail.choices, parent)
    if detail.kind == MONTH:
        return MonthEdit(parent)
    if detail.kind == DATE:
        return OptionalDateEdit(parent)
    line = QLineEdit(parent)
    line.setMaxLength(detail.max_length or 200)
    return line


def _detail_value(widget: QWidget) -> str:
    if isinstance(widget, ChoiceCombo):
        return str(widget.currentValue() or "")
    if isinstance(widget, MonthEdit):
        return widget.value()
    if isinstance(widget, OptionalDateEdit):
        return format_date(widget.date()) or widget.text().strip()
    assert isinstance(widget, QLineEdit)
    return widget.text().strip()


def _focus_target(widget: QWidget) -> QWidget:
    if isinstance(widget, MonthEdit):
        return widget.line
    if isinstance(widget, OptionalDateEdit):
        return widget.lineEdit()
    return widget


class EventDialog(QDialog):
    """Record a 党员情况变更 for one member. After acceptance ``saved_event_id`` is the new event's id."""

    def __init__(self, db, member_id: int, parent: QWidget | None = None, kind: str | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._member_id = member_id
        self.saved_event_id: int | None = None
        with db.session() as session:
            member = session.get(Member, member_id)
            if member is None:
                raise LookupError(f"找不到编号为 {member_id} 的党员")
            self._name = member.name
            self._summary = f"{member.category or '—'} · {member.roster_state}"
            self._reasons = {key: spec.applies(member) for key, spec in EVENT_KINDS.items() if spec.by_hand}
            self._suggested = suggested_kind(member)
        self.setWindowTitle(f"登记变更：{self._name}")
        self._detail_widgets: dict[str, QWidget] = {}
        self._detail_labels: list[QLabel] = []
        self._build(kind)

    # -- building
    def _build(self, kind: str | None) -> None:
        outer = QVBoxLayout(self)
        header = QLabel(f"党员：<b>{self._name}</b>（{self._summary}）", self)
        outer.addWidget(header)

        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self._form)

        self.kind_combo = ChoiceCombo([], self)
        for key, reason in self._reasons.items():
            label = kind_label(key)
            text = label if reason is None else f"{label}（不适用：{reason}）"
            self.kind_combo.addItem(text, key)
            if reason is not None:
                item = self.kind_combo.model().item(self.kind_combo.count() - 1)
                item.setEnabled(False)
                item.setToolTip(reason)
        self._form.addRow("变更类型", self.kind_combo)
        applicable = [k for k, r in self._reasons.items() if r is None]
        explain = "灰色的类型目前不适用于该党员，括号中写明了原因。"
        if not applicable:
            explain = f"{self._name}目前没有可以登记的变更。"
        self._explain = QLabel(explain, self)
        self._explain.setStyleSheet("color: #666;")
        # one line, not word-wrapped: a wrapped label in a form lost its end when the rows changed
        self._explain.setWordWrap(False)
        self._explain.setMinimumWidth(self._explain.sizeHint().width())
        self._form.addRow("", self._explain)

        self.date_edit = OptionalDateEdit(self)
        self.date_edit.setDate(date.today())
        self._form.addRow("变更日期", self.date_edit)

        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(500)
        self.note_edit.setPlaceholderText("可留空")
        self._form.addRow("备注", self.note_edit)

        self._leave_hint = QLabel(self)
        self._leave_hint.setStyleSheet("color: #b26a00;")
        self._leave_hint.setWordWrap(True)
        outer.addWidget(self._leave_hint)

        keys = QLabel("Enter 保存 · Esc 取消", self)
        keys.setStyleSheet("color: #888;")
        self._buttons, self.save_button, self.cancel_button = save_cancel_buttons(self)
        outer.addWidget(keys)
        outer.addWidget(self._buttons)

        start = kind if kind in applicable else self._suggested
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        if start is not None:
            self.kind_combo.setCurrentValue(start)
        self._on_kind_changed()
        self.save_button.setEnabled(bool(applicable))
        self.setMinimumWidth(540)
        self.kind_combo.setFocus()

    def _on_kind_changed(self, *_args) -> None:
        for widget in self._detail_widgets.values():
            self._form.removeRow(widget)
        self._detail_widgets.clear()
        kind = self.current_kind()
        spec = EVENT_KINDS.get(kind or "")
        row = self._form.getWidgetPosition(self.note_edit)[0]
        for detail in spec.details if spec else ():
            widget = _detail_widget(detail, self)
            label = f"{detail.label} *" if detail.required else detail.label
            self._form.insertRow(row, label, widget)
            row += 1
            self._detail_widgets[detail.key] = widget
        chain = [self.kind_combo, self.date_edit.lineEdit(),
                 *(_focus_target(w) for w in self._detail_widgets.values()), self.note_edit,
                 self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if spec and spec.leaves_roster:
            self._leave_hint.setText(f"登记后，{self._name}将不再出现在在册名单中（信息和历史记录仍然保留）。")
        else:
            self._leave_hint.setText("")
        self._leave_hint.setVisible(bool(self._leave_hint.text()))
        self.adjustSize()

    # -- reading
    def current_kind(self) -> str | None:
        value = self.kind_combo.currentValue()
        return value if isinstance(value, str) and self._reasons.get(value, "x") is None else None

    def detail_widget(self, key: str) -> QWidget:
        """The widget of the detail stored under `key` (an EventDetail key such as "to_org")."""
        return self._detail_widgets[key]

    def details(self) -> dict[str, str]:
        return {key: _detail_value(w) for key, w in self._detail_widgets.items()}

    def _has_input(self) -> bool:
        return any(self.details().values()) or bool(self.note_edit.text().strip())

    # -- saving
    def accept(self) -> None:
        kind = self.current_kind()
        if kind is None:
            messages.show_error(self, "请选择一种适用于该党员的变更类型。", "无法登记")
            self.kind_combo.setFocus()
            return
        if not self.date_edit.validate():
            messages.show_error(self, f"“变更日期”填写有误：{self.date_edit.errorText()}", "无法登记")
            self.date_edit.lineEdit().setFocus()
            return
        event_date = self.date_edit.date()
        if event_date is None:
            messages.show_error(self, "请填写“变更日期”。", "无法登记")
            self.date_edit.lineEdit().setFocus()
            return
        spec = EVENT_KINDS[kind]
        details = self.details()
        for detail in spec.details:  # the service's own rules, before asking to confirm
            widget = self._detail_widgets[detail.key]
            if isinstance(widget, (MonthEdit, OptionalDateEdit)):
                widget.validate()  # the red hint under the field
            try:
                parse_field(detail, details.get(detail.key))
            except UserError as exc:
                messages.show_user_error(self, exc, self._focus_map(), "无法登记")
                return
        if spec.leaves_roster and not messages.ask_confirm(
                self, leave_confirmation(self._name, kind), f"确认{spec.label}", yes_text=f"确定{spec.label}"):
            return
        try:
            with self._db.transaction() as session:
                event = record_event(session, self._member_id, kind, event_date, details,
                                     self.note_edit.text())
                event_id = event.id
        except EventError as exc:
            messages.show_user_error(self, exc, self._focus_map(), "无法登记")
            return
        except SQLAlchemyError as exc:
            messages.show_error(self, "登记失败，数据没有写入。", "无法登记", detail=str(exc))
            return
        self.saved_event_id = event_id
        super().accept()

    def _focus_map(self) -> dict[str, QWidget]:
        """Where the cursor goes for an error about each field (UserError.field)."""
        focus = {key: _focus_target(w) for key, w in self._detail_widgets.items()}
        focus.update(kind=self.kind_combo, event_date=self.date_edit.lineEdit())
        return focus

    def reject(self) -> None:
        if self._has_input() and not messages.ask_discard_changes(self):
            return
        super().reject()

