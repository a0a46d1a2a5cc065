"""The 舆情台账's yearly chart: cases per month stacked by channel, and the satisfaction rate.

Bars (one set per channel) count on the left axis; the monthly satisfaction rate is a line on a
right axis from 0 to 100 %. A month without any 回访 answer has no point and breaks the line:
the rate is unknown there, not zero. Animations stay off so that offscreen rendering and printing
show the finished chart at once.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsSimpleTextItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.vocab import Channel
from ideowork.services.ledgers.monthly import MONTHS, MonthlyCases

TITLE = "各月受理件数（按渠道）与满意率"
MONTH_LABELS = [f"{month}月" for month in range(1, MONTHS + 1)]
EMPTY_NOTE = "该年度没有受理记录"
SATISFACTION_NAME = "满意率"

# Muted, print-friendly hues, apart in colour and reasonably apart in grey; the app's red first.
PALETTE = (
    "#b3261e",  # the app's red
    "#3d6b9e",  # slate blue
    "#d9a441",  # ochre
    "#4f8a5b",  # sage green
    "#7b5e99",  # muted purple
    "#6fb0c2",  # light teal
    "#8c5a3c",  # brown
    "#d48a9e",  # dusty rose
    "#97a340",  # olive
    "#2c4766",  # navy
    "#e3a880",  # peach
)
OTHER_COLOUR = "#9e9e9e"  # 其他: grey, the colour of "the rest"
# A channel keeps its colour whichever channels a year has: the colour follows the label.
CHANNEL_COLOURS = {
    channel.label: OTHER_COLOUR if channel is Channel.OTHER else PALETTE[index % len(PALETTE)]
    for index, channel in enumerate(Channel)
}
LINE_COLOUR = "#263238"
TEXT_COLOUR = "#212121"
NOTE_COLOUR = "#757575"
GRID_COLOUR = "#e0e0e0"
# The count axis has as many intervals as the percent axis (0, 20 … 100), so grids coincide.
INTERVALS = 5
# Both axes reach a little above their top tick, so a 100 % point is not cut in half.
HEADROOM = 1.04


def channel_colours(labels: list[str]) -> list[QColor]:
    """The bar colours of `labels`: fixed for the built-in channels; a unit's own channel gets a
    colour derived from its label, moved on to a free one if a channel in the chart has it."""
    chosen: dict[str, str] = {
        label: CHANNEL_COLOURS[label] for label in labels if label in CHANNEL_COLOURS
    }
    for label in labels:
        if label in chosen:
            continue
        start = zlib.crc32(label.encode("utf-8"))
        taken = set(chosen.values())
        candidates = [PALETTE[(start + step) % len(PALETTE)] for step in range(len(PALETTE))]
        chosen[label] = next((c for c in candidates if c not in taken), candidates[0])
    return [QColor(chosen[label]) for label in labels]


def nice_top(largest: int) -> int:
    """The top of the count axis: `INTERVALS` steps of 2, 5 or 10 × 10ⁿ, enough for `largest`.

    Never below 10: with one-digit labels only, Qt Charts elides the axis title to "…"."""
    magnitude = 1
    while True:
        for factor in (2, 5, 10):
            step = factor * magnitude
            if step * INTERVALS >= largest:
                return step * INTERVALS
        magnitude *= 10


def _scaled(font: QFont, factor: float) -> QFont:
    """`font` made `factor` times larger, whether its size is given in points or pixels."""
    larger = QFont(font)
    if font.pointSizeF() > 0:
        larger.setPointSizeF(font.pointSizeF() * factor)
    else:
        larger.setPixelSize(round(font.pixelSize() * factor))
    return larger


def _runs(rates: tuple[float | None, ...]) -> Iterator[list[tuple[int, float]]]:
    """The stretches of consecutive months that have a rate, as (month index, rate)."""
    run: list[tuple[int, float]] = []
    for month, rate in enumerate(rates):
        if rate is None:
            if run:
                yield run
            run = []
        else:
            run.append((month, rate))
    if run:
        yield run


class CaseChart(QWidget):
    """A year of the sentiment ledger: stacked monthly counts per channel and satisfaction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._font = QFont(QApplication.font())
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setTheme(QChart.ChartTheme.ChartThemeLight)
        self.chart.setBackgroundRoundness(0)
        self.chart.setDropShadowEnabled(False)
        self.chart.setMargins(QMargins(8, 8, 8, 8))
        chart_layout = self.chart.layout()
        if chart_layout is not None:  # white to the edge: no grey frame around the chart
            chart_layout.setContentsMargins(0, 0, 0, 0)
        title_font = _scaled(self._font, 1.3)
        title_font.setBold(True)
        self.chart.setTitleFont(title_font)
        self.chart.setTitleBrush(QBrush(QColor(TEXT_COLOUR)))
        self.chart.setTitle(TITLE)
        legend = self.chart.legend()
        legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
        legend.setFont(self._font)
        legend.setLabelColor(QColor(TEXT_COLOUR))

        # The axes stay for the widget's life; only the series are replaced. (Qt Charts leaves
        # a removed axis drawn until the event loop deletes it: a chart grabbed or printed at
        # once would show two sets of labels.)
        self._months = QBarCategoryAxis()
        self._months.append(MONTH_LABELS)
        self._counts = QValueAxis()
        self._counts.setTickType(QValueAxis.TickType.TicksDynamic)
        self._counts.setTickAnchor(0)
        self._counts.setLabelFormat("%d")
        self._counts.setTitleText("受理件数（件）")
        self._percent = QValueAxis()
        self._percent.setRange(0, 100 * HEADROOM)
        self._percent.setTickType(QValueAxis.TickType.TicksDynamic)
        self._percent.setTickAnchor(0)
        self._percent.setTickInterval(100 / INTERVALS)
        self._percent.setLabelFormat("%d%%")
        self._percent.setTitleText("满意率")
        self._percent.setGridLineVisible(False)
        axes: list[tuple[QAbstractAxis, Qt.AlignmentFlag]] = [
            (self._months, Qt.AlignmentFlag.AlignBottom),
            (self._counts, Qt.AlignmentFlag.AlignLeft),
            (self._percent, Qt.AlignmentFlag.AlignRight),
        ]
        for axis, side in axes:
            axis.setLabelsFont(self._font)
            axis.setTitleFont(self._font)
            axis.setLabelsColor(QColor(TEXT_COLOUR))
            axis.setTitleBrush(QBrush(QColor(TEXT_COLOUR)))
            axis.setGridLineColor(QColor(GRID_COLOUR))
            self.chart.addAxis(axis, side)

        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_view.setBackgroundBrush(QBrush(QColor("white")))
        self.chart_view.setMinimumSize(480, 320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart_view)

        self._note = QGraphicsSimpleTextItem(EMPTY_NOTE, self.chart)
        self._note.setFont(_scaled(self._font, 1.4))
        self._note.setBrush(QBrush(QColor(NOTE_COLOUR)))
        self._note.setZValue(10)
        self.chart.plotAreaChanged.connect(self._place_note)

        self._bar_sets: list[QBarSet] = []
        self._segments: list[QLineSeries] = []
        self._draw(MonthlyCases(0, (), (None,) * MONTHS))

    # --- drawing ---------------------------------------------------------------------------
    def set_data(self, data: MonthlyCases) -> None:
        """Draw `data`, replacing whatever the chart showed before."""
        self.chart.setTitle(f"{data.year}年{TITLE}")
        self._draw(data)

    def _draw(self, data: MonthlyCases) -> None:
        self.chart.removeAllSeries()  # deletes the series and their bar sets
        self._bar_sets = []
        self._segments = []
        top = nice_top(max(data.totals, default=0))
        self._counts.setRange(0, top * HEADROOM)
        self._counts.setTickInterval(top / INTERVALS)

        bars = QStackedBarSeries()
        bars.setBarWidth(0.6)
        labels = [label for label, _ in data.series]
        for (label, values), colour in zip(data.series, channel_colours(labels), strict=True):
            bar_set = QBarSet(label)
            bar_set.append([float(value) for value in values])
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour.darker(125))
            bars.append(bar_set)
            self._bar_sets.append(bar_set)
        self.chart.addSeries(bars)
        bars.attachAxis(self._months)
        bars.attachAxis(self._counts)

        line_pen = QPen(QColor(LINE_COLOUR), 2.0)
        line_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        # A white edge under the line keeps it readable where it crosses dark bars.
        halo_pen = QPen(QColor("white"), 5.0)
        halo_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        legend = self.chart.legend()
        for run in _runs(data.satisfaction):
            # On the category axis, x = month index is the middle of that month's bar.
            points = [QPointF(month, rate * 100.0) for month, rate in run]
            halo = self._line(points, halo_pen, 5.5)
            segment = self._line(points, line_pen, 4.0)
            for marker in legend.markers(halo):
                marker.setVisible(False)
            # The pieces of the broken line are one thing to the reader: one legend entry.
            for marker in legend.markers(segment):
                marker.setVisible(not self._segments)
                marker.setShape(QLegend.MarkerShape.MarkerShapeFromSeries)
            self._segments.append(segment)

        self._note.setVisible(not data.series)
        self._place_note()
        self._fit_legend()

    def _line(self, points: list[QPointF], pen: QPen, marker_size: float) -> QLineSeries:
        line = QLineSeries()
        line.setName(SATISFACTION_NAME)
        line.setPen(pen)
        line.setPointsVisible(True)
        line.setMarkerSize(marker_size)
        line.append(points)
        self.chart.addSeries(line)
        line.attachAxis(self._months)
        line.attachAxis(self._percent)
        return line

    def _fit_legend(self) -> None:
        """The legend goes below the chart; when its entries do not fit in one row there (a
        narrow window, a unit with many channels), it moves to the right so no name is cut."""
        legend = self.chart.legend()
        metrics = QFontMetrics(legend.font())
        entries = self.series_labels() + ([SATISFACTION_NAME] if self._segments else [])
        # Each entry: its marker, the gaps around it, and its name.
        needed = sum(metrics.horizontalAdvance(entry) + 2 * metrics.height() for entry in entries)
        fits = needed <= self.width() - 2 * metrics.height()
        side = Qt.AlignmentFlag.AlignBottom if fits else Qt.AlignmentFlag.AlignRight
        if legend.alignment() != side:
            legend.setAlignment(side)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_legend()

    def _place_note(self) -> None:
        area = self.chart.plotArea()
        box = self._note.boundingRect()
        self._note.setPos(area.center().x() - box.width() / 2, area.center().y() - box.height() / 2)

    # --- what is drawn, for tests ----------------------------------------------------------
    def series_labels(self) -> list[str]:
        return [bar_set.label() for bar_set in self._bar_sets]

    def bar_values(self, label: str) -> list[int]:
        for bar_set in self._bar_sets:
            if bar_set.label() == label:
                return [round(bar_set.at(month)) for month in range(bar_set.count())]
        raise KeyError(label)

    def satisfaction_points(self) -> list[tuple[int, float]]:
        return [
            (round(point.x()), point.y())
            for segment in self._segments
            for point in segment.points()
        ]

    def empty_note_visible(self) -> bool:
        return self._note.isVisible()
