"""The numbering markers of a plan's outline: 一、 （一） 1. （1） ① 第一条 第一章 …"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ideowork.domain.numerals import NONZERO_DIGIT_CHARS, ZERO_CHARS, parse_chinese
from ideowork.importers.plan_posts import is_post_line
from ideowork.importers.plan_responsibility import take_marking

__all__ = ["Marker", "is_plain_heading", "match_marker"]


# Up to 百 and four characters (一百零五); no 千/万, so 三万、五万元 is no marker
_CN_NUMERAL = f"[{NONZERO_DIGIT_CHARS}{ZERO_CHARS}两十百]{{1,4}}"
_ARABIC = "[0-9０-９]{1,3}"
_MARKER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*章")),
    ("part", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*部分")),
    ("subsection", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*节")),
    ("article", re.compile(rf"第\s*({_CN_NUMERAL}|{_ARABIC})\s*条")),
    ("cn", re.compile(rf"({_CN_NUMERAL})\s*[、．.]")),
    ("cn_paren", re.compile(rf"[（(]\s*({_CN_NUMERAL})\s*[）)]")),
    ("arabic_paren", re.compile(rf"[（(]\s*({_ARABIC})\s*[）)]")),
    ("arabic_paren", re.compile("([\u2474-\u2487])")),  # ⑴ ⑵ …
    ("arabic_rparen", re.compile(rf"({_ARABIC})\s*[）)]")),
    ("arabic", re.compile(rf"({_ARABIC})\s*[、．.](?![0-9０-９])")),
    ("arabic", re.compile("([\u2488-\u249b])")),  # ⒈ ⒉ …
    ("circled", re.compile("([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])")),  # ① ② …
)


@dataclass(frozen=True)
class Marker:
    style: str
    number: int
    written: str  # the marker as written, inner spaces removed
    end: int  # index in the line where the text after the marker starts


_ENCLOSED_RANGES = (
    (0x2460, 0x2473, 1),  # ① … ⑳
    (0x3251, 0x325F, 21),  # ㉑ … ㉟
    (0x32B1, 0x32BF, 36),  # ㊱ … ㊿
    (0x2474, 0x2487, 1),  # ⑴ … ⒇
    (0x2488, 0x249B, 1),  # ⒈ … ⒛
)


def _numeral_value(numeral: str) -> int:
    """Value of "12", "１２", "十二", "二十一", "一〇", "⑦", "⑴" or "⒈"; ValueError for "十十"."""
    if numeral.isdecimal():
        return int(numeral)  # int() accepts full-width digits too
    if len(numeral) == 1:
        for first, last, base in _ENCLOSED_RANGES:
            if first <= ord(numeral) <= last:
                return base + ord(numeral) - first
    return parse_chinese(numeral)


def match_marker(line: str, pos: int = 0) -> Marker | None:
    for style, pattern in _MARKER_PATTERNS:
        match = pattern.match(line, pos)
        if match:
            try:
                number = _numeral_value(match.group(1))
            except ValueError:  # 十十、 or 一百五、: not a number, so not a marker
                continue
            written = re.sub(r"\s+", "", match.group(0))
            return Marker(style, number, written, match.end())
    return None


_HEADING_PUNCT_RE = re.compile(r"[。；;，,！？!?：:.．]")


def is_plain_heading(line: str) -> bool:
    """A short line without punctuation that can head the items below it ("理论学习")."""
    compact = line.replace(" ", "")
    if is_post_line(compact):
        return True  # "宣传委员：" heads its post's items, its colon notwithstanding
    if not 2 <= len(compact) <= 20 or _HEADING_PUNCT_RE.search(compact):
        return False
    if (
        compact[0].isdigit()
        or compact[0] in "（(【[〔"
        or not re.search("[\u4e00-\u9fff]", compact)
    ):
        return False
    marking = take_marking(line)
    return marking.responsibility is None and marking.score is None
