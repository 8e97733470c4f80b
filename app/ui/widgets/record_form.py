"""An entry form built from field specs: grouped boxes, one widget per field kind, values as a dict.

Every area's entry dialog (党员, and 会议记录, 党费, 发展党员 steps, 评议 …) is a form like this one. Specs in,
values dict out::

    FIELDS = [
        FormField("held_on", "会议日期", DATE, group="会议", required=True),
        FormField("kind", "会议类型", CHOICE, group="会议", choices=("支部党员大会", "党小组会", "党课")),
        FormField("host", "主持人", TEXT, group="会议"),
        FormField("minutes", "会议记录", LONG_TEXT, group="内容", show_label=False),
        FormField("is_joint", "联合召开", BOOL, group="会议"),
    ]
    form = RecordForm(FIELDS, columns=[["会议"], ["内容"]])   # one column of boxes per inner list
    form.set_values({"held_on": date(2026, 3, 2), "kind": "党课"})
    form.values()         # {"held_on": date(2026, 3, 2), "kind": "党课", "host": "", "minutes": "", ...}
    form.show_error("host", "请填写主持人。")   # red label and border, tooltip, the message below it, focus

Or, for a plain entry dialog, `RecordDialog` (the form plus 保存 / 取消): its ``save`` callback gets the
values dict, writes them (one transaction) and raises app.kit.errors.UserError(message, field=key) for
bad input, which the dialog shows beside that field and focuses.

Field kinds and the values they give:
    TEXT               QLineEdit                  str, stripped
    LONG_TEXT          NotesEdit (multi-line)     str, stripped; Enter is a new line, Ctrl+Enter saves
    DATE               OptionalDateEdit           datetime.date | None (typed 2012.7.1, 2012年7月1日 …)
    CHOICE             ChoiceCombo                the chosen value ("" or `empty` when none)
    SEARCHABLE_CHOICE  SearchableChoiceCombo      the list entry; None while the text is not one (a
                                                  local error, see local_errors())
    BOOL               QCheckBox 是               bool
    MONTH              QLineEdit                  "2026-03" | None (typed 2026.3, 2026年3月 …)
    DECIMAL            QLineEdit                  decimal.Decimal | None (money: never a float)
A MONTH or DECIMAL text that is not one gives None and a local error.
``choices`` are the values of a list (shown as themselves; "" in the list shows as （无）); ``items``
are (text, value) pairs when the shown text is not the value (a 党小组 by its id).

Keyboard: Tab walks the fields box by box in the order of `columns`, then the widgets passed to
set_tab_order(after=...); `submitRequested` is emitted by Ctrl+Enter in a long text (a dialog connects
it to accept(); Enter elsewhere presses the dialog's default button, Esc rejects).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.kit.dates import parse_month_text
from app.kit.errors import UserError
from app.ui import messages
from app.ui.widgets.fields import ChoiceCombo, NotesEdit, SearchableChoiceCombo
from app.ui.widgets.optional_date_edit import ERROR_STYLE, OptionalDateEdit
from app.ui.widgets.save_cancel import save_cancel_buttons

TEXT, LONG_TEXT, DATE, CHOICE, SEARCHABLE_CHOICE, BOOL, MONTH, DECIMAL = (
    "text", "long_text", "date", "choice", "searchable_choice", "bool", "month", "decimal")
KINDS = (TEXT, LONG_TEXT, DATE, CHOICE, SEARCHABLE_CHOICE, BOOL, MONTH, DECIMAL)

LABEL_ERROR_STYLE = "color: #d32f2f; font-weight: bold;"
LABEL_WARNING_STYLE = "color: #b26a00; font-weight: bold;"


@dataclass(frozen=True)
class FormField:
    key: str  # the key of the values dict (a model attribute; UserError.field names it)
    label: str
    kind: str = TEXT
    group: str = ""  # the box it sits in
    choices: tuple[str, ...] = ()  # CHOICE / SEARCHABLE_CHOICE: the list's values
    items: tuple[tuple[str, object], ...] = ()  # CHOICE: (shown text, value) pairs instead of choices
    empty: object = ""  # CHOICE: the value meaning "none chosen" (None for an id)
    required: bool = False  # the label gets a * (the rule itself is the service's)
    show_label: bool = True  # False: no label beside it (a long text whose box title says it all)
    placeholder: str = ""
    max_length: int = 200  # TEXT
    min_width: int = 150  # TEXT and DATE, in pixels
    min_height: int = 60  # LONG_TEXT, in pixels


class RecordForm(QWidget):
    """The boxes of fields; see the module docstring. Reads and writes values, marks errors, orders Tab."""

    submitRequested = Signal()  # Ctrl+Enter in a long text
    edited = Signal(str)  # the user changed a field (its key)

    def __init__(self, fields: Sequence[FormField], *, columns: Sequence[Sequence[str]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: list[FormField] = list(fields)
        self.fields_by_key = {f.key: f for f in self.fields}
        groups = list(dict.fromkeys(f.group for f in self.fields))
        self._columns = [list(column) for column in columns] if columns else [[g] for g in groups]
        self._widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._inline_errors: dict[str, QLabel] = {}
        self._marked: set[str] = set()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = max(len(column) for column in self._columns)
        for c, column in enumerate(self._columns):
            for r, group in enumerate(column):
                box = self._build_box(group)
                # a lone box fills its column; in a stacked column the last box takes the spare height
                span = rows - r if r == len(column) - 1 else 1
                grid.addWidget(box, r, c, span, 1)
            grid.setColumnStretch(c, 1)
        grid.setRowStretch(rows - 1, 1)
        self.set_values({})  # every field empty (a fresh combo would show its first entry)

    # ------------------------------------------------------------------ building
    def _build_box(self, group: str) -> QGroupBox:
        box = QGroupBox(group, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for f in self.fields:
            if f.group != group:
                continue
            widget = self._make_widget(f, box)
            if f.kind in (TEXT, DATE, MONTH, DECIMAL):
                widget.setMinimumWidth(f.min_width)
            self._widgets[f.key] = widget
            text = f"{f.label} *" if f.required else f.label
            label = QLabel(text, box)
            if f.show_label:
                label.setBuddy(self.focus_target(f.key))
                form.addRow(label, widget)
            else:
                form.addRow(widget)
                label.hide()  # kept for marking errors; the box title names the field
            self.labels[f.key] = label
        self.boxes[group] = box
        self._forms[group] = form
        return box

    def _make_widget(self, f: FormField, parent: QWidget) -> QWidget:
        def edited(*_args, key=f.key) -> None:
            self.clear_error(key)
            self.edited.emit(key)

        if f.kind == DATE:
            widget = OptionalDateEdit(parent)
            widget.dateChanged.connect(edited)
        elif f.kind == BOOL:
            widget = QCheckBox("是", parent)
            widget.toggled.connect(edited)
        elif f.kind == SEARCHABLE_CHOICE:
            widget = SearchableChoiceCombo(list(f.choices), parent)
            widget.lineEdit().textEdited.connect(edited)
            widget.currentIndexChanged.connect(edited)
        elif f.kind == CHOICE:
            widget = ChoiceCombo(list(f.items), parent) if f.items else ChoiceCombo.from_choices(f.choices, parent)
            widget.currentIndexChanged.connect(edited)
        elif f.kind == LONG_TEXT:
            widget = NotesEdit(parent)
            widget.setMinimumHeight(f.min_height)
            widget.submitRequested.connect(self.submitRequested)
            widget.textChanged.connect(edited)
        elif f.kind in (TEXT, MONTH, DECIMAL):
            widget = QLineEdit(parent)
            widget.setMaxLength(f.max_length)
            widget.textEdited.connect(edited)
            if f.kind == MONTH and not f.placeholder:
                widget.setPlaceholderText("年-月，如 2026-03")
        else:
            raise ValueError(f"unknown field kind {f.kind!r} for {f.key}")
        if f.placeholder and isinstance(widget, QLineEdit):
            widget.setPlaceholderText(f.placeholder)
        return widget

    def add_note_below(self, key: str) -> QLabel:
        """A word-wrapped, hidden label in the row under a field (for a hint the caller shows and hides)."""
        note = QLabel(self.boxes[self.fields_by_key[key].group])
        note.setWordWrap(True)
        note.hide()
        form = self._forms[self.fields_by_key[key].group]
        row, _role = form.getWidgetPosition(self._widgets[key])
        form.insertRow(row + 1, "", note)
        return note

    # ------------------------------------------------------------------ widgets and order
    def widget(self, key: str) -> QWidget:
        return self._widgets[key]

    def focus_target(self, key: str) -> QWidget:
        """The widget that takes the focus for a field (a date field's line edit)."""
        widget = self._widgets[key]
        return widget.lineEdit() if isinstance(widget, OptionalDateEdit) else widget

    def field_order(self) -> list[str]:
        """Field keys in the order Tab visits them: box by box, as the columns list them."""
        return [f.key for column in self._columns for group in column for f in self.fields if f.group == group]

    def set_tab_order(self, after: Iterable[QWidget] = ()) -> None:
        chain = [self.focus_target(key) for key in self.field_order()] + list(after)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus(self, key: str) -> None:
        if key not in self._widgets:
            return
        target = self.focus_target(key)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()

    # ------------------------------------------------------------------ values
    def value(self, key: str) -> object:
        widget = self._widgets[key]
        kind = self.fields_by_key[key].kind
        if kind in (MONTH, DECIMAL):
            try:
                return self._parsed(key)
            except (UserError, InvalidOperation):
                return None
        if isinstance(widget, OptionalDateEdit):
            return widget.date()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, (ChoiceCombo, SearchableChoiceCombo)):
            return widget.currentValue()
        if isinstance(widget, NotesEdit):
            return widget.toPlainText().strip()
        return widget.text().strip()

    def set_value(self, key: str, value: object) -> None:
        widget = self._widgets[key]
        if isinstance(widget, OptionalDateEdit):
            widget.setDate(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, (ChoiceCombo, SearchableChoiceCombo)):
            widget.setCurrentValue(value if value is not None else self.fields_by_key[key].empty)
        elif isinstance(widget, NotesEdit):
            widget.setPlainText(value or "")
        elif value is None:
            widget.setText("")
        else:
            widget.setText(str(value))
            if isinstance(widget, QLineEdit):
                widget.setCursorPosition(0)  # a long address shows its start, not its end

    def _parsed(self, key: str) -> object:
        """A MONTH or DECIMAL field's value; raises UserError / InvalidOperation for text that is not one."""
        f = self.fields_by_key[key]
        text = self._widgets[key].text().strip()
        if f.kind == MONTH:
            return parse_month_text(text, f.key)
        if not text:
            return None
        number = Decimal(text.removesuffix("元").strip())
        if not number.is_finite():
            raise InvalidOperation(text)
        return number

    def values(self) -> dict:
        """What the fields say now, keyed by field key, in field order."""
        return {f.key: self.value(f.key) for f in self.fields}

    def set_values(self, values: dict) -> None:
        """Fill every field; a key missing from `values` empties its field."""
        for f in self.fields:
            self.set_value(f.key, values.get(f.key))

    def local_errors(self) -> list[tuple[str, str]]:
        """(key, Chinese message) for what only the widgets know: a date text that is not a date, a
        searchable choice whose text is not in the list."""
        errors: list[tuple[str, str]] = []
        for f in self.fields:
            widget = self._widgets[f.key]
            if isinstance(widget, OptionalDateEdit) and not widget.validate():
                errors.append((f.key, f"“{f.label}”填写有误：{widget.errorText()}"))
            if isinstance(widget, SearchableChoiceCombo) and widget.currentValue() is None:
                errors.append((f.key, f"“{f.label}”应从列表中选择，“{widget.currentText().strip()}”不在列表中"))
            if f.kind in (MONTH, DECIMAL):
                try:
                    self._parsed(f.key)
                except UserError as exc:
                    errors.append((f.key, f"“{f.label}”填写有误：{exc.message}"))
                except InvalidOperation:
                    errors.append((f.key, f"“{f.label}”应填写数字，如 12.50，“{widget.text().strip()}”不是数字"))
        return errors

    # ------------------------------------------------------------------ errors
    def mark(self, key: str, message: str, *, blocking: bool = True) -> None:
        """Colour a field's label (red, or orange for a warning) and give it the message as tooltip."""
        if key not in self._widgets:
            return
        self._marked.add(key)
        self.labels[key].setStyleSheet(LABEL_ERROR_STYLE if blocking else LABEL_WARNING_STYLE)
        target = self.focus_target(key)
        target.setToolTip(message)
        if isinstance(target, QLineEdit) and blocking:
            target.setStyleSheet(ERROR_STYLE)

    def show_error(self, key: str, message: str) -> None:
        """Mark the field, show the message under it and put the cursor there."""
        if key not in self._widgets:
            return
        self.mark(key, message)
        inline = self._inline_errors.get(key)
        if inline is None:
            inline = self._inline_errors[key] = self.add_note_below(key)
            inline.setStyleSheet("color: #d32f2f;")
        inline.setText(message)
        inline.show()
        self.focus(key)

    def clear_error(self, key: str) -> None:
        if key in self._inline_errors:
            self._inline_errors[key].hide()
        if key not in self._marked:
            return
        self._marked.discard(key)
        self.labels[key].setStyleSheet("")
        target = self.focus_target(key)
        target.setToolTip("")
        if isinstance(target, QLineEdit):
            target.setStyleSheet("")

    def clear_errors(self) -> None:
        for key in list(self._marked | set(self._inline_errors)):
            self.clear_error(key)


class RecordDialog(QDialog):
    """A RecordForm with 保存 / 取消: Enter (Ctrl+Enter in a long text) saves, Esc cancels and asks
    before throwing typed text away.

    ``save(values)`` writes (``with db.transaction() as s: ...``) and returns anything (kept as
    ``saved``); a UserError it raises is shown beside its field (or as a message when it names none).
    Fields the widgets already know to be wrong (local_errors) are shown without calling save.
    """

    def __init__(self, title: str, fields: Sequence[FormField], save: Callable[[dict], object], *,
                 values: dict | None = None, columns: Sequence[Sequence[str]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self.saved: object = None
        self.form = RecordForm(fields, columns=columns, parent=self)
        self.form.set_values(values or {})
        self.form.submitRequested.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        bottom = QHBoxLayout()
        keys = QLabel("Tab 下一项 · Enter 保存 · Esc 取消", self)
        keys.setStyleSheet("color: #888;")
        bottom.addWidget(keys, 1)
        self._buttons, self.save_button, self.cancel_button = save_cancel_buttons(self)
        bottom.addWidget(self._buttons)
        layout.addLayout(bottom)
        self.form.set_tab_order(after=[self.save_button, self.cancel_button])
        self._snapshot = self.form.values()
        order = self.form.field_order()
        if order:
            self.form.focus(order[0])

    def is_dirty(self) -> bool:
        return self.form.values() != self._snapshot

    def accept(self) -> None:
        self.form.clear_errors()
        local = self.form.local_errors()
        if local:
            for key, message in reversed(local):  # the first error ends up focused
                self.form.show_error(key, message)
            return
        try:
            self.saved = self._save(self.form.values())
        except UserError as exc:
            if exc.field in self.form.fields_by_key:
                self.form.show_error(exc.field, exc.message)
            else:
                messages.show_error(self, exc.message)
            return
        super().accept()

    def reject(self) -> None:
        if self.is_dirty() and not messages.ask_discard_changes(self):
            return
        super().reject()
