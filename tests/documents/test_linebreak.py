from __future__ import annotations

from ideowork.documents.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    break_lines,
    can_break_between,
    justify_gaps,
    words,
)
from ideowork.documents.titles import split_title


def _lines(text: str, per_line: int) -> list[str]:
    widths = [1.0 if ord(ch) > 0x2000 else 0.5 for ch in text]
    return [text[ln.start : ln.end] for ln in break_lines(list(text), widths, per_line, per_line)]


def test_full_lines_hold_exactly_the_line_width() -> None:
    text = "一二三四五六七八九十" * 6
    assert [len(line) for line in _lines(text, 28)] == [28, 28, 4]


def test_closing_punctuation_never_starts_a_line() -> None:
    # the 11th character is "，": it must not open line 2, so "十" moves down with it
    lines = _lines("一二三四五六七八九十，甲乙丙", 10)
    assert lines == ["一二三四五六七八九", "十，甲乙丙"]
    lines = _lines("一二三四五六七八九十”。甲乙", 10)
    assert lines[1].startswith("十”。")


def test_opening_punctuation_never_ends_a_line() -> None:
    lines = _lines("一二三四五六七八九《十一》", 10)
    assert lines == ["一二三四五六七八九", "《十一》"]


def test_numbers_and_dashes_stay_whole() -> None:
    lines = _lines("一二三四五六七八12345号", 10)
    assert lines == ["一二三四五六七八", "12345号"]
    assert not can_break_between("—", "—")
    assert not can_break_between("…", "…")


def test_random_text_obeys_kinsoku() -> None:
    text = "通过“三会一课”、主题党日活动等形式，组织全镇党员干部职工学习（重点）《条例》。" * 5
    for width in range(8, 30):
        lines = _lines(text, width)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, line)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, line)


def test_justify_gaps_fill_the_line() -> None:
    (first, _) = break_lines(list("一二三四五六七八九十，甲"), [1.0] * 12, 10, 10)
    assert first.end - first.start == 9
    assert justify_gaps(first, 10) * 8 + first.width == 10


def test_title_is_split_into_balanced_lines_without_splitting_words() -> None:
    lines = split_title("关于上报《2020年第三季度意识形态工作分析研判报告》的报告", 20)
    assert len(lines) == 2
    assert "".join(lines) == "关于上报《2020年第三季度意识形态工作分析研判报告》的报告"
    assert not lines[0].endswith("意识") and not lines[1].startswith("形态")
    assert split_title("短标题", 20) == ["短标题"]
    assert split_title("第一行\n第二行", 20) == ["第一行", "第二行"]


def test_a_reference_number_moves_down_whole() -> None:
    lines = _lines("一二三四五六七八12345-2020-0418号", 12)
    assert lines == ["一二三四五六七八", "12345-2020-0418号"]
    assert _lines("12345 12345-2020-0418", 9) == ["12345 ", "12345-2020-0418"]
    assert _lines("2020-09-09", 5) == ["2020-09-09"]  # exactly as wide as the line


def test_a_word_longer_than_the_line_breaks_after_a_joiner() -> None:
    assert _lines("12345-2020-0418", 4) == ["12345-", "2020-", "0418"]
    assert _lines("12345-2020-0418", 5) == ["12345-", "2020-0418"]
    assert _lines("www.example.gov.cn/a_b/cd", 6) == ["www.example.", "gov.cn/a_b/", "cd"]
    assert _lines("ABCDEFGHIJKL", 4) == ["ABCDEFGH", "IJKL"]  # no joiner: where it overflows
    assert words("咨询12345-2020-0418号，XF-2020-031") == ["12345-2020-0418", "XF-2020-031"]
