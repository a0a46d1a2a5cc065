"""The 学习日历's calendars: a month of study sessions and meetings, and a year at a glance.

Both widgets are painted and data-driven: the page hands them one month's entries (or a year's
counts per day) and the day notes (holidays, 调休 working days); they know nothing of the
database. A month holds a few hundred entries at most, and painting does nothing per entry beyond
the chips it draws, so a database of 20 000 sessions costs the calendar nothing.

Colours follow the kind code: fixed, print-friendly ones for the built-in kinds, and for a unit's
own kinds ("u-…") a muted colour derived from the code, the same on every run.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

HOLIDAY = "holiday"  # 国庆节, 补假, 调休休息: a day off
WORKDAY = "workday"  # 调休上班: a weekend day worked
HELD, PLANNED, CANCELLED = "held", "planned", "cancelled"
STATUS_LABELS = {HELD: "已开展", PLANNED: "计划", CANCELLED: "已取消"}
WEEKDAYS = "一二三四五六日"  # Monday first
MAX_CHIPS = 3  # sessions drawn in a day cell; the rest are counted ("还有N项")

# Built-in kinds: muted hues, apart in colour and in grey, white text readable on each.
KIND_COLOURS: dict[str, str] = {
    "center_group": "#b3261e",  # 中心组学习: the app's red
    "collective": "#3d6b9e",  # 集中学习: slate blue
    "analysis": "#7b5e99",  # 分析研判会: muted purple
    "theme_day": "#c47a12",  # 主题党日: ochre
    "branch_meeting": "#4f8a5b",  # 支部党员大会: sage green
    "branch_committee": "#2e7d7a",  # 支委会: teal
    "group_meeting": "#6f7f2a",  # 党小组会: olive
    "party_lecture": "#8c5a3c",  # 党课: brown
    "special_meeting": "#2c4766",  # 专题研究会议: navy
    "special_report": "#b0506e",  # 专题汇报: dusty rose
    "party_briefing": "#4f87ad",  # 党内通报: steel blue
    "education": "#a4462b",  # 警示教育: rust
    "three_meetings": "#3b6e4a",  # 三会一课 (older ledgers): dark green
    "other": "#7a7a7a",  # 其他: grey
}

TEXT = "#212121"
MUTED = "#9e9e9e"  # days of the neighbouring months
SUBTLE = "#616161"  # secondary text: the month's summary, the legend
GRID = "#ddd7cd"
HEADER_BG = "#f4f1ec"  # the navigation's warm grey
WEEKEND_BG = "#f7f4ef"
HOLIDAY_BG = "#fdf1ef"
OTHER_MONTH_BG = "#fafafa"
SELECTED_BG = "#e3effd"
SELECTED_EDGE = "#7aa7dc"
TODAY_EDGE = "#b3261e"
HOLIDAY_RED = "#c62828"
WORKDAY_BADGE = "#546e7a"  # the "班" badge: blue grey
CANCELLED_FILL = "#eeeeee"
CANCELLED_EDGE = "#c4c4c4"
CANCELLED_TEXT = "#9e9e9e"
LEGEND_SAMPLE = "#607d8b"  # the neutral colour of the status samples in the legend
# The year overview: sessions on a day, 0, 1, 2, 3 or more.
LEVEL_FILLS = ("#ffffff", "#d3e3f3", "#8fb5de", "#3f74b0")
LEVEL_LABELS = ("无", "1项", "2项", "3项及以上")
HOVER_BG = "#f4f1ec"


@dataclass(frozen=True)
class CalendarEntry:
    """One study session or meeting, as the calendar shows it."""

    id: int
    kind: str  # a kind code (the colour key): center_group, collective … or a unit's "u-…"
    kind_label: str  # 中心组学习, 集中学习, 分析研判会 …
    title: str  # the topic or the meeting's name (elided on the chip)
    status: str  # held (filled), planned (outline only) or cancelled (grey, struck through)
    ideology: bool  # 意识形态-related: the chip carries a "意" mark
    time: str = ""  # "09:00" if known


@dataclass(frozen=True)
class DayNote:
    """What the holiday calendar says about a day."""

    kind: str  # HOLIDAY (red name) or WORKDAY (调休上班: a "班" badge)
    name: str  # short, at most 6 characters: 国庆节, 补假, 调休 …


@dataclass(frozen=True)
class ChipStyle:
    """How a session's chip is drawn: what tests check instead of pixels."""

    fill: str | None  # "#rrggbb"; None for a hollow chip (outline only)
    outline: str
    text: str
    struck: bool  # the title is struck through
    mark: bool  # the "意" mark of an 意识形态-related session


def kind_colour(kind: str) -> QColor:
    """The colour of a kind code: fixed for the built-in kinds; a unit's own kind gets a muted
    colour derived from its code (stable across runs, dark enough for white text)."""
    fixed = KIND_COLOURS.get(kind)
    if fixed is not None:
        return QColor(fixed)
    code = zlib.crc32(kind.encode("utf-8"))
    hue = code % 360
    saturation = 110 + (code >> 9) % 60
    value = 130 + (code >> 16) % 40
    return QColor.fromHsv(hue, saturation, value)


def chip_style(entry: CalendarEntry) -> ChipStyle:
    """Held: filled with the kind's colour; planned: the kind's colour as outline and text on
    white; cancelled: grey and struck through, whatever the kind."""
    if entry.status == CANCELLED:
        return ChipStyle(CANCELLED_FILL, CANCELLED_EDGE, CANCELLED_TEXT, True, entry.ideology)
    colour = kind_colour(entry.kind)
    if entry.status == PLANNED:
        return ChipStyle(None, colour.name(), colour.darker(115).name(), False, entry.ideology)
    return ChipStyle(colour.name(), colour.name(), _text_on(colour), False, entry.ideology)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _text_on(colour: QColor) -> str:
    """White on dark fills, dark text on light ones."""
    luminance = 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()
    return "#ffffff" if luminance < 0.62 else TEXT


def _scaled(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    """`font` made `factor` times larger, whether its size is given in points or pixels."""
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * factor)))
    scaled.setBold(bold)
    return scaled


def _sized(font: QFont, pixels: float, *, bold: bool = False) -> QFont:
    sized = QFont(font)
    sized.setPixelSize(max(7, round(pixels)))
    sized.setBold(bold)
    return sized


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), moved back to the month's last day if needed."""
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, index + 1)[1]
    return dt.date(year, index + 1, min(day.day, last))


def _day_heading(day: dt.date, note: DayNote | None) -> str:
    heading = f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"
    if note is not None:
        heading += f" · {note.name}" if note.kind == HOLIDAY else f" · {note.name}（上班）"
    return heading


def _as_tooltip(text: str) -> str:
    """Plain lines as rich text (a title may contain "<"), the first line bold."""
    lines = [html.escape(line) for line in text.split("\n")]
    lines[0] = f"<b>{lines[0]}</b>"
    return "<qt><p style='white-space:pre'>" + "<br>".join(lines) + "</p></qt>"


def _grid_edges(start: float, length: float, parts: int) -> list[float]:
    """Whole-pixel edges splitting `length` into `parts` (no gaps, no blurred lines)."""
    return [float(round(start + length * index / parts)) for index in range(parts + 1)]


def _draw_text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """`text` in `rect`, vertically centred, elided at the right when it does not fit."""
    metrics = QFontMetricsF(painter.font())
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, elided, align | Qt.AlignmentFlag.AlignVCenter)


class _Fonts:
    """The fonts of a calendar, derived from the widget's (the application's) font."""

    def __init__(self, base: QFont) -> None:
        self.title = _scaled(base, 1.4, bold=True)
        self.header = _scaled(base, 1.0)
        self.day = _scaled(base, 1.1)
        self.day_bold = _scaled(base, 1.1, bold=True)
        self.note = _scaled(base, 0.9)
        self.chip = _scaled(base, 0.92)
        self.small = _scaled(base, 0.9)
        self.small_bold = _scaled(base, 0.9, bold=True)


# --- the month ----------------------------------------------------------------------------
class MonthCalendar(QWidget):
    """A month as a 6×7 grid, Monday first: each day's notes and its sessions as chips.

    Single click selects a day, double click on a chip edits that session, double click
    elsewhere in the day adds one (the page decides what that means). Arrow keys move the
    selection, Page Up/Down by a month, Enter activates the selected day. The widget shows only
    what `set_month` gave it: when the keyboard takes the selection into another month it emits
    `month_requested`, and the page answers with `set_month` for that month.
    """

    day_selected = Signal(object)  # dt.date: single click, or the keyboard moved the selection
    day_activated = Signal(object)  # dt.date: double click on the day, or Enter
    entry_activated = Signal(int)  # an entry's id: double click on its chip
    month_requested = Signal(int, int)  # year, month: the keyboard left the shown month

    ROWS = 6
    PAD = 4.0
    CHIP_GAP = 2.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("学习日历（月）")
        self._fonts = _Fonts(self.font())
        self._year = 0
        self._month = 0
        self._today: dt.date | None = None
        self._selected: dt.date | None = None
        self._days: list[dt.date] = []
        self._entries: list[tuple[CalendarEntry, ...]] = []
        self._notes: list[DayNote | None] = []
        self._legend: list[tuple[str, str]] = []  # (kind, kind label) of the shown entries
        self._summary = ""
        today = dt.date.today()
        self.set_month(today.year, today.month, {}, {}, today)

    # --- data --------------------------------------------------------------------------------
    def set_month(
        self,
        year: int,
        month: int,
        entries: Mapping[dt.date, Sequence[CalendarEntry]],
        notes: Mapping[dt.date, DayNote],
        today: dt.date,
    ) -> None:
        """Show `month`: the entries and notes of its 42 grid days (neighbouring months' days
        included, if given), in the order given. The selection stays if the day is still in
        the grid."""
        first = dt.date(year, month, 1)
        start = first - dt.timedelta(days=first.weekday())
        self._year, self._month, self._today = year, month, today
        self._days = [start + dt.timedelta(days=index) for index in range(self.ROWS * 7)]
        self._entries = [tuple(entries.get(day, ())) for day in self._days]
        self._notes = [notes.get(day) for day in self._days]
        if self._selected is not None and self._index(self._selected) is None:
            self._selected = None
        kinds: dict[str, str] = {}
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for day, day_entries in zip(self._days, self._entries, strict=True):
            for entry in day_entries:
                kinds.setdefault(entry.kind, entry.kind_label)
                if day.month == month and entry.status in counts:
                    counts[entry.status] += 1
        order = list(KIND_COLOURS)
        self._legend = sorted(
            kinds.items(),
            key=lambda item: (
                order.index(item[0]) if item[0] in KIND_COLOURS else len(order),
                item[1],
            ),
        )
        total = sum(counts.values())
        self._summary = (
            f"本月共{total}项：已开展{counts[HELD]} · 计划{counts[PLANNED]}"
            f" · 已取消{counts[CANCELLED]}"
            if total
            else "本月暂无学习或会议安排"
        )
        self.update()

    def shown_month(self) -> tuple[int, int]:
        return self._year, self._month

    def title(self) -> str:
        return f"{self._year}年{self._month}月"

    def selected_day(self) -> dt.date | None:
        return self._selected

    def select_day(self, day: dt.date) -> None:
        """Select `day` without emitting a signal (it need not be in the grid)."""
        self._selected = day
        self.update()

    def days(self) -> list[dt.date]:
        """The 42 days of the grid, row by row."""
        return list(self._days)

    # --- geometry ----------------------------------------------------------------------------
    def _title_rect(self) -> QRectF:
        height = QFontMetricsF(self._fonts.title).height() + 14
        return QRectF(8, 0, self.width() - 16, height)

    def _header_rect(self) -> QRectF:
        top = self._title_rect().bottom()
        height = QFontMetricsF(self._fonts.header).height() + 10
        return QRectF(8, top, self.width() - 16, height)

    def _legend_rect(self) -> QRectF:
        height = QFontMetricsF(self._fonts.small).height() + 14
        return QRectF(8, self.height() - height, self.width() - 16, height)

    def _grid_rect(self) -> QRectF:
        top = self._header_rect().bottom()
        return QRectF(8, top, self.width() - 16, self._legend_rect().top() - top)

    def cell_rect(self, day: dt.date) -> QRectF | None:
        """Where `day` is drawn, or None if it is not in the grid."""
        index = self._index(day)
        return None if index is None else self._cell_rect(index)

    def _cell_rect(self, index: int) -> QRectF:
        grid = self._grid_rect()
        xs = _grid_edges(grid.left(), grid.width(), 7)
        ys = _grid_edges(grid.top(), grid.height(), self.ROWS)
        row, column = divmod(index, 7)
        return QRectF(xs[column], ys[row], xs[column + 1] - xs[column], ys[row + 1] - ys[row])

    def _index(self, day: dt.date) -> int | None:
        if not self._days:
            return None
        offset = (day - self._days[0]).days
        return offset if 0 <= offset < len(self._days) else None

    def _index_at(self, pos: QPoint | QPointF) -> int | None:
        point = QPointF(pos)
        grid = self._grid_rect()
        if not grid.contains(point):
            return None
        column = min(6, int((point.x() - grid.left()) * 7 / grid.width()))
        row = min(self.ROWS - 1, int((point.y() - grid.top()) * self.ROWS / grid.height()))
        return row * 7 + column

    def day_at(self, pos: QPoint | QPointF) -> dt.date | None:
        index = self._index_at(pos)
        return None if index is None else self._days[index]

    def _top_line_height(self) -> float:
        day = QFontMetricsF(self._fonts.day).height()
        note = QFontMetricsF(self._fonts.note).height() + 4
        return max(day, note) + 4

    def _chip_height(self) -> float:
        return QFontMetricsF(self._fonts.chip).height() + 5

    def _layout_cell(self, rect: QRectF, count: int) -> tuple[list[QRectF], QRectF | None, int]:
        """The chips' rectangles in a day cell for `count` entries, the place of the "还有N项"
        line (None if every entry has a chip) and how many entries it counts."""
        top = rect.top() + self._top_line_height()
        height = self._chip_height()
        left, width = rect.left() + self.PAD, rect.width() - 2 * self.PAD
        room = rect.bottom() - self.PAD - top
        lines = max(0, int((room + self.CHIP_GAP) // (height + self.CHIP_GAP)))
        slots = [
            QRectF(left, top + line * (height + self.CHIP_GAP), width, height)
            for line in range(min(lines, MAX_CHIPS + 1))
        ]
        if count <= min(lines, MAX_CHIPS):
            return slots[:count], None, 0
        if not slots:  # no room below the date: the count goes on the date's line
            return [], QRectF(rect.left(), rect.top(), rect.width(), top - rect.top()), count
        shown = min(MAX_CHIPS, len(slots) - 1)
        return slots[:shown], slots[shown], count - shown

    def _chips(self, index: int) -> tuple[list[tuple[CalendarEntry, QRectF]], QRectF | None, int]:
        entries = self._entries[index]
        rects, more, hidden = self._layout_cell(self._cell_rect(index), len(entries))
        return list(zip(entries, rects, strict=False)), more, hidden

    def entry_at(self, pos: QPoint | QPointF) -> int | None:
        """The id of the entry whose chip is at `pos`."""
        index = self._index_at(pos)
        if index is None:
            return None
        point = QPointF(pos)
        chips, _, _ = self._chips(index)
        return next((entry.id for entry, rect in chips if rect.contains(point)), None)

    # --- what is drawn, for tests ------------------------------------------------------------
    def chip_rects(self, day: dt.date) -> list[tuple[int, QRectF]]:
        """The chips drawn in `day`'s cell: entry id and rectangle."""
        index = self._index(day)
        if index is None:
            return []
        chips, _, _ = self._chips(index)
        return [(entry.id, rect) for entry, rect in chips]

    def chip_styles(self, day: dt.date) -> list[tuple[int, ChipStyle]]:
        """The chips drawn in `day`'s cell: entry id and how the chip is drawn."""
        index = self._index(day)
        if index is None:
            return []
        chips, _, _ = self._chips(index)
        return [(entry.id, chip_style(entry)) for entry, _ in chips]

    def hidden_count(self, day: dt.date) -> int:
        """How many of `day`'s entries have no chip (the "还有N项" line)."""
        index = self._index(day)
        if index is None:
            return 0
        return self._chips(index)[2]

    def tooltip_text(self, day: dt.date) -> str:
        """The day's date and note, then one line per entry: kind, time, title, status."""
        index = self._index(day)
        note = None if index is None else self._notes[index]
        entries = () if index is None else self._entries[index]
        lines = [_day_heading(day, note)]
        for entry in entries:
            when = f" {entry.time}" if entry.time else ""
            extra = "，意识形态" if entry.ideology else ""
            lines.append(
                f"· {entry.kind_label}{when}：{entry.title}（{status_label(entry.status)}{extra}）"
            )
        if not entries:
            lines.append("无学习或会议安排（双击添加）")
        return "\n".join(lines)

    # --- painting ----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(900, 640)

    def minimumSizeHint(self) -> QSize:
        return QSize(420, 360)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts = _Fonts(self.font())
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            self._paint_title(painter)
            self._paint_header(painter)
            exposed = QRectF(event.rect())
            for index in range(len(self._days)):
                rect = self._cell_rect(index)
                if rect.intersects(exposed):
                    self._paint_cell(painter, index, rect)
            self._paint_grid(painter)
            self._paint_marks(painter)
            self._paint_legend(painter)
        finally:
            painter.end()

    def _paint_title(self, painter: QPainter) -> None:
        rect = self._title_rect()
        painter.setPen(QColor(TEXT))
        painter.setFont(self._fonts.title)
        painter.drawText(rect, self.title(), Qt.AlignmentFlag.AlignCenter)
        painter.setFont(self._fonts.small)
        painter.setPen(QColor(SUBTLE))
        title_width = QFontMetricsF(self._fonts.title).horizontalAdvance(self.title())
        room = QRectF(rect.center().x() + title_width / 2 + 16, rect.top(), 0, rect.height())
        room.setRight(rect.right() - 4)
        _draw_text(painter, room, self._summary, Qt.AlignmentFlag.AlignRight)

    def _paint_header(self, painter: QPainter) -> None:
        rect = self._header_rect()
        painter.fillRect(rect, QColor(HEADER_BG))
        painter.setFont(self._fonts.header)
        xs = _grid_edges(rect.left(), rect.width(), 7)
        for column, name in enumerate(WEEKDAYS):
            painter.setPen(QColor(HOLIDAY_RED if column >= 5 else TEXT))
            cell = QRectF(xs[column], rect.top(), xs[column + 1] - xs[column], rect.height())
            painter.drawText(cell, name, Qt.AlignmentFlag.AlignCenter)

    def _paint_grid(self, painter: QPainter) -> None:
        grid = self._grid_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(QColor(GRID), 1))
        for x in _grid_edges(grid.left(), grid.width() - 1, 7):
            painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom() - 1))
        for y in _grid_edges(grid.top(), grid.height() - 1, self.ROWS):
            painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right() - 1, y))

    def _paint_marks(self, painter: QPainter) -> None:
        """The selection's and today's frames, over the grid lines."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._selected is not None and (rect := self.cell_rect(self._selected)) is not None:
            painter.setPen(QPen(QColor(SELECTED_EDGE), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if self._today is not None and (rect := self.cell_rect(self._today)) is not None:
            painter.setPen(QPen(QColor(TODAY_EDGE), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))

    def _paint_cell(self, painter: QPainter, index: int, rect: QRectF) -> None:
        day = self._days[index]
        note = self._notes[index]
        in_month = day.month == self._month
        holiday = note is not None and note.kind == HOLIDAY
        workday = note is not None and note.kind == WORKDAY
        if day == self._selected:
            background = SELECTED_BG
        elif not in_month:
            background = OTHER_MONTH_BG
        elif holiday:
            background = HOLIDAY_BG
        elif day.weekday() >= 5 and not workday:
            background = WEEKEND_BG
        else:
            background = "#ffffff"
        painter.fillRect(rect, QColor(background))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setOpacity(1.0 if in_month else 0.5)

        top = QRectF(
            rect.left() + self.PAD + 2,
            rect.top() + 2,
            rect.width() - 2 * self.PAD - 4,
            self._top_line_height() - 2,
        )
        number = str(day.day) if in_month or day.day != 1 else f"{day.month}月{day.day}日"
        painter.setFont(self._fonts.day_bold if day == self._today else self._fonts.day)
        painter.setPen(QColor(HOLIDAY_RED if holiday else TEXT if in_month else MUTED))
        painter.drawText(top, number, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        number_width = QFontMetricsF(painter.font()).horizontalAdvance(number) + 6
        if note is not None:
            self._paint_note(painter, note, top.adjusted(number_width, 0, 0, 0))

        chips, more, hidden = self._chips(index)
        for entry, chip in chips:
            paint_chip(painter, chip, self._entry_text(entry), chip_style(entry), self._fonts.chip)
        if more is not None:
            painter.setFont(self._fonts.small)
            painter.setPen(QColor(SUBTLE))
            text = f"还有{hidden}项…" if chips else f"共{hidden}项"
            align = Qt.AlignmentFlag.AlignRight if chips else Qt.AlignmentFlag.AlignCenter
            _draw_text(painter, more.adjusted(4, 0, -4, 0), text, align)
        painter.setOpacity(1.0)

    def _paint_note(self, painter: QPainter, note: DayNote, room: QRectF) -> None:
        painter.setFont(self._fonts.note)
        metrics = QFontMetricsF(self._fonts.note)
        if note.kind == WORKDAY:
            side = metrics.height() + 2
            badge = QRectF(room.right() - side, room.center().y() - side / 2, side, side)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(WORKDAY_BADGE))
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(QColor("white"))
            painter.drawText(badge, "班", Qt.AlignmentFlag.AlignCenter)
            return
        painter.setPen(QColor(HOLIDAY_RED))
        _draw_text(painter, room, note.name, Qt.AlignmentFlag.AlignRight)

    @staticmethod
    def _entry_text(entry: CalendarEntry) -> str:
        return f"{entry.time} {entry.title}" if entry.time else entry.title

    def _paint_legend(self, painter: QPainter) -> None:
        """The kinds shown this month (colour and name), then what the chip styles mean."""
        rect = self._legend_rect().adjusted(0, 4, 0, -4)
        font = self._fonts.small
        metrics = QFontMetricsF(font)
        height = min(rect.height(), metrics.height() + 4)
        top = rect.center().y() - height / 2
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        samples = [
            ("已开展", ChipStyle(LEGEND_SAMPLE, LEGEND_SAMPLE, "#ffffff", False, False)),
            ("计划", ChipStyle(None, LEGEND_SAMPLE, LEGEND_SAMPLE, False, False)),
            ("已取消", ChipStyle(CANCELLED_FILL, CANCELLED_EDGE, CANCELLED_TEXT, True, False)),
            ("意识形态相关", ChipStyle(None, LEGEND_SAMPLE, LEGEND_SAMPLE, False, True)),
        ]
        right = rect.right()
        for text, style in reversed(samples):
            width = metrics.horizontalAdvance(text) + 14 + (metrics.height() + 2) * style.mark
            right -= width
            paint_chip(painter, QRectF(right, top, width, height), text, style, font)
            right -= 6

        x = rect.left()
        limit = right - 16
        painter.setFont(font)
        for kind, label in self._legend:
            width = height * 0.9 + 4 + metrics.horizontalAdvance(label) + 14
            if x + width > limit:
                painter.setPen(QColor(SUBTLE))
                painter.drawText(QRectF(x, top, 20, height), "…", Qt.AlignmentFlag.AlignVCenter)
                break
            swatch = QRectF(x, top + height * 0.15, height * 0.9, height * 0.7)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(kind_colour(kind))
            painter.drawRoundedRect(swatch, 2, 2)
            painter.setPen(QColor(TEXT))
            label_rect = QRectF(swatch.right() + 4, top, width, height)
            painter.drawText(label_rect, label, Qt.AlignmentFlag.AlignVCenter)
            x += width

    # --- interaction -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        day = self.day_at(event.position())
        if day is not None:
            self._selected = day
            self.update()
            self.day_selected.emit(day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        entry = self.entry_at(event.position())
        if entry is not None:
            self.entry_activated.emit(entry)
            return
        day = self.day_at(event.position())
        if day is not None:
            self.day_activated.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        months = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}
        current = self._selected
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if current is not None:
                self.day_activated.emit(current)
            return
        if key not in steps and key not in months:
            super().keyPressEvent(event)
            return
        if current is None:  # the first key press only selects a day
            target = self._today
            if target is None or (target.year, target.month) != (self._year, self._month):
                target = dt.date(self._year, self._month, 1)
        elif key in steps:
            target = current + dt.timedelta(days=steps[key])
        else:
            target = _add_months(current, months[key])
        self._selected = target
        self.update()
        self.day_selected.emit(target)
        if (target.year, target.month) != (self._year, self._month):
            self.month_requested.emit(target.year, target.month)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._index_at(event.pos())
            if index is None:
                QToolTip.hideText()
            else:
                text = _as_tooltip(self.tooltip_text(self._days[index]))
                cell = self._cell_rect(index).toAlignedRect()
                QToolTip.showText(event.globalPos(), text, self, cell)
            return True
        return super().event(event)


def paint_chip(painter: QPainter, rect: QRectF, text: str, style: ChipStyle, font: QFont) -> None:
    """A rounded chip: filled or hollow, the "意" mark at its right end, the text elided."""
    box = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    painter.setPen(QPen(QColor(style.outline), 1.2))
    painter.setBrush(QColor(style.fill) if style.fill is not None else QColor("white"))
    painter.drawRoundedRect(box, 3, 3)
    text_rect = rect.adjusted(5, 0, -4, 0)
    if style.mark:
        side = rect.height() - 4
        mark = QRectF(rect.right() - side - 2, rect.top() + 2, side, side)
        # The mark reverses the chip's colours: a white box on a filled chip, a box of the
        # text's colour on a hollow (or light) one.
        on_fill = style.text == "#ffffff" and style.fill is not None
        ground, glyph = (
            ("#ffffff", style.fill or style.text) if on_fill else (style.text, "#ffffff")
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(ground))
        painter.drawRoundedRect(mark, 2, 2)
        mark_font = QFont(font)
        mark_font.setStrikeOut(False)
        mark_font.setPixelSize(max(7, round(side * 0.8)))
        painter.setFont(mark_font)
        painter.setPen(QColor(glyph))
        painter.drawText(mark, "意", Qt.AlignmentFlag.AlignCenter)
        text_rect.setRight(mark.left() - 3)
    chip_font = QFont(font)
    chip_font.setStrikeOut(style.struck)
    painter.setFont(chip_font)
    painter.setPen(QColor(style.text))
    _draw_text(painter, text_rect, text)


# --- the year -----------------------------------------------------------------------------
def _paint_corner(painter: QPainter, square: QRectF, colour: str) -> None:
    """The 调休上班 mark of a day in the year overview: its top right corner folded."""
    size = max(4.0, square.width() * 0.38)
    corner = QPolygonF(
        [
            QPointF(square.right() - size, square.top()),
            QPointF(square.right(), square.top()),
            QPointF(square.right(), square.top() + size),
        ]
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawPolygon(corner)


def count_level(count: int) -> int:
    """The shade of a day in the year overview: 0, 1, 2, or 3 for three sessions or more."""
    return max(0, min(count, len(LEVEL_FILLS) - 1))


class YearOverview(QWidget):
    """Twelve mini months, four to a row: each day shaded by how many sessions it has,
    holidays in red, today framed. A click on a month chooses it."""

    month_chosen = Signal(int, int)  # year, month

    COLUMNS = 4
    ROWS = 3
    GAP = 14.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("学习日历（年）")
        self._fonts = _Fonts(self.font())
        self._year = 0
        self._counts: dict[dt.date, int] = {}
        self._notes: dict[dt.date, DayNote] = {}
        self._totals = [0] * 12
        self._today: dt.date | None = None
        self._hover: int | None = None
        today = dt.date.today()
        self.set_year(today.year, {}, {}, today)

    def set_year(
        self,
        year: int,
        counts: Mapping[dt.date, int],
        notes: Mapping[dt.date, DayNote],
        today: dt.date,
    ) -> None:
        self._year, self._today = year, today
        self._counts = {day: n for day, n in counts.items() if day.year == year and n > 0}
        self._notes = {day: note for day, note in notes.items() if day.year == year}
        self._totals = [0] * 12
        for day, n in self._counts.items():
            self._totals[day.month - 1] += n
        self.update()

    def year(self) -> int:
        return self._year

    def title(self) -> str:
        return f"{self._year}年"

    def level(self, day: dt.date) -> int:
        return count_level(self._counts.get(day, 0))

    # --- geometry ----------------------------------------------------------------------------
    def _title_rect(self) -> QRectF:
        height = QFontMetricsF(self._fonts.title).height() + 14
        return QRectF(8, 0, self.width() - 16, height)

    def _legend_rect(self) -> QRectF:
        height = QFontMetricsF(self._fonts.small).height() + 14
        return QRectF(8, self.height() - height, self.width() - 16, height)

    def month_rect(self, month: int) -> QRect:
        """The panel of `month` (1–12): what a click chooses."""
        top = self._title_rect().bottom()
        area = QRectF(8, top, self.width() - 16, self._legend_rect().top() - top)
        width = (area.width() - (self.COLUMNS - 1) * self.GAP) / self.COLUMNS
        height = (area.height() - (self.ROWS - 1) * self.GAP) / self.ROWS
        row, column = divmod(month - 1, self.COLUMNS)
        left = area.left() + column * (width + self.GAP)
        top = area.top() + row * (height + self.GAP)
        return QRectF(left, top, width, height).toAlignedRect()

    def _panel_parts(self, month: int) -> tuple[QRectF, QRectF, float, QPointF]:
        """A panel's title line, weekday line, the side of a day square and the first
        square's top left corner."""
        panel = QRectF(self.month_rect(month)).adjusted(4, 2, -4, -4)
        title_height = QFontMetricsF(self._fonts.small_bold).height() + 6
        header_height = QFontMetricsF(self._fonts.small).height() + 2
        side = min(panel.width() / 7, (panel.height() - title_height - header_height) / 6)
        side = max(4.0, float(int(side)))
        left = panel.left() + (panel.width() - 7 * side) / 2
        title = QRectF(left, panel.top(), 7 * side, title_height)
        header = QRectF(left, title.bottom(), 7 * side, header_height)
        return title, header, side, QPointF(left, header.bottom())

    def day_rect(self, day: dt.date) -> QRectF | None:
        """Where `day` of the shown year is drawn."""
        if day.year != self._year:
            return None
        _, _, side, origin = self._panel_parts(day.month)
        first = dt.date(day.year, day.month, 1)
        index = first.weekday() + day.day - 1
        row, column = divmod(index, 7)
        return QRectF(origin.x() + column * side, origin.y() + row * side, side, side)

    def month_at(self, pos: QPoint | QPointF) -> int | None:
        point = QPointF(pos)
        for month in range(1, 13):
            if QRectF(self.month_rect(month)).contains(point):
                return month
        return None

    def day_at(self, pos: QPoint | QPointF) -> dt.date | None:
        month = self.month_at(pos)
        if month is None:
            return None
        point = QPointF(pos)
        _, _, side, origin = self._panel_parts(month)
        column = int((point.x() - origin.x()) // side)
        row = int((point.y() - origin.y()) // side)
        if not (0 <= column < 7 and 0 <= row < 6):
            return None
        first = dt.date(self._year, month, 1)
        number = row * 7 + column - first.weekday() + 1
        if not 1 <= number <= calendar.monthrange(self._year, month)[1]:
            return None
        return dt.date(self._year, month, number)

    def tooltip_text(self, pos: QPoint | QPointF) -> str:
        month = self.month_at(pos)
        if month is None:
            return ""
        day = self.day_at(pos)
        if day is None:
            total = self._totals[month - 1]
            return f"{self._year}年{month}月：学习和会议共{total}项\n单击查看该月"
        count = self._counts.get(day, 0)
        sessions = f"学习和会议{count}项" if count else "无学习或会议安排"
        return f"{_day_heading(day, self._notes.get(day))}\n{sessions}\n单击查看该月"

    # --- painting ----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(900, 640)

    def minimumSizeHint(self) -> QSize:
        return QSize(480, 360)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts = _Fonts(self.font())
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            painter.setPen(QColor(TEXT))
            painter.setFont(self._fonts.title)
            painter.drawText(self._title_rect(), self.title(), Qt.AlignmentFlag.AlignCenter)
            exposed = QRectF(event.rect())
            for month in range(1, 13):
                if QRectF(self.month_rect(month)).intersects(exposed):
                    self._paint_month(painter, month)
            self._paint_legend(painter)
        finally:
            painter.end()

    def _paint_month(self, painter: QPainter, month: int) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if month == self._hover:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(HOVER_BG))
            painter.drawRoundedRect(QRectF(self.month_rect(month)), 6, 6)
        title, header, side, origin = self._panel_parts(month)
        painter.setFont(self._fonts.small_bold)
        painter.setPen(QColor(TEXT))
        painter.drawText(title, f"{month}月", Qt.AlignmentFlag.AlignLeft)
        total = self._totals[month - 1]
        painter.setFont(self._fonts.small)
        painter.setPen(QColor(SUBTLE))
        painter.drawText(title, f"{total}项" if total else "", Qt.AlignmentFlag.AlignRight)
        for column, name in enumerate(WEEKDAYS):
            painter.setPen(QColor(HOLIDAY_RED if column >= 5 else SUBTLE))
            cell = QRectF(header.left() + column * side, header.top(), side, header.height())
            painter.drawText(cell, name, Qt.AlignmentFlag.AlignCenter)

        number_font = _sized(self.font(), min(side * 0.46, 15))
        number_bold = _sized(self.font(), min(side * 0.46, 15), bold=True)
        first = dt.date(self._year, month, 1)
        for number in range(1, calendar.monthrange(self._year, month)[1] + 1):
            day = first.replace(day=number)
            row, column = divmod(first.weekday() + number - 1, 7)
            square = QRectF(origin.x() + column * side, origin.y() + row * side, side, side)
            self._paint_day(painter, day, square.adjusted(1, 1, -1, -1), number_font, number_bold)

    def _paint_day(
        self, painter: QPainter, day: dt.date, square: QRectF, font: QFont, bold: QFont
    ) -> None:
        level = self.level(day)
        note = self._notes.get(day)
        holiday = note is not None and note.kind == HOLIDAY
        fill = LEVEL_FILLS[level]
        if level == 0 and holiday:  # days off tinted lightly, as in the month
            fill = HOLIDAY_BG
        elif level == 0 and day.weekday() >= 5 and not (note and note.kind == WORKDAY):
            fill = WEEKEND_BG
        painter.setPen(QPen(QColor(GRID), 1) if level == 0 else Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(square.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        if holiday and level >= 2:  # red text would not read on a dark square: a red bar
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(HOLIDAY_RED))
            bar = QRectF(square.left() + 2, square.bottom() - 3, square.width() - 4, 2)
            painter.drawRect(bar)
        if day == self._today:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(TODAY_EDGE), 2))
            painter.drawRoundedRect(square.adjusted(-0.5, -0.5, 0.5, 0.5), 2, 2)
        painter.setFont(bold if holiday or day == self._today else font)
        if level >= 2:
            colour = "#ffffff" if level >= 3 else TEXT
        else:
            colour = HOLIDAY_RED if holiday else TEXT
        painter.setPen(QColor(colour))
        painter.drawText(square, str(day.day), Qt.AlignmentFlag.AlignCenter)
        if note is not None and note.kind == WORKDAY:
            _paint_corner(painter, square, "#ffffff" if level >= 3 else WORKDAY_BADGE)

    def _paint_legend(self, painter: QPainter) -> None:
        rect = self._legend_rect().adjusted(0, 4, 0, -4)
        font = self._fonts.small
        metrics = QFontMetricsF(font)
        side = min(rect.height(), metrics.height() + 2)
        top = rect.center().y() - side / 2
        painter.setFont(font)
        items: list[tuple[str, str]] = [
            (f"level{index}", label) for index, label in enumerate(LEVEL_LABELS)
        ]
        items += [("holiday", "节假日"), ("workday", "调休上班"), ("today", "今天")]
        widths = [side + 4 + metrics.horizontalAdvance(label) + 16 for _, label in items]
        lead = "每天的学习和会议："
        total = metrics.horizontalAdvance(lead) + 6 + sum(widths)
        x = rect.center().x() - total / 2
        painter.setPen(QColor(SUBTLE))
        painter.drawText(QRectF(x, top, total, side), lead, Qt.AlignmentFlag.AlignVCenter)
        x += metrics.horizontalAdvance(lead) + 6
        small_font = _sized(font, side * 0.7, bold=True)
        for (what, label), width in zip(items, widths, strict=True):
            square = QRectF(x, top, side, side)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if what.startswith("level"):
                level = int(what[-1])
                painter.setPen(QPen(QColor(GRID), 1) if level == 0 else Qt.PenStyle.NoPen)
                painter.setBrush(QColor(LEVEL_FILLS[level]))
                painter.drawRoundedRect(square.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            else:
                painter.setPen(
                    QPen(QColor(TODAY_EDGE), 2) if what == "today" else QPen(QColor(GRID), 1)
                )
                painter.setBrush(QColor("white"))
                painter.drawRoundedRect(square.adjusted(1, 1, -1, -1), 2, 2)
                if what == "holiday":
                    painter.setFont(small_font)
                    painter.setPen(QColor(HOLIDAY_RED))
                    painter.drawText(square, "1", Qt.AlignmentFlag.AlignCenter)
                    painter.setFont(font)
                elif what == "workday":
                    _paint_corner(painter, square.adjusted(1, 1, -1, -1), WORKDAY_BADGE)
            painter.setPen(QColor(TEXT))
            painter.drawText(
                QRectF(square.right() + 4, top, width, side), label, Qt.AlignmentFlag.AlignVCenter
            )
            x += width

    # --- interaction -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        month = self.month_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and month is not None:
            self.month_chosen.emit(self._year, month)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        month = self.month_at(event.position())
        if month != self._hover:
            self._hover = month
            if month is None:
                self.unsetCursor()
            else:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.unsetCursor()
            self.update()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_text(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), _as_tooltip(text), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
