"""Chinese numbering: heading labels (一、 （一） 1. （1）), dates and 发文字号."""

from __future__ import annotations

import re
from datetime import date

from ideowork.domain.numerals import to_chinese


def chinese_number(n: int) -> str:
    """A heading number: 1 -> 一, 10 -> 十, 15 -> 十五, 105 -> 一百零五 (1 to 9999)."""
    if not 0 < n < 10000:
        raise ValueError(f"number out of range: {n}")
    return to_chinese(n)


def heading_label(level: int, n: int) -> str:
    """The number of the ``n``-th heading of ``level`` (1-4): 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level must be 1-4, not {level}")


class HeadingCounter:
    """Counts headings; a heading restarts the numbering of every deeper level."""

    def __init__(self) -> None:
        self._counts = [0, 0, 0, 0]

    def next_label(self, level: int) -> str:
        if not 1 <= level <= 4:
            raise ValueError(f"heading level must be 1-4, not {level}")
        self._counts[level - 1] += 1
        for deeper in range(level, 4):
            self._counts[deeper] = 0
        return heading_label(level, self._counts[level - 1])


def format_date(day: date) -> str:
    """2020-09-09 -> 2020年9月9日 (Arabic numerals, full year, no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$"),
)


def parse_date(text: str) -> date:
    """Accept 2020-09-09, 2020-9-9, 2020年9月9日, 2020.9.9 and 2020/9/9; raise ValueError."""
    stripped = text.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(stripped)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    raise ValueError(f"not a date: {text!r}")


DOC_NUMBER_RE = re.compile(
    r"^(?P<prefix>[^\s〔〕\[\]【】()（）]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$"
)


def doc_number(prefix: str, year: int, serial: int) -> str:
    """完党字, 2020, 105 -> 完党字〔2020〕105号 (U+3014/U+3015, no 第, no zero padding)."""
    if serial < 1:
        raise ValueError("serial number must be positive")
    return f"{prefix}〔{year}〕{serial}号"


def parse_doc_number(text: str) -> tuple[str, int, int] | None:
    """完党字〔2020〕105号 -> ("完党字", 2020, 105); None if not in the standard form."""
    match = DOC_NUMBER_RE.match(text.strip())
    if not match:
        return None
    return match["prefix"], int(match["year"]), int(match["serial"])
