"""The 学习日历's month and year calendars: dates, clicks, keys, chips, tooltips, pictures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from ideowork.domain.vocab import StudyKind
from ideowork.gui.app import create_application
from ideowork.gui.widgets import study_calendar
from ideowork.gui.widgets.study_calendar import (
    KIND_COLOURS,
    CalendarEntry,
    ChipStyle,
    DayNote,
    MonthCalendar,
    YearOverview,
    count_level,
    kind_colour,
)

D = dt.date
TODAY = D(2026, 10, 14)
FIRST = D(2026, 10, 1)  # a Thursday


def entry(
    id_: int,
    kind: str = "collective",
    status: str = "held",
    *,
    ideology: bool = False,
    title: str = "学习",
    time: str = "",
) -> CalendarEntry:
    labels = {"center_group": "中心组学习", "collective": "集中学习", "analysis": "分析研判会"}
    return CalendarEntry(id_, kind, labels.get(kind, "专班例会"), title, status, ideology, time)


ENTRIES = {
    D(2026, 9, 29): [entry(90, title="九月的学习")],
    D(2026, 10, 9): [
        entry(1, "center_group", ideology=True, title="学习贯彻全会精神", time="09:00"),
        entry(2, "analysis", "planned", ideology=True, title="三季度形势研判", time="14:30"),
    ],
    D(2026, 10, 16): [
        entry(3, "collective", "cancelled", title="纪律处分条例", time="10:00"),
        entry(4, "u-zhuanban", "planned", title="专班例会"),
    ],
    D(2026, 10, 21): [entry(10 + n, title=f"第{n}次学习") for n in range(5)],
}
NOTES = {
    D(2026, 9, 20): DayNote("workday", "调休"),
    D(2026, 10, 1): DayNote("holiday", "国庆节"),
    D(2026, 10, 2): DayNote("holiday", "国庆节"),
    D(2026, 10, 3): DayNote("holiday", "国庆节"),
    D(2026, 10, 5): DayNote("holiday", "补假"),
    D(2026, 10, 6): DayNote("holiday", "调休"),
    D(2026, 10, 7): DayNote("holiday", "调休"),
    D(2026, 10, 10): DayNote("workday", "调休"),
}


@pytest.fixture
def month(qtbot: QtBot, qapp: QApplication) -> Iterator[MonthCalendar]:
    create_application()  # Chinese translations and, on a bare system, the shipped CJK font
    widget = MonthCalendar()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.set_month(2026, 10, ENTRIES, NOTES, TODAY)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    QToolTip.hideText()


@pytest.fixture
def year(qtbot: QtBot, qapp: QApplication) -> YearOverview:
    create_application()
    widget = YearOverview()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    counts = {D(2026, 10, 9): 2, D(2026, 10, 21): 5, D(2026, 3, 4): 1, D(2025, 12, 31): 9}
    widget.set_year(2026, counts, NOTES, TODAY)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def centre(widget: MonthCalendar, day: dt.date) -> QPoint:
    rect = widget.cell_rect(day)
    assert rect is not None
    return rect.center().toPoint()


def empty_spot(widget: MonthCalendar, day: dt.date) -> QPoint:
    """A point of `day`'s cell below its chips."""
    rect = widget.cell_rect(day)
    assert rect is not None
    return QPointF(rect.center().x(), rect.bottom() - 3).toPoint()


# --- the month: dates ---------------------------------------------------------------------
def test_the_grid_starts_on_monday_and_maps_cells_to_dates(month: MonthCalendar) -> None:
    days = month.days()
    assert len(days) == 42
    assert days[0] == D(2026, 9, 28) and days[0].weekday() == 0  # Monday first
    assert days.index(FIRST) == 3  # 1 October 2026 is a Thursday: fourth column
    assert days[-1] == D(2026, 11, 8)
    assert month.title() == "2026年10月"
    assert month.shown_month() == (2026, 10)
    for day in days:
        assert month.day_at(centre(month, day)) == day
    first, monday = month.cell_rect(FIRST), month.cell_rect(D(2026, 10, 5))
    grid_start = month.cell_rect(D(2026, 9, 28))
    assert first is not None and monday is not None and grid_start is not None
    assert first.top() == grid_start.top()
    assert monday.left() < first.left() and monday.top() > first.top()
    assert month.cell_rect(D(2026, 9, 27)) is None
    assert month.day_at(QPoint(500, 5)) is None  # the title


def test_a_month_starting_on_monday_begins_the_grid(month: MonthCalendar) -> None:
    month.set_month(2026, 6, {}, {}, TODAY)  # 1 June 2026 is a Monday
    assert month.days()[0] == D(2026, 6, 1)
    assert month.title() == "2026年6月"


# --- the month: mouse ---------------------------------------------------------------------
def test_a_click_selects_the_day(month: MonthCalendar, qtbot: QtBot) -> None:
    day = D(2026, 10, 15)
    with qtbot.waitSignal(month.day_selected) as selected:
        qtbot.mouseClick(month, Qt.MouseButton.LeftButton, pos=centre(month, day))
    assert selected.args == [day]
    assert month.selected_day() == day
    # A day of the neighbouring month is selected too; the shown month stays.
    with (
        qtbot.waitSignal(month.day_selected) as selected,
        qtbot.assertNotEmitted(month.month_requested),
    ):
        qtbot.mouseClick(month, Qt.MouseButton.LeftButton, pos=centre(month, D(2026, 9, 30)))
    assert selected.args == [D(2026, 9, 30)]
    assert month.shown_month() == (2026, 10)


def test_a_double_click_on_the_day_activates_it(month: MonthCalendar, qtbot: QtBot) -> None:
    day = D(2026, 10, 9)  # a day with chips: below them is still the day
    with (
        qtbot.waitSignal(month.day_activated) as activated,
        qtbot.assertNotEmitted(month.entry_activated),
    ):
        qtbot.mouseDClick(month, Qt.MouseButton.LeftButton, pos=empty_spot(month, day))
    assert activated.args == [day]


def test_a_double_click_on_a_chip_activates_its_entry(month: MonthCalendar, qtbot: QtBot) -> None:
    chips = month.chip_rects(D(2026, 10, 9))
    assert [entry_id for entry_id, _ in chips] == [1, 2]
    _, second = chips[1]
    with (
        qtbot.waitSignal(month.entry_activated) as activated,
        qtbot.assertNotEmitted(month.day_activated),
    ):
        qtbot.mouseDClick(month, Qt.MouseButton.LeftButton, pos=second.center().toPoint())
    assert activated.args == [2]
    assert month.entry_at(chips[0][1].center()) == 1
    assert month.entry_at(empty_spot(month, D(2026, 10, 9))) is None


# --- the month: keyboard ------------------------------------------------------------------
def test_arrow_keys_move_the_selection_across_month_edges(
    month: MonthCalendar, qtbot: QtBot
) -> None:
    month.setFocus()
    month.select_day(FIRST)
    with (
        qtbot.waitSignal(month.day_selected) as selected,
        qtbot.waitSignal(month.month_requested) as requested,
    ):
        qtbot.keyClick(month, Qt.Key.Key_Left)
    assert selected.args == [D(2026, 9, 30)] and requested.args == [2026, 9]
    assert month.selected_day() == D(2026, 9, 30)

    with qtbot.assertNotEmitted(month.month_requested):
        with qtbot.waitSignal(month.day_selected) as selected:
            qtbot.keyClick(month, Qt.Key.Key_Right)
        qtbot.keyClick(month, Qt.Key.Key_Down)
    assert selected.args == [FIRST]
    assert month.selected_day() == D(2026, 10, 8)

    month.select_day(D(2026, 10, 29))
    with qtbot.waitSignal(month.month_requested) as requested:
        qtbot.keyClick(month, Qt.Key.Key_Down)
    assert month.selected_day() == D(2026, 11, 5) and requested.args == [2026, 11]
    month.select_day(D(2026, 10, 31))
    with qtbot.waitSignal(month.month_requested) as requested:
        qtbot.keyClick(month, Qt.Key.Key_PageDown)
    assert month.selected_day() == D(2026, 11, 30) and requested.args == [2026, 11]
    # The page answers with that month; the selection stays on the day.
    month.set_month(2026, 11, {}, NOTES, TODAY)
    assert month.selected_day() == D(2026, 11, 30)
    qtbot.keyClick(month, Qt.Key.Key_Up)
    assert month.selected_day() == D(2026, 11, 23)


def test_enter_activates_the_selected_day(month: MonthCalendar, qtbot: QtBot) -> None:
    month.setFocus()
    with qtbot.assertNotEmitted(month.day_activated):
        qtbot.keyClick(month, Qt.Key.Key_Return)  # nothing selected yet
    # The first arrow key selects today, in the shown month.
    with qtbot.waitSignal(month.day_selected) as selected:
        qtbot.keyClick(month, Qt.Key.Key_Right)
    assert selected.args == [TODAY]
    with qtbot.waitSignal(month.day_activated) as activated:
        qtbot.keyClick(month, Qt.Key.Key_Enter)
    assert activated.args == [TODAY]


def test_the_selection_stays_while_its_day_is_in_the_grid(month: MonthCalendar) -> None:
    month.select_day(D(2026, 10, 21))
    month.set_month(2026, 10, {}, NOTES, TODAY)  # the page reloads after an edit
    assert month.selected_day() == D(2026, 10, 21)
    month.set_month(2027, 1, {}, {}, TODAY)
    assert month.selected_day() is None


# --- the month: chips and tooltips --------------------------------------------------------
def test_held_planned_and_cancelled_chips_are_drawn_differently(month: MonthCalendar) -> None:
    styles = dict(month.chip_styles(D(2026, 10, 9)) + month.chip_styles(D(2026, 10, 16)))
    held, planned, cancelled, own = styles[1], styles[2], styles[3], styles[4]
    red = KIND_COLOURS["center_group"]
    assert held == ChipStyle(red, red, "#ffffff", struck=False, mark=True)
    purple = KIND_COLOURS["analysis"]
    assert planned.fill is None and planned.outline == purple and planned.mark
    assert not planned.struck and planned.text != "#ffffff"
    assert cancelled.struck and not cancelled.mark
    # Cancelled is grey whatever the kind: not the kind's blue.
    assert KIND_COLOURS["collective"] not in (cancelled.fill, cancelled.outline, cancelled.text)
    assert QColor(cancelled.fill).saturation() < 20 and QColor(cancelled.text).saturation() < 20
    assert own.fill is None and own.outline == kind_colour("u-zhuanban").name()
    assert len({held, planned, cancelled}) == 3


def test_a_full_day_shows_three_chips_and_counts_the_rest(
    month: MonthCalendar, qtbot: QtBot
) -> None:
    busy = D(2026, 10, 21)
    assert [entry_id for entry_id, _ in month.chip_rects(busy)] == [10, 11, 12]
    assert month.hidden_count(busy) == 2
    assert month.hidden_count(D(2026, 10, 9)) == 0
    cell = month.cell_rect(busy)
    assert cell is not None
    rects = [rect for _, rect in month.chip_rects(busy)]
    assert all(cell.contains(rect) for rect in rects)
    assert all(a.bottom() < b.top() for a, b in pairwise(rects))
    # A small calendar shows fewer chips; every entry is still a chip or counted.
    month.resize(560, 380)
    qtbot.waitUntil(lambda: month.width() == 560)
    shown = len(month.chip_rects(busy))
    assert shown < 3
    assert shown + month.hidden_count(busy) == 5


def test_the_tooltip_lists_the_days_sessions(month: MonthCalendar) -> None:
    text = month.tooltip_text(D(2026, 10, 16))
    lines = text.split("\n")
    assert lines[0] == "2026年10月16日 星期五"
    assert lines[1] == "· 集中学习 10:00：纪律处分条例（已取消）"
    assert lines[2] == "· 专班例会：专班例会（计划）"
    ninth = month.tooltip_text(D(2026, 10, 9))
    assert "中心组学习 09:00：学习贯彻全会精神（已开展，意识形态）" in ninth
    assert "分析研判会 14:30：三季度形势研判（计划，意识形态）" in ninth
    busy = month.tooltip_text(D(2026, 10, 21))
    assert all(f"第{n}次学习" in busy for n in range(5))  # all of them, not only the chips
    holiday = month.tooltip_text(FIRST)
    assert holiday.startswith("2026年10月1日 星期四 · 国庆节")
    assert "无学习或会议安排" in holiday
    assert "调休（上班）" in month.tooltip_text(D(2026, 10, 10))


def test_the_tooltip_is_shown_over_a_day(
    month: MonthCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, QRect]] = []

    def show_text(_pos: QPoint, text: str, _widget: object, rect: QRect) -> None:
        shown.append((text, rect))  # the offscreen platform warns when a tooltip is raised

    monkeypatch.setattr(QToolTip, "showText", show_text)
    pos = centre(month, D(2026, 10, 16))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, month.mapToGlobal(pos))
    assert QApplication.sendEvent(month, event)
    [(text, rect)] = shown
    assert "纪律处分条例" in text and "<b>2026年10月16日 星期五</b>" in text
    assert rect.contains(pos)  # the tooltip goes when the mouse leaves the day


def test_the_tooltip_escapes_markup(month: MonthCalendar) -> None:
    day = D(2026, 10, 22)
    month.set_month(2026, 10, {day: [entry(7, title="<b>大字</b>")]}, {}, TODAY)
    assert "<b>大字</b>" in month.tooltip_text(day)
    assert "&lt;b&gt;大字" in study_calendar._as_tooltip(month.tooltip_text(day))


def test_painting_draws_only_the_visible_chips(
    month: MonthCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A busy month (a few hundred entries, one day with 200) costs no more than its chips."""
    many = {
        D(2026, 10, day): [entry(day * 1000 + n) for n in range(200 if day == 20 else 8)]
        for day in range(1, 32)
    }
    month.set_month(2026, 10, many, NOTES, TODAY)
    styled: list[int] = []
    real = study_calendar.chip_style

    def counting(item: CalendarEntry) -> ChipStyle:
        styled.append(item.id)
        return real(item)

    monkeypatch.setattr(study_calendar, "chip_style", counting)
    month.grab()
    assert 0 < len(styled) <= 31 * 3
    assert [n % 1000 for n in styled[-3:]] == [0, 1, 2]
    assert month.hidden_count(D(2026, 10, 20)) == 197


# --- colours ------------------------------------------------------------------------------
def test_every_built_in_kind_has_its_own_fixed_colour() -> None:
    colours = [kind_colour(kind.value).name() for kind in StudyKind]
    assert all(kind.value in KIND_COLOURS for kind in StudyKind)
    assert len(set(colours)) == len(colours)
    assert kind_colour("center_group").name() == "#b3261e"


def test_a_units_own_kind_gets_a_stable_readable_colour() -> None:
    first = kind_colour("u-zhuanban")
    assert first == kind_colour("u-zhuanban")
    others = {kind_colour(f"u-{n}").name() for n in range(20)}
    assert len(others) > 15
    for n in range(50):
        colour = kind_colour(f"u-{n}")
        assert colour.value() <= 170  # white text on a held chip stays readable
        assert colour.saturation() >= 100  # not mistaken for a cancelled (grey) chip


# --- the year -----------------------------------------------------------------------------
def test_a_click_on_a_mini_month_chooses_it(year: YearOverview, qtbot: QtBot) -> None:
    assert year.title() == "2026年"
    for month in (1, 10, 12):
        with qtbot.waitSignal(year.month_chosen) as chosen:
            qtbot.mouseClick(year, Qt.MouseButton.LeftButton, pos=year.month_rect(month).center())
        assert chosen.args == [2026, month]
    # Months are laid out four to a row, in order.
    assert year.month_rect(1).top() == year.month_rect(4).top() < year.month_rect(5).top()
    assert year.month_rect(1).left() < year.month_rect(2).left()
    with qtbot.assertNotEmitted(year.month_chosen):
        qtbot.mouseClick(year, Qt.MouseButton.LeftButton, pos=QPoint(year.width() // 2, 3))


def test_days_are_shaded_by_their_number_of_sessions(year: YearOverview) -> None:
    assert year.level(D(2026, 10, 9)) == 2
    assert year.level(D(2026, 10, 21)) == 3  # three or more
    assert year.level(D(2026, 3, 4)) == 1
    assert year.level(D(2026, 3, 5)) == 0
    assert year.level(D(2025, 12, 31)) == 0  # another year's count is not shown
    assert [count_level(n) for n in (0, 1, 2, 3, 4, 40)] == [0, 1, 2, 3, 3, 3]
    for day in (FIRST, D(2026, 1, 1), D(2026, 2, 28), D(2026, 8, 31), D(2026, 12, 31)):
        rect = year.day_rect(day)
        assert rect is not None and year.month_rect(day.month).contains(rect.toRect())
        assert year.day_at(rect.center()) == day
    first = year.day_rect(FIRST)
    monday = year.day_rect(D(2026, 10, 5))
    assert first is not None and monday is not None
    assert monday.left() < first.left() and monday.top() > first.top()


def test_the_year_tooltip_names_the_day(year: YearOverview) -> None:
    rect = year.day_rect(FIRST)
    assert rect is not None
    assert year.tooltip_text(rect.center()).startswith("2026年10月1日 星期四 · 国庆节")
    busy = year.day_rect(D(2026, 10, 21))
    assert busy is not None
    assert "学习和会议5项" in year.tooltip_text(busy.center())
    title = year.month_rect(10).topLeft() + QPoint(30, 8)
    assert year.tooltip_text(title).startswith("2026年10月：学习和会议共7项")


# --- pictures -----------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["month", "year"])
def test_the_grabbed_calendar_is_a_real_picture(
    which: str, month: MonthCalendar, year: YearOverview, tmp_path: Path
) -> None:
    widget = month if which == "month" else year
    month.select_day(D(2026, 10, 21))
    picture = tmp_path / f"{which}.png"
    image = widget.grab().toImage()
    assert image.width() == 1000 and image.height() == 700
    assert image.save(str(picture))
    assert picture.stat().st_size > 15_000
    # Not a blank page: many different colours (chips, tints, text).
    colours = {image.pixel(x, y) for x in range(0, 1000, 7) for y in range(0, 700, 7)}
    assert len(colours) > 40
