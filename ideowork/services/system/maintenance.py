"""Keeping the database safe: backup, restore (then migrate), the integrity check, the trail.

Written once for the GUI and the command line: restore is always check a private copy of the
backup → bring the copy to the current schema → safety copy of the live database → swap the
copy in → an audit entry in the restored database (ideowork.db.restore does the file work).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from ideowork.db.backup import BackupError, daily_backup, make_backup
from ideowork.db.engine import Database, resolve_db_url, sqlite_file
from ideowork.db.restore import prepare_restore
from ideowork.domain.errors import UserError
from ideowork.paths import backups_dir_for
from ideowork.services.error_messages import known_error_message
from ideowork.services.runtime import EVERYTHING, Actor, Clock, Runtime, SystemClock
from ideowork.services.system import audit
from ideowork.services.system.audit import AuditView
from ideowork.services.system.audit_anchor import expect_restore
from ideowork.services.system.health import CheckReport, run_checks

SERVER_BACKUP_MESSAGE = (
    "从备份恢复只适用于本机 SQLite 数据库文件。服务器数据库请由信息中心在服务器上恢复"
    "（见部署说明），或用 ideowork copy 把备份文件复制到一个空的服务器数据库。"
)


@dataclass(frozen=True)
class RestoreResult:
    backup: Path
    safety_copy: Path | None  # the data as it was just before the restore (None: there was none)
    upgraded_from: str | None = None  # the backup's schema revision, when older than this program's

    @property
    def summary(self) -> str:
        text = f"已从“{self.backup.name}”恢复"
        if self.upgraded_from:
            text += f"（备份的数据库版本 {self.upgraded_from} 已升级到当前版本）"
        if self.safety_copy is None:
            return f"{text}。恢复前没有数据库文件，无需另存。"
        return f"{text}。恢复前的数据已另存为：{self.safety_copy}"


def _restore_file(
    db_file: Path, backup: Path, now: dt.datetime, before_swap: Callable[[], None]
) -> RestoreResult:
    """Check and prepare a copy of `backup`, then swap it in; `before_swap` lets go of the
    live database (disposes the engine) once the backup has passed every check."""
    try:
        with prepare_restore(backup, db_file) as prepared:
            # The audit trail's anchor accepts the restored head too, should we stop mid-swap.
            expect_restore(db_file, prepared.copy)
            before_swap()
            outcome = prepared.swap_in(now)
    except BackupError as error:
        raise UserError(str(error)) from error
    return RestoreResult(backup, outcome.safety_copy, outcome.upgraded_from)


def _record_restore(runtime: Runtime, result: RestoreResult) -> None:
    try:
        with runtime.write(EVERYTHING) as session:
            audit.record(
                session,
                "restore",
                "database",
                None,
                f"从备份“{result.backup.name}”恢复数据库",
                after={
                    "backup": str(result.backup),
                    "safety_copy": str(result.safety_copy or ""),
                    "upgraded_from": result.upgraded_from or "",
                },
            )
    except (SQLAlchemyError, OSError, UserError) as error:
        # The restore itself is done: say so, and what is missing (never the SQL of the error).
        reason = known_error_message(error) or type(error).__name__
        raise UserError(
            f"{result.summary}\n但没能在审计记录中登记这次恢复（{reason}）。"
            "请在“系统”页运行检查；如有问题，可用上面的安全备份再次恢复。"
        ) from error


def restore_database(
    target: str | None, backup: Path, actor: Actor | None = None, clock: Clock | None = None
) -> RestoreResult:
    """Restore the database named by --db (etc.) without opening it first: it may be the
    broken one being replaced."""
    db_file = sqlite_file(resolve_db_url(target))
    if db_file is None:
        raise UserError(SERVER_BACKUP_MESSAGE)
    now = (clock or SystemClock()).now()
    result = _restore_file(db_file, backup, now, lambda: None)
    db = Database(resolve_db_url(target))
    try:
        _record_restore(Runtime(db, clock=clock, actor=actor), result)
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
        """Back up now, into the rotating folder or to `out` (a file, or a folder to put a dated
        file in); returns the file written. A server database: a SQLite copy of its data."""
        if self.database_file is None:
            from ideowork.services.system.server import back_up_server

            return back_up_server(self.runtime.db, out, self.runtime.now())
        try:
            return make_backup(self._file(), reason="manual", out=out, now=self.runtime.now())
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
        """Replace the data with a checked backup at the current schema; the live database is
        not touched until the backup has passed every check (see ideowork.db.restore)."""
        self.runtime.require("system")  # replaces everything: a 管理员's job where users are on
        db_file = self._file()
        # No pooled connection may hold the old file once the swap begins.
        result = _restore_file(db_file, backup, self.runtime.now(), self.runtime.db.dispose)
        self.runtime.db.dispose()
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
