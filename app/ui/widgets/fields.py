"""Small input widgets the entry dialogs share: vocabulary combo boxes and a notes box.

Every widget here returns plain Python values (str, int | None) so dialogs can build the dict the
services take without knowing which widget holds which field.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QPlainTextEdit, QWidget

from app.kit.pinyin import pinyin_keys

NONE_TEXT = "（无）"
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


class ChoiceCombo(QComboBox):
    """A fixed list. Items show Chinese text and carry their value (``currentValue()``).

    The empty value is shown as （无） when the list itself offers "none" (学位, 职称, 党内职务),
    and as a blank entry otherwise ("not filled yet", e.g. 性别 before the ID number is typed).
    """

    def __init__(self, items: list[tuple[str, object]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for text, value in items:
            self.addItem(text, value)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    @classmethod
    def from_choices(cls, choices: tuple[str, ...] | list[str], parent: QWidget | None = None,
                     *, blank: bool = True) -> ChoiceCombo:
        items: list[tuple[str, object]] = []
        if "" in choices:
            items += [(NONE_TEXT if c == "" else c, c) for c in choices]
        else:
            items += ([("", "")] if blank else []) + [(c, c) for c in choices]
        return cls(items, parent)

    def currentValue(self) -> object:
        return self.currentData()

    def setCurrentValue(self, value: object) -> None:
        index = self.findData(value)
        if index < 0 and value not in (None, ""):
            # A value the list does not know (old data): show it rather than silently change it;
            # validation names it when the user saves.
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class _PinyinCompleter(QCompleter):
    """Completes on the Chinese text, the full pinyin or the initials (hz → 汉族, 回族 …)."""

    def pathFromIndex(self, index) -> str:  # noqa: N802 (Qt override)
        return index.data(Qt.ItemDataRole.DisplayRole)


class SearchableChoiceCombo(QComboBox):
    """A long fixed list (民族) one can type into: Chinese, pinyin or initials narrow it down.

    Only list values are accepted: ``currentValue()`` is the matching list entry, or None when the
    text is not one of them (the dialog reports that), and leaving the field with a unique match
    completes it.
    """

    def __init__(self, choices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._choices = list(choices)
        self.addItems(self._choices)
        model = QStandardItemModel(self)
        for choice in self._choices:
            item = QStandardItem(choice)
            initials, full = pinyin_keys(choice)
            item.setData(f"{choice} {full} {initials}".lower(), _SEARCH_ROLE)
            model.appendRow(item)
        self._proxy = QSortFilterProxyModel(self)  # "contains" match on the search keys
        self._proxy.setSourceModel(model)
        self._proxy.setFilterRole(_SEARCH_ROLE)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer = _PinyinCompleter(self)
        completer.setModel(self._proxy)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        self.lineEdit().editingFinished.connect(self._complete_unique)
        self.lineEdit().setPlaceholderText("可输入拼音首字母，如 hz")

    def _on_text_edited(self, text: str) -> None:
        self._proxy.setFilterFixedString(text.strip())
        if text and self._proxy.rowCount() and text not in self._choices:
            self.completer().complete()

    def _complete_unique(self) -> None:
        text = self.currentText().strip()
        if text in self._choices:
            return
        if text and self._proxy.rowCount() == 1:
            self.setCurrentValue(self._proxy.index(0, 0).data())

    def currentValue(self) -> str | None:
        text = self.currentText().strip()
        if not text:
            return ""
        return text if text in self._choices else None

    def setCurrentValue(self, value: str | None) -> None:
        index = self.findText(value or "")
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(value or "")


class NotesEdit(QPlainTextEdit):
    """Multi-line notes: Enter starts a new line, Tab moves on, Ctrl+Enter asks the dialog to save."""

    submitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Enter 换行，Ctrl+Enter 保存")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submitRequested.emit()
            return
        super().keyPressEvent(event)
