"""Application-wide Qt set-up: Chinese translations of Qt's own widgets and a font that has Chinese glyphs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.config import ui_settings_path
from app.paths import bundled_cjk_font, bundled_fallback_font, resources_dir

if TYPE_CHECKING:  # SQLAlchemy is imported after the first paint
    from app.models.database import Database

# Families a Windows or Linux desktop may already have for Simplified Chinese, best first.
_PREFERRED_SYSTEM_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC",
                              "Source Han Sans SC", "WenQuanYi Micro Hei"]


def install_chinese_translation(app: QApplication) -> QTranslator | None:
    """Load Qt's qtbase_zh_CN so its own buttons and dialogs (OK, Cancel, file dialogs) speak Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    for folder in (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
                   str(resources_dir() / "translations")):
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            return translator
    return None


def ensure_cjk_font(app: QApplication) -> str:
    """Make sure Chinese never renders as boxes: use a system CJK family, else register the bundled font.

    Returns the family that carries the Chinese glyphs.
    """
    families = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    chosen = next((f for f in _PREFERRED_SYSTEM_FAMILIES if f in families), None)
    font = QFont(app.font())
    if chosen is not None:
        font.setFamilies([chosen, *[f for f in font.families() if f != chosen]])
    else:
        font_id = QFontDatabase.addApplicationFont(str(bundled_cjk_font()))
        loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not loaded:
            raise RuntimeError(f"无法加载内置中文字体：{bundled_cjk_font()}")
        chosen = loaded[0]
        # WenQuanYi Micro Hei draws Latin and Chinese alike, so "A4", "PDF" and ID numbers match the
        # Chinese beside them; Droid Sans Fallback after it draws the rare name characters it lacks.
        fallback_id = QFontDatabase.addApplicationFont(str(bundled_fallback_font()))
        fallback = QFontDatabase.applicationFontFamilies(fallback_id) if fallback_id >= 0 else []
        font.setFamilies([chosen, *fallback])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return chosen


def ui_settings(db: Database) -> QSettings:
    """The UI's own settings (window geometry, roster columns, export folder): ui.ini in the data folder.

    They travel with a portable data folder, and every test's data folder has its own.
    """
    from app.services.common.storage import data_folder_of

    return ui_settings_at(data_folder_of(db))


def ui_settings_at(folder: Path) -> QSettings:
    """ui_settings of the data folder `folder`, before its database is open (the quick start)."""
    return QSettings(str(ui_settings_path(folder)), QSettings.Format.IniFormat)
