"""An entry dialog that stays open when saving is refused: 保存 (Enter) hands the values to `save`, which
runs the service and shows a refusal in Chinese; only a successful save closes the dialog, so nothing
typed is lost to a mistake."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog


class SavingDialog(QDialog):
    save: Callable[[dict], bool] | None = None  # set by the page: values -> saved?

    def values(self) -> dict:  # each dialog says what it holds
        raise NotImplementedError

    def accept(self) -> None:
        if self.save is None or self.save(self.values()):
            super().accept()
