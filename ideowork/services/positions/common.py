"""Checks shared by the positions, events and reviews of 阵地管理."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person
from ideowork.domain.errors import ValidationError
from ideowork.domain.validation import check_date

MAX_AUDIENCE = 100_000_000  # more followers than any unit's account has: a typing slip


def checked_office(session: Session, office_id: int | None, label: str = "主管股室") -> None:
    if office_id is not None and session.get(Office, office_id) is None:
        raise ValidationError(f"所选的{label}已不存在，请重新选择。", field="office")


def checked_person(session: Session, person_id: int | None, label: str, field: str) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise ValidationError(f"所选的{label}已不在人员名单中，请重新选择。", field=field)


def checked_day(day: dt.date | None, label: str, field: str) -> dt.date | None:
    return None if day is None else check_date(day, label, field)


def checked_audience(count: int | None, label: str) -> int | None:
    if count is None:
        return None
    if count < 0:
        raise ValidationError(
            f"{label}不能是负数，请填写0或正整数，不清楚可留空。", field="audience"
        )
    if count > MAX_AUDIENCE:
        raise ValidationError(f"{label}“{count}”过大，请检查是否多输了几位。", field="audience")
    return count
