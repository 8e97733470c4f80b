"""撤销变更: void a member's latest change event entered by mistake, with the reason why.

Reached from the roster's right-click menu, the 撤销变更… button beside 登记变更…, and the member
dialog's 变更记录 tab. The reason is asked in this dialog, not a bare input box: an empty reason or a
refusal of the core (app.services.roster.member_events.void_event) is shown beside the field and the
dialog stays open with what was typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.exc import SQLAlchemyError

from app.kit.dates import format_date
from app.services.roster.member_events import EventError, kind_label, latest_standing_event, void_event
from app.ui import messages
from app.ui.widgets.save_cancel import save_cancel_buttons

NO_REASON = "请写明撤销原因（例如“登记错了人”），以便日后查对。"


class VoidEventDialog(QDialog):
    """Void the given event of `name`; `voided` is True after it was voided."""

    def __init__(self, db, event_id: int, name: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._event_id = event_id
        self.voided = False
        self.setWindowTitle(f"撤销变更：{name}")
        layout = QVBoxLayout(self)
        text = QLabel(f"撤销 {name} 的“{label}”：党员的状态将恢复到登记这条变更之前，"
                      f"这条记录会标为“已撤销”并保留。", self)
        text.setWordWrap(True)
        layout.addWidget(text)
        caption = QLabel("撤销原因 *", self)
        layout.addWidget(caption)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText("例如：登记错了人")
        caption.setBuddy(self.reason_edit)
        layout.addWidget(self.reason_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("voidError")
        self.error_label.setStyleSheet("color: #d32f2f;")
        self.error_label.setWordWrap(True)
        self.error_label.setMinimumHeight(self.error_label.fontMetrics().lineSpacing() * 3)  # no jump when shown
        layout.addWidget(self.error_label)
        box, self.save_button, self.cancel_button = save_cancel_buttons(self)
        self.save_button.setText("撤销这条变更")
        layout.addWidget(box)
        self.reason_edit.textEdited.connect(lambda _t: self.error_label.setText(""))
        self.setMinimumWidth(460)

    def accept(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self._refuse(NO_REASON)
            return
        try:
            with self._db.transaction() as session:
                void_event(session, self._event_id, reason)
        except EventError as exc:
            self._refuse(exc.message)
            return
        except SQLAlchemyError as exc:
            messages.show_error(self, "撤销失败，数据没有改动。", "无法撤销变更", detail=str(exc))
            return
        self.voided = True
        super().accept()

    def _refuse(self, message: str) -> None:
        self.error_label.setText(message)
        self.reason_edit.setFocus()


def void_latest_event(parent: QWidget | None, db, member_id: int) -> bool:
    """Ask for the reason and void the member's latest standing event; True when it was voided."""
    with db.session() as session:
        event = latest_standing_event(session, member_id)
        if event is None:
            name = None
        else:
            name = event.member.name
            event_id, label = event.id, f"{format_date(event.event_date)} {kind_label(event.kind)}"
    if name is None:
        messages.show_info(parent, "该党员没有可以撤销的变更记录。", "撤销变更")
        return False
    dialog = VoidEventDialog(db, event_id, name, label, parent)
    return messages.run_dialog(dialog) and dialog.voided
