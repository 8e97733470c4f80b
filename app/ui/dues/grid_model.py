"""The collection grid (members × 12 months) as a Qt table model over app.services.dues.collection.GridRow."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.dues import vocab
from app.services.dues.collection import GridRow
from app.services.dues.money import show

LEAD = ["姓名", "缴费类别", "基数", "比例", "月应缴"]
TAIL = ["全年实缴", "欠缴"]
MONTH_COLUMNS = range(len(LEAD), len(LEAD) + 12)
# state → background: paid green, partly paid amber, unpaid past month red, deferred blue, exempt grey
COLOURS = {vocab.PAID: "#dff0d8", vocab.PARTIAL: "#fcf0c8", "overdue": "#f6d5d5", vocab.DEFERRED: "#d9e8f6",
           vocab.EXEMPT: "#e8e8e8"}
_BRUSHES = {key: QBrush(QColor(colour)) for key, colour in COLOURS.items()}


class DuesGridTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[GridRow] = []
        self._texts: list[list[str]] = []
        self.through = ""  # months up to this one are overdue when unpaid

    def set_rows(self, rows: list[GridRow], through: str) -> None:
        self.beginResetModel()
        self.rows, self.through = rows, through
        # what each row shows, worked out once: a view asks for every visible cell on every repaint
        self._texts = [self._row_texts(r) for r in rows]
        self.endResetModel()

    def _row_texts(self, row: GridRow) -> list[str]:
        lead = [row.name, vocab.category_label(row.dues_category) if row.dues_category else "未录入基数",
                show(row.base), f"{row.rate}%" if row.rate else ("定额" if row.monthly is not None else ""),
                show(row.monthly) + (f"（{row.override}）" if row.override else "")]
        months = [("未缴" if c.month <= self.through else "") if c.owes and c.state == vocab.DUE else c.text
                  for c in row.cells]
        return [*lead, *months, show(row.year_paid), show(row.year_owed_through(self.through))]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt)
        return len(LEAD) + 12 + len(TAIL)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt)
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section in MONTH_COLUMNS:
            return f"{section - len(LEAD) + 1}月"
        return (LEAD + [""] * 12 + TAIL)[section]

    def cell_at(self, index: QModelIndex):
        if index.column() in MONTH_COLUMNS:
            return self.rows[index.row()].cells[index.column() - len(LEAD)]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        cell = self.cell_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][column]
        if role == Qt.ItemDataRole.BackgroundRole and cell is not None and cell.owes:
            key = "overdue" if cell.state == vocab.DUE and cell.month <= self.through else cell.state
            return _BRUSHES.get(key)
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None and cell.owes:
            parts = [f"{cell.month} {vocab.MONTH_STATES[cell.state]}",
                     f"应缴 {show(cell.due) or '未知（无基数）'} 元"]
            if cell.paid:
                parts.append(f"实缴 {show(cell.paid)} 元，{cell.paid_date:%Y-%m-%d}"
                             f"{'（' + vocab.PAY_KINDS[cell.pay_kind] + '）' if cell.pay_kind else ''}")
            if cell.payer:
                parts.append(f"代缴人：{cell.payer}")
            if cell.reason:
                parts.append(f"原因：{cell.reason}")
            if cell.basis in (vocab.BASIS_REDUCED, vocab.BASIS_EXEMPT, vocab.BASIS_VOLUNTARY):
                parts.append(vocab.BASES[cell.basis])
            return "\n".join(parts)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
