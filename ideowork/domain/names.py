"""Names as people type, paste and import them, brought to one spelling.

Text copied from Word, web pages and platform exports carries characters that look like
nothing (zero-width spaces, BOMs, soft hyphens, direction marks), full-width letters, digits
and spaces, and padding spaces inside two-character names ("张  三"). Left alone, "张三\\u200b"
and "张三" become two people who look the same on every list. Every name is brought to one
spelling before it is matched or stored:

* NFKC: full-width Latin letters, digits and spaces become ordinary ones (ＡＢＣ股 → ABC股),
  compatibility ideographs become the ideographs they copy; the half-width brackets, commas
  and colons NFKC makes of Chinese punctuation are made full-width again around Chinese text
  (宣传股（网信办） stays as it is, 宣传股(网信办) becomes the same);
* invisible characters removed: every Unicode format character (Cf: U+200B–U+200F, U+2060,
  U+FEFF, U+00AD, the bidirectional controls …), control characters, variation selectors
  and the blank "filler" letters used to fake empty names;
* runs of whitespace (U+3000, NBSP, tabs, line breaks) folded into one space, and trimmed.

Field by field:

* person names (`person_name_form`): also no space between two Chinese characters. Word
  files pad two-character names to the width of three ("张  三"); 张 三 and 张三 are one
  person, because a Chinese name is written without spaces. Spaces between Latin words stay
  (one each), and the middle dots of minority and foreign names (• ・ ‧ ∙) are the one dot ·
  of ID cards (阿卜杜拉·买买提);
* office and unit names (`office_name_form`, `label_form`): a space between two Chinese
  characters is dropped for offices ("党建 办" is 党建办); unit names and choice labels keep
  their words as typed, folded as above;
* platform case numbers (`case_number_form`): no whitespace at all, and the many dashes are
  one "-" (GD–2020－001 is GD-2020-001);
* matching compares keys (`person_key`, `office_key`): the form above, case-folded, so
  "abc股" finds "ABC股".

Nothing here raises: an empty result is for the validators to refuse ("请填写姓名").
"""

from __future__ import annotations

import re
import unicodedata

from ideowork.domain.punctuation import full_width_punctuation

# Unicode's format characters (category Cf, as of Unicode 15.1, so the list does not depend on
# the Python's own tables), the C0/C1 controls that are not whitespace, and the characters
# that render as nothing although they are not Cf: combining grapheme joiner, Hangul and
# Khmer fillers, Mongolian variation selectors, variation selectors, braille blank.
_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"  # controls (\t \n \v \f \r \x1c-\x1f \x85 are spaces)
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2800"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
    "]+"
)
_SPACES = re.compile(r"\s+")  # Unicode-aware: U+3000, NBSP, U+2000–U+200A, tabs, line breaks
# Anything plain_form would change besides NFKC: a fast way past the common clean name (the
# platform import runs ten forms on each of 100 000 rows).
_UNTIDY = re.compile(f"{_INVISIBLE.pattern}|^\\s|\\s$|\\s\\s|[^\\S ]")
_HALF_WIDTH_MARKS = re.compile(r"[,;:?!()]")
# Chinese characters and the full-width marks around them; a space between two is padding.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK = f"{_HAN}\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u33ff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
# A lone Chinese character, spaces, a lone Chinese character: one padded two-character name.
_PADDED_PAIR = re.compile(f"(?<![{_HAN}])([{_HAN}])[ \\t\u3000\xa0]+([{_HAN}])(?![{_HAN}])")
_DOTS = re.compile(r"\s*[·•‧・∙⋅･]\s*")
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63]")


def strip_invisible(text: str) -> str:
    """`text` without the characters that show as nothing (see the module docstring)."""
    return _INVISIBLE.sub("", text)


def fold_spaces(text: str) -> str:
    """Every run of whitespace one space, none at the ends."""
    return _SPACES.sub(" ", text).strip()


def plain_form(value: str) -> str:
    """NFKC, invisible characters removed, whitespace folded: the base of every form."""
    if _UNTIDY.search(value) is None and unicodedata.is_normalized("NFKC", value):
        return value
    return fold_spaces(unicodedata.normalize("NFKC", strip_invisible(value)))


def label_form(value: str) -> str:
    """A one-line label (unit name, choice label, title): the plain form with the Chinese
    punctuation NFKC made half-width made full-width again."""
    text = plain_form(value)
    return full_width_punctuation(text) if _HALF_WIDTH_MARKS.search(text) else text


def despace_cjk(text: str) -> str:
    """Drop single spaces between two Chinese characters (or full-width marks)."""
    return _CJK_GAP.sub("", text)


def person_name_form(value: str) -> str:
    """A person's name as stored and shown: label form, one middle dot, no spaces between
    Chinese characters ("张\u3000三" → 张三)."""
    text = _DOTS.sub("·", label_form(value))
    return despace_cjk(text)


def office_name_form(value: str) -> str:
    """An office's (股室) name as stored and shown: label form, no spaces between Chinese
    characters."""
    return despace_cjk(label_form(value))


def case_number_form(value: str) -> str:
    """A platform's case number: NFKC, nothing invisible, no spaces, one kind of dash."""
    text = unicodedata.normalize("NFKC", strip_invisible(value))
    return _DASHES.sub("-", _SPACES.sub("", text))


def person_key(value: str) -> str:
    """What two person names must share to be the same name."""
    return person_name_form(value).casefold()


def office_key(value: str) -> str:
    """What two office names must share to be the same office."""
    return office_name_form(value).casefold()


def join_padded_names(text: str) -> str:
    """Join a two-character name padded with spaces ("张  三、李四" → "张三、李四"), so a
    list split on spaces keeps it whole. Only lone characters are joined: "张三 李四" stays
    two names, and a longer name with a space inside cannot be told from two names."""
    return _PADDED_PAIR.sub(r"\1\2", text)
