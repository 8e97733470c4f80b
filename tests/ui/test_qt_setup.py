"""Without a system CJK font the UI uses the bundled WenQuanYi Micro Hei for Chinese and Latin alike."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

from app.ui import qt_setup


def test_the_bundled_face_comes_first_with_droid_for_rare_characters(qtbot, monkeypatch):
    app = QApplication.instance()
    before = app.font()
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: []))  # a PC without CJK fonts
    try:
        chosen = qt_setup.ensure_cjk_font(app)
        assert chosen == "WenQuanYi Micro Hei"
        assert app.font().families()[:2] == ["WenQuanYi Micro Hei", "Droid Sans Fallback"]
        raw = QRawFont.fromFont(app.font())
        assert raw.familyName() == "WenQuanYi Micro Hei"
        assert all(raw.supportsCharacter(ord(ch)) for ch in "A4PDF320102X支部台账")  # no serif Latin beside it
    finally:
        app.setFont(before)
