"""Known failures told plainly: what happened and what to do, instead of a traceback.

The one place that turns an exception into the user's message, for the command line (which
prints it and exits with code 2) and the GUI (which shows it in a dialog). None means a bug:
the caller writes the crash log instead.

A database error's own text is never shown: SQLAlchemy puts the SQL statement (and, unless
hidden, its parameters: names, phone numbers) into it. Messages are chosen by SQLite's error
code (or PostgreSQL's SQLSTATE), falling back on a few words of the driver's message.
"""

from __future__ import annotations

import errno
import re
import sqlite3

from sqlalchemy.exc import DBAPIError, IntegrityError

from ideowork.db.backup import BackupError
from ideowork.db.migrate import MigrationError
from ideowork.domain.errors import UserError
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR

LOCKED = (
    "数据库正被另一个程序或另一台电脑上的本程序使用，等待后仍未空闲，刚才的修改没有保存。"
    "请稍候重试，或关闭其他正在使用该数据库的程序后重试。"
)
DISK_FULL = "磁盘已满，刚才的修改没有保存，已有数据不受影响。请清理磁盘空间后重试。"
READ_ONLY = (
    "数据库文件或它所在的文件夹是只读的，不能保存修改，已有数据不受影响。"
    "请检查文件和文件夹的权限（不能是光盘或只读的U盘），或把数据文件夹复制到本机硬盘后再打开。"
)
NOT_A_DATABASE = (
    "打开的文件不是本程序的数据库（可能是其他文件、已加密或已损坏），未作任何改动。"
    "请检查数据库文件的路径是否选对；如果它原本是本程序的数据库，请用最近的备份恢复。"
)
CORRUPT = "数据库文件已损坏。请在“系统”页用最近的备份恢复（恢复前会先检查备份是否完好）。"
CANNOT_OPEN = (
    "无法打开数据库文件。请检查路径是否正确（应是文件，不能是文件夹），"
    "以及所在文件夹是否存在、是否有读写权限。"
)
DISK_ERROR = (
    "读写数据库文件时磁盘出错（磁盘、U盘或网络盘故障），刚才的修改没有保存。"
    "请检查磁盘或网络连接后重试；如果反复出现，请在“系统”页检查数据库并备份。"
)
NO_MEMORY = (
    "内存不足，刚才的操作没有完成，已保存的数据不受影响。"
    "请关闭其他程序后重试；如果是导入很大的文件，请把它拆分成几个较小的文件再导入。"
)
DUPLICATE_DOC_NUMBER = (
    "该文号已被另一份公文使用（可能是另一个窗口或另一台电脑刚刚使用了它），这份公文没有存档。"
    "请换一个文号，或不指定文号由程序自动编号，然后重新生成。"
)
CONFLICT = (
    "要保存的内容与已有记录冲突（例如重复的名称或编号，或所引用的记录已被删除），"
    "刚才的修改没有保存。请刷新后检查重试；如果反复出现，请在“系统”页检查数据库。"
)
SERVER_UNREACHABLE = (
    "无法连接数据库服务器，刚才的操作没有完成。请检查网络连接和服务器是否开启，然后重试。"
)
BAD_ENCODING = (
    "文件的文字编码无法识别（不是 UTF-8）。请用记事本或 WPS 打开该文件，"
    "选择“另存为”，编码选“UTF-8”，保存后重试。"
)
NUMBER_TOO_LARGE = "输入的数字过大，超出了可以处理的范围。请检查后重新输入。"
DATE_OUT_OF_RANGE = (
    f"日期超出范围或不存在（如2月30日）。请填写{MIN_YEAR}年至{MAX_YEAR}年之间的有效日期。"
)

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_MESSAGES = {
    3: READ_ONLY,  # SQLITE_PERM
    5: LOCKED,  # SQLITE_BUSY
    6: LOCKED,  # SQLITE_LOCKED
    7: NO_MEMORY,  # SQLITE_NOMEM
    8: READ_ONLY,  # SQLITE_READONLY
    10: DISK_ERROR,  # SQLITE_IOERR
    11: CORRUPT,  # SQLITE_CORRUPT
    13: DISK_FULL,  # SQLITE_FULL
    14: CANNOT_OPEN,  # SQLITE_CANTOPEN
    23: READ_ONLY,  # SQLITE_AUTH
    26: NOT_A_DATABASE,  # SQLITE_NOTADB
}
SQLITE_CONSTRAINT = 19

# The same failures told by the words of a driver that gives no code.
_WORDED_MESSAGES = [
    (("locked", "busy", "lock timeout", "deadlock", "could not serialize"), LOCKED),
    (("database or disk is full", "disk full", "no space left"), DISK_FULL),
    (("readonly", "read-only", "read only"), READ_ONLY),
    (("not a database", "encrypted"), NOT_A_DATABASE),
    (("malformed",), CORRUPT),
    (("unable to open database",), CANNOT_OPEN),
    (("disk i/o error",), DISK_ERROR),
    (("out of memory",), NO_MEMORY),
    (("could not connect", "connection refused", "server closed"), SERVER_UNREACHABLE),
]

# PostgreSQL SQLSTATE classes and codes (psycopg's `sqlstate`, psycopg2's `pgcode`).
_SQLSTATE_MESSAGES = {
    "40001": LOCKED,  # serialization_failure
    "40P01": LOCKED,  # deadlock_detected
    "55P03": LOCKED,  # lock_not_available
    "53100": DISK_FULL,  # disk_full
    "53200": NO_MEMORY,  # out_of_memory
    "25006": READ_ONLY,  # read_only_sql_transaction
}

# The constraint (PostgreSQL) or column (SQLite) a duplicate 文号 trips over.
_DOC_NUMBER_UNIQUE = ("uq_generated_document_doc_number", "generated_document.doc_number")

# ValueErrors that mean a number or a date out of range, not a bug in the code that raised.
_DATE_RANGE = re.compile(
    r"year -?\d+ is out of range|day is out of range for month|month must be in 1\.\.12"
)
# Where migrate.upgrade_to_head says it put the backup made before the upgrade.
_MIGRATION_BACKUP = re.compile(r"升级前的备份在“[^”]+”。")
_NUMBER_RANGE = re.compile(r"exceeds the limit \(\d+ digits\)|too large to convert", re.I)


def known_error_message(error: BaseException) -> str | None:
    """The user-facing message for an error we recognise, or None for a bug."""
    if isinstance(error, UserError | BackupError):
        return str(error)
    if isinstance(error, MigrationError):
        return _migration_message(error)
    if isinstance(error, MemoryError):
        return NO_MEMORY
    if isinstance(error, UnicodeDecodeError):
        return BAD_ENCODING
    if isinstance(error, OverflowError):
        return NUMBER_TOO_LARGE
    database_message = _database_message(error)
    if database_message is not None:
        return database_message
    if isinstance(error, OSError):
        return _file_message(error)
    if isinstance(error, ValueError):
        text = str(error)
        if _DATE_RANGE.search(text):
            return DATE_OUT_OF_RANGE
        if _NUMBER_RANGE.search(text):
            return NUMBER_TOO_LARGE
    return None


def _migration_message(error: MigrationError) -> str:
    """A migration stopped by a known failure says that failure, not the driver's text."""
    cause = error.__cause__
    if cause is not None and _is_database_error(cause):
        reason = _database_message(cause) or "升级过程中数据库报错。"
        backup = _MIGRATION_BACKUP.search(str(error))
        where = backup.group(0) if backup else ""
        return f"数据库需要升级到新版本，但升级没有完成，数据库未作改动。{reason}{where}"
    return str(error)


def _is_database_error(error: BaseException) -> bool:
    return isinstance(error, DBAPIError | sqlite3.Error)


def _database_message(error: BaseException) -> str | None:
    """The message for a database error (SQLAlchemy's, or the driver's raised directly)."""
    if not _is_database_error(error):
        return None
    driver_error = error.orig if isinstance(error, DBAPIError) else error
    text = str(driver_error).lower()
    code = getattr(driver_error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    state = getattr(driver_error, "sqlstate", None) or getattr(driver_error, "pgcode", None)
    if (
        isinstance(error, IntegrityError)
        or isinstance(driver_error, sqlite3.IntegrityError)
        or primary == SQLITE_CONSTRAINT
        or (isinstance(state, str) and state.startswith("23"))  # integrity_constraint_violation
    ):
        return DUPLICATE_DOC_NUMBER if any(n in text for n in _DOC_NUMBER_UNIQUE) else CONFLICT
    if primary in _SQLITE_MESSAGES:
        return _SQLITE_MESSAGES[primary]
    if isinstance(state, str):
        if state in _SQLSTATE_MESSAGES:
            return _SQLSTATE_MESSAGES[state]
        if state.startswith("08"):  # connection_exception
            return SERVER_UNREACHABLE
    if code is None and state is None:  # a driver that gives no code: its words
        for words, message in _WORDED_MESSAGES:
            if any(word in text for word in words):
                return message
    return None


def _file_message(error: OSError) -> str:
    """A file the user named or the app writes: missing, a folder, unwritable, disk full …"""
    name = error.filename
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (
            "磁盘已满（或超出了磁盘配额），文件没有写完，原有文件不受影响。请清理磁盘空间后重试。"
        )
    if isinstance(error, IsADirectoryError) and name:
        return f"“{name}”是一个文件夹，不是文件。请选择或填写一个文件。"
    if isinstance(error, NotADirectoryError) and name:
        return f"路径“{name}”中有一部分不是文件夹（可能是同名的文件）。请检查路径。"
    if error.errno == errno.EROFS:
        where = f"“{name}”所在的" if name else ""
        return f"{where}磁盘是只读的（如光盘或写保护的U盘），不能写入。请换一个文件夹。"
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        if name:
            return (
                f"没有权限读写“{name}”。请检查文件和文件夹的权限，"
                "换一个文件夹，或关闭正在使用该文件的程序（如 Word、Excel）后重试。"
            )
        return "没有权限读写所需的文件。请检查文件和文件夹的权限后重试。"
    if error.errno == errno.ENOENT and name:
        return f"找不到“{name}”。请检查文件或文件夹的路径是否正确。"
    if error.errno == errno.ENAMETOOLONG:
        return "文件名或路径过长。请换一个较短的文件名，或保存到层级较浅的文件夹。"
    reason = error.strerror or type(error).__name__
    where = f"“{name}”" if name else "文件"
    return f"无法读写{where}（系统提示：{reason}）。请检查路径、权限和磁盘后重试。"
