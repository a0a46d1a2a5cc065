"""Backups with SQLite's online backup API: rotated, and restored only after an integrity check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from ideowork.paths import backups_dir_for

KEEP_BACKUPS = 30


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the user."""


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


def backup_to(db_file: Path, target: Path) -> Path:
    """Copy a live database into `target` consistently, even while it is in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(db_file)) as source,
            closing(sqlite3.connect(partial)) as destination,
        ):
            source.backup(destination)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份失败：{error}。请检查磁盘空间和文件夹权限后重试。") from error
    partial.replace(target)
    return target


def make_backup(db_file: Path, reason: str = "manual", out: Path | None = None) -> Path:
    """Back up into the rotating backups folder (or to `out`) and return the file written."""
    if not db_file.is_file():
        raise BackupError(f"没有可备份的数据库：{db_file}")
    if out is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        out = backups_dir_for(db_file) / f"{db_file.stem}-{stamp}-{reason}.sqlite3"
        written = backup_to(db_file, out)
        rotate(backups_dir_for(db_file), db_file.stem)
        return written
    return backup_to(db_file, out)


def latest_backup(db_file: Path) -> Path | None:
    backups = sorted(backups_dir_for(db_file).glob(f"{db_file.stem}-*.sqlite3"))
    return backups[-1] if backups else None


def daily_backup(db_file: Path, now: dt.datetime | None = None) -> Path | None:
    """Back up once a day when the app starts, so a mistake can be undone from yesterday."""
    if not db_file.is_file():
        return None
    now = now or dt.datetime.now()
    latest = latest_backup(db_file)
    if latest is not None:
        age = now - dt.datetime.fromtimestamp(latest.stat().st_mtime)
        if age < dt.timedelta(days=1):
            return None
    return make_backup(db_file, reason="daily")


def rotate(folder: Path, stem: str, keep: int = KEEP_BACKUPS) -> None:
    """Keep the newest `keep` automatic backups; pre-migration backups are never rotated away."""
    candidates = sorted(
        (p for p in folder.glob(f"{stem}-*.sqlite3") if "pre-migration" not in p.name),
        key=lambda p: p.name,
    )
    for old in candidates[:-keep]:
        old.unlink(missing_ok=True)


def restore_from(backup_file: Path, db_file: Path) -> Path:
    """Replace the database with a backup after checking it; returns the safety copy made first."""
    problems = integrity_problems(backup_file)
    if problems:
        raise BackupError(f"备份文件“{backup_file.name}”未通过完整性检查，未作恢复：{problems[0]}")
    safety = make_backup(db_file, reason="before-restore") if db_file.is_file() else db_file
    try:
        with (
            closing(sqlite3.connect(backup_file)) as source,
            closing(sqlite3.connect(db_file)) as destination,
        ):
            source.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(
            f"恢复失败：{error}。原数据库已备份在“{safety}”，可从该文件再次恢复。"
        ) from error
    return safety
