"""Migrations: empty to head, exactly the models, backup first, nothing deleted on error."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from ideowork.db import migrate
from ideowork.db.engine import Database, resolve_db_url
from ideowork.db.migrate import MigrationError, current_revision, head_revision, upgrade_to_head
from ideowork.db.models import Base
from ideowork.services.database import open_database

# The app's own pre-migration backup copies the SQLite file; a server database has none (the
# unit's IT backs the server up with pg_dump, and the migration runs in one transaction).
BACKUP_IS_A_FILE = "the pre-migration backup is a copy of the SQLite file"


def test_empty_database_upgrades_to_head(empty_db_target: str) -> None:
    db = open_database(empty_db_target)
    assert current_revision(db) == head_revision()
    with db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrations_produce_exactly_the_models(db: Database) -> None:
    """The `alembic check` of this project: no difference between migrated schema and models."""
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


@pytest.mark.sqlite_only("journal_mode, foreign_keys and synchronous are SQLite's pragmas")
def test_sqlite_pragmas_are_set(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


@pytest.mark.sqlite_only(BACKUP_IS_A_FILE)
def test_opening_at_head_makes_no_backup(db_path: Path) -> None:
    open_database(str(db_path)).dispose()
    open_database(str(db_path)).dispose()
    assert not (db_path.parent / "backups").exists()


UNIT_ROW = (
    "INSERT INTO unit (uid, origin, full_name, short_name, organ_kind, issuer_mark, doc_prefix,"
    " superior_committee, propaganda_dept, signature, printing_office, updated_at)"
    " VALUES ('u-1', 'u-1', '甲单位', '', '党组', '', '', '', '', '', '', '2020-01-01 00:00:00')"
)
ADD_COLUMN = (
    "    with op.batch_alter_table('setting') as batch:\n"
    "        batch.add_column(sa.Column('extra', sa.Text(), nullable=True))\n"
)


def _migrations_with(tmp_path: Path, body: str) -> Path:
    """A copy of the real migrations plus one more revision with the given upgrade body."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder)
    (folder / "versions" / "9999_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9999'\ndown_revision = '{head_revision()}'\n"
        "branch_labels = None\ndepends_on = None\n"
        f"def upgrade():\n{body}\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    return folder


def _count_units(db_file: Path) -> int:
    with sqlite3.connect(db_file) as connection:
        return int(connection.execute("SELECT count(*) FROM unit").fetchone()[0])


@pytest.mark.sqlite_only(BACKUP_IS_A_FILE)
def test_migration_backs_up_first(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(str(db_path))
    with db.engine.begin() as connection:
        connection.execute(text(UNIT_ROW))
    db.dispose()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", _migrations_with(tmp_path, ADD_COLUMN))

    db = Database(resolve_db_url(str(db_path)))
    backup = upgrade_to_head(db)
    assert current_revision(db) == "9999"
    assert backup is not None and backup.is_file() and "pre-migration" in backup.name
    assert _count_units(backup) == 1
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] != "9999"
    db.dispose()


def test_failed_migration_keeps_database_and_backup(
    tmp_path: Path, db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(db_target)
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO setting (key, value) VALUES ('k', '\"v\"')"))
    db.dispose()
    old_head = head_revision()
    body = "    op.execute('CREATE TABLE half_done (id INTEGER)')\n    raise RuntimeError('boom')\n"
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", _migrations_with(tmp_path, body))

    db = Database(resolve_db_url(db_target))
    try:
        with pytest.raises(MigrationError, match=r"数据库升级失败.*未被删除"):
            upgrade_to_head(db)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT value FROM setting WHERE key='k'")).one() == (
                '"v"',
            )
            assert connection.execute(text("SELECT version_num FROM alembic_version")).one() == (
                old_head,
            )
            tables = set(inspect(connection).get_table_names())
        assert "half_done" not in tables  # the failed step was rolled back as a whole
        if db.file is not None:  # a SQLite file: backed up before, and the backup kept
            assert list((db.file.parent / "backups").glob("*pre-migration*"))
    finally:
        db.dispose()


def test_foreign_database_is_refused_untouched(empty_db_target: str) -> None:
    engine = create_engine(resolve_db_url(empty_db_target))
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE customers (id INTEGER)"))
        with pytest.raises(MigrationError, match="不是本程序创建的"):
            open_database(empty_db_target)
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"customers"}
    finally:
        engine.dispose()


def test_database_from_a_newer_program_is_refused(db: Database, db_target: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    db.dispose()
    with pytest.raises(MigrationError, match="更新版本的程序"):
        open_database(db_target)
