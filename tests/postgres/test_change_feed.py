"""Others' changes seen while open, with two PCs on a real PostgreSQL server (the SQLite tests
of tests/services/test_change_feed.py, run again with `db` on the server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import URL

from ideowork.db.engine import Database
from ideowork.services.database import open_database
from tests.services.test_change_feed import (  # noqa: F401
    test_a_burst_is_told_as_everything_and_skipped_past,
    test_a_viewing_window_sees_the_editing_windows_changes,
    test_another_pcs_change_reaches_the_pages_as_an_announcement,
    test_loading_the_demo_elsewhere_reloads_everything,
    test_own_changes_are_not_news,
    two_pcs,
)


@pytest.fixture
def db(pg_url: URL) -> Iterator[Database]:
    database = open_database(pg_url.render_as_string(hide_password=False))
    assert database.engine.dialect.name == "postgresql"
    yield database
    database.dispose()
