"""Shared fixtures: offscreen Qt, a private data dir, a fixed clock, a fresh database per test."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

# Qt aborts without a display unless this is set before QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Module-scoped fixtures run before the per-test folders below exist: they too must never
# write the real user's data or config folder (audit keys and their anchors live there).
os.environ["IDEOWORK_DATA_DIR"] = tempfile.mkdtemp(prefix="ideowork-test-data-")
os.environ["IDEOWORK_CONFIG_DIR"] = tempfile.mkdtemp(prefix="ideowork-test-config-")

import pytest

from ideowork.db.engine import Database
from ideowork.services.context import Services
from ideowork.services.runtime import Actor, FixedClock, Runtime

# Every test runs on this day unless it sets the clock itself: nothing depends on the real
# date (a test comparing with date.today() could fail at midnight on a quarter's last day).
TEST_NOW = dt.datetime(2026, 11, 26, 9, 30)
TEST_ACTOR = Actor(user="测试员", workstation="测试电脑")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user data dir or a database named in the environment."""
    data = tmp_path / "userdata"
    monkeypatch.setenv("IDEOWORK_DATA_DIR", str(data))
    monkeypatch.setenv("IDEOWORK_CONFIG_DIR", str(tmp_path / "userconfig"))  # audit keys
    monkeypatch.delenv("IDEOWORK_DB", raising=False)
    return data


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TEST_NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def runtime(db: Database, clock: FixedClock) -> Runtime:
    return Runtime(db, clock, TEST_ACTOR)


@pytest.fixture
def services(runtime: Runtime) -> Services:
    return Services(runtime)


@pytest.fixture
def demo_services(services: Services) -> Services:
    services.demo.load()
    return services


@pytest.fixture
def demo_db(demo_services: Services) -> Database:
    return demo_services.runtime.db


# A throw-away PostgreSQL server for the tests that run on one (skipped where it is missing).
from tests.pg_server import pg_cluster, pg_url  # noqa: E402, F401

# `--backend postgresql` (tests/backends.py): `db`, and all built on it, a fresh database on
# that server instead of a SQLite file; the marker `sqlite_only("why")`.
pytest_plugins = ("tests.backends",)
