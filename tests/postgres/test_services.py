"""`check` on a real PostgreSQL server after the flows of a case, whatever `--backend` says.

The whole service and migration suites run on the server with `--backend postgresql`
(tests/backends.py, `make test`); this test runs there even without it: the `db` fixture is
replaced here by a fresh PostgreSQL database. Skipped where PostgreSQL is not installed
(never in CI).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import URL

from ideowork.db.engine import Database
from ideowork.services.context import Services
from ideowork.services.database import open_database
from ideowork.services.ledgers.cases import Assignment, Closing
from tests.services.test_cases import DAY, draft, office_id


@pytest.fixture
def db(pg_url: URL) -> Iterator[Database]:
    database = open_database(pg_url.render_as_string(hide_password=False))
    assert database.engine.dialect.name == "postgresql"
    yield database
    database.dispose()


def test_check_passes_on_the_server_after_the_flows(demo_services: Services) -> None:
    """Integrity, schema, the sealed chain, its head and the records, on PostgreSQL."""
    case = demo_services.cases.register(
        draft(case_no=demo_services.cases.suggest_case_no("hotline_12345", DAY))
    )
    demo_services.cases.assign(case.id, Assignment(office_id(demo_services, "宣传办"), DAY, DAY))
    demo_services.cases.close(case.id, Closing(DAY, "已核实并处理"))
    report = demo_services.maintenance.check()
    assert report.ok, [(item.name, item.detail) for item in report.items]
    assert {item.name for item in report.items} >= {"integrity", "schema", "audit"}
