"""Engine creation and the per-action session scope."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from ideowork.paths import DB_ENV_VAR, default_db_path, make_database_private, make_private


def resolve_db_url(target: str | None) -> URL:
    """--db (a path or a SQLAlchemy URL) > IDEOWORK_DB > the file in the user data dir."""
    chosen = target or os.environ.get(DB_ENV_VAR) or str(default_db_path())
    if "://" in chosen:
        return make_url(chosen)
    path = Path(chosen).expanduser().resolve()
    return URL.create("sqlite", database=str(path))


def sqlite_file(url: URL) -> Path | None:
    """The database file of a file-backed SQLite URL, else None."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


# How long a writer waits for another one (another thread, process or PC) before giving up;
# IDEOWORK_BUSY_TIMEOUT_MS overrides it (a slow network drive; tests that must not wait).
BUSY_TIMEOUT_MS = 15_000
BUSY_TIMEOUT_ENV_VAR = "IDEOWORK_BUSY_TIMEOUT_MS"


def busy_timeout_ms() -> int:
    """The wait for a busy database: IDEOWORK_BUSY_TIMEOUT_MS if it is a whole number of
    milliseconds (at most ten minutes), else BUSY_TIMEOUT_MS."""
    value = os.environ.get(BUSY_TIMEOUT_ENV_VAR, "").strip()
    if value.isascii() and value.isdigit() and int(value) <= 600_000:
        return int(value)
    return BUSY_TIMEOUT_MS


def _is_ours_or_empty(cursor: Any) -> bool:
    """A new (empty) database, or one with the migrations' version table: one we may switch
    to WAL. A foreign SQLite file is left as it is; opening it is then refused unchanged."""
    cursor.execute(
        "SELECT count(*), count(CASE WHEN name = 'alembic_version' THEN 1 END) FROM sqlite_master"
    )
    objects, version_tables = cursor.fetchone()
    return bool(objects == 0 or version_tables)


def _sqlite_pragmas(busy_timeout: int) -> Callable[[Any, Any], None]:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # First the wait: a busy database must be waited for from the first statement on.
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout)}")
        # WAL keeps readers and the writer apart; FULL sync so a power cut loses nothing
        # committed. (Reading the schema also fails here, at once, for a file that is not
        # a database at all.)
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0] != "wal" and _is_ours_or_empty(cursor):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return set_pragmas


WRITE_OPTION = "ideowork_write"


def _begin(connection: Connection) -> None:
    # The sqlite3 module never begins a transaction before DDL, so a failed migration would
    # leave half its tables behind; an explicit BEGIN makes every transaction all-or-nothing.
    # A write takes the write lock at once (IMMEDIATE): what it reads first (the audit chain's
    # head, the next 文号) cannot change under it, and a busy database is waited for here
    # (busy_timeout) instead of failing halfway through.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _keep_file_private(db_file: Path) -> Callable[[Any, Any], None]:
    def on_connect(_dbapi_connection: Any, _record: Any) -> None:
        # The first connection creates the file: its user's alone even when the caller did
        # not set the umask (a script, a test); -wal and -shm inherit its permissions.
        make_private(db_file)

    return on_connect


def make_engine(url: URL, busy_timeout: int | None = None) -> Engine:
    """An engine for `url`; on SQLite a writer waits `busy_timeout` ms (default:
    busy_timeout_ms()) for another one before it gives up with "database is locked"."""
    db_file = sqlite_file(url)
    if db_file is not None:
        db_file.parent.mkdir(parents=True, exist_ok=True)
        make_database_private(db_file)  # and what an earlier version left readable by others
    # Parameters never go into error messages or logs: they are the user's data (names,
    # phone numbers), and an error's text may reach a dialog or the crash log.
    engine = create_engine(url, future=True, hide_parameters=True)
    if url.get_backend_name() == "sqlite":
        if db_file is not None:  # first: before WAL mode creates the -wal and -shm files
            event.listen(engine, "connect", _keep_file_private(db_file))
        wait = busy_timeout_ms() if busy_timeout is None else busy_timeout
        event.listen(engine, "connect", _sqlite_pragmas(wait))
        event.listen(engine, "begin", _begin)
    return engine


class Database:
    """An engine plus the session factory every service uses, one session per user action."""

    def __init__(self, url: URL, busy_timeout: int | None = None) -> None:
        self.url = url
        self.engine = make_engine(url, busy_timeout)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )

    @property
    def file(self) -> Path | None:
        return sqlite_file(self.url)

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back on any error.

        `write=True` for one that changes data: on SQLite it holds the write lock from the
        start (BEGIN IMMEDIATE), so writers queue instead of failing on a stale snapshot."""
        factory = self._write_sessions if write else self._sessions
        with factory() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
