from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ideowork.db.backup import BackupError, integrity_problems, make_backup, restore_from, rotate
from ideowork.db.engine import Database


def test_backup_is_a_sound_copy_while_in_use(demo_db: Database, db_path: Path) -> None:
    with demo_db.session():  # an open transaction does not stop the online backup
        written = make_backup(db_path)
    assert integrity_problems(written) == []
    with sqlite3.connect(written) as connection:
        assert connection.execute("SELECT count(*) FROM person").fetchone()[0] == 9


def test_rotation_keeps_the_newest_and_all_pre_migration(tmp_path: Path) -> None:
    for index in range(5):
        (tmp_path / f"db-2020010{index}-manual.sqlite3").write_bytes(b"x")
    (tmp_path / "db-20190101-pre-migration.sqlite3").write_bytes(b"x")
    rotate(tmp_path, "db", keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "db-20190101-pre-migration.sqlite3",
        "db-20200103-manual.sqlite3",
        "db-20200104-manual.sqlite3",
    ]


def test_restore_checks_first_and_keeps_a_safety_copy(
    demo_db: Database, db_path: Path, tmp_path: Path
) -> None:
    good = make_backup(db_path, out=tmp_path / "good.sqlite3")
    with demo_db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM attendance")
    demo_db.dispose()
    safety = restore_from(good, db_path)
    assert safety.is_file()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM attendance").fetchone()[0] > 0
    with sqlite3.connect(safety) as connection:
        assert connection.execute("SELECT count(*) FROM attendance").fetchone()[0] == 0


def test_missing_database_cannot_be_backed_up(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="没有可备份的数据库"):
        make_backup(tmp_path / "none.sqlite3")


def test_daily_backup_once_a_day(demo_db: Database, db_path: Path) -> None:
    import datetime as dt

    from ideowork.db.backup import daily_backup

    first = daily_backup(db_path)
    assert first is not None and "daily" in first.name
    assert daily_backup(db_path) is None  # already backed up today
    tomorrow = dt.datetime.now() + dt.timedelta(days=1, minutes=1)
    assert daily_backup(db_path, now=tomorrow) is not None
