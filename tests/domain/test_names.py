"""Names in one spelling: look-alikes (zero-width, full-width, padded) become the same name."""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ideowork.domain.errors import ValidationError
from ideowork.domain.names import (
    case_number_form,
    fold_spaces,
    join_padded_names,
    label_form,
    office_key,
    office_name_form,
    person_key,
    person_name_form,
    plain_form,
    strip_invisible,
)
from ideowork.domain.punctuation import full_width_punctuation
from ideowork.domain.validation import check_date, clean_text, office_name, person_name

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@pytest.mark.parametrize(
    "look_alike",
    [
        "张三",
        "张三\u200b",
        "\ufeff张三",
        "张\u200d三",
        "张\u3000三",
        "张  三",
        " 张\xa0三 ",
        "张\t三",
        "张\u00ad三",
        "\u202e张三\u202c",  # a right-to-left override around it
        "张三\ufe0f",  # a variation selector
        "张三\u3164",  # a Hangul filler, which shows as a blank
    ],
)
def test_person_look_alikes_are_one_name(look_alike: str) -> None:
    assert person_name_form(look_alike) == "张三"
    assert person_key(look_alike) == person_key("张三")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ股", "ABC股"),
        ("办公室\ufeff", "办公室"),
        ("党建 办", "党建办"),
        ("宣传股(网信办)", "宣传股（网信办）"),  # the brackets of Chinese text stay full-width
        ("宣传股（网信办）", "宣传股（网信办）"),
        ("第１股", "第1股"),
        ("\u2f00\u2f08股", "一人股"),  # Kangxi radicals are the ideographs they copy
    ],
)
def test_office_names(raw: str, expected: str) -> None:
    assert office_name_form(raw) == expected
    assert office_key(raw) == office_key(expected)


def test_keys_ignore_case_but_forms_keep_it() -> None:
    assert office_key("abc股") == office_key("ＡＢＣ股")
    assert office_name_form("abc股") == "abc股"
    assert person_name_form("John  Smith") == "John Smith"  # Latin words keep one space


def test_middle_dots_of_minority_names_are_one_dot() -> None:
    for dot in "·•・‧∙･":
        assert person_name_form(f"阿卜杜拉 {dot} 买买提") == "阿卜杜拉·买买提"


def test_labels_keep_their_words() -> None:
    assert label_form("中共ＸＸ镇\u3000委员会\u200b") == "中共XX镇 委员会"
    assert label_form("县委宣传部(网信办)") == "县委宣传部（网信办）"
    assert label_form("第一\n会议室") == "第一 会议室"  # one line


def test_case_numbers() -> None:
    assert case_number_form(" GD\u200b–2020－001 ") == "GD-2020-001"
    assert case_number_form("１２３４５ ６７８") == "12345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张  三、李四", "张三、李四"),
        ("张 三 李 四", "张三 李四"),
        ("办公室、王\u3000五", "办公室、王五"),
        ("张三 李四", "张三 李四"),  # two names, left as they are
        ("欧阳 娜娜", "欧阳 娜娜"),  # cannot be told from two names: left alone
    ],
)
def test_padded_two_character_names_are_joined(raw: str, expected: str) -> None:
    assert join_padded_names(raw) == expected


def test_every_format_character_is_invisible_and_removed() -> None:
    # The table is written out (Unicode 15.1); this Python's own tables must be covered.
    format_chars = [
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    ]
    assert format_chars and strip_invisible("".join(format_chars)) == ""
    controls = "".join(chr(c) for c in range(0x20) if not chr(c).isspace())
    assert strip_invisible(f"a{controls}\x7fb") == "ab"
    assert strip_invisible("a\tb\nc") == "a\tb\nc"  # whitespace is folded elsewhere, not lost


def test_rare_characters_are_kept() -> None:
    # Private-use characters (some vendors' rare name characters) and Extension B ideographs.
    assert person_name_form("王\ue000") == "王\ue000"
    assert person_name_form("张𠀀") == "张𠀀"


NAME_TEXT = st.text(
    alphabet=st.sampled_from(
        list("张三李四ABCabc12 ·•()（）,，:：、") + list(ZERO_WIDTH) + ["\u3000", "\xa0", "Ａ"]
    ),
    max_size=20,
)


@given(NAME_TEXT)
def test_forms_are_stable(text: str) -> None:
    """A stored name saved again does not change, and it keeps its key."""
    for form in (person_name_form, office_name_form, label_form, case_number_form):
        once = form(text)
        assert form(once) == once
    assert person_key(person_name_form(text)) == person_key(text)
    assert office_key(office_name_form(text)) == office_key(text)


@given(NAME_TEXT)
def test_forms_never_show_invisible_or_doubled_spaces(text: str) -> None:
    for form in (person_name_form, office_name_form, label_form):
        result = form(text)
        assert not any(ch in result for ch in ZERO_WIDTH)
        assert "  " not in result and result == result.strip()


# --- the validators that use them -------------------------------------------------------------


def test_person_name_is_stored_in_its_one_spelling() -> None:
    assert person_name("张\u3000三\u200b") == "张三"


@pytest.mark.parametrize("check", [person_name, office_name])
@pytest.mark.parametrize("raw", ["\u200b", "\u200b\ufeff\u00ad", "\u3000\u200b", "\u2060 \u2060"])
def test_a_name_of_only_invisible_characters_is_refused(
    check: Callable[[str], str], raw: str
) -> None:
    with pytest.raises(ValidationError, match="只有空格或看不见的字符") as caught:
        check(raw)
    assert caught.value.field == "name"


def test_an_empty_name_is_asked_for() -> None:
    with pytest.raises(ValidationError, match="请填写姓名"):
        person_name("  ")


def test_clean_text_drops_invisible_characters() -> None:
    assert clean_text("\ufeff学习\u200b贯彻\u3000") == "学习贯彻"
    assert clean_text("第一行\n第二行") == "第一行\n第二行"  # free text keeps its lines


@pytest.mark.parametrize("year", [1, 1999, 2101, 9999])
def test_dates_out_of_range_are_refused(year: int) -> None:
    with pytest.raises(ValidationError, match="2000至2100年之间") as caught:
        check_date(dt.date(year, 1, 1), "日期", "held_on")
    assert caught.value.field == "held_on"


def test_dates_in_range_pass() -> None:
    assert check_date(dt.date(2000, 1, 1), "日期", "x") == dt.date(2000, 1, 1)
    assert check_date(dt.date(2100, 12, 31), "日期", "x") == dt.date(2100, 12, 31)


@given(NAME_TEXT)
def test_the_fast_path_changes_nothing(text: str) -> None:
    slow = fold_spaces(unicodedata.normalize("NFKC", strip_invisible(text)))
    assert plain_form(text) == slow
    assert label_form(text) == full_width_punctuation(slow)
