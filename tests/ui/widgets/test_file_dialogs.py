"""Qt's own file dialog (Linux without a desktop theme) made Chinese and readable."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QTreeView

from app.ui.widgets.file_dialogs import chinese_dialog, human_size


def test_labels_headers_dates_and_sizes_read_in_chinese(qtbot, tmp_path):
    (tmp_path / "子文件夹").mkdir()
    report = tmp_path / "中共测试市实验小学支部委员会党员花名册_2026-12-01.pdf"
    report.write_bytes(b"%PDF" + b"0" * 50_000)
    stamp = time.mktime((2026, 12, 1, 9, 39, 0, 0, 0, -1))
    os.utime(report, (stamp, stamp))
    dialog = chinese_dialog(None, "导出党员花名册（PDF）", str(tmp_path), "PDF 文件 (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"位置：", "文件名：", "文件类型："} <= labels and not {"Look in:", "Files of type:"} & labels
    model = dialog.proxyModel()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["名称", "大小", "类型", "修改日期"]
    view = next(v for v in dialog.findChildren(QTreeView) if v.model() is model)
    assert view.textElideMode() == Qt.TextElideMode.ElideRight  # a long name shows its start

    def row_of(name: str):
        root = view.rootIndex()
        for r in range(model.rowCount(root)):
            if model.index(r, 0, root).data() == name:
                return [model.index(r, c, root).data() for c in range(4)]
        return None

    qtbot.waitUntil(lambda: row_of(report.name) is not None and row_of("子文件夹") is not None, timeout=5000)
    assert row_of(report.name)[1] == "48.8 KB" and row_of(report.name)[3] == "2026-12-01 09:39"
    assert row_of("子文件夹")[1:3] == ["", "文件夹"]
    assert QApplication.instance() is not None


def test_human_size():
    assert [human_size(n) for n in (0, 512, 50_004, 3 * 1024 ** 3)] == ["0 B", "512 B", "48.8 KB", "3.0 GB"]
