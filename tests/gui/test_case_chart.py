"""The 舆情台账's yearly chart: stacked cases per channel, the satisfaction line, the empty year."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QChart, QStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ideowork.gui.app import create_application
from ideowork.gui.widgets.case_chart import EMPTY_NOTE, CaseChart, nice_top
from ideowork.services.ledgers.monthly import MONTHS, MonthlyCases

NETWORK = (3, 5, 2, 4, 6, 1, 0, 3, 4, 2, 5, 3)
HOTLINE = (8, 6, 9, 12, 10, 7, 11, 9, 8, 10, 6, 7)
PETITION = (1, 0, 2, 1, 3, 2, 1, 0, 2, 1, 1, 2)
RATES = (0.9, None, 0.7, 0.75, 0.8, 1.0, None, None, 0.6667, 0.9, 0.95, None)
DATA = MonthlyCases(
    2024,
    (("网络舆情", NETWORK), ("12345", HOTLINE), ("网上信访", PETITION)),
    RATES,
)


@pytest.fixture
def chart(qtbot: QtBot, qapp: QApplication) -> CaseChart:
    create_application()  # Chinese translations and, on a bare system, the shipped CJK font
    widget = CaseChart()
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def value_axis(chart: CaseChart, side: Qt.AlignmentFlag) -> QValueAxis:
    [axis] = [
        axis
        for axis in chart.chart_view.chart().axes(Qt.Orientation.Vertical)
        if axis.alignment() == side
    ]
    assert isinstance(axis, QValueAxis)
    return axis


def test_draws_each_channel_and_the_satisfaction_rate(chart: CaseChart) -> None:
    chart.set_data(DATA)
    assert chart.series_labels() == ["网络舆情", "12345", "网上信访"]
    assert chart.bar_values("网络舆情") == list(NETWORK)
    assert chart.bar_values("12345") == list(HOTLINE)
    assert chart.bar_values("网上信访") == list(PETITION)
    with pytest.raises(KeyError):
        chart.bar_values("媒体")
    points = chart.satisfaction_points()
    # Months without any 回访 answer have no point at all: never a fake 0 %.
    assert [month for month, _ in points] == [0, 2, 3, 4, 5, 8, 9, 10]
    assert [percent for _, percent in points] == pytest.approx(
        [90.0, 70.0, 75.0, 80.0, 100.0, 66.67, 90.0, 95.0]
    )
    assert chart.chart_view.chart().title() == "2024年各月受理件数（按渠道）与满意率"
    assert not chart.empty_note_visible()


def test_stacks_add_up_to_the_monthly_totals(chart: CaseChart) -> None:
    chart.set_data(DATA)
    stacked = [
        sum(chart.bar_values(label)[month] for label in chart.series_labels())
        for month in range(MONTHS)
    ]
    assert tuple(stacked) == DATA.totals
    counts = value_axis(chart, Qt.AlignmentFlag.AlignLeft)
    assert counts.max() >= max(DATA.totals)


def test_axes_legend_and_rendering_settings(chart: CaseChart) -> None:
    chart.set_data(DATA)
    qchart = chart.chart_view.chart()
    [months] = qchart.axes(Qt.Orientation.Horizontal)
    assert isinstance(months, QBarCategoryAxis)
    assert months.categories() == [f"{month}月" for month in range(1, 13)]
    counts = value_axis(chart, Qt.AlignmentFlag.AlignLeft)
    assert counts.labelFormat() == "%d" and counts.min() == 0 and counts.max() >= 1
    assert counts.tickInterval() == int(counts.tickInterval())  # whole cases only
    percent = value_axis(chart, Qt.AlignmentFlag.AlignRight)
    assert percent.labelFormat() == "%d%%" and percent.min() == 0 and percent.max() >= 100
    assert qchart.legend().alignment() == Qt.AlignmentFlag.AlignBottom
    assert qchart.animationOptions() == QChart.AnimationOption.NoAnimation
    assert chart.chart_view.renderHints() & QPainter.RenderHint.Antialiasing
    # The broken line is one legend entry, however many pieces it has.
    QApplication.processEvents()
    shown = [m.label() for m in qchart.legend().markers() if m.isVisible()]
    assert shown == ["网络舆情", "12345", "网上信访", "满意率"]


def test_channel_colours_follow_the_label(chart: CaseChart) -> None:
    def colours() -> dict[str, str]:
        series = chart.chart_view.chart().series()
        [bars] = [s for s in series if isinstance(s, QStackedBarSeries)]
        return {bar_set.label(): bar_set.color().name() for bar_set in bars.barSets()}

    chart.set_data(DATA)
    first = colours()
    assert first["网络舆情"] == "#b3261e"
    assert len(set(first.values())) == 3
    chart.set_data(MonthlyCases(2023, (("网上信访", PETITION), ("党建热线", HOTLINE)), RATES))
    second = colours()
    assert second["网上信访"] == first["网上信访"]
    assert second["党建热线"] != second["网上信访"]


def test_new_data_replaces_the_old(chart: CaseChart) -> None:
    chart.set_data(DATA)
    qchart = chart.chart_view.chart()
    axes_before = len(qchart.axes())
    later = MonthlyCases(2025, (("媒体", (1,) * MONTHS),), (None,) * 11 + (0.5,))
    chart.set_data(later)
    assert chart.series_labels() == ["媒体"]
    assert chart.bar_values("媒体") == [1] * MONTHS
    assert chart.satisfaction_points() == [(11, 50.0)]
    assert len(qchart.axes()) == axes_before == 3
    assert qchart.title().startswith("2025年")
    # One bar series plus the single point's line and its white edge: nothing of the old data.
    assert len(qchart.series()) == 3


def test_an_empty_year_shows_the_axes_and_a_note(chart: CaseChart) -> None:
    chart.set_data(DATA)
    chart.set_data(MonthlyCases(2023, (), (None,) * MONTHS))
    assert chart.empty_note_visible()
    assert chart.series_labels() == [] and chart.satisfaction_points() == []
    assert len(chart.chart_view.chart().axes()) == 3
    assert value_axis(chart, Qt.AlignmentFlag.AlignLeft).max() >= 1
    chart.set_data(DATA)
    assert not chart.empty_note_visible()


def test_a_new_chart_is_empty(chart: CaseChart) -> None:
    assert chart.empty_note_visible()
    assert EMPTY_NOTE == "该年度没有受理记录"


def test_the_grabbed_chart_is_a_real_picture(chart: CaseChart, tmp_path: Path) -> None:
    chart.set_data(DATA)
    QApplication.processEvents()
    picture = tmp_path / "chart.png"
    assert chart.grab().save(str(picture))
    assert picture.stat().st_size > 15_000


def test_many_channels_move_the_legend_aside_in_a_narrow_window(chart: CaseChart) -> None:
    many = tuple((f"渠道{index}", (index,) * MONTHS) for index in range(1, 13))
    chart.set_data(MonthlyCases(2024, many, RATES))
    legend = chart.chart_view.chart().legend()
    assert legend.alignment() == Qt.AlignmentFlag.AlignBottom  # 900 px: room for all
    chart.resize(600, 400)
    assert legend.alignment() == Qt.AlignmentFlag.AlignRight


@pytest.mark.parametrize(
    ("largest", "top"), [(0, 10), (3, 10), (10, 10), (11, 25), (26, 50), (99, 100), (101, 250)]
)
def test_the_count_axis_ends_on_a_round_number(largest: int, top: int) -> None:
    assert nice_top(largest) == top
