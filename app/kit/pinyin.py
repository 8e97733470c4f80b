"""Pinyin search keys for names, so that `zsf` or `zhangsan` finds 张三丰."""

from __future__ import annotations


def pinyin_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) in lowercase, without spaces: 张三丰 → ("zsf", "zhangsanfeng")."""
    # Imported on first use: loading pypinyin's phrase dictionary takes ~0.25 s, and start-up needs none
    # of it (the keys are stored with each member).
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin((name or "").strip(), errors="ignore")
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)  # the first letter of each syllable: zhang san feng → zsf
    return initials.lower(), full.lower()
