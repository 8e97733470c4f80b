"""Guard against a PySide6 build that leaks references to None (6.12.0 on Python 3.11 aborts the app)."""

import sys

from PySide6.QtWidgets import QCheckBox


def test_void_qt_calls_keep_none_refcount(qtbot):
    box = QCheckBox()
    qtbot.addWidget(box)
    before = sys.getrefcount(None)
    for _ in range(1000):
        box.setEnabled(True)
    # Other code may take or drop a few references meanwhile; a leak loses one per call.
    assert abs(sys.getrefcount(None) - before) < 100
