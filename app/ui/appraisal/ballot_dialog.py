"""录入测评票: paper ballots typed one after another, one key per member (1 优秀, 2 合格, 3 基本合格,
4 不合格, 0 未划票). Enter records the ballot and clears the line for the next; the app counts them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from app.services.appraisal import vocab
from app.services.appraisal.tally import BALLOT_KEYS

KEY_HELP = "1 优秀　2 合格　3 基本合格　4 不合格　0 未划票"


class BallotEntryDialog(QDialog):
    """`record(keys)` saves one ballot and `undo()` takes back the last one (the page runs the services);
    each returns (ballots now recorded, or None when refused; the Chinese message to show)."""

    def __init__(self, names: list[str], count: int, record: Callable[[str], tuple[int | None, str]],
                 undo: Callable[[], tuple[int | None, str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("逐张录入测评票")
        self.names, self._record, self._undo = names, record, undo
        self.keys = QLineEdit()
        self.keys.setPlaceholderText(f"按测评表上的顺序，每名党员一位数字，共 {len(names)} 位")
        self.keys.setMaxLength(len(names) * 2)
        self.keys.textChanged.connect(self._preview)
        self.keys.returnPressed.connect(self.save_ballot)
        self.preview = QListWidget()
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.count_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        undo_button = QPushButton("撤销上一张")
        undo_button.setAutoDefault(False)
        undo_button.clicked.connect(self.undo_last)
        box = QDialogButtonBox()
        done = box.addButton("完成", QDialogButtonBox.ButtonRole.AcceptRole)
        done.setAutoDefault(False)
        box.addButton(undo_button, QDialogButtonBox.ButtonRole.ResetRole)
        box.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"每张票输入一行，按回车保存：{KEY_HELP}"))
        layout.addWidget(self.keys)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.message)
        layout.addWidget(box)
        self._set_count(count)
        self._preview("")
        self.resize(460, 560)

    def _set_count(self, count: int) -> None:
        self.count_label.setText(f"已录入测评票 {count} 张")

    def _preview(self, text: str) -> None:
        keys = "".join(text.split())
        self.preview.clear()
        for i, name in enumerate(self.names):
            key = keys[i] if i < len(keys) else ""
            if not key:
                label = ""
            elif key not in BALLOT_KEYS:
                label = "无法识别"
            else:
                label = vocab.grade_label(BALLOT_KEYS[key]) or "未划票"
            self.preview.addItem(f"{i + 1:>2}. {name}　{label}")

    def save_ballot(self) -> None:
        count, message = self._record(self.keys.text())
        self.message.setText(message)
        if count is not None:
            self.keys.clear()
            self._set_count(count)

    def undo_last(self) -> None:
        count, message = self._undo()
        self.message.setText(message)
        if count is not None:
            self._set_count(count)
