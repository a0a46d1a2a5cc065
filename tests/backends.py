"""`--backend sqlite|postgresql`: the database the `db` fixture (and all built on it) runs on.

A pytest plugin, loaded by tests/conftest.py. The default is a fresh SQLite file per test.
With `--backend postgresql` every test's `db`, `db_target` and `empty_db_target` are fresh
databases on the throw-away server of tests/pg_server.py instead: the schema is migrated
once per session into a template database, and each test gets `CREATE DATABASE … TEMPLATE`
of it (a file copy on the server, far cheaper than running the migrations again).

Tests that are about SQLite by nature (its pragmas, the database file, file backups and
restore) carry `@pytest.mark.sqlite_only("why")` and are skipped on PostgreSQL with that reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from ideowork.db.engine import Database
from ideowork.services.database import open_database
from tests.pg_server import PgCluster, bin_dir

BACKENDS = ("sqlite", "postgresql")
TEMPLATE_DATABASE = "ideowork_template"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=BACKENDS,
        default="sqlite",
        help="the database the `db` fixture runs on: a SQLite file (default) or a fresh "
        "database on a throw-away PostgreSQL server (tests/pg_server.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): about SQLite by nature (its file, pragmas, file backups); "
        "skipped with `--backend postgresql`, giving the reason",
    )


def backend(config: pytest.Config) -> str:
    return str(config.getoption("--backend"))


def on_postgres(config: pytest.Config) -> bool:
    return backend(config) == "postgresql"


# A test that asks for none of these never reaches the database of the chosen backend: it
# runs the same in the SQLite pass, so the PostgreSQL pass leaves it out.
ON_THE_BACKEND = frozenset({"db", "db_target", "empty_db_target", "pg_url", "pg_cluster"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL: leave out the tests that do not use its database, skip the ones
    marked sqlite_only saying why, and all of them, with the reason, where there is no
    server to run (outside CI; in CI the server fixture fails them instead)."""
    if not on_postgres(config):
        return
    kept = [item for item in items if ON_THE_BACKEND & set(getattr(item, "fixturenames", ()))]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
    missing = None if os.environ.get("CI") or bin_dir() else "initdb/pg_ctl not found"
    for item in items:
        if missing:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"PostgreSQL tests skipped: {missing} "
                    "(install Debian's `postgresql` package, or set IDEOWORK_PG_BIN)"
                )
            )
            continue
        marker = item.get_closest_marker("sqlite_only")
        if marker is None:
            continue
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs the reason")
        item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def address(url: URL) -> str:
    """A URL as --db takes it (the test server has no password to hide)."""
    return url.render_as_string(hide_password=False)


def _admin_execute(cluster: PgCluster, statement: str) -> None:
    admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def migrated_template(cluster: PgCluster) -> str:
    """The template database at the newest schema, made once per session (then left
    without connections: CREATE DATABASE … TEMPLATE refuses a template in use)."""
    _admin_execute(cluster, f'DROP DATABASE IF EXISTS "{TEMPLATE_DATABASE}" WITH (FORCE)')
    _admin_execute(cluster, f"CREATE DATABASE \"{TEMPLATE_DATABASE}\" ENCODING 'UTF8'")
    open_database(address(cluster.url(TEMPLATE_DATABASE))).dispose()
    return TEMPLATE_DATABASE


def clone(cluster: PgCluster, template: str) -> URL:
    name = f"t_{uuid.uuid4().hex[:12]}"
    _admin_execute(cluster, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return cluster.url(name)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_template(request: pytest.FixtureRequest) -> str:
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return migrated_template(cluster)


@pytest.fixture
def empty_db_target(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """The address of a new, empty database (no schema yet) on the chosen backend."""
    if not on_postgres(request.config):
        yield str(db_path)
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield address(url)
    cluster.drop_database(url)


@pytest.fixture
def db_target(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """The address (--db) of the test's database on the chosen backend: on SQLite the file
    `db_path` (created when first opened), on PostgreSQL a clone of the migrated template."""
    if not on_postgres(request.config):
        yield str(db_path)
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = clone(cluster, request.getfixturevalue("pg_template"))
    yield address(url)
    cluster.drop_database(url)


@pytest.fixture
def db(db_target: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    database = open_database(db_target)
    assert database.engine.dialect.name == backend(request.config)
    yield database
    database.dispose()
