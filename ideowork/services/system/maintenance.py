"""Keeping the database safe: backup, restore (then migrate), the integrity check, the trail.

Written once for the GUI and the command line: restore is always check → safety copy → copy
back → bring to the current schema → an audit entry in the restored database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ideowork.db.backup import BackupError, daily_backup, make_backup, restore_from
from ideowork.db.engine import Database, resolve_db_url, sqlite_file
from ideowork.db.migrate import MigrationError, upgrade_to_head
from ideowork.domain.errors import UserError
from ideowork.paths import backups_dir_for
from ideowork.services.runtime import EVERYTHING, Actor, Runtime
from ideowork.services.system import audit
from ideowork.services.system.audit import AuditView
from ideowork.services.system.health import CheckReport, run_checks

SERVER_BACKUP_MESSAGE = (
    "备份和恢复只适用于本机 SQLite 数据库文件；服务器数据库请由管理员在服务器上备份。"
)


@dataclass(frozen=True)
class RestoreResult:
    backup: Path
    safety_copy: Path  # the data as it was just before the restore

    @property
    def summary(self) -> str:
        return f"已从“{self.backup.name}”恢复。恢复前的数据已另存为：{self.safety_copy}"


def _restore_file(db_file: Path, backup: Path) -> Path:
    if not backup.is_file():
        raise UserError(f"找不到备份文件：{backup}")
    try:
        return restore_from(backup, db_file)
    except BackupError as error:
        raise UserError(str(error)) from error


def _bring_up_to_date(db: Database) -> None:
    try:
        upgrade_to_head(db)  # an older backup is brought up to the current schema
    except MigrationError as error:
        raise UserError(str(error)) from error


def _record_restore(runtime: Runtime, result: RestoreResult) -> None:
    with runtime.write(EVERYTHING) as session:
        audit.record(
            session,
            "restore",
            "database",
            None,
            f"从备份“{result.backup.name}”恢复数据库",
            after={"backup": str(result.backup), "safety_copy": str(result.safety_copy)},
        )


def restore_database(target: str | None, backup: Path, actor: Actor | None = None) -> RestoreResult:
    """Restore the database named by --db (etc.) without opening it first: it may be the
    broken one being replaced."""
    db_file = sqlite_file(resolve_db_url(target))
    if db_file is None:
        raise UserError(SERVER_BACKUP_MESSAGE)
    result = RestoreResult(backup, _restore_file(db_file, backup))
    db = Database(resolve_db_url(target))
    try:
        _bring_up_to_date(db)
        _record_restore(Runtime(db, actor=actor), result)
    finally:
        db.dispose()
    return result


class Maintenance:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    @property
    def database_file(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return self.runtime.db.file

    @property
    def location(self) -> str:
        """Where the data lives, for the status bar and the 系统 page (no password shown)."""
        db_file = self.database_file
        return str(db_file) if db_file else self.runtime.db.url.render_as_string()

    @property
    def can_back_up(self) -> bool:
        return self.database_file is not None

    def backups_folder(self) -> Path | None:
        db_file = self.database_file
        return backups_dir_for(db_file) if db_file else None

    def _file(self) -> Path:
        db_file = self.database_file
        if db_file is None:
            raise UserError(SERVER_BACKUP_MESSAGE)
        return db_file

    def backup(self, out: Path | None = None) -> Path:
        """Back up now, into the rotating folder or to `out`; returns the file written."""
        try:
            return make_backup(self._file(), reason="manual", out=out)
        except BackupError as error:
            raise UserError(str(error)) from error

    def daily_backup(self) -> Path | None:
        """The start-up backup, at most once a day."""
        if self.database_file is None:
            return None
        try:
            return daily_backup(self._file(), self.runtime.now())
        except BackupError as error:
            raise UserError(str(error)) from error

    def restore(self, backup: Path) -> RestoreResult:
        """Replace the data with a checked backup and bring it to the current schema."""
        db_file = self._file()
        self.runtime.db.dispose()  # no pooled connection may hold pages of the old file
        result = RestoreResult(backup, _restore_file(db_file, backup))
        self.runtime.db.dispose()
        _bring_up_to_date(self.runtime.db)
        _record_restore(self.runtime, result)
        return result

    def check(self) -> CheckReport:
        return run_checks(self.runtime.db)

    def recent_changes(self, limit: int = 200) -> list[AuditView]:
        with self.runtime.read() as session:
            return audit.recent(session, limit)

    def last_change(self) -> AuditView | None:
        with self.runtime.read() as session:
            return audit.last_entry(session)
