"""Grades of an assessment (好/较好/一般/差) from its total, under thresholds the unit sets.

The thresholds are one setting (`assessment.grades`): the lowest total of 好, of 较好 and of
一般; anything below the last is 差. They must be descending and within 0–100."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from ideowork.db.models import Setting
from ideowork.domain.errors import ValidationError
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit

GRADES_KEY = "assessment.grades"
GOOD, FAIR, AVERAGE, POOR = "好", "较好", "一般", "差"
GRADES = (GOOD, FAIR, AVERAGE, POOR)


@dataclass(frozen=True)
class Thresholds:
    """The lowest total of each grade but the last (差: below `average`)."""

    good: Decimal = Decimal(90)
    fair: Decimal = Decimal(80)
    average: Decimal = Decimal(60)

    def grade(self, total: Decimal) -> str:
        if total >= self.good:
            return GOOD
        if total >= self.fair:
            return FAIR
        if total >= self.average:
            return AVERAGE
        return POOR

    def describe(self) -> str:
        """得分90分以上为“好”，80分至90分为“较好”… as the 通报 states it."""
        return (
            f"{_shown(self.good)}分及以上为“好”，{_shown(self.fair)}分至{_shown(self.good)}分"
            f"（不含）为“较好”，{_shown(self.average)}分至{_shown(self.fair)}分（不含）为“一般”，"
            f"{_shown(self.average)}分以下为“差”"
        )


DEFAULT_THRESHOLDS = Thresholds()


def _shown(value: Decimal) -> str:
    """90 not 90.0, 87.5 as is."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def shown_points(value: Decimal | None) -> str:
    """A score as people write it: 5, 2.5 (empty for none)."""
    return "" if value is None else _shown(value)


def parse_points(text: str | Decimal | int | float, label: str, field: str) -> Decimal:
    """A number of points with at most one decimal, as typed (全角 digits allowed)."""
    raw = str(text).strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    raw = raw.removesuffix("分").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(
            f"{label}“{text}”不是数字，请填写如 5 或 2.5 的分数。", field=field
        ) from None
    if not value.is_finite():
        raise ValidationError(f"{label}“{text}”不是数字，请填写如 5 或 2.5 的分数。", field=field)
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(f"{label}“{text}”最多保留一位小数，如 2.5。", field=field)
    return value.quantize(Decimal("0.1"))


def check_thresholds(thresholds: Thresholds) -> Thresholds:
    values = (("好", thresholds.good), ("较好", thresholds.fair), ("一般", thresholds.average))
    for name, value in values:
        if not Decimal(0) <= value <= Decimal(100):
            raise ValidationError(
                f"“{name}”的最低分{_shown(value)}超出范围，请填写0至100之间的分数。", field="grades"
            )
    if not thresholds.good > thresholds.fair > thresholds.average:
        raise ValidationError(
            "等次的分数线应从高到低：“好”高于“较好”，“较好”高于“一般”。请调整后再保存。",
            field="grades",
        )
    return thresholds


def read_thresholds(session: Session) -> Thresholds:
    """The unit's thresholds (the defaults until it sets its own, or if the stored ones
    no longer make sense)."""
    row = session.get(Setting, GRADES_KEY)
    if row is None:
        return DEFAULT_THRESHOLDS
    try:
        data = json.loads(row.value)
        return check_thresholds(
            Thresholds(
                Decimal(str(data["good"])),
                Decimal(str(data["fair"])),
                Decimal(str(data["average"])),
            )
        )
    except (ValueError, KeyError, TypeError, InvalidOperation, ValidationError):
        return DEFAULT_THRESHOLDS


class GradingService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def thresholds(self) -> Thresholds:
        with self.runtime.read() as session:
            return read_thresholds(session)

    def set_thresholds(self, thresholds: Thresholds) -> Thresholds:
        cleaned = check_thresholds(
            Thresholds(
                parse_points(thresholds.good, "“好”的分数线", "good"),
                parse_points(thresholds.fair, "“较好”的分数线", "fair"),
                parse_points(thresholds.average, "“一般”的分数线", "average"),
            )
        )
        text = json.dumps(
            {"good": str(cleaned.good), "fair": str(cleaned.fair), "average": str(cleaned.average)}
        )
        with self.runtime.write("assessment") as session:
            row = session.get(Setting, GRADES_KEY)
            before = {"value": row.value} if row else None
            if row is None:
                session.add(Setting(key=GRADES_KEY, value=text))
            else:
                row.value = text
            audit.record(
                session,
                "update",
                "setting",
                None,
                f"考核等次分数线改为：{cleaned.describe()}",
                before,
                {"value": text},
            )
        return cleaned
