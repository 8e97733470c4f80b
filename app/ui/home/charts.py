"""Small charts painted with QPainter: bars, a ring, grouped monthly bars.

Why QPainter and no chart library: QtCharts lives in PySide6-Addons, which adds some hundreds of MB to the
installer and loads slowly at start-up; pyqtgraph pulls in numpy (tens of MB, and its import alone costs
more than this whole page). The home page needs half a dozen plain charts of a few dozen numbers each,
which a hundred lines of painting draw in well under a millisecond.

Every chart shows its numbers as text too (counts and percentages beside the bars, a legend with counts
beside the ring), and holds its data as plain values (`items`) so tests read what is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2980b9", "#8e44ad", "#16a085", "#7f8c8d")
TEXT_COLOUR = QColor("#333333")
MUTED = QColor("#888888")
GRID = QColor("#e4e4e4")


def percent_text(part: float, whole: float) -> str:
    return f"{part / whole * 100:.0f}%" if whole else "—"


class Chart(QWidget):
    """A titled panel that paints a chart, or a grey sentence while it has no data; a double-click emits
    `activated` (the home page goes to the area the figures come from)."""

    activated = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.hint = ""  # appended to the tooltip: what a double-click does ("\n双击打开花名册")
        self.empty_text = "正在读取…"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def has_data(self) -> bool:
        raise NotImplementedError

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(260, self.minimumHeight())  # the fixed height each chart sets for its rows

    def mouseDoubleClickEvent(self, _event) -> None:  # noqa: N802 - Qt override
        self.activated.emit()

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.update()

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(QColor("#dddddd")))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.setFont(self._title_font())
        p.setPen(TEXT_COLOUR)
        line = self.fontMetrics().height()
        p.drawText(QRectF(10, 6, self.width() - 20, line + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        body = QRectF(10, line + 14, self.width() - 20, self.height() - line - 22)
        p.setFont(self.font())
        if self.has_data():
            self.paint_body(p, body)
        else:
            p.setPen(MUTED)
            p.drawText(body, Qt.AlignmentFlag.AlignCenter, self.empty_text)
        p.end()

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        raise NotImplementedError


class BarChart(Chart):
    """Horizontal bars, one per category: label, bar, count and share of the total."""

    def __init__(self, title: str, parent: QWidget | None = None, colour: str = "#c0392b") -> None:
        super().__init__(title, parent)
        self.items: list[tuple[str, int]] = []
        self.colour = QColor(colour)
        self._fit()

    def has_data(self) -> bool:
        return any(count for _label, count in self.items)

    def set_items(self, items: Sequence[tuple[str, int]]) -> None:
        self.items = [(str(label), int(count)) for label, count in items]
        self.empty_text = "暂无数据"
        self.setToolTip("\n".join(f"{label}：{count} 人" for label, count in self.items) + self.hint)
        self._fit()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _fit(self) -> None:
        rows = max(len(self.items), 3) if self.has_data() else 3  # no data: one short line, not empty bands
        self.setFixedHeight(self.fontMetrics().height() + 24 + rows * self._row_height())

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        metrics = self.fontMetrics()
        total = sum(count for _l, count in self.items)
        largest = max(count for _l, count in self.items)
        label_w = min(max(metrics.horizontalAdvance(label) for label, _c in self.items) + 8, body.width() * 0.5)
        value_w = metrics.horizontalAdvance("000（100%）") + 6
        bar_room = max(body.width() - label_w - value_w, 10)
        row_h = self._row_height()
        for i, (label, count) in enumerate(self.items):
            top = body.top() + i * row_h
            p.setPen(TEXT_COLOUR)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 6))
            p.drawText(QRectF(body.left(), top, label_w - 6, row_h), Qt.AlignmentFlag.AlignRight
                       | Qt.AlignmentFlag.AlignVCenter, shown)
            width = bar_room * count / largest if largest else 0
            p.fillRect(QRectF(body.left() + label_w, top + 3, max(width, 1 if count else 0), row_h - 6), self.colour)
            p.drawText(QRectF(body.left() + label_w + width + 4, top, value_w, row_h),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       f"{count}（{percent_text(count, total)}）")


class RingChart(Chart):
    """A ring of a few shares (人员类别, 性别) with a legend of counts and percentages."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.items: list[tuple[str, int]] = []
        self.colours = ("#c0392b", "#f0a830", "#2980b9", "#27ae60", "#8e44ad", "#7f8c8d")
        self.setFixedHeight(self.fontMetrics().height() * 6 + 40)

    def has_data(self) -> bool:
        return any(count for _label, count in self.items)

    def set_items(self, items: Sequence[tuple[str, int]]) -> None:
        self.items = [(str(label), int(count)) for label, count in items]
        self.empty_text = "暂无数据"
        self.setToolTip("\n".join(f"{label}：{count} 人" for label, count in self.items) + self.hint)
        self.update()

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        total = sum(count for _l, count in self.items)
        side = min(body.height(), body.width() * 0.38)
        ring = QRectF(body.left() + 4, body.top() + (body.height() - side) / 2, side, side)
        thickness = side * 0.28
        start = 90 * 16
        for i, (_label, count) in enumerate(self.items):
            span = -round(count / total * 360 * 16) if total else 0
            pen = QPen(QColor(self.colours[i % len(self.colours)]), thickness)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            inner = ring.adjusted(thickness / 2, thickness / 2, -thickness / 2, -thickness / 2)
            p.drawArc(inner, start, span)
            start += span
        p.setPen(TEXT_COLOUR)
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.drawText(ring, Qt.AlignmentFlag.AlignCenter, f"{total}")
        p.setFont(self.font())
        metrics = self.fontMetrics()
        row_h = metrics.height() + 6
        left = ring.right() + 14
        top = body.top() + max((body.height() - row_h * len(self.items)) / 2, 0)
        for i, (label, count) in enumerate(self.items):
            y = top + i * row_h
            p.fillRect(QRectF(left, y + row_h / 2 - 5, 10, 10), QColor(self.colours[i % len(self.colours)]))
            p.setPen(TEXT_COLOUR)
            p.drawText(QRectF(left + 16, y, body.right() - left - 16, row_h),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       f"{label} {count}（{percent_text(count, total)}）")


class MonthBarsChart(Chart):
    """Twelve months, two bars each (应交 and 实交): the year's dues due against collected."""

    def __init__(self, title: str, series: tuple[str, str] = ("应交", "实交"), parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.series = series
        self.colours = (QColor("#bdc3c7"), QColor("#c0392b"))
        self.months: list[tuple[str, float, float]] = []  # (label, first series, second series)
        self.setFixedHeight(self.fontMetrics().height() * 10 + 30)

    def has_data(self) -> bool:
        return any(a or b for _m, a, b in self.months)

    def set_months(self, months: Sequence[tuple[str, float, float]]) -> None:
        self.months = [(str(m), float(a), float(b)) for m, a, b in months]
        self.empty_text = "本年度还没有党费收缴记录"
        self.setToolTip("\n".join(f"{m}：{self.series[0]} {a:.2f} 元，{self.series[1]} {b:.2f} 元"
                                  for m, a, b in self.months if a or b) + self.hint)
        self.update()

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        largest = max(max(a, b) for _m, a, b in self.months) or 1.0
        step = _nice_step(largest / 4)
        top_value = step * max(1, -(-largest // step))
        axis_w = metrics.horizontalAdvance(f"{top_value:,.0f}") + 8
        legend_h = line + 4
        plot = QRectF(body.left() + axis_w, body.top() + legend_h + 4, body.width() - axis_w,
                      body.height() - legend_h - line - 10)
        # legend
        x = plot.left()
        for colour, name in zip(self.colours, self.series, strict=True):
            p.fillRect(QRectF(x, body.top() + line / 2 - 4, 10, 10), colour)
            p.setPen(TEXT_COLOUR)
            p.drawText(QRectF(x + 14, body.top(), 120, line + 2), Qt.AlignmentFlag.AlignLeft, f"{name}（元）")
            x += 30 + metrics.horizontalAdvance(f"{name}（元）")
        # grid and axis
        value = 0.0
        while value <= top_value + 1e-9:
            y = plot.bottom() - plot.height() * value / top_value
            p.setPen(QPen(GRID))
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(MUTED)
            p.drawText(QRectF(body.left(), y - line / 2, axis_w - 6, line), Qt.AlignmentFlag.AlignRight
                       | Qt.AlignmentFlag.AlignVCenter, f"{value:,.0f}")
            value += step
        slot = plot.width() / max(len(self.months), 1)
        bar = max(slot * 0.32, 2)
        for i, (label, a, b) in enumerate(self.months):
            left = plot.left() + i * slot + (slot - 2 * bar) / 2
            for j, amount in enumerate((a, b)):
                height = plot.height() * amount / top_value
                p.fillRect(QRectF(left + j * bar, plot.bottom() - height, bar - 1, height), self.colours[j])
            p.setPen(TEXT_COLOUR if (a or b) else MUTED)
            p.drawText(QRectF(plot.left() + i * slot, plot.bottom() + 3, slot, line + 2),
                       Qt.AlignmentFlag.AlignHCenter, label)


def _nice_step(raw: float) -> float:
    """A round axis step (1, 2 or 5 times a power of ten) at least `raw`."""
    if raw <= 0:
        return 1.0
    power = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power
