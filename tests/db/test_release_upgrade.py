"""A database made by release 0.1.0 opens in this version: backed up, migrated, nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ideowork.db.migrate import head_revision
from ideowork.db.models import TRAVELLING_MODELS
from ideowork.services.context import Services
from ideowork.services.runtime import Actor
from ideowork.services.system import audit
from ideowork.services.unit import OfficeInfo

RELEASE_DB = Path(__file__).parent / "fixtures" / "release-0.1.0.sqlite3"
TABLES = [model.__tablename__ for model in TRAVELLING_MODELS]  # type: ignore[attr-defined]
RELEASE_TABLES = [
    "unit",
    "office",
    "person",
    "task",
    "task_progress",
    "study_session",
    "quota_rule",
    "sentiment_case",
    "finding",
    "generated_document",
    "audit_entry",
    "attendance",
    "task_leader",
    "task_office",
    "setting",
]


def counts(db_file: Path) -> dict[str, int]:
    with sqlite3.connect(db_file) as connection:
        return {
            n: connection.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in RELEASE_TABLES
        }


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    target = tmp_path / "ideowork.sqlite3"
    shutil.copyfile(RELEASE_DB, target)
    return target


def test_release_database_is_backed_up_then_migrated_whole(release_copy: Path) -> None:
    before = counts(release_copy)
    services = Services.open(str(release_copy), actor=Actor("张三", "党政办-01"))
    backups = list((release_copy.parent / "backups").glob("*pre-migration.sqlite3"))
    assert len(backups) == 1 and counts(backups[0]) == before
    with sqlite3.connect(backups[0]) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert counts(release_copy) == before
    with sqlite3.connect(release_copy) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        unit_uid = connection.execute("SELECT uid FROM unit").fetchone()[0]
        for table in TABLES:
            rows = connection.execute(f"SELECT uid, origin FROM {table}").fetchall()
            uids = [uid for uid, _ in rows]
            assert all(len(uid) == 36 for uid in uids) and len(set(uids)) == len(uids), table
            assert {origin for _, origin in rows} <= {unit_uid}, table
        legacy = connection.execute("SELECT DISTINCT scheme, actor FROM audit_entry").fetchall()
        # The cases' history is derived from the dates the release kept.
        registered = connection.execute(
            "SELECT count(*) FROM case_event WHERE action = 'register'"
        ).fetchone()[0]
        closed = connection.execute(
            "SELECT count(*) FROM sentiment_case WHERE closed_on IS NOT NULL"
        ).fetchone()[0]
        closings = connection.execute(
            "SELECT count(*) FROM case_event WHERE action = 'close'"
        ).fetchone()[0]
        channels = connection.execute(
            "SELECT count(*) FROM choice WHERE list = 'case_channel'"
        ).fetchone()[0]
    assert legacy == [(audit.LEGACY_SCHEME, "")]
    assert registered == before["sentiment_case"] and closings == closed > 0
    assert channels == 11
    assert services.maintenance.check().ok  # the release's hash chain still verifies

    services.unit.save_office(OfficeInfo(None, "新设股室"))
    newest = services.maintenance.recent_changes(1)[0]
    assert (newest.actor, newest.workstation) == ("张三", "党政办-01")
    assert services.maintenance.check().ok
    [document] = services.archive.documents()
    assert document.doc_number == "完党字〔2020〕105号" and document.printed_at is not None
    with services.runtime.read() as session:
        assert audit.chain_problems(session) == []
    services.close()


def test_new_records_get_the_units_uid_as_origin(release_copy: Path) -> None:
    services = Services.open(str(release_copy))
    office = services.unit.save_office(OfficeInfo(None, "新设股室"))
    with sqlite3.connect(release_copy) as connection:
        unit_uid = connection.execute("SELECT uid FROM unit").fetchone()[0]
        row = connection.execute(
            "SELECT uid, origin FROM office WHERE id = ?", (office.id,)
        ).fetchone()
    assert len(row[0]) == 36 and row[1] == unit_uid
    services.close()


def test_records_made_before_the_unit_are_claimed_by_it(services: Services) -> None:
    from ideowork.services.unit import UnitInfo

    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.unit.save_unit(UnitInfo(full_name="中共甲镇委员会", doc_prefix="甲党字"))
    with services.runtime.db.engine.connect() as connection:
        unit_uid = connection.exec_driver_sql("SELECT uid FROM unit").scalar()
        origins = {r[0] for r in connection.exec_driver_sql("SELECT origin FROM office")}
        rule_origins = {r[0] for r in connection.exec_driver_sql("SELECT origin FROM quota_rule")}
    assert origins == rule_origins == {unit_uid}
