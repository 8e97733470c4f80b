"""Pinyin search keys for names, so that `zsf` or `zhangsan` finds 张三丰."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) in lowercase, without spaces: 张三丰 → ("zsf", "zhangsanfeng")."""
    clean = (name or "").strip()
    full = "".join(lazy_pinyin(clean, errors="ignore"))
    initials = "".join(lazy_pinyin(clean, style=Style.FIRST_LETTER, errors="ignore"))
    return initials.lower(), full.lower()
