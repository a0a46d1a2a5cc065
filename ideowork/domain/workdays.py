"""Working days in China: statutory holidays, 补假 and 调休, with the days a unit marks itself.

The statutory calendar comes from the `holidays` package (offline; the State Council's
announced arrangements where it knows them, the statutory rules with weekend 补假 for years not
yet announced). For years the package does not cover (before 1950, after 2100) only the
fixed-date holidays are kept (元旦, 劳动节, 国庆节): a rough calendar, but one that never fails.

Names are cleaned for a calendar cell (at most 6 characters): 国庆节, 中秋国庆, 除夕, 补假, 调休
(a day off moved from a weekend), 调休上班 (a weekend working day); `full_name` says the rest:
国庆节（补假）, 国庆节调休休息（9月20日上班）, 国庆节调休上班（10月6日休息）.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

HOLIDAY = "holiday"
WORKDAY = "workday"
STATUTORY = "法定"
UNIT = "本单位"
MAX_NAME = 6  # characters a calendar cell shows

_ONE_DAY = dt.timedelta(days=1)
_TRANSFER = re.compile(r"^休息日（由\s*(\d{4})-(\d{2})-(\d{2})\s*调休）$")
_OBSERVED_SUFFIX = "（补假）"
_ESTIMATED = ("（推定）", "，推定")
# Cell names for festival names that are long or formal; others are shown as they are.
_SHORT_NAMES = {
    "农历除夕": "除夕",
    "春节延长假期": "春节延长",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": "抗战纪念日",
}
# The holiday a 调休 belongs to, for festivals that are part of a larger one or long-named.
_GROUP_NAMES = {
    "农历除夕": "春节",
    "春节延长假期": "春节",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class _Package:
    """What the `holidays` package knows of China. Imported when a calendar is first needed:
    the package loads every country it has (a noticeable part of a start-up otherwise)."""

    first_year: int  # the years the package covers; outside them only fixed-date holidays
    last_year: int
    announced: frozenset[int]  # years whose arrangements the State Council has announced

    def calendar(self, years: range) -> HolidayBase:
        import holidays

        return holidays.country_holidays("CN", years=years, language="zh_CN")


@functools.cache
def _package() -> _Package:
    from holidays.countries.china import China, ChinaStaticHolidays

    return _Package(
        int(China.start_year),
        int(China.end_year),
        frozenset(ChinaStaticHolidays.special_public_holidays),
    )


_FIXED_HOLIDAYS = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
)


@dataclass(frozen=True)
class DayMark:
    """A day that is not what its weekday says: a day off on a weekday ("holiday": 法定节假日,
    补假, 调休休息, or a day off of the unit's own) or a working weekend day ("workday")."""

    day: dt.date
    kind: str  # HOLIDAY or WORKDAY
    name: str  # short, for a calendar cell: 国庆节, 补假, 调休, 调休上班; a user mark's own words
    source: str = STATUTORY  # STATUTORY from the holiday calendar, UNIT for a day the user marked
    full_name: str = ""  # the long form (国庆节调休休息（9月20日上班）); the name when not given

    def __post_init__(self) -> None:
        if self.kind not in (HOLIDAY, WORKDAY):
            raise ValueError(f"kind must be {HOLIDAY!r} or {WORKDAY!r}, not {self.kind!r}")
        if not self.full_name:
            object.__setattr__(self, "full_name", self.name)

    @property
    def is_day_off(self) -> bool:
        return self.kind == HOLIDAY


class WorkCalendar:
    """Which days are working days. `years` are loaded at once, other years when first asked
    about; `user_marks` (the unit's own days off and working days) override the statutory
    calendar for their day."""

    def __init__(self, years: Iterable[int], user_marks: Iterable[DayMark] = ()) -> None:
        self._user: dict[dt.date, DayMark] = {mark.day: mark for mark in user_marks}
        for year in sorted(set(years)):
            _statutory_marks(year)

    def mark(self, day: dt.date) -> DayMark | None:
        """The day's mark, the unit's own first; None for an ordinary weekday or weekend."""
        return self._user.get(day) or _statutory_marks(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday unless a day off, or a weekend day marked as a working day."""
        mark = self.mark(day)
        if mark is not None:
            return mark.kind == WORKDAY
        return day.weekday() < 5

    def is_announced(self, year: int) -> bool:
        """Whether the year's official arrangement (调休 included) is known, not just the
        statutory rules."""
        return year in _package().announced

    def likely_day_off(self, day: dt.date) -> bool:
        """A working day by the statutory rules that the arrangement, once announced, will very
        likely make a day off: in a year not announced yet, the rest of the 春节 (除夕 to 初七),
        劳动节 (1–5 May) and 国庆节 (1–7 October) weeks. A plan avoids these days. A day the
        unit marked itself is what it says."""
        if day in self._user:
            return False
        return self.is_working_day(day) and day in _golden_weeks(day.year)

    def marks_between(self, start: dt.date, end: dt.date) -> list[DayMark]:
        """The marks from `start` to `end`, both included, in date order."""
        marks: list[DayMark] = []
        for year in range(start.year, end.year + 1):
            statutory = _statutory_marks(year)
            days = set(statutory) | {d for d in self._user if d.year == year}
            for day in sorted(d for d in days if start <= d <= end):
                mark = self.mark(day)
                if mark is not None:
                    marks.append(mark)
        return marks

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The working days from `start` to `end`, both included."""
        return [day for day in _days(start, end) if self.is_working_day(day)]

    def add_working_days(self, day: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `day` (before it when negative); `day` itself for 0.
        `day` need not be a working day: 5 working days after 10月1日 count from the first
        working day after the holiday."""
        step = _ONE_DAY if days >= 0 else -_ONE_DAY
        left = abs(days)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += _ONE_DAY


# --- the statutory calendar ------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _statutory_marks(year: int) -> Mapping[dt.date, DayMark]:
    package = _package()
    if not package.first_year <= year <= package.last_year:
        return MappingProxyType(_fixed_marks(year))
    # The neighbouring years too: a run of days off crosses New Year, and a 调休 working day
    # may belong to a holiday of the next year (2001-12-29 for 2002-01-02).
    years = range(max(package.first_year, year - 1), min(package.last_year, year + 1) + 1)
    calendar = package.calendar(years)
    names = {
        day: [_clean(part) for part in str(name).split("; ")] for day, name in calendar.items()
    }
    workdays = {day for day in calendar.weekend_workdays if day.weekday() >= 5}
    rest_for: dict[dt.date, dt.date] = {}  # working weekend day → the day off it pays for
    for day, parts in names.items():
        for part in parts:
            moved = _moved_from(part)
            if moved is not None and moved.weekday() >= 5:
                workdays.add(moved)
                rest_for.setdefault(moved, day)

    def off(day: dt.date) -> bool:
        return day in names or (day.weekday() >= 5 and day not in workdays)

    marks: dict[dt.date, DayMark] = {}
    for day in sorted(d for d in names if d.year == year):
        marks[day] = _holiday_mark(day, names[day], names, off)
    for day in sorted(d for d in workdays if d.year == year and d not in names):
        rest = rest_for.get(day)
        if rest is None:
            full = "调休上班"
        else:
            festival = _festival_around(rest, names, off)
            when = _month_day(rest, day.year)
            full = f"{festival}调休上班（{when}休息）"
        marks[day] = DayMark(day, WORKDAY, "调休上班", STATUTORY, full)
    return MappingProxyType(marks)


@functools.lru_cache(maxsize=64)
def _golden_weeks(year: int) -> frozenset[dt.date]:
    if year in _package().announced or not 2000 <= year <= 9998:
        return frozenset()
    spans = [(dt.date(year, 5, 1), 5), (dt.date(year, 10, 1), 7)]
    new_years_eve = next(
        (
            mark.day - dt.timedelta(days=0 if mark.full_name == "农历除夕" else 1)
            for mark in sorted(_statutory_marks(year).values(), key=lambda m: m.day)
            if mark.full_name in ("农历除夕", "春节")
        ),
        None,
    )
    if new_years_eve is not None:
        spans.append((new_years_eve, 8))
    return frozenset(first + dt.timedelta(days=i) for first, length in spans for i in range(length))


def _fixed_marks(year: int) -> dict[dt.date, DayMark]:
    return {
        dt.date(year, month, day): DayMark(dt.date(year, month, day), HOLIDAY, name)
        for month, day, name in _FIXED_HOLIDAYS
    }


def _clean(name: str) -> str:
    for estimated in _ESTIMATED:
        name = name.replace(estimated, "")
    return name.strip()


def _moved_from(part: str) -> dt.date | None:
    match = _TRANSFER.match(part)
    if match is None:
        return None
    year, month, day = (int(group) for group in match.groups())
    return dt.date(year, month, day)


def _festival_of(part: str) -> str | None:
    """The festival a part of a holiday's name is about (国庆节 for 国庆节（补假）)."""
    if _moved_from(part) is not None:
        return None
    return part.removesuffix(_OBSERVED_SUFFIX)


def _short(festival: str) -> str:
    return _SHORT_NAMES.get(festival, festival)[:MAX_NAME]


def _holiday_mark(
    day: dt.date,
    parts: list[str],
    names: Mapping[dt.date, list[str]],
    off: Callable[[dt.date], bool],
) -> DayMark:
    moved_parts = [p for p in parts if _moved_from(p) is not None]
    observed = [p for p in parts if p.endswith(_OBSERVED_SUFFIX)]
    festivals = [p for p in parts if p not in moved_parts and p not in observed]
    if festivals:
        shorts = list(dict.fromkeys(_short(p) for p in festivals))
        joined = "".join(s.removesuffix("节") for s in shorts)
        name = shorts[0] if len(shorts) == 1 else (joined if len(joined) <= MAX_NAME else shorts[0])
        return DayMark(day, HOLIDAY, name, STATUTORY, "、".join(dict.fromkeys(festivals)))
    if observed:
        return DayMark(day, HOLIDAY, "补假", STATUTORY, "、".join(dict.fromkeys(observed)))
    moved = _moved_from(moved_parts[0]) if moved_parts else None
    festival = _festival_around(day, names, off)
    when = f"（{_month_day(moved, day.year)}上班）" if moved else ""
    return DayMark(day, HOLIDAY, "调休", STATUTORY, f"{festival}调休休息{when}")


def _festival_around(
    day: dt.date, names: Mapping[dt.date, list[str]], off: Callable[[dt.date], bool]
) -> str:
    """The festival of the run of days off around `day` (春节 for the 休息日 after it): the one
    named on most of the run's days, the earliest on a tie; "" when none is."""
    run: list[dt.date] = [day]
    for step in (-_ONE_DAY, _ONE_DAY):
        other = day + step
        while off(other) and abs((other - day).days) <= 15:
            run.append(other)
            other += step
    counts: Counter[str] = Counter()
    first_seen: dict[str, dt.date] = {}
    for when in sorted(run):
        for part in names.get(when, []):
            festival = _festival_of(part)
            if festival:
                festival = _GROUP_NAMES.get(festival, festival)
                counts[festival] += 1
                first_seen.setdefault(festival, when)
    if not counts:
        return ""
    return min(counts, key=lambda f: (-counts[f], first_seen[f]))


def _month_day(day: dt.date, year: int) -> str:
    prefix = f"{day.year}年" if day.year != year else ""
    return f"{prefix}{day.month}月{day.day}日"
