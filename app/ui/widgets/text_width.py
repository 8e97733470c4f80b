"""The widest of many texts in pixels, measuring few of them (a roster column fitted to its longest text).

Measuring a text (QFontMetrics.horizontalAdvance) costs microseconds; a 4,000-member roster has some 25,000
different texts in its shown columns, and fitting the columns was a third of the time before its first rows
painted. A text is as wide as its characters' advances added up, give or take rounding and kerning, which
move it by a pixel or two. So each text's characters are looked up (each character measured once), texts
whose sequence of advances is the same (110105198003010011 and 110105198003010029 in a font whose digits
are equally wide) are measured once, and only the texts whose sum comes within SLACK_PX of the largest sum
are measured at all. The answer is the same as measuring every text.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF

SLACK_PX = 8.0  # far more than rounding and kerning move a text's width from its characters' sum
FEW = 24  # so few texts are measured directly


def widest_advance(font: QFont, texts: Iterable[str]) -> int:
    """max(QFontMetrics(font).horizontalAdvance(t) for t in texts), 0 for none."""
    metrics = QFontMetrics(font)
    unique = set(texts)
    unique.discard("")
    if len(unique) <= FEW:
        return max((metrics.horizontalAdvance(t) for t in unique), default=0)
    exact = QFontMetricsF(font)
    advance = {c: exact.horizontalAdvance(c) for c in set().union(*unique)}
    # every character stands for the first one of the same advance: equal keys, equal sums of advances
    first_of: dict[float, str] = {}
    stand_in = str.maketrans({c: first_of.setdefault(a, c) for c, a in advance.items()})
    shapes: dict[str, str] = {}
    for text in unique:
        shapes.setdefault(text.translate(stand_in), text)
    sums = {shape: sum(map(advance.__getitem__, shape)) for shape in shapes}
    top = max(sums.values())
    return max(metrics.horizontalAdvance(shapes[shape]) for shape, total in sums.items()
               if total >= top - SLACK_PX)
