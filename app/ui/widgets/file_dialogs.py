"""Choosing a file or folder: the platform's own dialog where there is one (Windows, macOS), else Qt's
dialog made Chinese and readable (Linux without a desktop theme: half English, "1 12 2026" dates,
names shortened in the middle, 体积 for size).

Use these instead of QFileDialog's static functions; each returns the chosen path, or "" when cancelled.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QHeaderView, QTreeView, QWidget

_HEADERS = {0: "名称", 1: "大小", 2: "类型", 3: "修改日期"}
_LABELS = {
    QFileDialog.DialogLabel.LookIn: "位置：",
    QFileDialog.DialogLabel.FileName: "文件名：",
    QFileDialog.DialogLabel.FileType: "文件类型：",
    QFileDialog.DialogLabel.Reject: "取消",
}


def native_dialogs() -> bool:
    """Whether the platform has a file dialog of its own that speaks the user's language."""
    return sys.platform in ("win32", "darwin")


class ReadableFiles(QIdentityProxyModel):
    """The file list's columns in Chinese, dates as 2026-12-01 09:39, sizes as 49.2 KB, 文件夹."""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section in _HEADERS:
            return _HEADERS[section]
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        source = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and isinstance(source, QFileSystemModel) and index.column() in (1, 2, 3):
            src = self.mapToSource(index)
            info = source.fileInfo(src)
            if index.column() == 3:
                return source.lastModified(src).toString("yyyy-MM-dd HH:mm")
            if info.isDir():
                return "" if index.column() == 1 else "文件夹"
            if index.column() == 1:
                return human_size(info.size())
        return super().data(index, role)


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def chinese_dialog(parent: QWidget | None, caption: str, start: str, file_filter: str = "") -> QFileDialog:
    """Qt's own dialog, in Chinese, names shown from their start, columns wide enough for their text."""
    dialog = QFileDialog(parent, caption, start, file_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    for label, text in _LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setProxyModel(ReadableFiles(dialog))
    for view in dialog.findChildren(QTreeView):
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.header().setStretchLastSection(False)
        view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    dialog.resize(820, 520)
    return dialog


def _run(dialog: QFileDialog) -> str:
    accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
    chosen = dialog.selectedFiles()
    dialog.deleteLater()
    return chosen[0] if accepted and chosen else ""


def save_file_name(parent: QWidget | None, caption: str, start: str, file_filter: str) -> str:
    if native_dialogs():
        return QFileDialog.getSaveFileName(parent, caption, start, file_filter)[0]
    dialog = chinese_dialog(parent, caption, start, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "保存")
    return _run(dialog)


def open_file_name(parent: QWidget | None, caption: str, start: str, file_filter: str) -> str:
    if native_dialogs():
        return QFileDialog.getOpenFileName(parent, caption, start, file_filter)[0]
    dialog = chinese_dialog(parent, caption, start, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "打开")
    return _run(dialog)


def open_file_names(parent: QWidget | None, caption: str, start: str, file_filter: str) -> list[str]:
    """One or more existing files (attachments); [] when cancelled."""
    if native_dialogs():
        return QFileDialog.getOpenFileNames(parent, caption, start, file_filter)[0]
    dialog = chinese_dialog(parent, caption, start, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "打开")
    accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
    chosen = dialog.selectedFiles()
    dialog.deleteLater()
    return list(chosen) if accepted else []


def existing_directory(parent: QWidget | None, caption: str, start: str) -> str:
    if native_dialogs():
        return QFileDialog.getExistingDirectory(parent, caption, start)
    dialog = chinese_dialog(parent, caption, start)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "选择")
    return _run(dialog)
