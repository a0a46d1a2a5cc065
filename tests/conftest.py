"""Shared fixtures: offscreen Qt, a private data dir, and a fresh database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Qt aborts without a display unless this is set before QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from ideowork.db.engine import Database
from ideowork.services.database import open_database
from ideowork.services.demo import load_demo
from ideowork.services.context import Services


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user data dir or a database named in the environment."""
    data = tmp_path / "userdata"
    monkeypatch.setenv("IDEOWORK_DATA_DIR", str(data))
    monkeypatch.delenv("IDEOWORK_DB", raising=False)
    return data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(str(db_path))
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db: Database) -> Database:
    load_demo(db)
    return db


@pytest.fixture
def services(db: Database) -> Services:
    return Services.for_database(db)


@pytest.fixture
def demo_services(demo_db: Database) -> Services:
    return Services.for_database(demo_db)
