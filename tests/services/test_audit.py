"""The audit trail: who and where, a chain two writers cannot fork, changes announced."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from ideowork.db.engine import Database, resolve_db_url
from ideowork.db.models import AuditEntry
from ideowork.domain.errors import UserError
from ideowork.services.context import Services
from ideowork.services.runtime import EVERYTHING, Actor, FixedClock, Runtime
from ideowork.services.system import audit, audit_seal
from ideowork.services.unit import OfficeInfo
from tests.conftest import TEST_ACTOR, TEST_NOW


def audit_problems(services: Services) -> list[str]:
    with services.runtime.read() as session:
        return audit.chain_problems(session)


def entry_count(services: Services) -> int:
    with services.runtime.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_every_entry_names_the_user_the_workstation_and_the_clock_time(
    services: Services,
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    [entry] = services.maintenance.recent_changes()
    assert (entry.actor, entry.workstation) == (TEST_ACTOR.user, TEST_ACTOR.workstation)
    assert entry.at == TEST_NOW
    assert services.maintenance.check().ok


def test_the_hash_covers_user_and_workstation(services: Services) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.unit.save_office(OfficeInfo(None, "财政所"))
    with services.runtime.db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET actor = '别人' WHERE id = 1"))
    assert audit_problems(services) == ["审计记录 #1 的内容与校验值不符（记录被改动）"]
    with services.runtime.db.engine.begin() as connection:
        # Claiming an older scheme (which hashed no actor, or no key) does not make it pass.
        connection.execute(text("UPDATE audit_entry SET scheme = 1 WHERE id = 1"))
    assert audit_problems(services)[0] == "审计记录 #1 的内容与校验值不符（记录被改动）"


def test_a_later_entry_cannot_claim_an_older_scheme(services: Services) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.unit.save_office(OfficeInfo(None, "财政所"))
    with services.runtime.read() as session:
        assert session.scalars(select(AuditEntry.scheme)).all() == [audit.KEYED_SCHEME] * 2
    for scheme in (audit.LEGACY_SCHEME, audit.ACTOR_SCHEME):
        with services.runtime.read() as session:
            second = session.get(AuditEntry, 2)
            assert second is not None
            second.scheme = scheme
            # A forger who recomputes this entry's hash the way its claimed scheme does …
            forged = audit_seal.plain_digest(second)
            session.rollback()
        with services.runtime.db.engine.begin() as connection:
            connection.execute(
                text("UPDATE audit_entry SET scheme = :s, hash = :h WHERE id = 2"),
                {"s": scheme, "h": forged},
            )
        # … is caught: an older scheme after a newer one is a rewrite.
        assert "审计记录 #2 的内容与校验值不符（记录被改动）" in audit_problems(services)


def test_recording_outside_a_write_transaction_is_a_bug(services: Services) -> None:
    with (
        services.runtime.read() as session,
        pytest.raises(RuntimeError, match=r"Runtime\.write"),
    ):
        audit.record(session, "create", "office", None, "x")


def test_two_threads_appending_at_once_leave_an_unbroken_chain(services: Services) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def add(prefix: str, workstation: str) -> None:
        # Each thread is another PC of the unit: its own Services on the same database.
        other = Services(
            Runtime(services.runtime.db, services.runtime.clock, Actor("甲", workstation))
        )
        start.wait()
        try:
            for number in range(40):
                other.unit.save_office(OfficeInfo(None, f"{prefix}{number}"))
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=add, args=("甲股室", "电脑甲")),
        threading.Thread(target=add, args=("乙股室", "电脑乙")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert entry_count(services) == 80
    assert audit_problems(services) == []
    stations = {e.workstation for e in services.maintenance.recent_changes(100)}
    assert stations == {"电脑甲", "电脑乙"}


WRITER = """
import sys
from ideowork.services.context import Services
from ideowork.services.runtime import Actor
from ideowork.services.unit import OfficeInfo
services = Services.open(sys.argv[1], actor=Actor("进程", sys.argv[2]))
print("ready", flush=True)
sys.stdin.readline()  # both processes start appending together
for number in range(40):
    services.unit.save_office(OfficeInfo(None, f"{sys.argv[2]}-{number}"))
services.close()
"""


def test_two_processes_appending_at_once_leave_an_unbroken_chain(
    services: Services, db_target: str
) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_target, name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("进程甲", "进程乙")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    assert entry_count(services) == 80
    assert audit_problems(services) == []


def test_committed_writes_announce_what_they_changed(services: Services) -> None:
    heard: list[frozenset[str]] = []
    unsubscribe = services.subscribe(heard.append)
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.demo.load(force=True)
    unsubscribe()
    services.unit.save_office(OfficeInfo(None, "财政所2"))
    assert heard[0] == {"office"}
    assert EVERYTHING in heard[1]
    assert len(heard) == 2


def test_a_failed_write_announces_nothing(services: Services) -> None:
    heard: list[frozenset[str]] = []
    services.subscribe(heard.append)
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    with pytest.raises(Exception, match="已有名为"):
        services.unit.save_office(OfficeInfo(None, "党政办公室"))
    assert heard == [frozenset({"office"})]


def test_check_json_names_who_checked_and_who_changed_last(
    db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from ideowork.cli import main

    assert main(["--db", db_target, "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", db_target, "check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    actor = Actor.of_this_session()
    assert report["checked_by"]["user"] == actor.user
    assert report["checked_by"]["workstation"] == actor.workstation
    assert report["last_change"]["user"] == actor.user
    assert report["last_change"]["workstation"] == actor.workstation
    assert "示例单位" in report["last_change"]["summary"]


def test_a_read_only_runtime_refuses_every_write(db: Database, clock: FixedClock) -> None:
    services = Services(Runtime(db, clock, read_only=True))
    with pytest.raises(UserError, match="只读"):
        services.unit.save_office(OfficeInfo(None, "办公室"))
    assert services.read_only


def test_services_open_read_only_never_migrates(db_path: Path) -> None:
    Services.open(str(db_path)).close()
    db = Database(resolve_db_url(str(db_path)))
    with db.session(write=True) as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    db.dispose()
    before = db_path.read_bytes()
    with pytest.raises(UserError, match="需要先升级"):
        Services.open(str(db_path), read_only=True)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()
