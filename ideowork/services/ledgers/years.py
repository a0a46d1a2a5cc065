"""The years a dated ledger has rows in, read from the date column's index.

`SELECT DISTINCT extract(year …)` reads every row (100 000 cases: 0.1–0.2 s on each opening
of a page and each change). The first and the last date are one index lookup each, and
whether a year between has a row is one more (an EXISTS over a range of the index), all
asked in one statement: the cost no longer grows with the rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session


def years_with_rows(session: Session, column: InstrumentedAttribute[dt.date]) -> list[int]:
    """The years, in order, in which `column` (an indexed date) has at least one row."""
    # Two statements: SQLite answers a lone min() or max() from the index, but not the pair.
    first = session.scalar(select(func.min(column)))
    last = session.scalar(select(func.max(column)))
    if first is None or last is None:
        return []
    years = range(first.year, last.year + 1)
    if len(years) <= 2:
        return list(years)
    probes = [
        exists().where(column.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        for year in years[1:-1]
    ]
    found = session.execute(select(*probes)).one()
    inner = [year for year, has in zip(years[1:-1], found, strict=True) if has]
    return [years[0], *inner, years[-1]]
