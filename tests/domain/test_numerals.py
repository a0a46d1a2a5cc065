from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ideowork.domain.numerals import (
    DATE_DIGIT_CHARS,
    MAX_NUMBER,
    NONZERO_DIGIT_CHARS,
    NUMERAL_CHARS,
    count_word,
    is_chinese_numeral,
    parse_chinese,
    parse_chinese_digits,
    to_chinese,
    to_chinese_digits,
)

# 1 to 199 as written in headings (一、 （十二）) and 第…条
_ONES = ["", *NONZERO_DIGIT_CHARS]
_TENS = ["", "十", *(d + "十" for d in NONZERO_DIGIT_CHARS[1:])]
_BELOW_100 = ["零"] + [_TENS[n // 10] + _ONES[n % 10] for n in range(1, 100)]
_HUNDREDS = ["一百"] + [
    "一百" + ("零" + _ONES[n] if n < 10 else "一" * (n < 20) + _BELOW_100[n]) for n in range(1, 100)
]
_WRITTEN = _BELOW_100 + _HUNDREDS


def test_table_is_what_it_claims() -> None:
    assert len(_WRITTEN) == 200
    assert _WRITTEN[:12] == [
        "零",
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
    ]
    assert _WRITTEN[20:22] == ["二十", "二十一"]
    assert _WRITTEN[99:112] == [
        "九十九", "一百", "一百零一", "一百零二", "一百零三", "一百零四", "一百零五", "一百零六",
        "一百零七", "一百零八", "一百零九", "一百一十", "一百一十一",
    ]  # fmt: skip
    assert _WRITTEN[120] == "一百二十"
    assert _WRITTEN[199] == "一百九十九"


@pytest.mark.parametrize("n", range(200))
def test_zero_to_199_both_directions(n: int) -> None:
    assert to_chinese(n) == _WRITTEN[n]
    assert parse_chinese(_WRITTEN[n]) == n


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1000, "一千"),
        (1005, "一千零五"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (2020, "二千零二十"),
        (9999, "九千九百九十九"),
        (10000, "一万"),
        (10010, "一万零一十"),
        (15000, "一万五千"),
        (100000, "十万"),
        (105000, "十万五千"),
        (110000, "十一万"),
        (10010000, "一千零一万"),
        (10001000, "一千万一千"),
        (MAX_NUMBER, "九千九百九十九万九千九百九十九"),
    ],
)
def test_large_numbers_both_directions(n: int, text: str) -> None:
    assert to_chinese(n) == text
    assert parse_chinese(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("两", 2),
        ("两百", 200),
        ("两千零五", 2005),
        ("两万", 20000),
        ("〇", 0),
        ("零", 0),
        ("一百〇五", 105),
        ("一十", 10),
        ("一十二", 12),
        ("一万零十", 10010),
        (" 十二 ", 12),
        # digits alone are read digit by digit, as plan markers and years are written
        ("一〇", 10),
        ("一一", 11),
        ("二〇二〇", 2020),
        ("二零二零", 2020),
    ],
)
def test_special_forms(text: str, n: int) -> None:
    assert parse_chinese(text) == n
    assert is_chinese_numeral(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "12",
        "十二条",
        "百",
        "千万",
        "十十",
        "二十二十",
        "五五十",
        "十两",
        "两十",
        "两两",
        "两〇",
        "一百零",
        "零五十",
        "一百零零五",
        "一百零十",
        "一百十",  # 一百一十
        "一百五",  # 105 or 150?
        "一千五十",  # 一千零五十
        "一万五",  # 10005 or 15000?
        "一万零一千",
        "一万万",
        "万",
        "一亿",
    ],
)
def test_garbage_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="中文数字"):
        parse_chinese(text)
    assert not is_chinese_numeral(text)


@pytest.mark.parametrize("n", [-1, MAX_NUMBER + 1])
def test_to_chinese_range(n: int) -> None:
    with pytest.raises(ValueError, match="0 到 99999999"):
        to_chinese(n)


@pytest.mark.parametrize(
    ("n", "text"), [(0, "〇"), (7, "七"), (10, "一〇"), (2020, "二〇二〇"), (1949, "一九四九")]
)
def test_digit_by_digit(n: int, text: str) -> None:
    assert to_chinese_digits(n) == text
    assert parse_chinese_digits(text) == n


def test_digit_by_digit_reads_look_alike_zeros() -> None:
    assert parse_chinese_digits("二○二○") == 2020  # U+25CB
    assert parse_chinese_digits("二ＯＯ八") == 2008  # full-width O
    with pytest.raises(ValueError, match="逐位"):
        parse_chinese_digits("二十")
    with pytest.raises(ValueError):
        parse_chinese_digits("")
    with pytest.raises(ValueError):
        to_chinese_digits(-1)


@pytest.mark.parametrize(
    ("n", "word"),
    [(0, "零"), (1, "一"), (2, "两"), (3, "三"), (6, "六"), (10, "十"), (11, "11"), (24, "24")],
)
def test_count_word(n: int, word: str) -> None:
    assert count_word(n) == word


def test_count_word_negative_is_arabic() -> None:
    assert count_word(-1) == "-1"


def test_character_classes() -> None:
    assert set(NUMERAL_CHARS) == set("零〇一二三四五六七八九两十百千万")
    assert re.fullmatch(f"[{DATE_DIGIT_CHARS}]{{4}}", "二〇二〇")
    assert re.fullmatch(f"[{DATE_DIGIT_CHARS}]{{4}}", "二○二○")


@given(st.integers(min_value=0, max_value=9999))
def test_round_trip_below_ten_thousand(n: int) -> None:
    text = to_chinese(n)
    assert parse_chinese(text) == n
    assert parse_chinese(text.replace("零", "〇")) == n
    assert set(text) <= set(NUMERAL_CHARS)


@given(st.integers(min_value=0, max_value=MAX_NUMBER))
def test_round_trip_whole_range(n: int) -> None:
    assert parse_chinese(to_chinese(n)) == n
    assert parse_chinese_digits(to_chinese_digits(n)) == n


@given(st.integers(min_value=0, max_value=MAX_NUMBER), st.booleans(), st.booleans())
def test_variant_spellings_are_read(n: int, circle_zero: bool, liang: bool) -> None:
    text = to_chinese(n)
    if circle_zero:
        text = text.replace("零", "〇")  # 一百〇五
    if liang:
        text = re.sub("二(?=[百千])|^二(?=万)", "两", text)  # 两百, 一千两百, 两万
    assert parse_chinese(text) == n


def _canonical_spelling(text: str) -> str:
    """Undo the accepted variants: 〇 for 零, 两 for 二, a leading 一十, 万零十 for 万零一十."""
    text = text.replace("〇", "零").replace("两", "二").replace("万零十", "万零一十")
    return text.removeprefix("一") if text.startswith("一十") else text


@given(st.text(alphabet=NUMERAL_CHARS, min_size=1, max_size=8))
def test_whatever_is_read_is_a_spelling_of_its_value(text: str) -> None:
    try:
        n = parse_chinese(text)
    except ValueError:
        return
    if any(unit in text for unit in "十百千万"):
        assert _canonical_spelling(text) == to_chinese(n)
    else:  # digit by digit
        assert n == int(
            "".join(str("零一二三四五六七八九".index(ch)) for ch in _canonical_spelling(text))
        )
