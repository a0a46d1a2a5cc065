"""连接数据库…'s test against a real server: each state it tells apart, the schema created on
an empty database, and the saved connection opened at the next start."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.system import connection
from ideowork.services.system.connection import (
    Found,
    ServerConnection,
    create_schema,
    probe,
    save_connection,
)
from ideowork.services.system.server import copy_data
from tests.conftest import TEST_NOW


def _server(url: URL, database: str | None = None) -> ServerConnection:
    return ServerConnection(
        str(url.query["host"]), int(str(url.query["port"])), database or str(url.database),
        str(url.username),
    )  # fmt: skip


def _execute(url: URL, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection_:
            for statement in statements:
                connection_.execute(text(statement))
    finally:
        engine.dispose()


def test_an_empty_database_is_offered_the_schema_then_ready(pg_url: URL) -> None:
    server = _server(pg_url)
    found = probe(server, None)
    assert found.found is Found.EMPTY and found.can_save and "空数据库" in found.message
    create_schema(server, None)
    found = probe(server, None)
    assert found.found is Found.READY and "尚未填写单位信息" in found.message


def test_ready_names_the_unit(tmp_path: Path, pg_url: URL) -> None:
    source = tmp_path / "unit.sqlite3"
    services = Services.open(str(source), clock=FixedClock(TEST_NOW))
    services.demo.load()
    services.close()
    copy_data(str(source), pg_url.render_as_string(hide_password=False))
    found = probe(_server(pg_url), None)
    assert found.found is Found.READY and found.unit_name == "中共完冒镇委员会"
    assert "中共完冒镇委员会" in found.message


def test_a_missing_database_and_a_silent_port(pg_url: URL) -> None:
    found = probe(_server(pg_url, "no_such_db"), None)
    assert found.found is Found.NO_DATABASE and "no_such_db" in found.message
    with socket.socket() as probe_socket:  # a port nobody listens on
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    found = probe(ServerConnection("127.0.0.1", port, "ideowork", "app"), None)
    assert found.found is Found.UNREACHABLE and not found.can_save
    assert f"127.0.0.1:{port}" in found.message


def test_older_newer_and_foreign_schemas(pg_url: URL) -> None:
    server = _server(pg_url)
    create_schema(server, None)
    _execute(pg_url, "UPDATE alembic_version SET version_num = '0005'")
    found = probe(server, None)
    assert found.found is Found.OLDER and found.can_save and "自动升级" in found.message
    _execute(pg_url, "UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    found = probe(server, None)
    assert found.found is Found.NEWER and not found.can_save and "更新" in found.message
    _execute(pg_url, "DROP TABLE alembic_version")
    found = probe(server, None)
    assert found.found is Found.FOREIGN and not found.can_save


def test_the_saved_connection_is_what_the_next_start_opens(
    pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = _server(pg_url)
    create_schema(server, None)
    save_connection(server)
    services = Services.open(None, clock=FixedClock(TEST_NOW))
    try:
        assert services.runtime.db.url.get_backend_name() == "postgresql"
        assert services.runtime.db.url.database == pg_url.database
        assert services.demo.is_empty()
    finally:
        services.close()
    connection.forget_connection()
    local = Services.open(None, clock=FixedClock(TEST_NOW))
    try:
        assert local.runtime.db.url.get_backend_name() == "sqlite"
    finally:
        local.close()
