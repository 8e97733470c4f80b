"""Stand-ins the dialog tests share: recorded message boxes and Chinese typed through the input method."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from app.ui import messages


class Messages:
    """Records what the message helpers would have shown; questions are answered with `answer`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.errors: list[str] = []
        self.questions: list[str] = []
        self.answer = True
        monkeypatch.setattr(messages, "show_error", lambda parent, text, *a, **k: self.errors.append(text))
        monkeypatch.setattr(messages, "show_info", lambda parent, text, *a, **k: self.errors.append(text))
        monkeypatch.setattr(messages, "ask_confirm", self._ask)
        monkeypatch.setattr(messages, "ask_discard_changes", lambda parent: self._ask(parent, "放弃修改"))

    def _ask(self, parent, text, *args, **kwargs) -> bool:
        self.questions.append(text)
        return self.answer


def type_chinese(widget, text: str) -> None:
    """Chinese arrives from an input method as a commit string, not as key presses (QTest cannot type it)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
