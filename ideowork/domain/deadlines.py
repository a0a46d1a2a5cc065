"""完成时限 as plans write it, and the date it means.

Plans write a deadline as text: "2020年6月底", "6月", "6月15日前", "年底前", "全年", "三季度",
"长期", "每季度", "经常性工作". The text is kept as written (Task.deadline_text); this module
reads the date it means, where it means one, so the matrix can still tell 逾期:

- a full date as is: "2020年6月30日", "2020-06-30", "2020.6.30";
- a month means its last day: "2020年6月底", "6月", "6月底前", "六月份" (the task's year when
  the text names no year); 上旬/中旬/下旬 the 10th, the 20th, the month's end;
- "年底", "全年", "年内", "下半年" mean 12-31, "上半年" 06-30, "一季度"/"第一季度" 03-31 …;
- recurring or open work has no date: "长期", "每季度", "每月", "经常性", "持续推进", "常态化".

When the text names several dates ("6月底前完成，12月底前总结") the latest is the deadline: the
work is done when its last part is.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from ideowork.domain.numerals import parse_chinese

# Words that make a deadline recurring or open: no single date.
RECURRING_WORDS = (
    "长期",
    "每年",
    "每半年",
    "每季",
    "每月",
    "每周",
    "每日",
    "每天",
    "经常",
    "持续",
    "常态",
    "日常",
    "随时",
    "按需",
    "适时",
    "及时",
)

_NUM = r"[0-9０-９]+|[〇零一二两三四五六七八九十]+"
_FULL = re.compile(rf"({_NUM})\s*[年\-./／]\s*({_NUM})\s*[月\-./／]\s*({_NUM})\s*[日号]?")
_YEAR_MONTH = re.compile(rf"({_NUM})\s*年\s*({_NUM})\s*(?:月|月份)(上旬|中旬|下旬)?")
_MONTH_DAY = re.compile(rf"({_NUM})\s*月\s*({_NUM})\s*[日号]")
_MONTH = re.compile(rf"({_NUM})\s*(?:月|月份)(上旬|中旬|下旬)?")
_QUARTER = re.compile(r"(?<!每)第?([一二三四1-4])季度")
_YEAR_ONLY = re.compile(rf"({_NUM})\s*年")
_WHOLE_YEAR = ("年底", "年末", "全年", "年内", "年度内", "下半年", "本年度", "当年")
_TENS = {"上旬": 10, "中旬": 20}
_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class DeadlineReading:
    """What a 完成时限 text means: a date, recurring work (no date), or nothing readable."""

    text: str
    date: dt.date | None
    recurring: bool = False

    @property
    def hint(self) -> str:
        """One line for the user beside the field: what the text will be saved as."""
        if not self.text:
            return "未填写完成时限（可写“2020年6月底”“长期”“每季度”等）。"
        if self.date is not None:
            return f"即 {self.date:%Y-%m-%d}，过期未完成将显示为“逾期”。"
        if self.recurring:
            return "长期或周期性工作，没有具体日期，不会显示为“逾期”。"
        return "未能识别出日期，将按原文保存，不会显示为“逾期”。可写成“2020年6月底”“12月31日前”。"


def _number(text: str) -> int:
    folded = text.translate(_FOLD)
    return int(folded) if folded.isdigit() else parse_chinese(folded)


def _day(year: int, month: int, day: int | None = None) -> dt.date | None:
    """The date, or the month's last day when `day` is None; None when there is no such day."""
    try:
        if day is None:
            day = calendar.monthrange(year, month)[1]
        return dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        return None


def _month_end(year: int, month: int, part: str | None) -> dt.date | None:
    if part in _TENS:
        return _day(year, month, _TENS[part])
    return _day(year, month)


def _dates(text: str, year: int) -> list[dt.date]:
    """Every date the text names, the spans already read blanked out so "2020年6月30日" is
    not read again as "6月" or "2020年"."""
    found: list[dt.date | None] = []
    rest = text

    def take(pattern: re.Pattern[str]) -> None:
        nonlocal rest
        for match in pattern.finditer(rest):
            try:
                found.append(_read(pattern, match, year))
            except ValueError:
                continue
            rest = rest[: match.start()] + " " * (match.end() - match.start()) + rest[match.end() :]

    for pattern in (_FULL, _YEAR_MONTH, _MONTH_DAY, _MONTH, _QUARTER):
        take(pattern)
    if any(word in rest for word in _WHOLE_YEAR):
        found.append(_day(_year_named(rest, year), 12, 31))
    elif "上半年" in rest:
        found.append(_day(_year_named(rest, year), 6, 30))
    elif not found and (match := _YEAR_ONLY.search(rest)):
        with contextlib.suppress(ValueError):
            found.append(_day(_number(match.group(1)), 12, 31))
    return [day for day in found if day is not None]


def _year_named(text: str, year: int) -> int:
    match = _YEAR_ONLY.search(text)
    if match:
        try:
            named = _number(match.group(1))
        except ValueError:
            return year
        if 1900 <= named <= 2999:
            return named
    return year


def _read(pattern: re.Pattern[str], match: re.Match[str], year: int) -> dt.date | None:
    groups = match.groups()
    if pattern is _FULL:
        return _day(_number(groups[0]), _number(groups[1]), _number(groups[2]))
    if pattern is _YEAR_MONTH:
        return _month_end(_number(groups[0]), _number(groups[1]), groups[2])
    if pattern is _MONTH_DAY:
        return _day(year, _number(groups[0]), _number(groups[1]))
    if pattern is _MONTH:
        return _month_end(year, _number(groups[0]), groups[1])
    quarter = _number(groups[0])
    return _day(year, quarter * 3) if 1 <= quarter <= 4 else None


def is_recurring(text: str) -> bool:
    """Whether the text is recurring or open work (长期, 每季度, 经常性 …)."""
    return any(word in text for word in RECURRING_WORDS)


def read_deadline(text: str, year: int) -> DeadlineReading:
    """What `text` means for a task of `year`: the latest date it names, else none (recurring
    work, or text with no date in it). "每季度" and "每年12月" name no single date."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return DeadlineReading("", None)
    if is_recurring(cleaned):
        return DeadlineReading(cleaned, None, recurring=True)
    dates = [day for day in _dates(cleaned, year) if 1900 <= day.year <= 2999]
    return DeadlineReading(cleaned, max(dates) if dates else None)


def deadline_date(text: str, year: int) -> dt.date | None:
    """The date `text` means for a task of `year`, or None (see :func:`read_deadline`)."""
    return read_deadline(text, year).date
