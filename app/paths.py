"""Where the application's own files (fonts, translations, sample data) live.

Resources sit in the top-level ``resources/`` folder of the checkout (an editable install runs from it);
``pip install .`` copies them to ``<prefix>/share/branch-ledger/resources``; a frozen build (PyInstaller)
unpacks them under ``sys._MEIPASS/resources``.
"""

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "branch-ledger" / "resources"


def bundled_cjk_font() -> Path:
    """The font shipped with the app for Chinese and Latin alike: WenQuanYi Micro Hei (Apache-2.0)."""
    return resources_dir() / "fonts" / "WenQuanYiMicroHei.ttf"


def bundled_fallback_font() -> Path:
    """The second bundled font, Droid Sans Fallback (Apache-2.0): CJK only, for the rare characters
    (names) WenQuanYi Micro Hei lacks."""
    return resources_dir() / "fonts" / "DroidSansFallbackFull.ttf"


def migrations_dir() -> Path:
    return Path(__file__).resolve().parent / "migrations"
