"""Reporting periods: a year (2020), a half (2020H1), a quarter (2020Q3) or a month (2020-09)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from ideowork.domain.errors import ValidationError
from ideowork.domain.numerals import to_chinese
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR, check_year


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"


# The year is any run of digits, so that 99999Q1 is told its year is out of range rather
# than that the period is unrecognised; the range itself is checked by check_year.
_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d+)$"), PeriodKind.YEAR),
    (re.compile(r"^(\d+)[Hh]([12])$"), PeriodKind.HALF),
    (re.compile(r"^(\d+)[Qq]([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d+)-(\d{1,2})$"), PeriodKind.MONTH),
]

_HOW_TO_WRITE = "请写成 2020（全年）、2020H1（上半年）、2020Q3（第三季度）或 2020-09（月份）。"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: PeriodKind
    index: int = 1  # half 1–2, quarter 1–4, month 1–12; 1 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        cleaned = text.strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(cleaned)
            if match:
                year = _checked_year(match.group(1), text)
                index = int(match.group(2)) if kind is not PeriodKind.YEAR else 1
                if kind is PeriodKind.MONTH and not 1 <= index <= 12:
                    break
                return cls(year, kind, index)
        raise ValidationError(f"无法识别的期间“{text}”。{_HOW_TO_WRITE}", field="period")

    @classmethod
    def year_of(cls, year: int) -> Period:
        """The whole of `year`, which must lie in the app's range (see check_year)."""
        return cls(check_year(year), PeriodKind.YEAR)

    @classmethod
    def quarter_of(cls, day: dt.date) -> Period:
        return cls(day.year, PeriodKind.QUARTER, (day.month - 1) // 3 + 1)

    @classmethod
    def quarter_before(cls, day: dt.date) -> Period:
        """The quarter that ended last: reports are written once a quarter is over."""
        current = cls.quarter_of(day)
        if current.index == 1:
            return cls(day.year - 1, PeriodKind.QUARTER, 4)
        return cls(day.year, PeriodKind.QUARTER, current.index - 1)

    def __str__(self) -> str:
        match self.kind:
            case PeriodKind.YEAR:
                return f"{self.year}"
            case PeriodKind.HALF:
                return f"{self.year}H{self.index}"
            case PeriodKind.QUARTER:
                return f"{self.year}Q{self.index}"
            case PeriodKind.MONTH:
                return f"{self.year}-{self.index:02d}"

    @property
    def first_month(self) -> int:
        match self.kind:
            case PeriodKind.YEAR:
                return 1
            case PeriodKind.HALF:
                return 6 * (self.index - 1) + 1
            case PeriodKind.QUARTER:
                return 3 * (self.index - 1) + 1
            case PeriodKind.MONTH:
                return self.index

    @property
    def months(self) -> int:
        return {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3}.get(self.kind, 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        last_month = self.first_month + self.months - 1
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def following(self) -> Period:
        """The next period of the same kind: 2020Q4 → 2021Q1, 2020 → 2021, 2020-12 → 2021-01."""
        count = 12 // self.months  # periods of this kind in a year
        if self.index < count:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def subperiods(self, kind: PeriodKind) -> list[Period]:
        """The halves, quarters or months inside this period (itself for the same kind)."""
        if kind is self.kind:
            return [self]
        size = {PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}[kind]
        first = (self.first_month - 1) // size + 1
        count = self.months // size
        return [Period(self.year, kind, first + offset) for offset in range(count)]

    @property
    def label(self) -> str:
        """As written in documents: 2020年、2020年上半年、2020年第三季度、2020年9月."""
        match self.kind:
            case PeriodKind.YEAR:
                return f"{self.year}年"
            case PeriodKind.HALF:
                return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
            case PeriodKind.QUARTER:
                return f"{self.year}年第{to_chinese(self.index)}季度"
            case PeriodKind.MONTH:
                return f"{self.year}年{self.index}月"

    @property
    def short_label(self) -> str:
        """Without the year: 全年、上半年、第三季度、9月."""
        return self.label.removeprefix(f"{self.year}年") or "全年"

    def fraction_elapsed(self, today: dt.date) -> float:
        """How much of the period lies before `today` (0.0 before it starts, 1.0 after it ends)."""
        if today < self.start:
            return 0.0
        if today > self.end:
            return 1.0
        total = (self.end - self.start).days + 1
        return ((today - self.start).days + 1) / total


def _checked_year(digits: str, text: str) -> int:
    """The year of a period as written; out of range (99999, 0020) says the range."""
    # No int() of a thousand digits: anything longer than the longest year is out of range.
    year = int(digits) if len(digits) <= len(str(MAX_YEAR)) + 1 else MAX_YEAR + 1
    try:
        return check_year(year)
    except ValidationError:
        shown = digits if len(digits) <= 20 else digits[:20] + "…"
        raise ValidationError(
            f"期间“{text.strip()[:40]}”中的年份“{shown}”超出范围，"
            f"请填写{MIN_YEAR}至{MAX_YEAR}之间的年份。期间{_HOW_TO_WRITE}",
            field="period",
        ) from None
