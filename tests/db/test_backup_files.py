"""A backup holds the attached files with the database: packed into its chunks (checked on the
way), counted in its manifest, written back and checked again by a restore, which refuses a
backup whose files were damaged."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from ideowork.db.backup import BackupError, make_backup
from ideowork.db.backup_manifest import manifest_path, read_manifest
from ideowork.db.models import Finding
from ideowork.db.restore import restore_from
from ideowork.db.stored_files import files_dir_for, stored_path
from ideowork.services.attachments.service import AttachmentInfo
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo
from tests.conftest import TEST_NOW

pytestmark = pytest.mark.sqlite_only("file backups and restore are of the SQLite file")


def execute(db_file: Path, *statements: str) -> None:
    with closing(sqlite3.connect(db_file, isolation_level=None)) as connection:
        for statement in statements:
            connection.execute(statement)


def scalar(db_file: Path, sql: str) -> object:
    with closing(sqlite3.connect(db_file)) as connection:
        return connection.execute(sql).fetchone()[0]


@pytest.fixture
def attached(services: Services, tmp_path: Path) -> list[AttachmentInfo]:
    saved = services.findings.save(FindingInfo(id=None, period="2020Q3", problem="学习不深入"))
    with services.runtime.read() as session:
        uid = session.scalars(select(Finding.uid).where(Finding.id == saved.id)).one()
    photos = []
    for index, color in enumerate(("red", "green", "blue")):
        path = tmp_path / "source" / f"照片{index}.png"
        path.parent.mkdir(exist_ok=True)
        Image.new("RGB", (40 + index, 30), color).save(path)
        photos.append(path)
    return services.attachments.add("finding", uid, photos)


def test_a_backup_carries_the_files_and_a_restore_brings_them_back(
    services: Services, db_path: Path, attached: list[AttachmentInfo], tmp_path: Path
) -> None:
    folder = files_dir_for(db_path)
    originals = {a.sha256: stored_path(folder, a.sha256).read_bytes() for a in attached}
    backup = make_backup(db_path, out=tmp_path / "saved" / "b.sqlite3", now=TEST_NOW)
    manifest = read_manifest(backup)
    assert manifest is not None
    assert manifest.files == 3 and manifest.files_size == sum(map(len, originals.values()))
    assert manifest.row_counts["attachment"] == 3 and manifest.files_missing == []
    assert scalar(backup, "SELECT count(*) FROM stored_file WHERE in_database = 1") == 3
    # The live database keeps its files in the folder, untouched by the backup.
    assert scalar(db_path, "SELECT count(*) FROM stored_file_chunk") == 0

    # The data folder is lost: database and files. The backup alone brings both back.
    services.close()
    for path in folder.rglob("*"):
        if path.is_file():
            path.unlink()
    db_path.unlink()
    restore_from(backup, db_path, now=TEST_NOW)
    for sha256, data in originals.items():
        assert stored_path(folder, sha256).read_bytes() == data
    # The restored rows are the rows backed up: files in the folder, no chunks left.
    assert scalar(db_path, "SELECT count(*) FROM stored_file_chunk") == 0
    assert scalar(db_path, "SELECT count(*) FROM stored_file WHERE in_database = 1") == 0
    reopened = Services.open(str(db_path))
    try:
        listed = reopened.attachments.list_for("finding", attached[0].owner_uid)
        assert [reopened.attachments.check(a.id) for a in listed] == [None] * 3
        assert reopened.maintenance.check().ok  # the trail accounts for every row
    finally:
        reopened.close()


def test_a_file_missing_at_backup_time_is_named_in_the_manifest(
    db_path: Path, attached: list[AttachmentInfo], tmp_path: Path
) -> None:
    lost = attached[1]
    stored_path(files_dir_for(db_path), lost.sha256).unlink()
    backup = make_backup(db_path, out=tmp_path / "b.sqlite3", now=TEST_NOW)
    manifest = read_manifest(backup)
    assert manifest is not None
    assert manifest.files == 2 and manifest.files_missing == [lost.sha256]


def test_a_changed_file_is_not_carried_as_if_it_were_sound(
    db_path: Path, attached: list[AttachmentInfo], tmp_path: Path
) -> None:
    changed = attached[0]
    stored_path(files_dir_for(db_path), changed.sha256).write_bytes(b"not the photo")
    backup = make_backup(db_path, out=tmp_path / "b.sqlite3", now=TEST_NOW)
    manifest = read_manifest(backup)
    assert manifest is not None and manifest.files_missing == [changed.sha256]
    assert (
        scalar(backup, f"SELECT count(*) FROM stored_file_chunk WHERE sha256 = '{changed.sha256}'")
        == 0
    )


def test_a_restore_refuses_a_backup_whose_file_was_damaged(
    services: Services, db_path: Path, attached: list[AttachmentInfo], tmp_path: Path
) -> None:
    backup = make_backup(db_path, out=tmp_path / "b.sqlite3", now=TEST_NOW)
    manifest_path(backup).unlink()  # else the manifest's checksum refuses it first
    damaged = attached[2]
    execute(
        backup,
        f"UPDATE stored_file_chunk SET data = X'00112233' WHERE sha256 = '{damaged.sha256}'",
    )
    services.close()
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match=r"照片2\.png.*校验值不符.*当前数据库未作任何改动"):
        restore_from(backup, db_path, now=TEST_NOW)
    assert db_path.read_bytes() == before


def test_a_backup_of_a_database_without_files_has_none(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    services.findings.save(FindingInfo(id=None, period="2020Q3", problem="x"))
    backup = make_backup(db_path, out=tmp_path / "b.sqlite3", now=TEST_NOW)
    manifest = read_manifest(backup)
    assert manifest is not None and manifest.files == 0 and manifest.files_missing == []
