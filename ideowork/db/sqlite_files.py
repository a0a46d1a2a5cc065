"""SQLite database files as files: recognised, hashed, copied, made self-contained.

A backup must open anywhere, read-only media included, so it is kept in the rollback-journal
mode (DELETE): a file in WAL mode needs its -wal and -shm companions written beside it even
to be read. The live database stays in WAL mode (the engine sets it on every connection).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import re
import sqlite3
import time
from contextlib import closing, suppress
from pathlib import Path

# The first 16 bytes of every SQLite 3 database file.
SQLITE_MAGIC = b"SQLite format 3\x00"
# Bytes 18 and 19 of the header: 1 = rollback journal, 2 = WAL (the mode persists in the file).
_JOURNAL_VERSION_BYTES = slice(18, 20)
ROLLBACK_JOURNAL = b"\x01\x01"

# What SQLite keeps beside a database file: its WAL, the WAL's index, its rollback journal.
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")

_CHUNK = 1 << 20


def sidecars(db_file: Path) -> list[Path]:
    return [db_file.with_name(db_file.name + suffix) for suffix in SIDECAR_SUFFIXES]


def remove_sidecars(db_file: Path) -> None:
    for path in sidecars(db_file):
        path.unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path, prefix: str, older_than: dt.timedelta) -> None:
    """Remove the hidden temporary files (`.<prefix>….tmp` and their SQLite companions) that a
    killed backup or restore left in `folder`, once they are old enough that no running writer
    can still own them (file times: they are the file system's, not the app's clock)."""
    if not folder.is_dir():
        return
    limit = time.time() - older_than.total_seconds()
    for path in folder.glob(f".{glob.escape(prefix)}*.tmp*"):
        if not _TEMPORARY.fullmatch(path.name[len(prefix) + 1 :]):
            continue
        with suppress(OSError):
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < limit:
                path.unlink()


# What follows the prefix in a temporary name: files.temporary_sibling's token and suffix,
# then perhaps a SQLite companion's suffix.
_TEMPORARY = re.compile(r".*\.[0-9a-f]{8}\.tmp(?:-wal|-shm|-journal)?")


def header(path: Path) -> bytes:
    """The first 100 bytes (SQLite's file header), or fewer for a short file."""
    with path.open("rb") as handle:
        return handle.read(100)


def is_sqlite_file(path: Path) -> bool:
    return header(path).startswith(SQLITE_MAGIC)


def is_self_contained(path: Path) -> bool:
    """In the rollback-journal mode: readable without writing anything beside it."""
    return header(path)[_JOURNAL_VERSION_BYTES] == ROLLBACK_JOURNAL


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_with_digest(source: Path, target: Path) -> tuple[str, int]:
    """Copy the bytes of `source` into a new `target`; returns the SHA-256 and the size of
    exactly the bytes copied (the source may change afterwards, the copy will not)."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, target.open("xb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            writer.write(chunk)
    return digest.hexdigest(), size


def connect_file(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A plain connection to one file (no WAL pragma, unlike the engine's), in autocommit so
    PRAGMAs that may not run inside a transaction can."""
    return sqlite3.connect(path, timeout=timeout, isolation_level=None)


def make_self_contained(path: Path) -> None:
    """Switch a database file we alone hold to the rollback-journal mode: its WAL, if any, is
    folded into it and removed, and the mode is written into the file's header."""
    with closing(connect_file(path)) as connection:
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise sqlite3.OperationalError(f"journal mode stayed {mode}")


def integrity_problems(db_file: Path) -> list[str]:
    """SQLite's integrity_check on a file; an empty list means sound."""
    if not db_file.is_file():
        return [f"文件不存在：{db_file}"]
    try:
        with closing(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)) as connection:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [f"不是有效的数据库文件（{error}）"]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}


def row_counts(connection: sqlite3.Connection, tables: tuple[str, ...]) -> dict[str, int]:
    """The number of rows of each of `tables` that the database has."""
    present = table_names(connection)
    return {
        # The names come from our own constant and are checked against sqlite_master.
        name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in tables
        if name in present
    }
