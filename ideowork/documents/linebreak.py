"""CJK line breaking with 禁则 (kinsoku), independent of any font or writer.

Give it the characters of a paragraph and their advance widths; it returns the lines. A line
never starts with closing punctuation (，。、；：？！）》」』】〕” …) and never ends with
opening punctuation (（《「『【〔“ …); Latin words and numbers stay whole — a reference number
such as 12345-2020-0418 or a date 2020-09-09 is one word — and the two halves of —— and ……
stay together. Where a break is forbidden the last character(s) move down to the next line
(push-out), so the right edge of the text block is never crossed. Only a word longer than a
whole line is broken, after one of its joiners (- / . : _) where possible.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉〗］｝”’…‥·・%‰℃．,.;:?!)]}>％〃々〜～ー")
NO_LINE_END = frozenset("（《「『【〔〈〖［｛“‘([{<")
_KEEP_PAIRS = frozenset("—…‥")
# inside a word longer than the line: where it may break (after these)
JOINERS = frozenset("-/.:_")
WORD_RE = re.compile(r"[!-~]+")  # a word: what break_lines keeps on one line if it fits
_EPSILON = 0.01


def is_word_char(ch: str) -> bool:
    """ASCII letters, digits and punctuation: no break inside a run of them."""
    return "!" <= ch <= "~"


def words(text: str) -> list[str]:
    """The runs of ``text`` that :func:`break_lines` keeps on one line if they fit."""
    return WORD_RE.findall(text)


def can_break_between(before: str, after: str) -> bool:
    """May a line end after ``before`` when ``after`` follows?"""
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if is_word_char(before) and is_word_char(after):
        return False
    return not (before == after and before in _KEEP_PAIRS)


def char_units(ch: str) -> float:
    """Width in full-width character cells: 1 for CJK (and ambiguous punctuation), else 0.5."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def text_units(text: str) -> float:
    return sum(char_units(ch) for ch in text)


@dataclass(frozen=True)
class Line:
    """Characters ``start:end`` of the paragraph; ``width`` is their natural total width."""

    start: int
    end: int
    width: float


def break_lines(
    chars: Sequence[str], widths: Sequence[float], first_width: float, width: float
) -> list[Line]:
    """Break a paragraph into lines: the first ``first_width`` wide, the others ``width``."""
    if len(chars) != len(widths):
        raise ValueError("one width per character")
    n = len(chars)
    lines: list[Line] = []
    start = 0
    while start < n:
        available = first_width if not lines else width
        total = 0.0
        end = start
        while end < n and (end == start or total + widths[end] <= available + _EPSILON):
            total += widths[end]
            end += 1
        if end < n:
            end = _break_point(chars, start, end)
        lines.append(Line(start, end, sum(widths[start:end])))
        start = end
    return lines


def _break_point(chars: Sequence[str], start: int, fit_end: int) -> int:
    """The last allowed break at or before ``fit_end``; ``fit_end`` if there is none."""
    for k in range(fit_end, start, -1):
        if can_break_between(chars[k - 1], chars[k]):
            return k
    # an unbreakable run longer than the line: break it after the last joiner that fits
    # (12345-2020- / 0418), else where it overflows, but still keep closing punctuation off
    # the start of the next line if the line allows it
    for k in range(fit_end, start, -1):
        if chars[k - 1] in JOINERS and chars[k] not in NO_LINE_START:
            return k
    for k in range(fit_end, start, -1):
        if chars[k] not in NO_LINE_START:
            return k
    return fit_end


def justify_gaps(line: Line, available: float) -> float:
    """Extra space to add after every character but the last so ``line`` fills ``available``."""
    count = line.end - line.start
    if count < 2:
        return 0.0
    return max(0.0, available - line.width) / (count - 1)
