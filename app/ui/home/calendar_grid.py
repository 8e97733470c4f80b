"""The year's compliance calendar as a coloured grid (rows: what is required; columns: the twelve months),
painted with QPainter in the 组织生活 page's colours, with its 规范执行率 in the title."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from app.services.meetings.calendar import CELL_STATES, DUE, FUTURE, HELD_CELL, MISSING
from app.ui.home.charts import MUTED, TEXT_COLOUR, Chart
from app.ui.meetings.calendar_colours import CELL_COLOURS


class CalendarGridChart(Chart):
    def __init__(self, title: str, parent=None) -> None:
        super().__init__(title, parent)
        self.lines: list = []  # app.services.home.glance.CalendarLine
        self.counts_text = ""
        self._fit()

    def has_data(self) -> bool:
        return bool(self.lines)

    def set_calendar(self, glance) -> None:
        """`glance`: an app.services.home.glance.CalendarGlance."""
        self.lines = list(glance.lines)
        rate = "—" if glance.rate is None else f"{glance.rate * 100:.1f}%"
        self.title = f"{glance.year}年组织生活合规日历　规范执行率 {rate}"
        self.counts_text = f"已按期开展 {glance.held} 项 / 截至今日应开展 {glance.required} 项，缺 {glance.missing} 项"
        self.empty_text = "没有需要按期开展的组织生活（规则设置中均为“不要求”）"
        self.setToolTip("\n".join(f"{line.label}：{line.period}开展" for line in self.lines) + self.hint)
        self._fit()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _fit(self) -> None:
        line = self.fontMetrics().height()
        rows = max(len(self.lines), 4)
        self.setFixedHeight(line + 24 + (rows + 1) * self._row_height() + 2 * line + 20)

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        metrics = self.fontMetrics()
        row_h = self._row_height()
        label_w = min(max(metrics.horizontalAdvance(line.label) for line in self.lines) + 10, body.width() * 0.4)
        month_w = (body.width() - label_w) / 12
        p.setPen(MUTED)
        short = metrics.horizontalAdvance("12月") + 4 > month_w  # a narrow grid numbers the months only
        for m in range(12):
            p.drawText(QRectF(body.left() + label_w + m * month_w, body.top(), month_w, row_h),
                       Qt.AlignmentFlag.AlignCenter, f"{m + 1}" if short else f"{m + 1}月")
        for i, line in enumerate(self.lines):
            top = body.top() + (i + 1) * row_h
            p.setPen(TEXT_COLOUR)
            label = metrics.elidedText(line.label, Qt.TextElideMode.ElideRight, int(label_w - 10))
            p.drawText(QRectF(body.left(), top, label_w - 8, row_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            for first, span, state, text in line.cells:
                cell = QRectF(body.left() + label_w + (first - 1) * month_w + 1, top + 1, span * month_w - 2, row_h - 2)
                p.fillRect(cell, QColor(CELL_COLOURS[state]))
                if state == MISSING:
                    p.setPen(QPen(QColor("#c62828")))
                    p.drawRect(cell.adjusted(0, 0, -1, -1))
                p.setPen(TEXT_COLOUR if state != FUTURE else MUTED)
                if state == DUE and metrics.horizontalAdvance(text) > cell.width() - 2:
                    text = text[:1]  # 待开展 -> 待 in a one-month cell
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(cell.width() - 2))
                p.drawText(cell, Qt.AlignmentFlag.AlignCenter, shown)
        # legend
        x = body.left() + label_w
        y = body.top() + (len(self.lines) + 1) * row_h + 6
        for state in (HELD_CELL, MISSING, DUE, FUTURE):
            p.fillRect(QRectF(x, y + 3, 12, 12), QColor(CELL_COLOURS[state]))
            p.setPen(TEXT_COLOUR)
            p.drawText(QRectF(x + 16, y, 80, metrics.height() + 4), Qt.AlignmentFlag.AlignLeft, CELL_STATES[state])
            x += 28 + metrics.horizontalAdvance(CELL_STATES[state])
        p.setPen(MUTED)
        p.drawText(QRectF(body.left() + label_w, y + metrics.height() + 6, body.width() - label_w,
                          metrics.height() + 4), Qt.AlignmentFlag.AlignLeft, self.counts_text)
