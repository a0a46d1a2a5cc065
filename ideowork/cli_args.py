"""What the user types on the command line, checked before anything is opened or written:
years and dates (argparse types, in the app's 2000–2100), the file of an edited document's
text, and argparse's own complaints put into Chinese."""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import re
from pathlib import Path

from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR, check_year

# The edited text of one document is a few pages; a file far bigger is the wrong file.
MAX_MARKUP_BYTES = 2_000_000


def _shown(text: str, limit: int = 20) -> str:
    """What the user typed, cut short so a pasted page does not fill the terminal."""
    return text if len(text) <= limit else text[:limit] + "…"


def year_argument(text: str) -> int:
    """--year: a whole number in MIN_YEAR..MAX_YEAR."""
    cleaned = text.strip()
    digits = cleaned.removeprefix("-").removeprefix("+")
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"“{_shown(text)}”不是年份，请写四位数字的年份，如 2020。")
    # A number longer than any year is out of range: no int() of a thousand digits.
    year = int(cleaned) if len(digits) <= len(str(MAX_YEAR)) + 1 else MAX_YEAR + 1
    try:
        return check_year(year)
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"年度“{_shown(cleaned)}”超出范围，请填写{MIN_YEAR}至{MAX_YEAR}之间的年份。"
        ) from None


def days_argument(text: str) -> int:
    """--days: how many days ahead to look, 0 to 366."""
    cleaned = text.strip()
    if not cleaned.isdigit() or len(cleaned) > 3 or int(cleaned) > 366:
        raise argparse.ArgumentTypeError(
            f"“{_shown(text)}”不是有效的天数，请写0到366之间的整数，如 14。"
        )
    return int(cleaned)


def date_argument(text: str) -> dt.date:
    """--date, --at, --as-of: an ISO date (2020-09-09) in the app's years."""
    try:
        return parse_date(text)
    except UserError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_date(text: str) -> dt.date:
    """A date the user typed (2020-09-09), in MIN_YEAR..MAX_YEAR, else a UserError."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"“{_shown(text)}”不是有效的日期，请写成 2020-09-09 这样的格式（年-月-日）。"
        ) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UserError(
            f"日期“{_shown(text.strip())}”超出范围，请填写{MIN_YEAR}年至{MAX_YEAR}年之间的日期。"
        )
    return day


_SAVE_AS_UTF8 = "请用记事本打开它，选择“另存为”，编码选“UTF-8”，保存后重试。"


def read_markup_file(path: Path) -> str:
    """The text of `--markup`: UTF-8 (with or without the BOM Notepad writes) or UTF-16 with
    its BOM. GBK/GB18030 and other encodings are refused, not guessed: a wrong guess would
    put garbled characters into an official document."""
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹。--markup 需要一个公文文本文件（.txt）。")
    size = path.stat().st_size  # a missing file: FileNotFoundError, told as such
    if size > MAX_MARKUP_BYTES:
        raise UserError(
            f"文件“{path}”有{size / 1_000_000:.1f} MB，不像是一份公文的文本"
            f"（最大{MAX_MARKUP_BYTES // 1_000_000} MB）。请检查是否选错了文件。"
        )
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(
            f"文件“{path}”是 Word 或 Excel 文件，--markup 需要纯文本。请在公文页编辑，"
            "或把公文文本复制到记事本，保存为 UTF-8 编码的 .txt 文件后重试。"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UserError(f"文件“{path}”的文字编码已损坏。{_SAVE_AS_UTF8}") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(_encoding_message(path, data)) from None
    if "\x00" in text:
        raise UserError(f"文件“{path}”不是文本文件。--markup 需要 UTF-8 编码的公文文本（.txt）。")
    return text


def _encoding_message(path: Path, data: bytes) -> str:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return f"文件“{path}”不是 UTF-8 编码的文本，无法识别它的文字编码。{_SAVE_AS_UTF8}"
    return (
        f"文件“{path}”是 GBK/GB18030 编码（记事本中显示为“ANSI”），"
        f"公文文本须为 UTF-8 编码，以免出现乱码。{_SAVE_AS_UTF8}"
    )


# argparse's own messages (Python 3.11), in the words the rest of the program speaks.
_USAGE_TRANSLATIONS = [
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必填的参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
        r"\1 不能是 \2，可选：\3",
    ),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), r"\1 的值 \3 无效"),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 后面需要填写一个值"),
    (re.compile(r"argument (\S+): ignored explicit argument (.+)"), r"\1 不需要值，多余的是 \2"),
    (re.compile(r"argument (\S+): not allowed with argument (.+)"), r"\1 不能与 \2 同时使用"),
    (re.compile(r"argument (\S+): (.+)"), r"\1：\2"),
]


def translate_usage_error(message: str) -> str:
    for pattern, replacement in _USAGE_TRANSLATIONS:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message
