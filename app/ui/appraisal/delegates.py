"""Editors for the tally grid: digits only for the counts, a grade list for the final grade."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate

from app.services.appraisal import vocab


class CountDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # noqa: N802 (Qt override)
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText("" if value in (None, "") else str(value))
        editor.selectAll()

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class GradeDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem("（未评定）", None)
        for grade in vocab.GRADES:
            combo.addItem(grade.label, grade.code)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        code = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(max(0, editor.findData(code)))

    def setModelData(self, editor, model, index):  # noqa: N802
        if editor.currentData() != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
