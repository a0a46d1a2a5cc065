"""完成时限 as plans write it → the date it means (or none)."""

from __future__ import annotations

import datetime as dt

import pytest

from ideowork.domain.deadlines import deadline_date, is_recurring, read_deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020年6月底", dt.date(2020, 6, 30)),
        ("2020年6月30日", dt.date(2020, 6, 30)),
        ("2020年6月30日前", dt.date(2020, 6, 30)),
        ("2020-06-30", dt.date(2020, 6, 30)),
        ("2020.6.30", dt.date(2020, 6, 30)),
        ("2020/6/30", dt.date(2020, 6, 30)),
        ("6月", dt.date(2021, 6, 30)),  # the task's year
        ("6月底前", dt.date(2021, 6, 30)),
        ("六月份", dt.date(2021, 6, 30)),
        ("2月", dt.date(2021, 2, 28)),
        ("12月31日前", dt.date(2021, 12, 31)),
        ("6月中旬", dt.date(2021, 6, 20)),
        ("6月上旬", dt.date(2021, 6, 10)),
        ("6月下旬", dt.date(2021, 6, 30)),
        ("年底", dt.date(2021, 12, 31)),
        ("年底前", dt.date(2021, 12, 31)),
        ("全年", dt.date(2021, 12, 31)),
        ("上半年", dt.date(2021, 6, 30)),
        ("下半年", dt.date(2021, 12, 31)),
        ("三季度", dt.date(2021, 9, 30)),
        ("第一季度", dt.date(2021, 3, 31)),
        ("2020年底前", dt.date(2020, 12, 31)),
        ("2022年", dt.date(2022, 12, 31)),
        ("二〇二〇年六月底", dt.date(2020, 6, 30)),
        ("6月底前完成自查，12月底前完成总结", dt.date(2021, 12, 31)),  # the latest
    ],
)
def test_a_date_is_read(text: str, expected: dt.date) -> None:
    assert deadline_date(text, 2021) == expected


@pytest.mark.parametrize("text", ["长期", "每季度", "经常性工作", "持续推进", "每月", "常态化开展"])
def test_recurring_work_has_no_date(text: str) -> None:
    reading = read_deadline(text, 2020)
    assert reading.date is None and reading.recurring and is_recurring(text)
    assert "不会显示为“逾期”" in reading.hint


@pytest.mark.parametrize("text", ["按上级要求", "2月30日", "2020年13月", ""])
def test_text_without_a_date_means_none(text: str) -> None:
    reading = read_deadline(text, 2020)
    assert reading.date is None and not reading.recurring


def test_the_hint_says_what_will_be_saved() -> None:
    assert read_deadline("6月底", 2020).hint.startswith("即 2020-06-30")
    assert "未能识别" in read_deadline("按上级要求", 2020).hint
    assert "未填写" in read_deadline("  ", 2020).hint
