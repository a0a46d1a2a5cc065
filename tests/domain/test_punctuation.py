from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ideowork.domain.punctuation import full_width_punctuation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("认真学习,持续推进;做到:知责明责", "认真学习，持续推进；做到：知责明责"),
        ("(责任领导:杨昌波;责任股室:各股室)", "（责任领导：杨昌波；责任股室：各股室）"),
        ("是否落实?请核实!", "是否落实？请核实！"),
        ("学习“四个全面”, 组织好", "学习“四个全面”，组织好"),
        ("全年 1,000 人次, 3:30 开会", "全年 1,000 人次，3:30 开会"),
        ("(a) item (b)", "(a) item (b)"),
        ("报告(2020年)", "报告（2020年）"),
    ],
)
def test_marks_after_chinese_become_full_width(raw: str, expected: str) -> None:
    assert full_width_punctuation(raw) == expected


@given(st.text(alphabet="abcdef 0123456789,;:?!()", max_size=40))
def test_latin_text_is_left_alone(text: str) -> None:
    assert full_width_punctuation(text) == text


@given(st.text(max_size=60))
def test_idempotent(text: str) -> None:
    once = full_width_punctuation(text)
    assert full_width_punctuation(once) == once
