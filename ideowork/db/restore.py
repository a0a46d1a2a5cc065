"""Restoring a backup: everything checked on a private copy first, then one atomic swap.

1. `prepare_restore`: the backup is copied (hashing the bytes copied) to a hidden file beside
   the live database, and the copy is checked (backup_check: a non-empty SQLite file, sound,
   an ideowork database at a schema this program knows, matching its manifest) and brought to
   the current schema. The attached files the backup carries are then checked, each against
   its SHA-256 (a damaged one refuses the restore, naming it), and written into the live
   database's files folder (stored_files.unpack_files: content-addressed, so adding them
   changes nothing that is there); the copy's rows are then exactly those backed up. The live
   database is not touched: any refusal leaves it byte for byte.
2. `PreparedRestore.swap_in`: the live database is taken for ourselves (switched out of WAL
   mode, which SQLite allows only to the sole connection, so its WAL is folded in and removed
   and no other window still has it open; then its write lock), a safety copy of it is written
   to the backups folder, and the prepared copy is renamed over it and the folder fsynced.
   A failure before the rename leaves the live database as it was (with its WAL mode back).

Whoever holds an engine on the live database disposes it between the two steps (the check,
the copy and the migration may take a while; the engine stays usable meanwhile).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ideowork.db.backup import (
    STALE_TEMPORARY_AGE,
    BackupError,
    Filler,
    fresh_backup_path,
    online_copy,
    write_backup,
)
from ideowork.db.backup_check import (
    NOTHING_CHANGED,
    check_against_manifest,
    check_copy,
    check_source,
    refusal,
)
from ideowork.db.backup_manifest import ManifestError, read_manifest
from ideowork.db.engine import Database
from ideowork.db.migrate import MigrationError, head_revision, upgrade_to_head
from ideowork.db.sqlite_files import (
    connect_file,
    copy_with_digest,
    make_self_contained,
    remove_sidecars,
    remove_stale_temporaries,
    sidecars,
)
from ideowork.db.stored_files import check_packed, files_dir_for, unpack_files
from ideowork.domain.errors import UserError
from ideowork.files import commit_file, fsync_file, temporary_sibling
from ideowork.paths import backups_dir_for, make_private

# How long to wait for another connection to close before saying the database is in use.
LOCK_WAIT_SECONDS = 2.0

IN_USE = (
    "数据库正被其他窗口或程序使用（可能是另一个本程序窗口，或其他电脑上的本程序），无法恢复。"
    f"{NOTHING_CHANGED}请关闭其他打开该数据库的窗口后重试。"
)

_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6

# POSIX renames over a file that is open (the open handles keep the old one); Windows does not.
RENAME_OVER_OPEN_FILES = os.name == "posix"


@dataclass(frozen=True)
class RestoreOutcome:
    safety_copy: Path | None  # the live database as it was; None when there was none
    upgraded_from: str | None  # the backup's schema revision, when it was older than head


@dataclass
class PreparedRestore:
    """A checked copy of a backup, at the current schema, beside the live database."""

    backup: Path
    db_file: Path
    copy: Path
    revision: str  # the backup's own schema revision

    def swap_in(self, now: dt.datetime | None = None) -> RestoreOutcome:
        """Put the copy in place of the live database (see the module's docstring)."""
        upgraded = None if self.revision == head_revision() else self.revision
        safety = _swap(self.copy, self.db_file, now or dt.datetime.now())
        return RestoreOutcome(safety, upgraded)

    def discard(self) -> None:
        self.copy.unlink(missing_ok=True)
        remove_sidecars(self.copy)


@contextmanager
def prepare_restore(backup: Path, db_file: Path) -> Iterator[PreparedRestore]:
    """A checked, upgraded copy of `backup` for `db_file`; removed when the block ends
    (after `swap_in` it is the live database and nothing is left to remove)."""
    check_source(backup)
    if db_file.exists() and backup.samefile(db_file):
        raise refusal(
            f"所选的“{backup}”就是当前数据库本身，不是备份", "请选择 backups 文件夹中的备份文件。"
        )
    try:
        manifest = read_manifest(backup)
    except ManifestError as error:
        raise refusal(
            f"备份文件“{backup.name}”的校验清单“{backup.name}.json”{error}",
            "请选择其他备份文件；如确认该文件可靠，可把清单文件移到别处后再恢复。",
        ) from error
    try:
        db_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _io_refusal(error) from error
    remove_stale_temporaries(db_file.parent, db_file.name, STALE_TEMPORARY_AGE)
    prepared = PreparedRestore(backup, db_file, temporary_sibling(db_file), "")
    try:
        try:
            sha256, size = copy_with_digest(backup, prepared.copy)
            if manifest is None:
                _copy_wal(backup, prepared.copy)
        except OSError as error:
            raise _io_refusal(error) from error
        if manifest is not None:
            check_against_manifest(backup.name, manifest, sha256, size)
        prepared.revision = check_copy(prepared.copy, backup.name, manifest)
        _upgrade(prepared.copy, backup.name, prepared.revision)
        _take_out_files(prepared.copy, backup.name, files_dir_for(db_file))
        try:
            make_self_contained(prepared.copy)
            fsync_file(prepared.copy)
        except (sqlite3.Error, OSError) as error:
            raise _io_refusal(error) from error
        yield prepared
    finally:
        prepared.discard()


def restore_from(backup: Path, db_file: Path, now: dt.datetime | None = None) -> RestoreOutcome:
    """Check `backup`, then put it in place of `db_file` (no engine may be open on it)."""
    with prepare_restore(backup, db_file) as prepared:
        return prepared.swap_in(now)


def _io_refusal(error: BaseException) -> BackupError:
    detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return BackupError(
        f"准备恢复时无法读写文件（{detail}）。{NOTHING_CHANGED}"
        "请检查备份文件能否读取、数据库所在磁盘的空间和权限后重试。"
    )


def _take_out_files(copy: Path, label: str, folder: Path) -> None:
    """The files inside the backup, checked, written to the folder; refused when damaged."""
    try:
        damaged = check_packed(copy).damaged
        if damaged:
            names = _file_names(copy, damaged)
            raise refusal(
                f"备份文件“{label}”中的佐证材料“{'”“'.join(names[:3])}”"
                f"{'等' if len(names) > 3 else ''}与其校验值不符（备份已损坏）",
                "请选择其他备份文件；如只有这一份备份，请把它交给技术支持人员检查。",
            )
        unpack_files(copy, folder)
    except (sqlite3.Error, OSError) as error:
        raise _io_refusal(error) from error


def _file_names(copy: Path, sha256s: list[str]) -> list[str]:
    with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as connection:
        names = []
        for sha256 in sha256s:
            row = connection.execute(
                "SELECT file_name FROM attachment WHERE sha256 = ? ORDER BY id", (sha256,)
            ).fetchone()
            names.append(str(row[0]) if row else f"校验值 {sha256[:12]}…")
        return names


def _copy_wal(backup: Path, copy: Path) -> None:
    """A backup without a manifest may be a plain copy of a database in WAL mode: its last
    changes are in its -wal file, which SQLite folds into the copy when the copy is opened."""
    wal = backup.with_name(backup.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        copy_with_digest(wal, copy.with_name(copy.name + "-wal"))


def _upgrade(copy: Path, label: str, revision: str) -> None:
    if revision == head_revision():
        return
    db = Database(URL.create("sqlite", database=str(copy)))
    try:
        upgrade_to_head(db, backup_first=False)  # the backup itself is the original
    except (MigrationError, SQLAlchemyError, UserError) as error:
        # A driver's error names the driver's complaint, not the SQL statement it came from.
        detail = error.orig if isinstance(error, DBAPIError) else error
        raise BackupError(
            f"备份文件“{label}”无法升级到本程序的数据库版本（{detail}）。{NOTHING_CHANGED}"
            "请选择其他备份文件，或把这个备份交给技术支持人员检查。"
        ) from error
    finally:
        db.dispose()


# --- the swap -----------------------------------------------------------------------------------


def _swap(copy: Path, db_file: Path, now: dt.datetime) -> Path | None:
    if not os.path.lexists(db_file):
        # A -wal or -journal left without its database would be applied to the new file.
        remove_sidecars(db_file)
        make_private(copy)
        _commit(copy, db_file, None)
        return None
    _keep_mode(copy, db_file)
    with _held(db_file) as held:
        safety_target = fresh_backup_path(
            backups_dir_for(db_file), db_file.stem, now, "before-restore"
        )
        fill = _online_fill(db_file) if held else _raw_fill(db_file)
        safety = write_backup(
            safety_target, fill, db_file, "before-restore", now, require_sound=False
        )
        if not held:
            _copy_companions(db_file, safety)
        # Held: SQLite removed the WAL and the shared-memory file when it left WAL mode, and
        # no journal exists without a write. Damaged: what was there is in the safety copy.
        remove_sidecars(db_file)
        if RENAME_OVER_OPEN_FILES:
            _commit(copy, db_file, safety)  # still holding the lock on the old file
    if not RENAME_OVER_OPEN_FILES:
        # Windows renames nothing over a file that is open, ours included: the lock goes
        # first. A program that opens the database in between makes the rename fail, and the
        # database stays as it was.
        _commit(copy, db_file, safety)
    return safety


def _keep_mode(copy: Path, db_file: Path) -> None:
    """The restored file gets the permissions the live one had (private, as a rule)."""
    with suppress(OSError):
        os.chmod(copy, stat.S_IMODE(db_file.stat().st_mode))


def _commit(copy: Path, db_file: Path, safety: Path | None) -> None:
    try:
        commit_file(copy, db_file)
    except (OSError, UserError) as error:
        where = f"恢复前的安全备份在“{safety}”。" if safety else ""
        raise BackupError(
            f"恢复失败：无法替换数据库文件（{error}）。{NOTHING_CHANGED}{where}"
            "请检查数据库所在文件夹的权限和磁盘空间后重试。"
        ) from error


def _online_fill(db_file: Path) -> Filler:
    return lambda temporary: online_copy(db_file, temporary)


def _raw_fill(db_file: Path) -> Filler:
    def fill(temporary: Path) -> None:
        copy_with_digest(db_file, temporary)

    return fill


def _copy_companions(db_file: Path, safety: Path) -> None:
    """Beside the raw safety copy of a damaged database: its WAL and journal, so that SQLite
    sees the copy as it would have seen the original."""
    for source in sidecars(db_file):
        if source.name.endswith("-shm") or not source.is_file():
            continue  # the shared-memory index is rebuilt from the WAL
        suffix = source.name[len(db_file.name) :]
        with suppress(OSError):
            copy_with_digest(source, safety.with_name(safety.name + suffix))


@contextmanager
def _held(db_file: Path) -> Iterator[bool]:
    """Hold the live database for the swap: True when it is ours alone and locked against
    writers; False when it is not readable as a database at all (damaged, not one)."""
    connection = connect_file(db_file, timeout=0)  # waits once it has collected (_leave_wal)
    try:
        try:
            mode = _leave_wal(connection)
        except sqlite3.DatabaseError as error:
            code = getattr(error, "sqlite_errorcode", None)
            if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
                raise BackupError(IN_USE) from error
            if isinstance(error, sqlite3.OperationalError):
                raise BackupError(
                    f"恢复失败：无法打开当前数据库（{error}）。{NOTHING_CHANGED}"
                    "请检查数据库文件和所在文件夹的权限后重试。"
                ) from error
            yield False  # damaged: copied byte for byte, then replaced
            return
        if str(mode).lower() != "delete":
            raise BackupError(IN_USE)
        try:
            # Readers may still come and go; no writer can change what the safety copy holds.
            connection.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            _back_to_wal(connection)
            raise BackupError(IN_USE) from error
        swapped = False
        try:
            yield True
            swapped = True
        finally:
            if not swapped:
                _back_to_wal(connection)
    finally:
        connection.close()


def _leave_wal(connection: sqlite3.Connection) -> str:
    """Switch the live database to the rollback journal, which SQLite allows only to its sole
    connection. Engines this process no longer references may still hold pooled connections
    until the garbage collector closes them: collect once before calling the database busy."""
    try:
        return str(connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0])
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorcode", None) not in (_SQLITE_BUSY, _SQLITE_LOCKED):
            raise
    gc.collect()
    connection.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
    return str(connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0])


def _back_to_wal(connection: sqlite3.Connection) -> None:
    """The live database stays: give it back its WAL mode (the engine would set it on its
    next connection anyway; this keeps the file as the app left it)."""
    with suppress(sqlite3.Error):
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.execute("PRAGMA journal_mode=WAL")
