"""The table cells the XLSX writer makes itself: the same as cells made through openpyxl."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell

from app.reports.engine.xlsx_writer import _StyledCell


def slots(cls) -> set[str]:
    return {name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ())}


def test_a_styled_cell_has_every_attribute_an_openpyxl_cell_has():
    """If openpyxl's Cell gains an attribute, _StyledCell.__init__ must set it too (it skips Cell.__init__)."""
    ws = Workbook().active
    made = Cell(ws, row=3, column=2)
    ours = _StyledCell(ws, 3, 2, made._style, 0)
    for name in slots(Cell):
        assert getattr(ours, name) == getattr(made, name), name
    assert ours.coordinate == "B3" and ours.value is None and ours.data_type == "n"


def test_cells_placed_directly_read_back_and_later_rows_follow(tmp_path):
    from app.reports.engine.blocks import Column, Paragraph, Table
    from app.reports.engine.document import Document
    from app.reports.engine.xlsx_writer import write_xlsx

    table = Table([Column("姓名"), Column("备注")], [["张三", ""], ["李四", "调入"]], borders=False)
    document = Document(title="测试", blocks=[table, Paragraph("表后的说明")])
    path = tmp_path / "t.xlsx"
    write_xlsx([document], path)
    ws = load_workbook(path).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[:3] == [["序号", "姓名", "备注"], [1, "张三", None], [2, "李四", "调入"]]
    assert values[3][0] == "表后的说明" and len(values) == 4  # the next block starts on the next row
    assert ws.max_column == 3
