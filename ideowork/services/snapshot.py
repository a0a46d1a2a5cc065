"""Plain-dict snapshots of rows, for the audit trail's before/after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

from ideowork.db.models import Base


def snapshot(row: Base) -> dict[str, Any]:
    mapper = inspect(row).mapper
    return {column.key: getattr(row, column.key) for column in mapper.column_attrs}
