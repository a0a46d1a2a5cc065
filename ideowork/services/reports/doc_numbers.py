"""文号: the next free number of a year, after the archive's highest or the configured start."""

from __future__ import annotations

import json
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import GeneratedDocument, Setting


def _doc_number_pattern(prefix: str, year: int) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}〔{year}〕(\d+)号$")


def next_doc_number(session: Session, prefix: str, year: int) -> str:
    """The next free 文号 of the year: after the archive's highest, or the configured start."""
    if not prefix:
        return ""
    pattern = _doc_number_pattern(prefix, year)
    used = [
        int(match.group(1))
        for number in session.scalars(select(GeneratedDocument.doc_number))
        if number and (match := pattern.match(number))
    ]
    setting = session.get(Setting, f"doc_number.next.{year}")
    start = int(json.loads(setting.value)) if setting else 1
    return f"{prefix}〔{year}〕{max([start - 1, *used]) + 1}号"
