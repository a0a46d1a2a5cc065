"""Where the content of attached files lives, and how a backup carries it.

On one PC (SQLite) each file's bytes are kept once, by their SHA-256, in a folder beside the
database: `<db stem>.files/ab/abcdef…` (`stored_path`). On a server (PostgreSQL), and inside a
backup, they are in `stored_file_chunk`, 1 MiB a row, and `stored_file.in_database` says so.

A backup is one SQLite file: `pack_files` copies every file the database refers to from the
folder into the backup's chunks (in_database=1), so the backup opens, checks and restores like
any database. `unpack_files` does the opposite on the restore's private copy: each file is
written back to the folder (checked against its SHA-256 on the way) and its chunks removed, so
the restored rows are exactly the rows that were backed up. Plain sqlite3 here: both run on
files no engine has open.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

from ideowork.files import commit_file, temporary_sibling

CHUNK_SIZE = 1024 * 1024  # one stored_file_chunk row; never more of a file in memory at once
FILES_SUFFIX = ".files"


def files_dir_for(db_file: Path) -> Path:
    """The folder of a SQLite database's attached files: `<stem>.files` beside it."""
    return db_file.with_name(db_file.stem + FILES_SUFFIX)


def stored_path(folder: Path, sha256: str) -> Path:
    """A file's place in the folder: two-character subfolders keep each folder small."""
    return folder / sha256[:2] / sha256


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def is_sound(path: Path, sha256: str, size: int | None = None) -> bool:
    """The file is there and its bytes are exactly those named by `sha256`."""
    try:
        if not path.is_file() or (size is not None and path.stat().st_size != size):
            return False
        return file_digest(path)[0] == sha256
    except OSError:
        return False


@dataclass
class PackReport:
    """What a backup carries: files packed, their bytes, and files it could not carry."""

    files: int = 0
    size: int = 0
    missing: list[str] = field(default_factory=list)  # sha256 of files missing or changed


def _has_store(connection: sqlite3.Connection) -> bool:
    row = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'stored_file'"
    ).fetchone()
    return bool(row[0])


def pack_files(backup_file: Path, folder: Path) -> PackReport:
    """Copy every file kept in `folder` that the database `backup_file` refers to into its
    chunks (in_database=1), checking each against its SHA-256. A file missing from the folder
    or changed there is left out and named in the report (the backup still holds the rest:
    a backup that refused to happen would protect nothing)."""
    report = PackReport()
    with closing(sqlite3.connect(backup_file, isolation_level=None)) as connection:
        if not _has_store(connection):
            return report
        wanted = connection.execute(
            "SELECT sha256, size FROM stored_file WHERE in_database = 0 ORDER BY sha256"
        ).fetchall()
        connection.execute("BEGIN")
        try:
            for sha256, size in wanted:
                if not _pack_one(connection, stored_path(folder, sha256), sha256, size):
                    report.missing.append(sha256)
            # Those packed now and those the database already held (a server's copy).
            files, total = connection.execute(
                "SELECT count(*), coalesce(sum(size), 0) FROM stored_file WHERE in_database = 1"
            ).fetchone()
            report.files, report.size = int(files), int(total)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return report


def _pack_one(connection: sqlite3.Connection, path: Path, sha256: str, size: int) -> bool:
    digest = hashlib.sha256()
    total = 0
    connection.execute("DELETE FROM stored_file_chunk WHERE sha256 = ?", (sha256,))
    try:
        with path.open("rb") as handle:
            seq = 0
            while chunk := handle.read(CHUNK_SIZE):
                digest.update(chunk)
                total += len(chunk)
                connection.execute(
                    "INSERT INTO stored_file_chunk (sha256, seq, data) VALUES (?, ?, ?)",
                    (sha256, seq, chunk),
                )
                seq += 1
    except OSError:
        connection.execute("DELETE FROM stored_file_chunk WHERE sha256 = ?", (sha256,))
        return False
    if digest.hexdigest() != sha256 or total != int(size):
        connection.execute("DELETE FROM stored_file_chunk WHERE sha256 = ?", (sha256,))
        return False
    connection.execute("UPDATE stored_file SET in_database = 1 WHERE sha256 = ?", (sha256,))
    return True


def iter_chunks(connection: sqlite3.Connection, sha256: str) -> Iterator[bytes]:
    """A stored file's chunks in order, one row fetched at a time."""
    seq = 0
    while True:
        row = connection.execute(
            "SELECT data FROM stored_file_chunk WHERE sha256 = ? AND seq = ?", (sha256, seq)
        ).fetchone()
        if row is None:
            return
        yield bytes(row[0])
        seq += 1


@dataclass
class UnpackReport:
    files: int = 0
    size: int = 0
    damaged: list[str] = field(default_factory=list)  # sha256 whose chunks do not match it


def check_packed(db_file: Path) -> UnpackReport:
    """Every file held in the database's chunks read through and checked against its SHA-256
    and size, without writing anything."""
    report = UnpackReport()
    with closing(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)) as connection:
        if not _has_store(connection):
            return report
        for sha256, size in connection.execute(
            "SELECT sha256, size FROM stored_file WHERE in_database = 1 ORDER BY sha256"
        ).fetchall():
            digest = hashlib.sha256()
            total = 0
            for chunk in iter_chunks(connection, sha256):
                digest.update(chunk)
                total += len(chunk)
            if digest.hexdigest() != sha256 or total != int(size):
                report.damaged.append(sha256)
            else:
                report.files += 1
                report.size += total
    return report


def unpack_files(db_file: Path, folder: Path) -> UnpackReport:
    """Write every file held in the chunks of `db_file` (a restore's private copy) into
    `folder`, each checked, then drop the chunks (in_database=0). Nothing is changed in the
    database when any file is damaged: the caller refuses the restore with the report."""
    report = check_packed(db_file)
    if report.damaged or report.files == 0:
        return report
    with closing(sqlite3.connect(db_file, isolation_level=None)) as connection:
        rows = connection.execute(
            "SELECT sha256, size FROM stored_file WHERE in_database = 1 ORDER BY sha256"
        ).fetchall()
        for sha256, size in rows:
            target = stored_path(folder, sha256)
            if is_sound(target, sha256, int(size)):
                continue  # already kept: the same content under the same name
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_out(connection, sha256, target)
        connection.execute("BEGIN")
        try:
            connection.execute(
                "DELETE FROM stored_file_chunk WHERE sha256 IN "
                "(SELECT sha256 FROM stored_file WHERE in_database = 1)"
            )
            connection.execute("UPDATE stored_file SET in_database = 0 WHERE in_database = 1")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("VACUUM")  # the copy gives back the space the files took
    return report


def _write_out(connection: sqlite3.Connection, sha256: str, target: Path) -> None:
    temporary = temporary_sibling(target)
    digest = hashlib.sha256()
    try:
        with temporary.open("xb") as handle:
            for chunk in iter_chunks(connection, sha256):
                digest.update(chunk)
                handle.write(chunk)
        if digest.hexdigest() != sha256:  # checked above; the copy is read again here
            raise OSError(f"校验值不符：{sha256[:12]}")
        commit_file(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def folder_files(folder: Path) -> Iterator[Path]:
    """The files kept in `folder` (not the temporary ones of a write in progress)."""
    if not folder.is_dir():
        return
    for sub in sorted(folder.iterdir()):
        if sub.is_dir() and len(sub.name) == 2:
            for path in sorted(sub.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    yield path


def remove_quietly(path: Path) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)
