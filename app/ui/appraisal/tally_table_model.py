"""The round's grid: one row per participant, the four vote counts and ballots returned (typed, kept as
pending edits until 保存计票), the live 票数合计, the proposed grade, the final grade and its reason.

The model holds plain row values read by the page from the services; it never writes the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.services.appraisal import vocab
from app.services.appraisal.rules import Tally

NAME, CATEGORY, EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED, RETURNED, TOTAL, PROPOSED, FINAL, REASON = range(11)
HEADERS = ("姓名", "人员类别", "优秀票", "合格票", "基本合格票", "不合格票", "收回票数", "票数合计", "测评建议等次",
           "评议等次", "评定理由")
COUNT_COLUMNS = (EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED, RETURNED)
_COUNT_FIELDS = {EXCELLENT: "excellent", QUALIFIED: "qualified", BASIC: "basic", UNQUALIFIED: "unqualified",
                 RETURNED: "returned"}
_WARN = QBrush(QColor("#fde2e1"))
_GREY = QBrush(QColor("#777777"))


@dataclass
class Row:
    member_id: int
    name: str
    category: str  # vocab code
    graded: bool
    counts: dict[str, int | None] = field(default_factory=dict)  # excellent … returned; None: not entered
    proposed: str | None = None
    final: str | None = None
    reason: str = ""
    dirty: bool = False

    def tally(self) -> Tally | None:
        if all(v is None for v in self.counts.values()):
            return None
        return Tally(**{k: self.counts.get(k) or 0 for k in _COUNT_FIELDS.values()})


class TallyTableModel(QAbstractTableModel):
    """Editable vote counts while `counts_editable`; the final grade column is picked through the page
    (gradeRequested), because a grade that differs from the proposal needs a reason from the user."""

    gradeRequested = Signal(int, object)  # member id, grade code or None
    pendingChanged = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.counts_editable = False
        self.grades_editable = False

    def set_rows(self, rows: list[Row], *, counts_editable: bool, grades_editable: bool) -> None:
        self.beginResetModel()
        self.rows, self.counts_editable, self.grades_editable = rows, counts_editable, grades_editable
        self.endResetModel()
        self.pendingChanged.emit()

    def pending(self) -> list[Row]:
        return [r for r in self.rows if r.dirty]

    # -- Qt
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.rows[index.row()]
        if row.graded and ((index.column() in COUNT_COLUMNS and self.counts_editable)
                           or (index.column() == FINAL and self.grades_editable)):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and col not in (NAME, REASON):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col in (RETURNED, TOTAL) and self._over(row):
            return _WARN
        if role == Qt.ItemDataRole.ForegroundRole and not row.graded and col > CATEGORY:
            return _GREY
        if role == Qt.ItemDataRole.ToolTipRole and self._over(row):
            return "四个等次票数合计超过了收回票数，请核对。"
        return None

    @staticmethod
    def _over(row: Row) -> bool:
        tally = row.tally()
        return tally is not None and tally.total_votes > tally.returned

    def _text(self, row: Row, col: int, editing: bool) -> object:
        if col == NAME:
            return row.name
        if col == CATEGORY:
            return vocab.CATEGORY_LABELS[row.category]
        if not row.graded:
            return vocab.NOT_GRADED_LABEL if col == FINAL else ""
        if col in COUNT_COLUMNS:
            value = row.counts.get(_COUNT_FIELDS[col])
            return ("" if value is None else str(value)) if not editing else ("" if value is None else value)
        if col == TOTAL:
            tally = row.tally()
            return "" if tally is None else str(tally.total_votes)
        if col == PROPOSED:
            return "（保存后计算）" if row.dirty else vocab.grade_label(row.proposed)
        if col == FINAL:
            return row.final if editing else vocab.grade_label(row.final)
        if col == REASON:
            return row.reason
        return ""

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self.rows[index.row()]
        col = index.column()
        if col == FINAL:
            self.gradeRequested.emit(row.member_id, value or None)
            return False  # the page saves and reloads
        if col not in COUNT_COLUMNS:
            return False
        text = str(value if value is not None else "").strip()
        if text and not text.isdigit():
            return False  # the delegate only lets digits through; anything else is ignored
        row.counts[_COUNT_FIELDS[col]] = int(text) if text else None
        row.dirty = True
        first, last = self.index(index.row(), EXCELLENT), self.index(index.row(), PROPOSED)
        self.dataChanged.emit(first, last)
        self.pendingChanged.emit()
        return True
