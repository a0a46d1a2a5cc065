"""A throw-away PostgreSQL cluster for the tests that run on a real server.

`pg_cluster` (session-scoped) runs initdb and pg_ctl from Debian's `postgresql` package into a
temporary folder, listening only on a Unix socket in that folder (and a free local port, never
on the network), and stops it at the end. As root the server runs as the `postgres` user.
`pg_url` is a fresh, empty database per test.

Without the PostgreSQL programs these tests are skipped with the reason; in CI (`CI=1`, set by
`.ci/run`) a server that is missing or does not start fails them instead.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

PG_BIN_ENV_VAR = "IDEOWORK_PG_BIN"  # a folder holding initdb and pg_ctl, if not the default


def bin_dir() -> Path | None:
    chosen = os.environ.get(PG_BIN_ENV_VAR)
    candidates = [Path(chosen)] if chosen else []
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(Path(found).resolve().parent)
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = [p for p in root.iterdir() if p.name.isdigit()]
        candidates += [p / "bin" for p in sorted(versions, key=lambda p: -int(p.name))]
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason} (install Debian's `postgresql` package)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgCluster:
    bin_dir: Path
    folder: Path
    port: int
    user: str
    run_as: str | None  # the OS user the server runs as, when we are root

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            database=database,
            query={"host": str(self.folder), "port": str(self.port)},
        )

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, cwd=self.folder
        )

    def start(self) -> None:
        initdb = self._run(
            "initdb", "-D", str(self.data), "-U", self.user, "-E", "UTF8",
            "--locale=C", "--auth=trust", "--no-sync",
        )  # fmt: skip
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed: {initdb.stderr.strip() or initdb.stdout.strip()}")
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' -p {self.port}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.folder / "server.log"
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"
        )
        if started.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()} {tail}")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").is_file():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self) -> URL:
        name = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8'"))
        finally:
            admin.dispose()
        return self.url(name)

    def drop_database(self, url: URL) -> None:
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        finally:
            admin.dispose()


def _start_cluster() -> PgCluster:
    found_bin = bin_dir()
    if found_bin is None:
        _unavailable("initdb/pg_ctl not found")
        raise AssertionError("unreachable")
    run_as: str | None = None
    if os.geteuid() == 0:  # the server refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no `postgres` user to run the server")
        run_as = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="ideowork-pg-"))
    if run_as:
        shutil.chown(folder, user=run_as)
    os.chmod(folder, 0o755)  # the test process reaches the socket inside
    cluster = PgCluster(found_bin, folder, _free_port(), "ideowork", run_as)
    try:
        cluster.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        cluster.stop()
        _unavailable(f"the test server did not start: {error}")
    atexit.register(cluster.stop)  # also when the session is interrupted
    return cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    cluster = _start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[URL]:
    """A new, empty PostgreSQL database for one test, dropped after it."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)
