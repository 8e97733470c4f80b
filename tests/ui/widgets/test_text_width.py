"""widest_advance measures few texts and answers what measuring every one answers."""

from __future__ import annotations

import random

from PySide6.QtGui import QFont, QFontMetrics

from app.ui.widgets.text_width import widest_advance


def test_the_widest_text_is_the_one_measuring_every_text_finds(qapp):
    rng = random.Random(14)
    alphabet = "0123456789X-AVTo.Wiljm李王张欧阳娜（）已转出"
    columns = [
        [f"1101051980{rng.randrange(10**8):08d}" for _ in range(3000)],  # ID numbers: one width
        [f"{rng.randrange(1950, 2010)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}" for _ in range(2000)],
        ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 14))) for _ in range(3000)],
        ["男", "女", ""],
        [],
    ]
    for family in ("", "WenQuanYi Micro Hei", "DejaVu Sans"):
        font = QFont(family) if family else QFont()
        metrics = QFontMetrics(font)
        for texts in columns:
            expected = max((metrics.horizontalAdvance(t) for t in set(texts)), default=0)
            assert widest_advance(font, texts) == expected
