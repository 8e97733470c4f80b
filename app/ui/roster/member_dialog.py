"""新增党员 / 编辑党员: the member entry dialog, with the member's 变更记录 and 修改记录 when editing.

The fields, their labels, kinds, lists and boxes come from app.services.roster.fields.MEMBER_FIELDS; the rules
from app.services.roster.members.check_member. The form itself (boxes, widgets, values, Tab order, marking
errors) is app.ui.widgets.record_form.RecordForm; this module adds what is the member's own: the ID number
fills 出生日期 and 性别, fields that depend on others, the status line and the history tabs. The dialog is
keyboard-first: Tab walks the fields box by box in MEMBER_FIELDS order, Enter saves (Ctrl+Enter inside
备注), Esc cancels and asks before throwing typed text away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.kit.dates import format_date
from app.kit.idcard import IdNumberError, parse_id_number
from app.models import AuditEntry, Member
from app.services.common.branch import list_groups
from app.services.roster import vocab
from app.services.roster.fields import (
    BOOL,
    CHOICE,
    DATE,
    GROUP,
    GROUP_BASIC,
    GROUP_NOTES,
    GROUP_PARTY,
    GROUP_WORK,
    MEMBER_FIELDS,
    TEXT,
    field_label,
)
from app.services.roster.member_events import describe_details, kind_label
from app.services.roster.member_validation import Issue, MemberValidationError
from app.services.roster.members import blank_member_values, check_member, member_values, save_member
from app.ui import messages
from app.ui.roster.event_dialog import EventDialog
from app.ui.widgets import record_form
from app.ui.widgets.fields import ChoiceCombo
from app.ui.widgets.optional_date_edit import ERROR_STYLE, OptionalDateEdit
from app.ui.widgets.record_form import FormField, RecordForm
from app.ui.widgets.save_cancel import save_cancel_buttons

BOX_COLUMNS = [[GROUP_BASIC], [GROUP_PARTY], [GROUP_WORK, GROUP_NOTES]]  # 工作与联系 above 备注
REQUIRED = {f.key for f in MEMBER_FIELDS if f.required}
ID_KEY = "id_number"

# Audit-trail columns that are not dialog fields but do change (through events).
_EXTRA_LABELS = {"roster_state": "在册状态", "left_date": "离开日期", "probation_extended_months": "延长预备期（月）"}
_ACTIONS = {"insert": "新增", "update": "修改", "delete": "删除"}
_PLACEHOLDERS = {ID_KEY: "18位，末位可为X；也可输入15位老号码", "mobile_phone": "11位手机号",
                 "landline": "例如 010-12345678"}


def form_fields(groups: list[tuple[str, int]]) -> list[FormField]:
    """MEMBER_FIELDS as form fields; `groups` are the branch's 党小组 as (name, id)."""
    out = []
    for f in MEMBER_FIELDS:
        common = {"group": f.group, "required": f.key in REQUIRED, "placeholder": _PLACEHOLDERS.get(f.key, "")}
        if f.kind == GROUP:
            out.append(FormField(f.key, f.label, record_form.CHOICE, items=(("（未分组）", None), *groups),
                                 empty=None, **common))
        elif f.kind == CHOICE:
            kind = record_form.SEARCHABLE_CHOICE if len(f.choices) > 20 else record_form.CHOICE
            out.append(FormField(f.key, f.label, kind, choices=f.choices, **common))
        elif f.kind == DATE:
            out.append(FormField(f.key, f.label, record_form.DATE, **common))
        elif f.kind == BOOL:
            out.append(FormField(f.key, f.label, record_form.BOOL, **common))
        elif f.key == "notes":
            out.append(FormField(f.key, f.label, record_form.LONG_TEXT, show_label=False, **common))
        else:
            assert f.kind == TEXT
            out.append(FormField(f.key, f.label, record_form.TEXT, min_width=200 if f.key == ID_KEY else 150,
                                 # 18 characters, a few spaces tolerated when pasted
                                 max_length=21 if f.key == ID_KEY else 200, **common))
    return out


def audit_field_label(key: str) -> str:
    return _EXTRA_LABELS.get(key) or field_label(key)


def _read_only_table(headers: list[str], parent: QWidget) -> QTableWidget:
    """A display-only table (the rows come from the database each time; nothing is edited here)."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
    return table


def _fill_table(table: QTableWidget, rows: list[list[str]], greyed: set[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if r in greyed:
                item.setForeground(Qt.GlobalColor.gray)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    if rows:
        table.scrollToBottom()


class MemberDialog(QDialog):
    """Add (member_id None) or edit a member. After acceptance ``saved_member_id`` is the member's id.

    When an event was recorded from the 变更记录 tab, the member changed in the database even if the user
    then closes the dialog: closing then counts as acceptance, so the caller refreshes its list.
    """

    memberChanged = Signal(int)

    def __init__(self, db, member_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._member_id = member_id
        self.saved_member_id: int | None = None
        self._events_recorded = False
        self._latest_event: tuple[int, str] | None = None  # (id, label) of the event 撤销 would void
        self._stash: dict[str, object] = {}  # values of fields hidden by their controlling field
        with db.session() as session:
            self._groups = [(g.name, g.id) for g in list_groups(session)]
        initial = self._load_member() if member_id is not None else blank_member_values()
        self._build()
        self._populate(initial)
        self._snapshot = self.values()
        self.form.widget("name").setFocus()
        hint = self.sizeHint()
        self.resize(max(hint.width(), 980), max(hint.height(), 520))

    # ------------------------------------------------------------------ loading
    def _load_member(self) -> dict:
        with self._db.session() as session:
            member = session.get(Member, self._member_id)
            if member is None:
                raise LookupError(f"找不到编号为 {self._member_id} 的党员")
            self._name = member.name
            self._roster_state = member.roster_state
            self._left_date = member.left_date
            return member_values(member)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.status_label = QLabel(self)
        self.status_label.setVisible(self._member_id is not None)
        outer.addWidget(self.status_label)

        self.form = RecordForm(form_fields(self._groups), columns=BOX_COLUMNS, parent=self)
        self.form.submitRequested.connect(self.accept)  # Ctrl+Enter in 备注
        id_edit = self.form.widget(ID_KEY)
        id_edit.textEdited.connect(self._on_id_edited)
        id_edit.editingFinished.connect(self._on_id_finished)
        self.id_hint = self.form.add_note_below(ID_KEY)
        # always shown, two lines high, empty when there is nothing to say: the fields below do not
        # jump when a message appears (a form layout drops a hidden row's room)
        self.id_hint.setMinimumHeight(self.id_hint.fontMetrics().lineSpacing() * 2 + 4)
        self.id_hint.show()
        id_field = self.form.widget(ID_KEY)  # nor does the red frame of a wrong number make the field taller
        id_field.setFixedHeight(id_field.sizeHint().height())

        self.tabs: QTabWidget | None = None
        if self._member_id is None:
            outer.addWidget(self.form)
        else:
            self.tabs = QTabWidget(self)
            self.tabs.addTab(self.form, "基本资料")
            self.tabs.addTab(self._build_events_page(), "变更记录")
            self.tabs.addTab(self._build_audit_page(), "修改记录")
            from app.ui.development.history_tab import development_history_tab  # the 发展党员 area's tab

            if (history := development_history_tab(self._db, self._member_id, self)) is not None:
                self.tabs.addTab(history, "发展党员记录")
            outer.addWidget(self.tabs)

        bottom = QHBoxLayout()
        keys = QLabel("Tab 下一项 · Enter 保存（备注中 Ctrl+Enter）· Esc 取消", self)
        keys.setStyleSheet("color: #888;")
        bottom.addWidget(keys, 1)
        self._buttons, self.save_button, self.cancel_button = save_cancel_buttons(self)
        bottom.addWidget(self._buttons)
        outer.addLayout(bottom)

        self._set_tab_order()
        self._wire_dependencies()
        self._update_title()
        if self.tabs is not None:
            self._refresh_history()

    @property
    def _labels(self) -> dict[str, QLabel]:
        return self.form.labels

    def _focus_target(self, key: str) -> QWidget:
        return self.form.focus_target(key)

    def _set_tab_order(self) -> None:
        self.form.set_tab_order(after=[self.save_button, self.cancel_button])

    def field_order(self) -> list[str]:
        """Field keys in the order Tab visits them."""
        return self.form.field_order()

    def _build_events_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.events_table = _read_only_table(["日期", "类型", "详情", "备注"], page)
        layout.addWidget(self.events_table)
        row = QHBoxLayout()
        hint = QLabel("转入、转出、转正、出党等变更请在这里登记，党员的状态随之更新。", page)
        hint.setStyleSheet("color: #666;")
        row.addWidget(hint, 1)
        self.void_event_button = QPushButton("撤销最近一条…", page)
        self.void_event_button.setAutoDefault(False)
        self.void_event_button.setToolTip("登记错了的变更可以撤销：党员状态恢复到登记之前，这条记录标为“已撤销”并保留")
        self.void_event_button.clicked.connect(self.void_latest_event)
        row.addWidget(self.void_event_button)
        self.add_event_button = QPushButton("登记变更…", page)
        self.add_event_button.setAutoDefault(False)
        self.add_event_button.clicked.connect(self.open_event_dialog)
        row.addWidget(self.add_event_button)
        layout.addLayout(row)
        return page

    def _build_audit_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.audit_table = _read_only_table(["时间", "操作", "项目", "原值", "新值"], page)
        layout.addWidget(self.audit_table)
        hint = QLabel("每次新增、修改都会自动记录在这里，不能更改。", page)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        return page

    # ------------------------------------------------------------------ values
    def field_widget(self, key: str) -> QWidget:
        return self.form.widget(key)

    def _populate(self, values: dict) -> None:
        self._stash.clear()
        self.form.set_values(values)
        self._apply_dependencies()
        self.id_hint.setText("")

    def values(self) -> dict:
        """What the fields say now, keyed by Member attribute (dates as date | None)."""
        return self.form.values()

    def is_dirty(self) -> bool:
        return self.values() != self._snapshot

    # ------------------------------------------------------------------ dependent fields
    # A field that only makes sense when another says so is disabled and emptied otherwise
    # (its value is remembered, so switching back restores it).
    def _dependencies(self) -> list[tuple[str, bool]]:
        category = self.form.widget("category")
        assert isinstance(category, ChoiceCombo)
        lost = self.form.widget("is_lost_contact")
        mobile = self.form.widget("is_mobile")
        assert isinstance(lost, QCheckBox) and isinstance(mobile, QCheckBox)
        return [
            ("full_member_date", category.currentValue() != vocab.CATEGORY_PROBATIONARY),
            ("lost_contact_date", lost.isChecked()),
            ("mobile_destination", mobile.isChecked()),
        ]

    def _wire_dependencies(self) -> None:
        category = self.form.widget("category")
        assert isinstance(category, QComboBox)
        category.currentIndexChanged.connect(self._apply_dependencies)
        for key in ("is_lost_contact", "is_mobile"):
            box = self.form.widget(key)
            assert isinstance(box, QCheckBox)
            box.toggled.connect(self._apply_dependencies)

    def _apply_dependencies(self, *_args) -> None:
        for key, enabled in self._dependencies():
            widget = self.form.widget(key)
            if widget.isEnabled() == enabled and key not in self._stash and enabled:
                continue
            if not enabled:
                current = self._simple_value(key)
                if current:
                    self._stash[key] = current
                self._set_simple(key, None)
            elif key in self._stash:
                if not self._simple_value(key):
                    self._set_simple(key, self._stash[key])
                del self._stash[key]
            widget.setEnabled(enabled)

    def _simple_value(self, key: str):
        widget = self.form.widget(key)
        return widget.date() if isinstance(widget, OptionalDateEdit) else widget.text()

    def _set_simple(self, key: str, value) -> None:
        widget = self.form.widget(key)
        if isinstance(widget, OptionalDateEdit):
            widget.setDate(value)
        else:
            widget.setText(value or "")

    # ------------------------------------------------------------------ ID number
    def _on_id_edited(self, text: str) -> None:
        clean = text.replace(" ", "").upper()
        complete = len(clean) == 18 or (len(clean) == 15 and clean.isdigit())
        if not complete:
            self._show_id_hint("")
            return
        try:
            info = parse_id_number(clean)
        except IdNumberError as exc:
            # 15 digits may be the start of an 18-digit number: wait until the user leaves the field.
            self._show_id_hint(str(exc) if len(clean) == 18 else "")
            return
        self._fill_from_id(info)

    def _on_id_finished(self) -> None:
        widget = self.form.widget(ID_KEY)
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        if not text:
            self._show_id_hint("")
            return
        try:
            info = parse_id_number(text)
        except IdNumberError as exc:
            self._show_id_hint(str(exc))
            return
        if widget.text() != info.number:
            widget.setText(info.number)
        self._fill_from_id(info)

    def _fill_from_id(self, info) -> None:
        birth = self.form.widget("birth_date")
        gender = self.form.widget("gender")
        assert isinstance(birth, OptionalDateEdit) and isinstance(gender, ChoiceCombo)
        birth.setDate(info.birth_date)
        gender.setCurrentValue(info.gender)
        self._show_id_hint(f"已按号码填写：出生日期 {format_date(info.birth_date)}，{info.gender}", ok=True)

    def _show_id_hint(self, message: str, ok: bool = False) -> None:
        self.id_hint.setText(message)
        self.id_hint.setStyleSheet("color: #2e7d32;" if ok else "color: #d32f2f;")
        widget = self.form.widget(ID_KEY)
        widget.setStyleSheet(ERROR_STYLE if message and not ok else "")

    # ------------------------------------------------------------------ saving
    def _local_issues(self, values: dict) -> list[Issue]:
        """What only the widgets know: date text that is not a date, a 民族 not in the list."""
        issues = [Issue(key, message) for key, message in self.form.local_errors()]
        for issue in issues:
            if values.get(issue.field) is None and isinstance(self.form.widget(issue.field), QComboBox):
                values[issue.field] = ""  # the text is not a list entry: checked as if empty
        return issues

    def _issues(self, values: dict) -> list[Issue]:
        issues = self._local_issues(values)
        with self._db.session() as session:
            issues += check_member(session, values, self._member_id)
        # The ID number comes right after the name: 性别 and 出生日期 follow from it, so an issue with
        # the number is the one to fix first.
        keys = [k for k in self.field_order() if k != ID_KEY]
        keys.insert(keys.index("name") + 1, ID_KEY)
        order = {key: n for n, key in enumerate(keys)}
        return sorted(issues, key=lambda i: (order.get(i.field, len(order)), not i.blocking))

    def accept(self) -> None:
        self.save(close=True)

    def save(self, close: bool = True) -> bool:
        """Validate, ask about warnings, write in one transaction. True when saved."""
        values = self.values()
        issues = self._issues(values)
        self._highlight(issues)
        blocking = [i for i in issues if i.blocking]
        warnings = [i for i in issues if not i.blocking]
        if blocking:
            self._show_blocking(blocking, warnings)
            return False
        if warnings:
            self._focus_field(warnings[0].field)
            if not messages.ask_confirm(
                    self, "请核对以下情况：\n\n" + messages.bullet_list([i.message for i in warnings])
                    + "\n\n确认无误仍要保存吗？", "请核对", yes_text="仍然保存", no_text="返回修改"):
                return False
        try:
            with self._db.transaction() as session:
                member_id = save_member(session, values, self._member_id).id
        except MemberValidationError as exc:  # someone else changed the data in between
            self._highlight(exc.issues)
            self._show_blocking([i for i in exc.issues if i.blocking], [])
            return False
        except LookupError as exc:
            messages.show_error(self, str(exc))
            return False
        except SQLAlchemyError as exc:
            messages.show_error(self, "保存失败，数据没有写入。", detail=str(exc))
            return False
        self.saved_member_id = member_id
        self._member_id = member_id
        self.memberChanged.emit(member_id)
        if close:
            super().accept()
        else:
            self._reload()
        return True

    def _show_blocking(self, blocking: list[Issue], warnings: list[Issue]) -> None:
        if blocking:
            self._focus_field(blocking[0].field)
        text = "以下内容需要修改，党员信息尚未保存：\n\n" + messages.bullet_list([i.message for i in blocking])
        if warnings:
            text += "\n\n另请核对：\n" + messages.bullet_list([i.message for i in warnings])
        messages.show_error(self, text)

    def _focus_field(self, key: str) -> None:
        if key not in self.form.fields_by_key:
            return
        if self.tabs is not None:
            self.tabs.setCurrentIndex(0)
        self.form.focus(key)

    def _highlight(self, issues: list[Issue]) -> None:
        self.form.clear_errors()
        for issue in issues:
            self.form.mark(issue.field, issue.message, blocking=issue.blocking)

    def reject(self) -> None:
        if self.is_dirty() and not messages.ask_discard_changes(self):
            return
        if self._events_recorded:
            self.saved_member_id = self._member_id
            self.done(QDialog.DialogCode.Accepted)
            return
        super().reject()

    # ------------------------------------------------------------------ history
    def open_event_dialog(self, kind: str | None = None) -> bool:
        """登记变更…: record an event, then show the member as it now is. True when one was recorded."""
        if self._member_id is None:
            return False
        if self.is_dirty():
            if not messages.ask_confirm(self, "基本资料有未保存的修改，登记变更前需要先保存。现在保存吗？",
                                        "先保存修改", yes_text="保存并继续", no_text="取消"):
                return False
            if not self.save(close=False):
                return False
        dialog = EventDialog(self._db, self._member_id, self, kind=kind)
        if not messages.run_dialog(dialog):
            return False
        self._events_recorded = True
        self._reload()
        self.memberChanged.emit(self._member_id)
        return True

    def void_latest_event(self) -> bool:
        """撤销最近一条…: undo the latest standing event, entered by mistake, after asking why."""
        from app.ui.roster.void_dialog import void_latest_event

        if self._member_id is None or self._latest_event is None:
            return False
        if not void_latest_event(self, self._db, self._member_id):
            return False
        self._events_recorded = True
        self._reload()
        self.memberChanged.emit(self._member_id)
        return True

    def _reload(self) -> None:
        self._populate(self._load_member())
        self._snapshot = self.values()
        self._update_title()
        if self.tabs is not None:
            self._refresh_history()

    def _update_title(self) -> None:
        if self._member_id is None:
            self.setWindowTitle("新增党员")
            return
        state = self._roster_state
        suffix = "" if state == vocab.ROSTER_ACTIVE else f"（{state}）"
        self.setWindowTitle(f"编辑党员：{self._name}{suffix}")
        text = f"在册状态：<b>{state}</b>"
        if state != vocab.ROSTER_ACTIVE and self._left_date:
            text += f"（{format_date(self._left_date)} 起）"
        color = "#2e7d32" if state == vocab.ROSTER_ACTIVE else "#b26a00"
        self.status_label.setText(f'<span style="color:{color}">{text}</span>')

    def _refresh_history(self) -> None:
        group_names = {str(gid): name for name, gid in self._groups}
        with self._db.session() as session:
            member = session.get(Member, self._member_id)
            recorded = member.events if member else []
            events = [[format_date(e.event_date),
                       kind_label(e.kind) if e.voided_at is None else f"{kind_label(e.kind)}（已撤销）",
                       describe_details(e),
                       e.note if e.voided_at is None else "；".join(filter(None, [f"撤销原因：{e.void_reason}", e.note]))]
                      for e in recorded]
            greyed = {i for i, e in enumerate(recorded) if e.voided_at is not None}
            standing = [e for e in recorded if e.voided_at is None]
            latest = max(standing, key=lambda e: e.id) if standing else None
            self._latest_event = ((latest.id, f"{format_date(latest.event_date)} {kind_label(latest.kind)}")
                                  if latest else None)
            audit = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.table_name == Member.__tablename__, AuditEntry.row_id == self._member_id)
                .order_by(AuditEntry.at, AuditEntry.id)
            ).all()

            def shown(key: str, value: str | None) -> str:
                if value is None:
                    return ""
                if key == "party_group_id":
                    return group_names.get(value, value)
                return value

            changes = [[f"{a.at:%Y-%m-%d %H:%M}", _ACTIONS.get(a.action, a.action), audit_field_label(a.field),
                        shown(a.field, a.old_value), shown(a.field, a.new_value)] for a in audit]
        _fill_table(self.events_table, events, greyed)
        self.void_event_button.setEnabled(self._latest_event is not None)
        _fill_table(self.audit_table, changes)
        assert self.tabs is not None
        self.tabs.setTabText(1, f"变更记录（{len(events)}）")
