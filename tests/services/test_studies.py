"""The study ledger's ids and rows by id: sorting in SQL, attendance counted in SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ideowork.db.models import StudySession
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.ledgers.studies import SESSION_SORT_KEYS

YEAR = Period.parse("2020")


def test_attendance_counted_in_sql_matches_the_rows(demo_services: Services) -> None:
    views = {v.id: v for v in demo_services.studies.sessions_in(YEAR)}
    with demo_services.runtime.read() as session:
        for row in session.scalars(select(StudySession)):
            present = sum(1 for a in row.attendance if a.present)
            assert views[row.id].attendee_count == present
    assert any(v.attendee_count > 0 for v in views.values())


@pytest.mark.parametrize("key", sorted(SESSION_SORT_KEYS))
def test_every_sort_key_gives_all_sessions(demo_services: Services, key: str) -> None:
    ids = demo_services.studies.session_ids(YEAR, (key, True))
    assert sorted(ids) == sorted(demo_services.studies.session_ids(YEAR))
    assert len(ids) == demo_services.studies.count_in(YEAR) > 0


def test_sessions_in_keeps_date_order(demo_services: Services) -> None:
    dates = [v.held_on for v in demo_services.studies.sessions_in(YEAR)]
    assert dates == sorted(dates)
