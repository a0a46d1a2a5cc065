"""Maintenance: backup and restore as the GUI and the command line use them (the app's clock,
the audit entry, the safety copy named, the engine let go only for the swap)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from ideowork.db import restore as restore_module
from ideowork.db.migrate import MigrationError
from ideowork.domain.errors import UserError
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.system import audit
from ideowork.services.system.maintenance import RestoreResult, restore_database
from tests.conftest import TEST_ACTOR, TEST_NOW

RELEASE_DB = Path(__file__).parents[1] / "db" / "fixtures" / "release-0.1.0.sqlite3"


def fingerprint(db_file: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(db_file.parent.glob(db_file.name + "*"))
        if path.is_file() and not path.name.endswith("-shm")
    }


# On PostgreSQL (--backend postgresql) these are skipped: they are about the SQLite file.
NAMED_AFTER_THE_FILE = "a backup is named after the SQLite file (a server's: server-<database>)"
DAILY_BACKUP_OF_THE_FILE = (
    "the daily start-up backup copies the SQLite file (a server is backed up on the server)"
)
RESTORE_REPLACES_THE_FILE = (
    "restore replaces the SQLite file (a server database is restored on the server, or by copy)"
)


def people(services: Services) -> list[str]:
    return sorted(p.name for p in services.unit.list_people())


@pytest.mark.sqlite_only(NAMED_AFTER_THE_FILE)
def test_backup_is_named_after_the_app_clock(demo_services: Services) -> None:
    written = demo_services.maintenance.backup()
    assert written.name == "test-20261126-093000-000000-manual.sqlite3"


@pytest.mark.sqlite_only(DAILY_BACKUP_OF_THE_FILE)
def test_daily_backup_follows_the_app_clock(demo_services: Services, clock: FixedClock) -> None:
    maintenance = demo_services.maintenance
    assert maintenance.daily_backup() is not None
    clock.set(TEST_NOW + dt.timedelta(hours=20))
    assert maintenance.daily_backup() is None
    clock.set(TEST_NOW + dt.timedelta(days=1))
    later = maintenance.daily_backup()
    assert later is not None and later.name.startswith("test-20261127-093000")


def test_backup_out_to_a_folder_or_refused(demo_services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    written = demo_services.maintenance.backup(out=folder)
    assert written.parent == folder
    with pytest.raises(UserError, match="设备"):
        demo_services.maintenance.backup(out=Path("/dev/null"))


@pytest.mark.sqlite_only(RESTORE_REPLACES_THE_FILE)
def test_restore_in_the_app(demo_services: Services, db_path: Path) -> None:
    maintenance = demo_services.maintenance
    backup = maintenance.backup()
    zhou = next(p for p in demo_services.unit.list_people() if p.name == "周敏")
    assert zhou.id is not None
    demo_services.unit.delete_person(zhou.id)
    heard: list[frozenset[str]] = []
    demo_services.subscribe(heard.append)

    result = maintenance.restore(backup)

    assert "周敏" in people(demo_services)  # the same Services go on, on the restored file
    assert result.safety_copy is not None
    assert result.safety_copy.name == "test-20261126-093000-000000-before-restore.sqlite3"
    with closing(sqlite3.connect(result.safety_copy)) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM person")}
    assert "周敏" not in names  # the data as it was just before
    assert result.summary.endswith(f"恢复前的数据已另存为：{result.safety_copy}")
    entry = maintenance.recent_changes(1)[0]
    assert entry.action == "restore" and backup.name in entry.summary
    assert entry.actor == TEST_ACTOR.user
    assert heard and "*" in heard[-1]
    assert maintenance.check().ok


@pytest.mark.sqlite_only(RESTORE_REPLACES_THE_FILE)
def test_a_refused_restore_leaves_the_app_running_on_its_data(
    demo_services: Services, db_path: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("这不是备份", encoding="utf-8")
    before = fingerprint(db_path)
    with pytest.raises(UserError, match=r"未通过完整性检查.*当前数据库未作任何改动"):
        demo_services.maintenance.restore(junk)
    assert fingerprint(db_path) == before
    assert len(people(demo_services)) == 9
    assert not (db_path.parent / "backups").exists()


@pytest.mark.sqlite_only(RESTORE_REPLACES_THE_FILE)
def test_a_failed_upgrade_leaves_the_app_on_its_data(
    demo_services: Services, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE_DB, old)

    def broken_upgrade(*_args: object, **_kwargs: object) -> None:
        raise MigrationError("数据库升级失败：boom")

    monkeypatch.setattr(restore_module, "upgrade_to_head", broken_upgrade)
    before = fingerprint(db_path)
    with pytest.raises(UserError, match="无法升级"):
        demo_services.maintenance.restore(old)
    assert fingerprint(db_path) == before
    assert len(people(demo_services)) == 9


@pytest.mark.sqlite_only(RESTORE_REPLACES_THE_FILE)
def test_an_older_backup_is_upgraded_and_said_so(demo_services: Services, tmp_path: Path) -> None:
    old = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE_DB, old)
    result = demo_services.maintenance.restore(old)
    assert result.upgraded_from == "0001" and "0001" in result.summary
    assert demo_services.maintenance.check().items[0].ok  # the file is sound


def test_restore_from_the_command_line_replaces_a_broken_database(
    db_path: Path, tmp_path: Path, demo_services: Services
) -> None:
    backup = demo_services.maintenance.backup(out=tmp_path / "good.sqlite3")
    demo_services.close()
    for companion in db_path.parent.glob(db_path.name + "-*"):
        companion.unlink()
    db_path.write_bytes(b"\x00" * 8192)  # the database that no longer opens
    result = restore_database(str(db_path), backup, clock=FixedClock(TEST_NOW))
    assert result.safety_copy is not None and result.safety_copy.read_bytes() == b"\x00" * 8192
    reopened = Services.open(str(db_path))
    try:
        assert len(people(reopened)) == 9
        assert reopened.maintenance.recent_changes(1)[0].action == "restore"
    finally:
        reopened.close()


def test_restore_where_there_was_no_database(tmp_path: Path, demo_services: Services) -> None:
    backup = demo_services.maintenance.backup(out=tmp_path / "good.sqlite3")
    target = tmp_path / "new-pc" / "ideowork.sqlite3"
    result = restore_database(str(target), backup, clock=FixedClock(TEST_NOW))
    assert result.safety_copy is None and "恢复前没有数据库文件" in result.summary
    assert target.is_file()


def test_summary_names_the_safety_copy_last() -> None:
    result = RestoreResult(Path("/b/x.sqlite3"), Path("/d/backups/y.sqlite3"))
    assert result.summary == "已从“x.sqlite3”恢复。恢复前的数据已另存为：/d/backups/y.sqlite3"


@pytest.mark.sqlite_only(RESTORE_REPLACES_THE_FILE)
def test_a_restore_that_cannot_be_audited_says_it_is_done(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    maintenance = demo_services.maintenance
    backup = maintenance.backup()
    zhou = next(p for p in demo_services.unit.list_people() if p.name == "周敏")
    assert zhou.id is not None
    demo_services.unit.delete_person(zhou.id)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OperationalError(
            "INSERT INTO audit_entry …", {}, sqlite3.OperationalError("disk I/O error")
        )

    monkeypatch.setattr(audit, "record", disk_full)
    with pytest.raises(UserError) as failed:
        maintenance.restore(backup)
    message = str(failed.value)
    assert "已从" in message and "另存为" in message and "没能在审计记录中登记" in message
    assert "INSERT" not in message  # never the SQL
    assert "周敏" in people(demo_services)
