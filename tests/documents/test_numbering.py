from __future__ import annotations

from datetime import date

import pytest

from ideowork.documents.numbering import (
    HeadingCounter,
    chinese_number,
    doc_number,
    format_date,
    heading_label,
    parse_date,
    parse_doc_number,
)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1005, "一千零五"),
    ],
)
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_chinese_number_range() -> None:
    with pytest.raises(ValueError):
        chinese_number(0)


def test_heading_labels() -> None:
    assert [heading_label(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert heading_label(1, 12) == "十二、"


def test_counter_restarts_under_each_parent() -> None:
    counter = HeadingCounter()
    seq = [1, 2, 2, 3, 3, 4, 3, 2, 1, 2, 3, 4, 4, 1]
    labels = [counter.next_label(level) for level in seq]
    assert labels == [
        "一、",
        "（一）",
        "（二）",
        "1.",
        "2.",
        "（1）",
        "3.",
        "（三）",
        "二、",
        "（一）",
        "1.",
        "（1）",
        "（2）",
        "三、",
    ]


def test_dates() -> None:
    assert format_date(date(2020, 9, 9)) == "2020年9月9日"
    assert format_date(date(2020, 10, 1)) == "2020年10月1日"
    for text in ("2020-09-09", "2020-9-9", "2020年9月9日", "2020.9.9", "2020/09/09"):
        assert parse_date(text) == date(2020, 9, 9)
    with pytest.raises(ValueError):
        parse_date("二〇二〇年九月九日")


def test_doc_number() -> None:
    assert doc_number("完党字", 2020, 105) == "完党字〔2020〕105号"
    assert parse_doc_number("完党字〔2020〕105号") == ("完党字", 2020, 105)
    for wrong in (
        "完党字[2020]105号",
        "完党字【2020】105号",
        "完党字〔2020〕第105号",
        "完党字〔2020〕0105号",
    ):
        assert parse_doc_number(wrong) is None
