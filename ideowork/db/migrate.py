"""Schema migrations at start-up: back up first, upgrade to head, never delete on error."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from ideowork.db.backup import make_backup
from ideowork.db.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class MigrationError(Exception):
    """The schema could not be brought up to date; the database and its backup are untouched."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise MigrationError("程序缺少数据库迁移脚本，请重新安装本程序。")
    return head


def known_revisions() -> set[str]:
    """Every schema revision this program's migrations know (none is newer than head)."""
    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_user_tables(db: Database) -> bool:
    with db.engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def _raw_pragma(connection: Connection, statement: str) -> None:
    """A PRAGMA outside any transaction (SQLite ignores foreign_keys inside one)."""
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    dbapi_connection.execute(statement)


def _upgrade(db: Database) -> None:
    """Run the migrations in one transaction."""
    sqlite = db.engine.dialect.name == "sqlite"
    with db.engine.connect() as connection:
        if sqlite:
            # Batch mode rebuilds tables; with foreign keys on, dropping the old table would
            # cascade-delete child rows. Checked explicitly below instead.
            _raw_pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise MigrationError("升级后存在引用不存在记录的数据，已撤销本次升级。")
        finally:
            if sqlite:
                _raw_pragma(connection, "PRAGMA foreign_keys=ON")


def upgrade_to_head(db: Database, backup_first: bool = True) -> Path | None:
    """Bring the schema to head; returns the pre-migration backup made, if any.

    `backup_first=False` for a file that is itself a scratch copy (a backup being prepared
    for a restore): its original is the backup."""
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return None
    if current is None and has_user_tables(db):
        raise MigrationError(
            "该数据库不是本程序创建的（缺少版本信息），为避免损坏未作改动。请选择其他数据库文件。"
        )
    if current is not None and current not in known_revisions():
        raise MigrationError(
            f"该数据库由更新版本的程序创建（版本 {current}），请使用更新版本的程序打开。"
        )
    backup = None
    db_file = db.file
    if backup_first and current is not None and db_file is not None and db_file.is_file():
        backup = make_backup(db_file, reason="pre-migration")
    try:
        _upgrade(db)
    except Exception as error:
        where = f"升级前的备份在“{backup}”。" if backup else ""
        raise MigrationError(f"数据库升级失败：{error}。数据库未被删除。{where}") from error
    return backup
