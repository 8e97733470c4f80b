"""The fonts of printed documents: a CJK TrueType font registered with reportlab and embedded in every PDF.

On Windows the installed 宋体 / 仿宋 / 黑体 are preferred (what a Chinese office expects on paper); elsewhere,
or when none of them loads, the app's bundled WenQuanYi Micro Hei is used, which draws Chinese and Latin
alike. A second font draws the characters the first lacks (a rare name character): the bundled
WenQuanYi Micro Hei beside a Windows font, the bundled Droid Sans Fallback beside WenQuanYi Micro Hei, or
Bitstream Vera (shipped inside reportlab) when the chosen font has no Latin letters or digits;
`pdf_writer` switches fonts per run of text. reportlab's TTFont embeds a subset of
each font actually used, so a PDF prints the same on a PC without Chinese fonts.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.paths import bundled_cjk_font, bundled_fallback_font
from app.reports.engine.errors import ReportError

# (file name, index inside a .ttc collection or None, reportlab font name), in order of preference.
WINDOWS_BODY_FONTS: list[tuple[str, int | None, str]] = [
    ("simsun.ttc", 0, "BL-SimSun"),  # 宋体: the usual face of printed registers
    ("simfang.ttf", None, "BL-FangSong"),  # 仿宋
    ("simhei.ttf", None, "BL-SimHei"),  # 黑体
    ("msyh.ttc", 0, "BL-MicrosoftYaHei"),  # 微软雅黑: present on every Windows 10/11
]
WINDOWS_HEADING_FONTS: list[tuple[str, int | None, str]] = [
    ("simhei.ttf", None, "BL-SimHei"),
    ("msyh.ttc", 0, "BL-MicrosoftYaHei"),
]
BUNDLED_FONT_NAME = "BL-WenQuanYiMicroHei"
FALLBACK_FONT_NAME = "BL-DroidSansFallback"
LATIN_FONT_NAME = "BL-Vera"

_LATIN_SAMPLE = "0123456789ABCXYZabcxyz-.:()"


@dataclass(frozen=True)
class ReportFonts:
    """reportlab names of the registered fonts a document uses."""

    body: str  # table cells and ordinary text
    heading: str  # title and header row (黑体 when installed, else the body font)
    latin: str | None  # draws characters the body and heading fonts lack (Latin, rare CJK); None: no second font
    files: tuple[str, ...]  # the font files, for messages and tests


def latin_font_file() -> Path:
    return Path(reportlab.__file__).resolve().parent / "fonts" / "Vera.ttf"


def windows_font_dirs() -> list[Path]:
    """The system font folder and the per-user one (fonts installed without admin rights)."""
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _register(name: str, path: Path, index: int | None) -> bool:
    """Register a TrueType font under `name`; False if the file is missing or reportlab cannot use it."""
    if name in pdfmetrics.getRegisteredFontNames():
        return True
    if not path.is_file():
        return False
    try:
        font = TTFont(name, str(path), subfontIndex=index or 0)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return False  # e.g. CFF outlines, a font that forbids embedding, a damaged file
    pdfmetrics.registerFont(font)
    return True


def _first_loadable(dirs: Iterable[Path], candidates: Sequence[tuple[str, int | None, str]]):
    for filename, index, name in candidates:
        for folder in dirs:
            path = folder / filename
            if _register(name, path, index):
                return name, path
    return None


def covers(font_name: str, text: str) -> bool:
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    return all(ord(c) in cmap for c in text)


def choose_fonts(system_font_dirs: Sequence[Path] = ()) -> ReportFonts:
    """Pick and register the fonts: the first loadable installed font, else the bundled one."""
    files: list[str] = []
    body = _first_loadable(system_font_dirs, WINDOWS_BODY_FONTS) if system_font_dirs else None
    if body is None:
        bundled = bundled_cjk_font()
        if not _register(BUNDLED_FONT_NAME, bundled, None):
            raise ReportError(f"找不到可用的中文字体：{bundled}（安装可能不完整，请重新安装本软件）")
        body = (BUNDLED_FONT_NAME, bundled)
    files.append(str(body[1]))
    heading = _first_loadable(system_font_dirs, WINDOWS_HEADING_FONTS) if system_font_dirs else None
    if heading is None:
        heading = body
    elif str(heading[1]) not in files:
        files.append(str(heading[1]))
    latin = None
    if not (covers(body[0], _LATIN_SAMPLE) and covers(heading[0], _LATIN_SAMPLE)):
        if not _register(LATIN_FONT_NAME, latin_font_file(), None):
            raise ReportError(f"找不到可用的西文字体：{latin_font_file()}（安装可能不完整，请重新安装本软件）")
        latin = LATIN_FONT_NAME
        files.append(str(latin_font_file()))
    else:  # a second CJK font for the rare characters the first lacks
        second = ((FALLBACK_FONT_NAME, bundled_fallback_font()) if body[0] == BUNDLED_FONT_NAME
                  else (BUNDLED_FONT_NAME, bundled_cjk_font()))
        if _register(second[0], second[1], None):
            latin = second[0]
            files.append(str(second[1]))
    return ReportFonts(body=body[0], heading=heading[0], latin=latin, files=tuple(files))


@functools.cache
def report_fonts() -> ReportFonts:
    """The fonts for this run of the app, chosen once."""
    dirs = windows_font_dirs() if sys.platform == "win32" else []
    return choose_fonts(dirs)


def undrawable(texts: Iterable[str], fonts: ReportFonts) -> str:
    """The characters of `texts` that none of the document's fonts can draw (they would print as gaps),
    sorted, each once: e.g. an emoji or a rare name character outside the fonts (CJK Extension B)."""
    faces = [pdfmetrics.getFont(name).face.charToGlyph for name in {fonts.body, fonts.heading, fonts.latin} if name]
    seen: set[str] = set()
    for text in texts:
        seen.update(text)
    return "".join(sorted(c for c in seen if c.isprintable() and not c.isspace()
                          and not any(ord(c) in cmap for cmap in faces)))
