"""The bundled CJK font draws every character the app shows: the sample data, rare name characters, labels.

Droid Sans Fallback has CJK glyphs (and full-width punctuation) but no ASCII letters or digits and no
curly quotes “”; those are drawn by a Latin companion font (Qt's default family on screen; Bitstream Vera,
shipped with reportlab, in PDFs — see app/reports/engine/fonts.py). So every character must be in one of the two,
and since the Latin font has no CJK at all, every Chinese character must be in the bundled font.
"""

from __future__ import annotations

import dataclasses
import types
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import reportlab
from fontTools.ttLib import TTFont
from sqlalchemy import select

from app.config import SETTINGS
from app.models import BranchProfile, Member, MemberEvent, PartyGroup
from app.paths import bundled_cjk_font, bundled_fallback_font
from app.services.demo.sample_branch import create_demo_branch
from app.services.roster import fields as member_fields
from app.services.roster import member_events, vocab

RARE_NAME_CHARACTERS = "堃玥喆昇祎珺龑"


@cache
def cjk_cmap() -> frozenset[int]:
    return frozenset(TTFont(str(bundled_cjk_font()), lazy=True).getBestCmap()) | frozenset(
        TTFont(str(bundled_fallback_font()), lazy=True).getBestCmap())


@cache
def latin_cmap() -> frozenset[int]:
    return frozenset(TTFont(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")).getBestCmap())


def missing_glyphs(texts) -> dict[str, str]:
    """Characters no font of the app can draw, each with a text it occurs in."""
    missing: dict[str, str] = {}
    for text in texts:
        for ch in text:
            if ch.isspace():
                continue
            if ord(ch) not in cjk_cmap() and ord(ch) not in latin_cmap():
                missing.setdefault(ch, text)
    return missing


def strings_in(value, seen=None):
    """Every str inside a module's constants: lists, tuples, dicts, sets, dataclass instances."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k, seen)
            yield from strings_in(v, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from strings_in(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings_in(getattr(value, f.name), seen)


def chinese_strings_of(module: types.ModuleType) -> list[str]:
    found = []
    for name, value in vars(module).items():
        if name.startswith("__") or isinstance(value, (types.ModuleType, type, types.FunctionType)):
            continue
        found += [s for s in strings_in(value) if any("\u4e00" <= ch <= "\u9fff" for ch in s)]
    return found


def test_the_check_itself_notices_a_missing_glyph():
    # U+2FFFF is unassigned and U+1F600 (an emoji) is in no font the app ships: both must be reported.
    assert set(missing_glyphs(["张三\U0001F600", "\U0002FFFF"])) == {"\U0001F600", "\U0002FFFF"}
    assert missing_glyphs(["张三丰 13812345678 110105198003010011"]) == {}


def test_rare_name_characters_are_in_the_bundled_font():
    assert missing_glyphs([RARE_NAME_CHARACTERS]) == {}
    assert all(ord(ch) in cjk_cmap() for ch in RARE_NAME_CHARACTERS)
    assert not any(ord(ch) in latin_cmap() for ch in RARE_NAME_CHARACTERS + "中（）")  # only CJK can draw them


@pytest.mark.parametrize("module", [vocab, member_fields, member_events], ids=lambda m: m.__name__)
def test_every_chinese_label_and_vocabulary_entry_is_covered(module):
    texts = chinese_strings_of(module)
    assert len(texts) > 10  # the walk really found the module's lists
    if module is vocab:
        assert {"汉族", "鄂伦春族", "正高级教师", "自行脱党", "61岁及以上"} <= set(texts)
    assert missing_glyphs(texts) == {}


def test_settings_labels_are_covered():
    assert missing_glyphs(s.label for s in SETTINGS.values()) == {}


def test_every_text_of_the_sample_branch_is_covered(db):
    with db.transaction() as s:
        summary = create_demo_branch(s, today=date(2026, 3, 15))
    texts = [summary.text()]
    with db.session() as s:
        for model in (BranchProfile, PartyGroup, Member, MemberEvent):
            for row in s.scalars(select(model)).unique():
                for column in model.__table__.columns:
                    value = getattr(row, column.key)
                    if isinstance(value, str):
                        texts.append(value)
                if isinstance(row, MemberEvent):  # printed as the kind's label and "label：value" details
                    texts += [member_events.kind_label(row.kind), member_events.describe_details(row)]
        names = s.scalars(select(Member.name)).all()
    assert len(names) == 53 and all(ch in "".join(names) for ch in RARE_NAME_CHARACTERS)  # 3 via 发展党员
    assert any("介绍信编号" in t for t in texts) and any("示例市" in t for t in texts)
    assert missing_glyphs(texts) == {}


def test_font_license_files_sit_beside_the_font():
    font = bundled_cjk_font()
    assert font.is_file() and font.stat().st_size > 1_000_000
    license_file = font.parent / "LICENSE-Apache-2.0.txt"
    assert "Apache License" in license_file.read_text(encoding="utf-8")
    assert "Version 2.0" in license_file.read_text(encoding="utf-8")
    for name in ("DroidSansFallbackFull.COPYRIGHT", "WenQuanYiMicroHei.COPYRIGHT"):
        assert "Apache" in (font.parent / name).read_text(encoding="utf-8") or name.startswith("Droid")
    assert bundled_fallback_font().is_file()


def test_the_bundled_font_draws_latin_and_the_rare_name_characters_itself():
    """WenQuanYi Micro Hei, not a serif companion, draws A4, PDF and ID numbers beside the Chinese."""
    own = frozenset(TTFont(str(bundled_cjk_font()), lazy=True).getBestCmap())
    assert all(ord(ch) in own for ch in "A4 PDF 0123456789X" + RARE_NAME_CHARACTERS + "中共党员花名册")
