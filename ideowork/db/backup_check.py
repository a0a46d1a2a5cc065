"""Is this file a backup we can restore? Every check, each refusal a message for the user.

The checks run on a private copy of the backup (restore.py makes it), never on the file the
user chose: that file may change while it is read, sit on read-only media, or be in WAL mode
(opening it would write -wal and -shm files beside it). Every refusal says that nothing was
changed and what to do instead.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from ideowork.db.backup import BackupError
from ideowork.db.backup_manifest import Manifest
from ideowork.db.migrate import head_revision, known_revisions
from ideowork.db.sqlite_files import connect_file, is_sqlite_file, table_names

NOTHING_CHANGED = "当前数据库未作任何改动。"
CHOOSE_ANOTHER = "请选择本程序生成的其他备份文件（一般在数据文件夹的 backups 文件夹中）。"

# Tables every ideowork database has had since the first release: a file without them is some
# other program's database, whatever it is called.
CORE_TABLES = ("unit", "office", "person", "study_session", "audit_entry", "setting")


def refusal(what: str, todo: str = CHOOSE_ANOTHER) -> BackupError:
    return BackupError(f"{what}。{NOTHING_CHANGED}{todo}")


def check_source(backup: Path) -> None:
    """What can be told before reading: the file is there, is a regular file, is not empty."""
    if not os.path.lexists(backup):
        raise refusal(f"找不到备份文件“{backup}”", "请检查文件名和路径后重试。")
    try:
        status = backup.stat()  # a link to a backup file is read like the file
    except OSError as error:
        raise refusal(
            f"无法读取备份文件“{backup}”（{error.strerror or error}）",
            "请检查文件是否存在、是否有读取权限。",
        ) from error
    if stat.S_ISDIR(status.st_mode):
        raise refusal(f"“{backup}”是一个文件夹，不是备份文件", "请选择文件夹中的备份文件。")
    if not stat.S_ISREG(status.st_mode):
        raise refusal(f"“{backup}”是设备或其他特殊文件，不是备份文件")
    if status.st_size == 0:
        raise refusal(f"备份文件“{backup.name}”是空的（0 字节），其中没有任何数据")


def check_against_manifest(label: str, manifest: Manifest, sha256: str, size: int) -> None:
    if sha256 != manifest.sha256 or size != manifest.size:
        raise refusal(
            f"备份文件“{label}”与它的校验清单“{label}.json”不符（文件在备份后被改动或已损坏）",
            "请选择其他备份文件；如确认该文件可靠，可把清单文件移到别处后再恢复。",
        )


def _damaged(label: str, detail: str) -> BackupError:
    return refusal(f"备份文件“{label}”未通过完整性检查：{detail}")


def check_copy(copy: Path, label: str, manifest: Manifest | None) -> str:
    """Check the private copy of backup `label`; returns its schema revision.

    The copy is left in the rollback-journal mode (a WAL copied with it folded in)."""
    if copy.stat().st_size == 0:
        raise refusal(f"备份文件“{label}”是空的（0 字节），其中没有任何数据")
    if not is_sqlite_file(copy):
        raise _damaged(label, "它不是 SQLite 数据库文件（可能是其他文件，或已损坏）")
    try:
        with closing(connect_file(copy)) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")
            problems = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise _damaged(label, f"数据库已损坏（{problems[0]}）")
            if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise _damaged(label, "其中有引用不存在记录的数据")
            tables = table_names(connection)
            revision = _revision(connection, tables, label)
    except sqlite3.DatabaseError as error:
        raise _damaged(label, f"无法作为数据库读取（{error}）") from error
    _check_revision(revision, label)
    if manifest is not None and manifest.schema_revision not in (None, revision):
        raise refusal(
            f"备份文件“{label}”的数据库版本（{revision}）与校验清单所记（"
            f"{manifest.schema_revision}）不符",
            "请选择其他备份文件；如确认该文件可靠，可把清单文件移到别处后再恢复。",
        )
    return revision


def _revision(connection: sqlite3.Connection, tables: set[str], label: str) -> str:
    if not tables:
        raise refusal(f"备份文件“{label}”是一个空数据库，其中没有任何表和数据")
    missing = [name for name in CORE_TABLES if name not in tables]
    if missing:
        raise refusal(
            f"“{label}”不是本程序的数据库（缺少“{missing[0]}”等表），不能用来恢复",
        )
    if "alembic_version" not in tables:
        raise refusal(
            f"“{label}”缺少数据库版本信息（alembic_version 表），无法确认它的结构，不能用来恢复"
        )
    rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1 or not rows[0][0]:
        raise refusal(f"“{label}”的数据库版本信息不完整或有多条，无法确认它的结构，不能用来恢复")
    return str(rows[0][0])


def _check_revision(revision: str, label: str) -> None:
    if revision == head_revision():
        return
    if revision not in known_revisions():
        raise refusal(
            f"备份文件“{label}”由更新版本的程序生成（数据库版本 {revision}），本程序无法使用它",
            "请先把本程序升级到新版本，再用它恢复这个备份。",
        )
