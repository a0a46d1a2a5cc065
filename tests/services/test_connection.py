"""The saved server connection: stored without the password, used when neither --db nor
IDEOWORK_DB is given; the command line's password question; libpq's refusals told in Chinese."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from ideowork.domain.errors import UserError
from ideowork.paths import DB_ENV_VAR, default_db_path
from ideowork.services.system import connection
from ideowork.services.system.connection import (
    Found,
    ServerConnection,
    fill_password,
    forget_connection,
    load_connection,
    resolve_target,
    save_connection,
    set_session_password,
)

SERVER = ServerConnection("192.168.1.20", 5432, "ideowork", "ideowork_app")


@pytest.fixture(autouse=True)
def no_password_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    yield
    connection._session_passwords.clear()


def test_saved_without_the_password_private_and_used_at_the_next_start() -> None:
    assert resolve_target(None).get_backend_name() == "sqlite"
    path = save_connection(SERVER)
    text = path.read_text(encoding="utf-8")
    assert "password" not in text and json.loads(text)["host"] == "192.168.1.20"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    saved = load_connection()
    assert saved is not None and saved.server == SERVER and saved.protected_password is None

    url = resolve_target(None)
    assert (url.get_backend_name(), url.host, url.database, url.password) == (
        "postgresql",
        "192.168.1.20",
        "ideowork",
        None,
    )
    set_session_password(SERVER, "s3cret")  # typed at start: in memory only
    assert resolve_target(None).password == "s3cret"
    assert "s3cret" not in path.read_text(encoding="utf-8")


def test_db_and_the_environment_come_before_the_saved_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_connection(SERVER)
    given = tmp_path / "given.sqlite3"
    assert resolve_target(str(given)).database == str(given.resolve())
    monkeypatch.setenv(DB_ENV_VAR, str(tmp_path / "env.sqlite3"))
    assert resolve_target(None).database == str((tmp_path / "env.sqlite3").resolve())


def test_back_to_the_local_database() -> None:
    save_connection(SERVER)
    assert forget_connection()
    assert load_connection() is None
    assert resolve_target(None).database == str(default_db_path().resolve())
    assert not forget_connection()


def test_a_damaged_file_says_what_to_do() -> None:
    path = save_connection(SERVER)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="请删除该文件后重新启动"):
        load_connection()


@pytest.mark.parametrize(
    ("server", "words"),
    [
        (ServerConnection("", 5432, "db", "u"), "服务器的地址"),
        (ServerConnection("host name", 5432, "db", "u"), "只能有字母"),
        (ServerConnection("h", 0, "db", "u"), "端口"),
        (ServerConnection("h", 5432, "", "u"), "数据库名"),
        (ServerConnection("h", 5432, "db", "u;drop"), "账号"),
    ],
)
def test_wrong_fields_are_named(server: ServerConnection, words: str) -> None:
    with pytest.raises(UserError, match=words):
        save_connection(server)


@pytest.mark.skipif(connection.can_remember_password(), reason="Windows keeps it (DPAPI)")
def test_the_password_is_never_remembered_where_the_os_cannot_protect_it() -> None:
    with pytest.raises(UserError, match="不能安全地保存密码"):
        save_connection(SERVER, remember_password="s3cret")
    assert load_connection() is None


@pytest.mark.skipif(not connection.can_remember_password(), reason="DPAPI: Windows only")
def test_a_remembered_password_is_protected_by_windows() -> None:  # pragma: no cover
    path = save_connection(SERVER, remember_password="s3cret")
    assert "s3cret" not in path.read_text(encoding="utf-8")
    assert resolve_target(None).password == "s3cret"


def test_the_command_line_asks_for_a_missing_password(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "pw"

    url = "postgresql+psycopg://app@db.local/ideowork"
    filled = fill_password(url, ask)
    assert filled == "postgresql+psycopg://app:pw@db.local/ideowork" and len(asked) == 1
    assert fill_password(filled, ask) == filled and len(asked) == 1  # has one already
    assert fill_password(url, None) == url  # not interactive: nothing asked
    assert fill_password("some/file.sqlite3", ask) == "some/file.sqlite3"
    monkeypatch.setenv("PGPASSWORD", "from-env")
    assert fill_password(url, ask) == url and len(asked) == 1  # libpq reads PGPASSWORD
    monkeypatch.delenv("PGPASSWORD")

    save_connection(SERVER)  # the saved connection: the answer stays in memory
    assert fill_password(None, ask) is None
    assert resolve_target(None).password == "pw" and "ideowork_app@192.168.1.20" in asked[-1]


def _refused(words: str) -> Found:
    error = OperationalError("connect", {}, Exception(words))
    return connection._refusal(SERVER, error).found


def test_libpq_refusals_are_told_apart() -> None:
    assert _refused('FATAL:  password authentication failed for user "x"') is Found.LOGIN_REFUSED
    assert _refused("fe_sendauth: no password supplied") is Found.LOGIN_REFUSED
    assert _refused('FATAL:  role "x" does not exist') is Found.LOGIN_REFUSED
    assert _refused('FATAL:  database "x" does not exist') is Found.NO_DATABASE
    assert _refused('no pg_hba.conf entry for host "10.0.0.5"') is Found.NOT_ALLOWED
    assert _refused("could not translate host name") is Found.UNREACHABLE
    assert _refused("Connection refused") is Found.UNREACHABLE
    assert _refused("timeout expired") is Found.UNREACHABLE
