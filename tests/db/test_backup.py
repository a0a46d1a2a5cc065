"""Making backups: consistent while in use, self-contained (no WAL), described by a manifest,
named and aged by the app's clock, rotated with their manifests, and `--out` targets checked."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from ideowork import __version__
from ideowork.db import backup as backup_module
from ideowork.db.backup import (
    BackupError,
    backups_of,
    daily_backup,
    integrity_problems,
    latest_backup,
    make_backup,
    rotate,
)
from ideowork.db.backup_manifest import manifest_path, read_manifest
from ideowork.db.engine import Database
from ideowork.db.migrate import head_revision
from ideowork.db.sqlite_files import is_self_contained, sha256_of
from tests.conftest import TEST_NOW

# On PostgreSQL (--backend postgresql) all skipped: about the SQLite file.
pytestmark = pytest.mark.sqlite_only("make_backup copies the SQLite file (a server: pg_dump)")


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file in `folder` with its size and modification time."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def count(db_file: Path, table: str, uri: str = "") -> int:
    target = f"file:{db_file}{uri}" if uri else str(db_file)
    with closing(sqlite3.connect(target, uri=bool(uri))) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_backup_is_a_sound_copy_while_in_use(demo_db: Database, db_path: Path) -> None:
    with demo_db.session():  # an open transaction does not stop the online backup
        written = make_backup(db_path, now=TEST_NOW)
    assert integrity_problems(written) == []
    assert count(written, "person") == 9


def test_backup_is_self_contained_and_opens_read_only(demo_db: Database, db_path: Path) -> None:
    """The live database is in WAL mode; its backup must not be: a WAL file needs its -wal
    and -shm written beside it even to be read, which read-only media refuse."""
    written = make_backup(db_path, now=TEST_NOW)
    assert is_self_contained(written)  # the header says rollback journal, not WAL
    folder = written.parent
    before = listing(folder)
    assert count(written, "person", "?mode=ro") == 9
    assert listing(folder) == before  # reading wrote nothing beside it (a WAL file would)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_backup_reads_from_a_read_only_folder(demo_db: Database, db_path: Path) -> None:
    written = make_backup(db_path, now=TEST_NOW)
    folder = written.parent
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert count(written, "person", "?mode=ro") == 9
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_private_whatever_the_umask(demo_db: Database, db_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        written = make_backup(db_path, now=TEST_NOW)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(written.stat().st_mode) & 0o077 == 0


def test_backup_carries_a_manifest(demo_db: Database, db_path: Path) -> None:
    written = make_backup(db_path, reason="manual", now=TEST_NOW)
    data = json.loads(manifest_path(written).read_text(encoding="utf-8"))
    assert data["format"] == "ideowork-backup"
    assert data["sha256"] == sha256_of(written)
    assert data["size"] == written.stat().st_size
    assert data["schema_revision"] == head_revision()
    assert data["app_version"] == __version__
    assert data["created_at"] == TEST_NOW.isoformat(timespec="seconds")
    assert data["source"] == db_path.name
    assert data["reason"] == "manual"
    assert data["row_counts"]["person"] == 9
    manifest = read_manifest(written)
    assert manifest is not None and manifest.sha256 == sha256_of(written)


def test_backups_are_named_after_the_clock_and_never_collide(
    demo_db: Database, db_path: Path
) -> None:
    first = make_backup(db_path, now=TEST_NOW)
    second = make_backup(db_path, now=TEST_NOW)  # a clock that stands still
    assert first.name == "test-20261126-093000-000000-manual.sqlite3"
    assert second.name == "test-20261126-093000-000000-manual-2.sqlite3"
    assert manifest_path(first).is_file() and manifest_path(second).is_file()
    assert [e.path for e in backups_of(db_path)] == [first, second]
    assert latest_backup(db_path) == second


def test_rotation_keeps_the_newest_with_their_manifests(demo_db: Database, db_path: Path) -> None:
    made = [make_backup(db_path, now=TEST_NOW + dt.timedelta(hours=h)) for h in range(4)]
    kept = [
        make_backup(db_path, reason=reason, now=TEST_NOW - dt.timedelta(days=9))
        for reason in ("pre-migration", "before-restore")
    ]
    folder = made[0].parent
    other_db = folder / "test-old-20200101-000000-000000-manual.sqlite3"  # another database's
    other_db.write_bytes(b"x")
    rotate(folder, "test", keep=2)
    remaining = {p.name for p in folder.iterdir()}
    expected = {p.name for p in [*made[2:], *kept]}
    assert remaining == expected | {manifest_path(p).name for p in [*made[2:], *kept]} | {
        other_db.name
    }


def test_automatic_rotation_after_each_backup(
    demo_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_module, "KEEP_BACKUPS", 2)
    for h in range(3):
        make_backup(db_path, now=TEST_NOW + dt.timedelta(hours=h))
    folder = db_path.parent / "backups"
    assert len(list(folder.glob("*.sqlite3"))) == 2
    assert len(list(folder.glob("*.sqlite3.json"))) == 2


def test_missing_database_cannot_be_backed_up(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="没有可备份的数据库"):
        make_backup(tmp_path / "none.sqlite3")


def test_daily_backup_follows_the_app_clock(demo_db: Database, db_path: Path) -> None:
    first = daily_backup(db_path, now=TEST_NOW)
    assert first is not None and first.name == "test-20261126-093000-000000-daily.sqlite3"
    assert daily_backup(db_path, now=TEST_NOW + dt.timedelta(hours=23)) is None
    later = daily_backup(db_path, now=TEST_NOW + dt.timedelta(days=1))
    assert later is not None and later != first
    # A newest backup dated in the future (the clock was set back) does not stop today's.
    assert daily_backup(db_path, now=TEST_NOW - dt.timedelta(days=30)) is not None


def test_a_damaged_database_is_not_backed_up_over_good_backups(
    demo_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = make_backup(db_path, now=TEST_NOW)
    folder = good.parent
    before = listing(folder)
    monkeypatch.setattr(backup_module, "integrity_problems", lambda _f: ["row 3 missing"])
    with pytest.raises(BackupError, match=r"未通过完整性检查.*未作备份"):
        make_backup(db_path, now=TEST_NOW + dt.timedelta(days=1))
    assert listing(folder) == before  # no temporary file left, no backup rotated away


# --- backup --out TARGET ---------------------------------------------------------------------


def test_out_to_a_file(demo_db: Database, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "copy.sqlite3"  # a missing folder is created
    assert make_backup(db_path, out=target, now=TEST_NOW) == target
    assert count(target, "person") == 9 and manifest_path(target).is_file()
    assert not (db_path.parent / "backups").exists()  # `--out` is not the rotating folder


def test_out_to_an_existing_backup_replaces_it_and_its_manifest(
    demo_db: Database, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    make_backup(db_path, out=target, now=TEST_NOW)
    with demo_db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM attendance")
    make_backup(db_path, out=target, now=TEST_NOW)
    assert count(target, "attendance") == 0
    manifest = read_manifest(target)
    assert manifest is not None and manifest.sha256 == sha256_of(target)


def test_out_to_a_folder_writes_a_dated_file_inside(
    demo_db: Database, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    written = make_backup(db_path, out=folder, now=TEST_NOW)
    assert written.parent == folder and written.name.startswith("test-20261126-093000")
    assert folder.is_dir() and count(written, "person") == 9
    again = make_backup(db_path, out=folder, now=TEST_NOW)
    assert again != written and written.is_file()


@pytest.mark.parametrize(
    ("make_target", "message"),
    [
        (lambda tmp: _link(tmp), "链接"),
        (lambda _tmp: Path("/dev/null"), "设备"),
        (lambda tmp: _text_file(tmp), "不是数据库备份"),
    ],
    ids=["link", "device", "other-file"],
)
def test_out_refuses_what_is_not_ours_to_replace(
    demo_db: Database, db_path: Path, tmp_path: Path, make_target: object, message: str
) -> None:
    assert callable(make_target)
    target: Path = make_target(tmp_path)
    before = target.read_bytes() if target.is_file() and not target.is_symlink() else None
    with pytest.raises(BackupError, match=message):
        make_backup(db_path, out=target, now=TEST_NOW)
    if before is not None:
        assert target.read_bytes() == before
    assert not list(target.parent.glob(".*.tmp"))  # no temporary file left behind
    if target.is_symlink():
        assert (tmp_path / "elsewhere.sqlite3").read_bytes() == b"precious"


def _link(tmp: Path) -> Path:
    (tmp / "elsewhere.sqlite3").write_bytes(b"precious")
    link = tmp / "link.sqlite3"
    link.symlink_to(tmp / "elsewhere.sqlite3")
    return link


def _text_file(tmp: Path) -> Path:
    target = tmp / "报告.docx"
    target.write_bytes(b"PK\x03\x04 a document")
    return target


def test_out_refuses_the_live_database(demo_db: Database, db_path: Path) -> None:
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match="当前数据库本身"):
        make_backup(db_path, out=db_path, now=TEST_NOW)
    assert db_path.read_bytes() == before


def test_out_refuses_when_the_manifest_name_is_a_folder(
    demo_db: Database, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    manifest_path(target).mkdir()
    with pytest.raises(BackupError, match="文件夹"):
        make_backup(db_path, out=target, now=TEST_NOW)
    assert not target.exists()


def test_out_refuses_a_folder_it_cannot_write_into(
    demo_db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated: the tests may run as root, whom permissions do not stop.
    monkeypatch.setattr(backup_module.os, "access", lambda _p, _m: False)
    with pytest.raises(BackupError, match="没有权限"):
        make_backup(db_path, out=tmp_path / "copy.sqlite3", now=TEST_NOW)
    assert not (tmp_path / "copy.sqlite3").exists()


def test_out_when_writing_fails_leaves_the_old_backup(
    demo_db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copy.sqlite3"
    make_backup(db_path, out=target, now=TEST_NOW)
    before = target.read_bytes(), manifest_path(target).read_bytes()

    def full_disk(_temporary: Path, _target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module, "commit_file", full_disk)
    with pytest.raises(BackupError, match="备份失败"):
        make_backup(db_path, out=target, now=TEST_NOW)
    assert (target.read_bytes(), manifest_path(target).read_bytes()) == before
    assert not list(tmp_path.glob(".*.tmp*"))


def test_rotation_removes_temporaries_of_killed_backups(demo_db: Database, db_path: Path) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir()
    stale = folder / ".test-20261125-093000-000000-daily.sqlite3.0badc0de.tmp"
    journal = folder / ".test-20261125-093000-000000-daily.sqlite3.0badc0de.tmp-journal"
    other = folder / ".test.sqlite3-notes.0badc0de.tmp"  # not a backup's
    for path in (stale, journal, other):
        path.write_bytes(b"half a backup")
        os.utime(path, (1_000_000_000, 1_000_000_000))
    make_backup(db_path, now=TEST_NOW)
    assert not stale.exists() and not journal.exists() and other.exists()
