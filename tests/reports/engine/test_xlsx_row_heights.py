"""The XLSX writer's row heights, worked out column by column for a whole table, are those of each row
worked out on its own (the rule WPS and LibreOffice need: they do not grow a row to its wrapped text)."""

from __future__ import annotations

import random

from app.reports.engine.xlsx_writer import _row_height, _row_heights


def test_the_whole_table_at_once_gives_each_row_its_own_height():
    rng = random.Random(14)
    words = ["", "男", "汉族", "中共示例市实验小学支部委员会", "110105198003010011", "2026-05-01",
             "示例市示例区学府路 18 号 3 栋 2 单元 501 室", "第一行\n第二行", "一\n\n三", "a" * 40]
    widths = [4.0, 6.5, 12.0, 16.0, 19.5, 40.0]
    rows = [[rng.choice(words) for _ in widths] for _ in range(500)]
    assert _row_heights(rows, widths) == [_row_height(row, widths) for row in rows]
    assert _row_heights([], widths) == []
