"""Chinese numerals: 一 十二 一百零五 for numbers, 二〇二〇 for years, 两次 for counts.

The one place that knows the characters. Other modules use these functions, and build their
regular expressions from the ``*_CHARS`` constants (character-class contents, no brackets):

- :func:`to_chinese` / :func:`parse_chinese`: 105 <-> 一百零五 (heading numbers 一、（十二）,
  第三季度, 第二十三条; 0 to 99 999 999);
- :func:`to_chinese_digits` / :func:`parse_chinese_digits`: 2020 <-> 二〇二〇 (digit by digit,
  as years are written);
- :func:`count_word`: counts in running prose (两次, 六次, 24次).
"""

from __future__ import annotations

NONZERO_DIGIT_CHARS = "一二三四五六七八九"
"""The digits 1 to 9, in order."""
ZERO_CHARS = "零〇"
"""零 inside a number (一百零五), 〇 in digit-by-digit years (二〇二〇); both are read."""
ZERO_LOOKALIKE_CHARS = "○Ｏ"
"""A circle (U+25CB) and a full-width letter O, typed for 〇 in dates; read as zero in digits."""
UNIT_CHARS = "十百千万"
NUMERAL_CHARS = NONZERO_DIGIT_CHARS + ZERO_CHARS + "两" + UNIT_CHARS
"""Every character :func:`parse_chinese` reads."""
DATE_DIGIT_CHARS = ZERO_CHARS + ZERO_LOOKALIKE_CHARS + NONZERO_DIGIT_CHARS
"""Every character :func:`parse_chinese_digits` reads (二〇二〇, 二○二○)."""

MAX_NUMBER = 99_999_999
"""The largest number :func:`to_chinese` writes and :func:`parse_chinese` reads (below 一亿)."""

_DIGITS = "零" + NONZERO_DIGIT_CHARS  # index = value
_COUNTS = "零一两三四五六七八九十"  # index = value
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}
_DIGIT_VALUES = {ch: value for value, ch in enumerate(_DIGITS)} | {"〇": 0}
_DATE_DIGIT_VALUES = _DIGIT_VALUES | dict.fromkeys(ZERO_LOOKALIKE_CHARS, 0)


# --- writing --------------------------------------------------------------------------------


def to_chinese(n: int) -> str:
    """0 -> 零, 10 -> 十, 15 -> 十五, 21 -> 二十一, 105 -> 一百零五, 110 -> 一百一十.

    10010 -> 一万零一十. Raises ValueError outside 0 to :data:`MAX_NUMBER`.
    """
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"中文数字只能表示 0 到 {MAX_NUMBER} 的整数，不能表示 {n}")
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if not high:
        text = _section(low)
        # 一十 -> 十 at the start (十五, not 一十五), but 一百一十 in the middle
        return text[1:] if text.startswith("一十") else text
    text = to_chinese(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _section(low)
    return text


def _section(n: int) -> str:
    """1 to 9999 with 千百十 and 零 for skipped places; 一十 is kept (一百一十)."""
    out: list[str] = []
    rest = n
    pending_zero = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_DIGITS[digit] + unit)
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def to_chinese_digits(n: int) -> str:
    """Digit by digit, as years are written: 2020 -> 二〇二〇, 0 -> 〇; ValueError below 0."""
    if n < 0:
        raise ValueError(f"不能用中文数字逐位书写负数 {n}")
    return "".join(_DIGITS[int(d)] for d in str(n)).replace("零", "〇")


def count_word(n: int) -> str:
    """Counts in the prose of rules: 0 to 10 in words, 两 for 2 (两次, 六次, 十次); else 24次."""
    return _COUNTS[n] if 0 <= n <= 10 else str(n)


# --- reading --------------------------------------------------------------------------------


def parse_chinese(text: str) -> int:
    """十 -> 10, 一十二 -> 12, 两 -> 2, 两百 -> 200, 〇/零 -> 0, 一百零五/一百〇五 -> 105.

    A string of digits alone is read digit by digit: 一〇 -> 10, 二〇二〇 -> 2020. Surrounding
    whitespace is ignored. Raises ValueError for anything else, including forms whose value is
    ambiguous in speech (一百五: 105 or 150?) and numbers above :data:`MAX_NUMBER`.
    """
    numeral = text.strip()
    if not numeral:
        raise ValueError("没有中文数字：文本为空")
    bad = [ch for ch in numeral if ch not in NUMERAL_CHARS]
    if bad:
        raise ValueError(f"“{text}”不是中文数字：含有“{''.join(bad)}”")
    if not any(ch in UNIT_CHARS for ch in numeral):
        if numeral == "两":
            return 2
        if "两" in numeral:
            raise ValueError(f"“{text}”不是中文数字：“两”不能逐位书写")
        return parse_chinese_digits(numeral)
    try:
        return _parse_units(numeral)
    except ValueError as error:
        raise ValueError(f"“{text}”不是规范的中文数字：{error}") from None


def _parse_units(numeral: str) -> int:
    if numeral.count("万") > 1:
        raise ValueError("“万”只能出现一次")
    if "万" not in numeral:
        return _parse_section(numeral)
    high_text, low_text = numeral.split("万")
    if not high_text:
        raise ValueError("“万”前缺少数字")
    high = 2 if high_text == "两" else _parse_section(high_text)  # 两万
    if not low_text:
        return high * 10000
    if low_text[0] in ZERO_CHARS:
        low = _parse_section(low_text[1:])
        if low >= 1000:
            raise ValueError("“万”后千位不为零时不写“零”")
    else:
        low = _parse_section(low_text)
        if low < 1000:
            raise ValueError("“万”后缺少“零”或千位")
    return high * 10000 + low


def _parse_section(numeral: str) -> int:
    """1 to 9999 written with 千百十 (the part before or after 万)."""
    if not numeral:
        raise ValueError("缺少数字")
    total = 0
    last_unit = 10000
    zero = False
    pos = 0
    while pos < len(numeral):
        ch = numeral[pos]
        if ch in ZERO_CHARS:
            if zero or not total:
                raise ValueError("“零”的位置不对")
            zero = True
            pos += 1
            continue
        if ch == "十" and pos == 0:
            digit, unit, written = 1, 10, "十"  # 十二, not only 一十二
            pos += 1
        elif ch in _DIGIT_VALUES or ch == "两":
            digit = 2 if ch == "两" else _DIGIT_VALUES[ch]
            unit = _UNIT_VALUES.get(numeral[pos + 1], 1) if pos + 1 < len(numeral) else 1
            written = numeral[pos : pos + 2] if unit > 1 else ch
            pos += 2 if unit > 1 else 1
            if ch == "两" and unit < 100:
                raise ValueError("“两”只用在“百”“千”“万”前")
        else:
            raise ValueError(f"“{ch}”前缺少数字")
        if unit >= last_unit:
            raise ValueError(f"“{written}”的位置不对")
        skipped = last_unit > unit * 10
        if total and skipped and not zero:
            raise ValueError(f"“{written}”前缺少“零”")
        if zero and not skipped:
            raise ValueError("多余的“零”")
        total += digit * unit
        last_unit = unit
        zero = False
    if zero:
        raise ValueError("末尾多余的“零”")
    return total


def parse_chinese_digits(text: str) -> int:
    """Digit by digit, as years are written: 二〇二〇 / 二○二○ / 二零二零 -> 2020, 〇五 -> 5."""
    digits = text.strip()
    if not digits:
        raise ValueError("没有中文数字：文本为空")
    bad = [ch for ch in digits if ch not in _DATE_DIGIT_VALUES]
    if bad:
        raise ValueError(f"“{text}”不是逐位书写的中文数字：含有“{''.join(bad)}”")
    return int("".join(str(_DATE_DIGIT_VALUES[ch]) for ch in digits))


def is_chinese_numeral(text: str) -> bool:
    """Whether :func:`parse_chinese` reads ``text``."""
    try:
        parse_chinese(text)
    except ValueError:
        return False
    return True
