"""Restore: every check on a private copy before the live database is touched, then one swap.

Each refusal leaves the live database (its file and its WAL) byte for byte as it was, and the
backup folder as it was; a failure injected at any later step leaves the live data as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from ideowork.db import restore as restore_module
from ideowork.db.backup import BackupError, make_backup
from ideowork.db.backup_manifest import manifest_path, read_manifest
from ideowork.db.engine import Database
from ideowork.db.migrate import MigrationError, head_revision
from ideowork.db.restore import prepare_restore, restore_from
from ideowork.db.sqlite_files import is_self_contained
from tests.conftest import TEST_NOW

RELEASE_DB = Path(__file__).parent / "fixtures" / "release-0.1.0.sqlite3"

# On PostgreSQL (--backend postgresql) all skipped: about the SQLite file.
pytestmark = pytest.mark.sqlite_only("restore replaces the SQLite file (a server: on the server)")


def fingerprint(db_file: Path) -> dict[str, str]:
    """The live database's bytes: the file and whatever WAL and journal it has."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(db_file.parent.glob(db_file.name + "*"))
        if path.is_file() and not path.name.endswith("-shm")
    }


def count(db_file: Path, table: str) -> int:
    with closing(sqlite3.connect(db_file)) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def execute(db_file: Path, *statements: str) -> None:
    with closing(sqlite3.connect(db_file, isolation_level=None)) as connection:
        for statement in statements:
            connection.execute(statement)


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files (and their -journal, -wal) a restore must not leave behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def good(demo_db: Database, db_path: Path, tmp_path: Path) -> Path:
    """A backup of the demo database, with its manifest, outside the data folder."""
    return make_backup(db_path, out=tmp_path / "saved" / "good.sqlite3", now=TEST_NOW)


def plain_copy(good: Path, tmp_path: Path, name: str, *statements: str) -> Path:
    """A copy of the good backup without a manifest, changed by `statements`."""
    target = tmp_path / "bad" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(good, target)
    execute(target, *statements)
    return target


def newer_schema(good: Path, tmp: Path) -> Path:
    return plain_copy(good, tmp, "newer.sqlite3", "UPDATE alembic_version SET version_num='f00d'")


def foreign(_good: Path, tmp: Path) -> Path:
    target = tmp / "customers.sqlite3"
    execute(
        target,
        "CREATE TABLE customers (id INTEGER, name TEXT)",
        "INSERT INTO customers VALUES (1, 'x')",
    )
    return target


def without_version(good: Path, tmp: Path) -> Path:
    return plain_copy(good, tmp, "noversion.sqlite3", "DROP TABLE alembic_version")


def empty_sqlite(_good: Path, tmp: Path) -> Path:
    target = tmp / "empty.sqlite3"
    execute(target, "PRAGMA user_version=1")  # a valid SQLite file with no table at all
    assert target.stat().st_size > 0
    return target


def zero_bytes(_good: Path, tmp: Path) -> Path:
    target = tmp / "zero.sqlite3"
    target.write_bytes(b"")
    return target


def text_file(_good: Path, tmp: Path) -> Path:
    target = tmp / "names.sqlite3"
    target.write_text("姓名,电话\n张三,13800000000\n" * 50, encoding="utf-8")
    return target


def corrupt(good: Path, tmp: Path) -> Path:
    target = tmp / "corrupt.sqlite3"
    data = bytearray(good.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = os.urandom(page * 3)  # tables' pages overwritten
    target.write_bytes(bytes(data))
    return target


def checksum_mismatch(good: Path, _tmp: Path) -> Path:
    execute(good, "DELETE FROM attendance")  # a valid database, but not the one described
    return good


def bad_manifest(good: Path, _tmp: Path) -> Path:
    manifest_path(good).write_text("{not json", encoding="utf-8")
    return good


def folder(_good: Path, tmp: Path) -> Path:
    target = tmp / "a-folder.sqlite3"
    target.mkdir()
    return target


def device(_good: Path, _tmp: Path) -> Path:
    return Path("/dev/null")


def missing(_good: Path, tmp: Path) -> Path:
    return tmp / "nowhere.sqlite3"


def dangling_reference(good: Path, tmp: Path) -> Path:
    return plain_copy(
        good, tmp, "dangling.sqlite3", "PRAGMA foreign_keys=OFF", "DELETE FROM person"
    )


def the_live_database(good: Path, _tmp: Path) -> Path:
    return good.parents[1] / "test.sqlite3"  # the db_path fixture's file


REFUSED: list[tuple[Callable[[Path, Path], Path], str]] = [
    (newer_schema, "更新版本的程序"),
    (foreign, "不是本程序的数据库"),
    (without_version, "缺少数据库版本信息"),
    (empty_sqlite, "空数据库"),
    (zero_bytes, "0 字节"),
    (text_file, "未通过完整性检查.*不是 SQLite 数据库文件"),
    (corrupt, "未通过完整性检查"),
    (checksum_mismatch, "与它的校验清单.*不符"),
    (bad_manifest, "校验清单.*无法读取"),
    (folder, "是一个文件夹"),
    (device, "设备"),
    (missing, "找不到备份文件"),
    (the_live_database, "就是当前数据库本身"),
    (dangling_reference, "引用不存在记录"),
]


@pytest.mark.parametrize(("make_bad", "message"), REFUSED, ids=[f.__name__ for f, _ in REFUSED])
def test_a_bad_backup_is_refused_and_nothing_changes(
    demo_db: Database,
    db_path: Path,
    good: Path,
    tmp_path: Path,
    make_bad: Callable[[Path, Path], Path],
    message: str,
) -> None:
    bad = make_bad(good, tmp_path)
    live_before = fingerprint(db_path)
    data_folder = listing_of(db_path.parent)
    with pytest.raises(BackupError, match=message) as refused:
        restore_from(bad, db_path, now=TEST_NOW)
    assert "当前数据库未作任何改动" in str(refused.value)
    assert fingerprint(db_path) == live_before
    assert listing_of(db_path.parent) == data_folder  # no safety copy, no temporary file
    with demo_db.session() as session:  # and the app goes on using it
        assert session.connection().exec_driver_sql("SELECT count(*) FROM person").scalar() == 9


def listing_of(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_good_backup_is_restored_with_a_safety_copy(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    with demo_db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM attendance")
    demo_db.dispose()
    db_path.chmod(0o600)
    good.chmod(0o644)
    good_before = good.read_bytes()
    outcome = restore_from(good, db_path, now=TEST_NOW)
    assert count(db_path, "attendance") > 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600  # the live file's, not the backup's
    safety = outcome.safety_copy
    assert safety is not None and safety.parent == db_path.parent / "backups"
    assert safety.name == "test-20261126-093000-000000-before-restore.sqlite3"
    assert count(safety, "attendance") == 0  # the data as it was just before
    assert is_self_contained(safety) and manifest_path(safety).is_file()
    assert outcome.upgraded_from is None
    assert good.read_bytes() == good_before  # the backup itself is only read
    # The swapped-in file has no stale companions: no old WAL can be applied to it.
    assert sorted(p.name for p in db_path.parent.glob(db_path.name + "*")) == [db_path.name]
    assert leftovers(db_path.parent) == []


def test_the_restored_database_opens_in_the_app(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    demo_db.dispose()
    restore_from(good, db_path, now=TEST_NOW)
    with demo_db.session() as session:  # the engine's next connection: the new file, in WAL
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("SELECT count(*) FROM person").scalar() == 9


def test_a_backup_without_manifest_is_accepted_after_the_checks(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    manifest_path(good).unlink()  # a backup made before manifests existed
    demo_db.dispose()
    assert restore_from(good, db_path, now=TEST_NOW).safety_copy is not None
    assert count(db_path, "person") == 9


def test_an_older_backup_is_upgraded_on_the_copy(
    db_path: Path, tmp_path: Path, demo_db: Database
) -> None:
    old = tmp_path / "old" / "release.sqlite3"
    old.parent.mkdir()
    shutil.copyfile(RELEASE_DB, old)
    old_bytes = old.read_bytes()
    demo_db.dispose()
    outcome = restore_from(old, db_path, now=TEST_NOW)
    assert outcome.upgraded_from == "0001"
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    assert old.read_bytes() == old_bytes and sorted(os.listdir(old.parent)) == [old.name]
    backups = sorted(p.name for p in (db_path.parent / "backups").iterdir())
    assert not [name for name in backups if "pre-migration" in name]  # the backup is the original


def test_a_failed_upgrade_of_the_copy_leaves_the_live_database(
    demo_db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE_DB, old)

    def broken_upgrade(*_args: object, **_kwargs: object) -> None:
        raise MigrationError("数据库升级失败：boom")

    monkeypatch.setattr(restore_module, "upgrade_to_head", broken_upgrade)
    before = fingerprint(db_path)
    with pytest.raises(BackupError, match=r"无法升级.*当前数据库未作任何改动"):
        restore_from(old, db_path, now=TEST_NOW)
    assert fingerprint(db_path) == before
    assert leftovers(db_path.parent) == [] and not (db_path.parent / "backups").exists()


def test_a_failed_safety_copy_leaves_the_live_database(
    demo_db: Database, db_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM attendance")
    demo_db.dispose()

    def full_disk(*_args: object, **_kwargs: object) -> Path:
        raise BackupError("备份失败：No space left on device。")

    monkeypatch.setattr(restore_module, "write_backup", full_disk)
    with pytest.raises(BackupError, match="备份失败"):
        restore_from(good, db_path, now=TEST_NOW)
    assert count(db_path, "attendance") == 0
    assert leftovers(db_path.parent) == []
    with closing(sqlite3.connect(db_path)) as connection:  # given back its WAL mode
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_failed_swap_leaves_the_live_database_and_names_the_safety_copy(
    demo_db: Database, db_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM attendance")
    demo_db.dispose()

    def refused_rename(_temporary: Path, _target: Path) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(restore_module, "commit_file", refused_rename)
    with pytest.raises(BackupError, match=r"当前数据库未作任何改动.*安全备份在") as failed:
        restore_from(good, db_path, now=TEST_NOW)
    assert count(db_path, "attendance") == 0
    safety = next((db_path.parent / "backups").glob("*before-restore.sqlite3"))
    assert str(safety) in str(failed.value)
    assert leftovers(db_path.parent) == []


def test_a_database_in_use_elsewhere_is_not_replaced(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    """Another window (here: the engine's pooled connection, never disposed) has it open."""
    with demo_db.session() as session:
        session.connection().exec_driver_sql("SELECT 1")
    before = fingerprint(db_path)
    with pytest.raises(BackupError, match=r"正被其他窗口或程序使用.*未作任何改动"):
        restore_from(good, db_path, now=TEST_NOW)
    assert fingerprint(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_restore_reads_the_backup_and_writes_nothing_beside_it(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    """A backup on read-only media: restore only reads it (opening a WAL file in place would
    write -wal and -shm beside it)."""
    saved = good.parent
    for path in saved.iterdir():
        path.chmod(0o444)
    saved.chmod(0o555)
    before = {p.name: p.read_bytes() for p in saved.iterdir()}
    demo_db.dispose()
    try:
        assert restore_from(good, db_path, now=TEST_NOW).safety_copy is not None
        assert {p.name: p.read_bytes() for p in saved.iterdir()} == before
    finally:
        saved.chmod(0o700)
    assert count(db_path, "person") == 9


def test_an_old_wal_mode_backup_is_restored_whole(
    demo_db: Database, db_path: Path, tmp_path: Path
) -> None:
    """A plain copy of a database in WAL mode (its last changes still in its -wal file), as
    older versions or a copied data folder leave them."""
    copied = tmp_path / "copied" / "ideowork.sqlite3"
    copied.parent.mkdir()
    with closing(sqlite3.connect(db_path, isolation_level=None)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(db_path, copied)
        connection.execute("BEGIN")
        connection.execute("DELETE FROM attendance")  # only in the -wal for now
        connection.execute("COMMIT")
        shutil.copyfile(
            db_path.with_name(db_path.name + "-wal"), copied.with_name(copied.name + "-wal")
        )
    listing = sorted(os.listdir(copied.parent))
    demo_db.dispose()
    with closing(sqlite3.connect(db_path, isolation_level=None)) as connection:
        connection.execute("INSERT INTO setting (key, value) VALUES ('marker', '1')")
    restore_from(copied, db_path, now=TEST_NOW)
    assert count(db_path, "attendance") == 0  # the WAL's change came along
    assert sorted(os.listdir(copied.parent)) == listing  # nothing written beside the copy


def test_a_damaged_live_database_is_replaced_and_kept_byte_for_byte(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    demo_db.dispose()
    for companion in db_path.parent.glob(db_path.name + "-*"):
        companion.unlink()
    db_path.write_bytes(b"this was the database" * 300)
    outcome = restore_from(good, db_path, now=TEST_NOW)
    assert count(db_path, "person") == 9
    assert outcome.safety_copy is not None
    assert outcome.safety_copy.read_bytes() == b"this was the database" * 300
    assert read_manifest(outcome.safety_copy) is None  # nothing a manifest could describe


def test_restore_where_there_was_no_database(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "ideowork.sqlite3"
    target.parent.mkdir()
    stale_wal = target.with_name(target.name + "-wal")
    stale_wal.write_bytes(b"a WAL left without its database")
    outcome = restore_from(good, target, now=TEST_NOW)
    assert outcome.safety_copy is None
    assert count(target, "person") == 9
    assert not stale_wal.exists()


def test_the_prepared_copy_is_removed_when_the_swap_is_not_done(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    before = fingerprint(db_path)
    with prepare_restore(good, db_path) as prepared:
        assert prepared.copy.is_file() and prepared.copy.parent == db_path.parent
        assert is_self_contained(prepared.copy)
    assert not prepared.copy.exists() and leftovers(db_path.parent) == []
    assert fingerprint(db_path) == before


def test_without_renaming_over_open_files_the_lock_goes_first(
    demo_db: Database, db_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows, which renames nothing over an open file."""
    monkeypatch.setattr(restore_module, "RENAME_OVER_OPEN_FILES", False)
    with demo_db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM attendance")
    demo_db.dispose()
    opened: list[Path] = []
    real_commit = restore_module.commit_file

    def commit_when_closed(temporary: Path, target: Path) -> None:
        # No connection of ours holds the live file: switching it to WAL needs it alone.
        with closing(sqlite3.connect(target, timeout=0)) as connection:
            assert connection.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
            connection.execute("PRAGMA journal_mode=DELETE")
        opened.append(target)
        real_commit(temporary, target)

    monkeypatch.setattr(restore_module, "commit_file", commit_when_closed)
    outcome = restore_from(good, db_path, now=TEST_NOW)
    assert opened == [db_path] and outcome.safety_copy is not None
    assert count(db_path, "attendance") > 0


def test_temporaries_left_by_a_killed_restore_are_removed_later(
    demo_db: Database, db_path: Path, good: Path
) -> None:
    folder = db_path.parent
    stale = [folder / f".{db_path.name}.0badc0de.tmp", folder / f".{db_path.name}.0badc0de.tmp-wal"]
    fresh = folder / f".{db_path.name}.12345678.tmp"  # another restore's, still running
    unrelated = folder / f".{db_path.name}.notes.txt"
    for path in [*stale, fresh, unrelated]:
        path.write_bytes(b"left behind")
    for path in [*stale, unrelated]:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    with prepare_restore(good, db_path):
        pass
    assert [p.exists() for p in stale] == [False, False]
    assert fresh.exists() and unrelated.exists()
