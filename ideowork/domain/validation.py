"""Small validators shared by services; each raises ValidationError with a Chinese message."""

from __future__ import annotations

import datetime as dt
import re

from ideowork.domain.errors import ValidationError
from ideowork.domain.names import label_form, office_name_form, person_name_form, strip_invisible

_PLACEHOLDER = re.compile(r"^[xX×*＊]+$")


def clean_text(value: str) -> str:
    """Trim, drop the invisible characters pasted text carries (zero-width spaces, BOMs,
    soft hyphens, control characters), and fold its full-width and no-break spaces."""
    return strip_invisible(value).replace("\u3000", " ").replace("\xa0", " ").strip()


def required_text(value: str, label: str, max_length: int, field: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValidationError(f"请填写{label}。", field=field)
    if len(cleaned) > max_length:
        raise ValidationError(
            f"{label}过长（{len(cleaned)}字），最多{max_length}字，请精简。", field=field
        )
    return cleaned


def optional_text(value: str, label: str, max_length: int, field: str) -> str:
    cleaned = clean_text(value)
    if len(cleaned) > max_length:
        raise ValidationError(
            f"{label}过长（{len(cleaned)}字），最多{max_length}字，请精简。", field=field
        )
    return cleaned


def required_label(value: str, label: str, max_length: int, field: str) -> str:
    """A one-line name (unit, superior body, choice) in its one spelling, required."""
    return required_text(label_form(value), label, max_length, field)


def optional_label(value: str, label: str, max_length: int, field: str) -> str:
    """A one-line name in its one spelling; may be empty."""
    return optional_text(label_form(value), label, max_length, field)


def _required_name(raw: str, name: str, label: str, max_length: int) -> str:
    """`name` (the normalised form of `raw`) checked like required_text; a name that was
    nothing but invisible characters and spaces is told apart from one left empty."""
    if not name and raw.strip():
        raise ValidationError(
            f"{label}中只有空格或看不见的字符（如从网页、Word 复制来的零宽空格），"
            f"请重新输入{label}。",
            field="name",
        )
    return required_text(name, label, max_length, "name")


def person_name(value: str) -> str:
    """A person's name in its one spelling (ideowork.domain.names), checked."""
    name = _required_name(value, person_name_form(value), "姓名", 30)
    if _PLACEHOLDER.match(name):
        raise ValidationError(f"“{name}”是占位符，不是姓名，请填写真实姓名。", field="name")
    if any(ch.isdigit() for ch in name):
        raise ValidationError(f"姓名“{name}”中含有数字，请检查。", field="name")
    return name


def office_name(value: str) -> str:
    """An office's (股室) name in its one spelling (ideowork.domain.names), checked."""
    return _required_name(value, office_name_form(value), "股室名称", 50)


def doc_prefix(value: str) -> str:
    """A 发文字号 prefix like 完党字: no brackets, no year, no digits."""
    prefix = optional_label(value, "发文字号前缀", 20, "doc_prefix")
    if re.search(r"[\d〔〕\[\]【】()（）]", prefix):
        raise ValidationError(
            f"发文字号前缀“{prefix}”只需写机关代字，如“完党字”，年份和序号由程序生成。",
            field="doc_prefix",
        )
    return prefix


# Years the app plans and reports for; anything outside is a typo (99999, 0, 20200).
MIN_YEAR, MAX_YEAR = 2000, 2100


def check_year(year: int, label: str = "年度") -> int:
    """A year in MIN_YEAR..MAX_YEAR, else a message that says the range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            f"{label}“{year}”超出范围，请填写{MIN_YEAR}至{MAX_YEAR}之间的年份。", field="year"
        )
    return year


def check_date(day: dt.date, label: str, field: str) -> dt.date:
    """A date whose year is in MIN_YEAR..MAX_YEAR (a typed 2202 for 2022, or 9999-12-31 from a
    spreadsheet), else a message that names the field and the range."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(
            f"{label}“{day:%Y-%m-%d}”的年份超出范围，请填写{MIN_YEAR}至{MAX_YEAR}年之间的日期。",
            field=field,
        )
    return day
