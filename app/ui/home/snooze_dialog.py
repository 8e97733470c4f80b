"""暂缓提醒: put one reminder aside until a date, with a reason (the service refuses an empty one)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QLabel, QWidget

from app.kit.reminders import Reminder
from app.models.database import Database
from app.services.common.snoozes import snooze
from app.ui.widgets.record_form import DATE, TEXT, FormField, RecordDialog

DEFAULT_DAYS = 14

FIELDS = (
    FormField("until", "暂缓至", DATE, group="暂缓", required=True),
    FormField("reason", "暂缓原因", TEXT, group="暂缓", required=True, min_width=320,
              placeholder="例如：已电话联系，本人下月补交"),
)


class SnoozeDialog(RecordDialog):
    def __init__(self, db: Database, reminder: Reminder, today: date, parent: QWidget | None = None) -> None:
        def save(values: dict):
            with db.transaction() as s:
                return snooze(s, reminder, values["until"], values["reason"], today=today)

        super().__init__("暂缓提醒", FIELDS, save, values={"until": today + timedelta(days=DEFAULT_DAYS)},
                         parent=parent)
        about = QLabel(f"【{reminder.area_title}·{reminder.severity_label}】{reminder.text}\n\n"
                       "暂缓期间这条提醒不在待办中列出，但会记在“已暂缓”里，可随时结束暂缓；到期后自动恢复。")
        about.setWordWrap(True)
        about.setMaximumWidth(480)
        self.layout().insertWidget(0, about)
        self.form.focus("reason")
