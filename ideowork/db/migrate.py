"""Schema migrations at start-up: back up first, upgrade to head, never delete on error.

Alembic (and the Mako and Pygments it brings) is imported only to upgrade: a start at head
reads the revision from `alembic_version` and the head from the migration files' own
`revision` / `down_revision` lines.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from ideowork.db.backup import make_backup
from ideowork.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
# `revision: str = "0006"` and `down_revision: str | None = "0005"` (or None) in each script.
_REVISION_LINE = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=]*)?=\s*(?:[\"'](?P<value>[^\"']+)[\"']|None)\s*$",
    re.MULTILINE,
)


class MigrationError(Exception):
    """The schema could not be brought up to date; the database and its backup are untouched."""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _parse_script(script: Path) -> tuple[str, str | None] | None:
    found: dict[str, str | None] = {}
    for match in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")):
        found.setdefault(match["name"], match["value"])
    if "revision" not in found or found["revision"] is None or "down_revision" not in found:
        return None
    return found["revision"], found["down_revision"]


def revision_chain() -> tuple[str, ...]:
    """This program's schema revisions, oldest first, read from the migration scripts' text.

    Alembic's ScriptDirectory (which imports every script, and Alembic itself) is asked
    instead when the scripts are not one straight line this reading understands."""
    return _chain_in(MIGRATIONS_DIR)


@functools.cache
def _chain_in(folder: Path) -> tuple[str, ...]:
    parents: dict[str, str | None] = {}
    for script in sorted((folder / "versions").glob("*.py")):
        parsed = _parse_script(script)
        if parsed is None:
            return _chain_from_alembic()
        parents[parsed[0]] = parsed[1]
    chain: list[str] = []
    children = {parent: child for child, parent in parents.items()}
    if not parents or len(children) != len(parents):  # none (compiled only?), or a branch
        return _chain_from_alembic()
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if len(chain) != len(parents):
        return _chain_from_alembic()
    return tuple(chain)


def _chain_from_alembic() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return tuple(reversed([script.revision for script in scripts.walk_revisions()]))


def head_revision() -> str:
    chain = revision_chain()
    if not chain:
        raise MigrationError("程序缺少数据库迁移脚本，请重新安装本程序。")
    return chain[-1]


def known_revisions() -> set[str]:
    """Every schema revision this program's migrations know (none is newer than head)."""
    return set(revision_chain())


def current_revision(db: Database) -> str | None:
    """The schema revision stamped in the database (None for a new, empty one)."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if revision is None else str(revision)


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
        from alembic import command

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
