"""Backups with SQLite's online backup API: self-contained, checked, described, rotated.

Every backup is written to a temporary file beside its target, switched to the rollback-journal
mode (so it opens from a CD or a read-only USB stick), integrity-checked, fsynced and renamed
into place; a manifest (`<backup>.json`, see backup_manifest) carries its checksum and schema
revision. Backups are named `<db stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>[-n].sqlite3` after
the clock's time, so the newest is the last by name and "one a day" follows the same clock.
Restoring is restore.py's job.

A backup is one file that holds the attached files too: the files kept beside the database
(`<db stem>.files/`) are copied, each checked against its SHA-256, into the backup's
stored_file_chunk (ideowork.db.stored_files.pack_files), so the backup opens and checks like any
database and restore writes them back. The manifest counts them and names any that were missing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from ideowork.db.backup_manifest import (
    MAIN_TABLES,
    Manifest,
    manifest_path,
    new_manifest,
    write_manifest,
)
from ideowork.db.sqlite_files import (
    connect_file,
    integrity_problems,
    is_self_contained,
    is_sqlite_file,
    remove_sidecars,
    remove_stale_temporaries,
    row_counts,
    sha256_of,
    table_names,
)
from ideowork.db.stored_files import files_dir_for, pack_files
from ideowork.domain.errors import UserError
from ideowork.files import check_target, commit_file, temporary_sibling, write_bytes_atomically
from ideowork.paths import backups_dir_for, make_private

__all__ = [
    "KEEP_BACKUPS",
    "STALE_TEMPORARY_AGE",
    "BackupEntry",
    "BackupError",
    "Filler",
    "backup_to",
    "backups_of",
    "daily_backup",
    "fresh_backup_path",
    "integrity_problems",
    "latest_backup",
    "make_backup",
    "online_copy",
    "resolve_out_target",
    "rotate",
    "write_backup",
]

KEEP_BACKUPS = 30
# A hidden temporary file older than this was left by a backup or restore that was killed.
STALE_TEMPORARY_AGE = dt.timedelta(hours=6)
BACKUP_SUFFIX = ".sqlite3"
# Never rotated away: the state before a schema upgrade, and before a restore.
KEPT_REASONS = ("pre-migration", "before-restore")


# Writes the contents of a new backup into the temporary file it is given.
Filler = Callable[[Path], None]


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the user."""


@dataclass(frozen=True)
class BackupEntry:
    """A backup in the rotating folder, as its name tells."""

    path: Path
    taken_at: dt.datetime
    reason: str
    counter: int  # 1, or n for the n-th backup taken at the same clock time


def _name_pattern(stem: str) -> re.Pattern[str]:
    # Exactly this database's backups: a database named "db-old" in the same folder must not
    # have its backups counted (and rotated away) as those of "db".
    return re.compile(
        rf"{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d{{6}}))?"
        rf"-([a-z]+(?:-[a-z]+)*)(?:-(\d+))?{re.escape(BACKUP_SUFFIX)}"
    )


def _parse(path: Path, pattern: re.Pattern[str]) -> BackupEntry | None:
    match = pattern.fullmatch(path.name)
    if match is None:
        return None
    stamp, micro, reason, counter = match.groups()
    try:
        taken_at = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    taken_at = taken_at.replace(microsecond=int(micro or 0))
    return BackupEntry(path, taken_at, reason, int(counter or 1))


def backups_of(db_file: Path, folder: Path | None = None) -> list[BackupEntry]:
    """The backups of `db_file` in its backups folder (or `folder`), oldest first."""
    folder = folder or backups_dir_for(db_file)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(db_file.stem)
    entries = [
        entry
        for path in folder.glob(f"*{BACKUP_SUFFIX}")
        if path.is_file() and (entry := _parse(path, pattern)) is not None
    ]
    return sorted(entries, key=lambda e: (e.taken_at, e.counter, e.path.name))


def latest_backup(db_file: Path) -> Path | None:
    entries = backups_of(db_file)
    return entries[-1].path if entries else None


def _taken(folder: Path, name: str) -> bool:
    path = folder / name
    return os.path.lexists(path) or os.path.lexists(manifest_path(path))


def fresh_backup_path(folder: Path, stem: str, now: dt.datetime, reason: str) -> Path:
    """A backup name after the clock's time; `-2`, `-3` … when that time already has one
    (a clock standing still, or two backups within its resolution)."""
    base = f"{stem}-{now:%Y%m%d-%H%M%S-%f}-{reason}"
    counter = 1
    name = base + BACKUP_SUFFIX
    while _taken(folder, name):
        counter += 1
        name = f"{base}-{counter}{BACKUP_SUFFIX}"
    return folder / name


# --- the target of `backup --out` ---------------------------------------------------------------


def resolve_out_target(out: Path, db_file: Path, now: dt.datetime, reason: str = "manual") -> Path:
    """The file a backup to `out` is written to: `out` itself, or a dated file inside it when
    it is an existing folder. Refused (BackupError): a link, a device or other special file,
    an existing file that is not a database (it is not ours to replace), the live database
    itself, a folder we may not write into."""
    out = out.expanduser()
    if out.is_symlink():
        raise BackupError(
            f"备份目标“{out}”是一个链接（快捷方式），为免写到别处，未作备份。"
            "请换一个文件名，或指定一个文件夹。"
        )
    if out.is_dir():
        out = fresh_backup_path(out, db_file.stem, now, reason)
    elif out.exists():
        if not stat.S_ISREG(out.stat().st_mode):
            raise BackupError(
                f"备份目标“{out}”是设备或其他特殊文件，不能写成备份，未作备份。"
                "请指定一个文件名（如 备份.sqlite3）或一个文件夹。"
            )
        if db_file.exists() and out.samefile(db_file):
            raise BackupError(
                f"备份目标“{out}”就是当前数据库本身，未作备份。请换一个文件名或文件夹。"
            )
        if not _is_database(out):
            raise BackupError(
                f"“{out}”已存在，且不是数据库备份；为免覆盖其他文件，未作备份。"
                "请换一个文件名，或指定一个文件夹。"
            )
    folder = out.parent
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"“{folder}”不是文件夹，不能在其中保存备份。请换一个位置。")
    if folder.is_dir() and not os.access(folder, os.W_OK):
        raise BackupError(
            f"没有权限在文件夹“{folder}”中写入文件，未作备份。请换一个文件夹，或检查它的权限。"
        )
    return out


def _is_database(path: Path) -> bool:
    try:
        return is_sqlite_file(path)
    except OSError:
        return False


# --- writing a backup ---------------------------------------------------------------------------


def online_copy(db_file: Path, temporary: Path) -> None:
    """A consistent copy of a database in use (SQLite's online backup API), in the
    rollback-journal mode (the live file's WAL flag would otherwise be copied with it), with
    the attached files it refers to carried inside it."""
    with (
        closing(sqlite3.connect(db_file, timeout=15)) as source,
        closing(connect_file(temporary)) as destination,
    ):
        source.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
    pack_files(temporary, files_dir_for(db_file))
    if not is_self_contained(temporary):
        raise sqlite3.OperationalError("the copy is still in WAL mode")


def _schema_revision(connection: sqlite3.Connection) -> str | None:
    if "alembic_version" not in table_names(connection):
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def describe(backup: Path, source: Path, reason: str, now: dt.datetime) -> Manifest:
    """The manifest of a backup file as it is on disk now."""
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as connection:
        revision = _schema_revision(connection)
        counts = row_counts(connection, MAIN_TABLES)
        files = _carried_files(connection)
    return new_manifest(
        sha256_of(backup),
        backup.stat().st_size,
        revision,
        now,
        source.name,
        reason,
        counts,
        files,
    )


def _carried_files(connection: sqlite3.Connection) -> tuple[int, int, list[str]]:
    """The attached files inside the backup (count, bytes) and those left out (missing)."""
    if "stored_file" not in table_names(connection):
        return 0, 0, []
    count, size = connection.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM stored_file WHERE in_database = 1"
    ).fetchone()
    missing = [
        str(row[0])
        for row in connection.execute(
            "SELECT sha256 FROM stored_file WHERE in_database = 0 ORDER BY sha256"
        )
    ]
    return int(count), int(size), missing


def _check_targets(target: Path) -> None:
    try:
        check_target(target)
        check_target(manifest_path(target))
    except UserError as error:
        raise BackupError(f"{error}（未作备份）") from error


def _failure(error: BaseException) -> BackupError:
    detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return BackupError(
        f"备份失败：{detail}。原有数据和备份不受影响。请检查磁盘空间和文件夹权限后重试。"
    )


def write_backup(
    target: Path,
    fill: Filler,
    source: Path,
    reason: str,
    now: dt.datetime,
    require_sound: bool = True,
) -> Path:
    """Write a backup file whole or not at all: `fill` writes the temporary file, which is
    then checked, described, fsynced and renamed over `target`; its manifest follows.

    `require_sound=False` keeps a copy that fails the integrity check (the safety copy of a
    damaged database before a restore: exactly what was there is what must be kept)."""
    _check_targets(target)
    temporary = temporary_sibling(target)
    try:
        fill(temporary)
        make_private(temporary)
        if require_sound:
            problems = integrity_problems(temporary)
            if problems:
                raise BackupError(
                    f"数据库“{source.name}”未通过完整性检查（{problems[0]}），未作备份，"
                    "已有的备份都保留着。请在“系统”页运行检查，或用最近的备份恢复。"
                )
            manifest: Manifest | None = describe(temporary, source, reason, now)
        else:
            manifest = _describe_if_readable(temporary, source, reason, now)
        _replace_with(temporary, target)
    except (sqlite3.Error, OSError) as error:
        raise _failure(error) from error
    except UserError as error:  # the target turned into a folder or a link meanwhile
        raise BackupError(f"{error}（未作备份）") from error
    finally:
        temporary.unlink(missing_ok=True)
        remove_sidecars(temporary)
    if manifest is not None:
        try:
            write_manifest(target, manifest)
        except (OSError, UserError) as error:
            raise BackupError(
                f"备份已写入“{target}”，但它的校验清单没能写入（{error}）。"
                "请检查磁盘空间后重新备份。"
            ) from error
    return target


def _replace_with(temporary: Path, target: Path) -> None:
    """Rename the new backup over `target`. The manifest of an earlier file at that name goes
    first (it must never vouch for the new one) and comes back if the rename fails."""
    old_manifest = manifest_path(target)
    kept = old_manifest.read_bytes() if old_manifest.is_file() else None
    old_manifest.unlink(missing_ok=True)
    try:
        commit_file(temporary, target)
    except BaseException:
        if kept is not None:
            with suppress(OSError, UserError):
                write_bytes_atomically(old_manifest, kept)
        raise


def _describe_if_readable(
    backup: Path, source: Path, reason: str, now: dt.datetime
) -> Manifest | None:
    try:
        return describe(backup, source, reason, now)
    except sqlite3.Error:
        return None  # not readable as a database: kept byte for byte, without a manifest


def backup_to(
    db_file: Path, target: Path, reason: str = "manual", now: dt.datetime | None = None
) -> Path:
    """Copy a live database into `target` consistently, even while it is in use."""
    return write_backup(
        target,
        lambda temporary: online_copy(db_file, temporary),
        db_file,
        reason,
        now or dt.datetime.now(),
    )


def make_backup(
    db_file: Path,
    reason: str = "manual",
    out: Path | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Back up into the rotating backups folder (or to `out`: a file, or a folder to put a
    dated file in) and return the file written. `now` is the app's clock."""
    if not db_file.is_file():
        raise BackupError(f"没有可备份的数据库：{db_file}")
    now = now or dt.datetime.now()
    if out is not None:
        return backup_to(db_file, resolve_out_target(out, db_file, now, reason), reason, now)
    folder = backups_dir_for(db_file)
    written = backup_to(db_file, fresh_backup_path(folder, db_file.stem, now, reason), reason, now)
    rotate(folder, db_file.stem)
    return written


def daily_backup(db_file: Path, now: dt.datetime | None = None) -> Path | None:
    """Back up once a day when the app starts, so a mistake can be undone from yesterday.

    "A day" by the same clock that named the backups; a newest backup dated in the future
    (the clock was set back) does not stop today's."""
    if not db_file.is_file():
        return None
    now = now or dt.datetime.now()
    entries = backups_of(db_file)
    if entries:
        age = now - entries[-1].taken_at
        if dt.timedelta(0) <= age < dt.timedelta(days=1):
            return None
    return make_backup(db_file, reason="daily", now=now)


def rotate(folder: Path, stem: str, keep: int | None = None) -> None:
    """Keep the newest `keep` (KEEP_BACKUPS) automatic and manual backups, each with its
    manifest; those made before a schema upgrade or a restore are never rotated away."""
    keep = KEEP_BACKUPS if keep is None else keep
    remove_stale_temporaries(folder, f"{stem}-", STALE_TEMPORARY_AGE)
    entries = [
        entry
        for entry in backups_of(folder / f"{stem}{BACKUP_SUFFIX}", folder)
        if entry.reason not in KEPT_REASONS
    ]
    for old in entries[: max(len(entries) - keep, 0)]:
        manifest_path(old.path).unlink(missing_ok=True)
        old.path.unlink(missing_ok=True)
