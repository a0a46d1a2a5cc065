"""Before a window opens a database: which file a start names (its one-instance lock sits
beside it), and opening it only to view it while another window edits it.

A viewing window writes nothing, so it neither migrates nor backs up: a database that needs
upgrading is refused with a message, and the window that edits it does the upgrade.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from ideowork.db.engine import Database, sqlite_file
from ideowork.db.migrate import MigrationError, current_revision, head_revision, known_revisions
from ideowork.domain.errors import UserError
from ideowork.services.context import Services
from ideowork.services.error_messages import known_error_message
from ideowork.services.runtime import Actor, Clock, Runtime
from ideowork.services.system.connection import resolve_target

NEEDS_UPGRADE_MESSAGE = (
    "该数据库需要先升级到本程序的版本，而只读方式不能升级它（另一个窗口正在使用它）。"
    "请关闭正在使用它的那个窗口，再重新打开本程序，升级会自动完成。"
)
NEWER_MESSAGE = (
    "该数据库由更新版本的程序创建（版本 {revision}），本程序无法读取。请使用更新版本的程序打开。"
)


def database_file(target: str | None) -> Path | None:
    """The SQLite file that --db / IDEOWORK_DB / the default names; None for a server
    database (and for an address that is no database: opening it says what is wrong)."""
    try:
        return sqlite_file(resolve_target(target))
    except (ArgumentError, NoSuchModuleError, UserError):
        return None


def open_read_only(
    target: str | None, *, clock: Clock | None = None, actor: Actor | None = None
) -> Services:
    """The database named by --db (etc.) for viewing and printing only; every write is
    refused. A schema older or newer than this program's is refused, the file untouched."""
    db = Database(resolve_target(target))
    try:
        _check_schema(db)
    except Exception:
        db.dispose()
        raise
    return Services(Runtime(db, clock, actor, read_only=True))


def _check_schema(db: Database) -> None:
    try:
        current = current_revision(db)
    except OperationalError as error:
        raise UserError(
            known_error_message(error)
            or f"无法打开数据库“{db.url.render_as_string()}”。请检查文件是否存在、是否有读取权限。"
        ) from error
    try:
        head = head_revision()
    except MigrationError as error:
        raise UserError(str(error)) from error
    if current == head:
        return
    if current is not None and not _is_known(current):
        raise UserError(NEWER_MESSAGE.format(revision=current))
    raise UserError(NEEDS_UPGRADE_MESSAGE)


def _is_known(revision: str) -> bool:
    """A revision this program's migrations name (else a newer program wrote the database)."""
    return revision in known_revisions()
