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


def test_written_rows_keep_their_own_heights_though_they_share_a_record(tmp_path):
    from openpyxl import load_workbook

    from app.reports.engine import Column, Document, SignatureLine, Table, Title, write_document

    address = "示例市示例区学府路 18 号 3 栋 2 单元 501 室，东门进，左手第二栋楼"
    rows = [["王堃", "男"], ["李红", address], ["张伟", "第一行\n第二行\n第三行"], ["赵敏", "女"], ["钱多", address]]
    doc = Document(title="名册", sheet_name="名册", blocks=[
        Title("名册"), Table(columns=[Column("姓名"), Column("住址", width=3)], rows=rows, numbered=False),
        SignatureLine(["制表人"])])
    target = tmp_path / "名册.xlsx"
    write_document(doc, target, "xlsx")
    ws = load_workbook(target)["名册"]
    heights = [ws.row_dimensions[r].height for r in range(3, 8)]  # title, header, then the five rows
    assert [ws.cell(r, 2).value for r in range(3, 8)] == [row[1] for row in rows]
    assert heights[0] == heights[3] == 16.5  # one line
    assert heights[1] == heights[4] > 16.5  # the long address wraps
    assert heights[2] >= 3 * 13.5  # three lines
    assert ws.row_dimensions[8].height != heights[1]  # the signature row after the table is its own
