"""known_error_message: each known failure, raised for real where a test can, gets its
Chinese message (what happened, what to do); a database error's own text never shows;
anything else is a bug (None). And the crash log both the CLI and the GUI write."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from ideowork.db.backup import BackupError
from ideowork.db.engine import Database
from ideowork.db.migrate import MigrationError
from ideowork.domain.errors import ValidationError
from ideowork.services import crash_log
from ideowork.services.error_messages import (
    BAD_ENCODING,
    CANNOT_OPEN,
    CONFLICT,
    CORRUPT,
    DATE_OUT_OF_RANGE,
    DISK_FULL,
    DUPLICATE_DOC_NUMBER,
    LOCKED,
    NO_MEMORY,
    NOT_A_DATABASE,
    NUMBER_TOO_LARGE,
    READ_ONLY,
    SERVER_UNREACHABLE,
    known_error_message,
)


def raised(action: Callable[[], object]) -> BaseException:
    try:
        action()
    except BaseException as error:  # whatever it is: that is what is being tested
        return error
    raise AssertionError("expected an error")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "plain.sqlite3"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT UNIQUE)")
        connection.executemany(
            "INSERT INTO note (body) VALUES (?)",
            [(f"第{i}条：张三 13800000000",) for i in range(200)],
        )
    yield path


def insert_document(number: str) -> str:
    return (
        "INSERT INTO generated_document (template, period, title, doc_number, markup,"
        " docx_path, pdf_path, created_at, updated_at, uid, origin, subject) VALUES"
        f" ('t', '2020Q3', '标题', '{number}', '', '', '', '2020-01-01', '2020-01-01',"
        f" '{uuid.uuid4().hex}', '', '')"
    )


# --- SQLite's own failures -----------------------------------------------------------------------


def test_locked(sqlite_db: Path) -> None:
    holder = sqlite3.connect(sqlite_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        other = sqlite3.connect(sqlite_db, timeout=0, isolation_level=None)
        error = raised(lambda: other.execute("BEGIN IMMEDIATE"))
        other.close()
    finally:
        holder.rollback()
        holder.close()
    assert known_error_message(error) == LOCKED


def test_disk_full(sqlite_db: Path) -> None:
    with closing(sqlite3.connect(sqlite_db)) as connection:
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        connection.execute(f"PRAGMA max_page_count={pages}")
        error = raised(
            lambda: connection.execute("INSERT INTO note (body) VALUES (?)", ("x" * 100_000,))
        )
    assert known_error_message(error) == DISK_FULL


def test_read_only(sqlite_db: Path) -> None:
    uri = f"{sqlite_db.as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        error = raised(lambda: connection.execute("DELETE FROM note"))
    assert known_error_message(error) == READ_ONLY


@pytest.mark.parametrize(
    "content", [b"plain text, not a database\n" * 50, b"\x89PNG\r\n\x1a\n" + bytes(4096)]
)
def test_not_a_database(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.sqlite3"
    path.write_bytes(content)
    with closing(sqlite3.connect(path)) as connection:
        error = raised(lambda: connection.execute("SELECT * FROM sqlite_master").fetchall())
    assert known_error_message(error) == NOT_A_DATABASE


def test_corrupt(sqlite_db: Path) -> None:
    with closing(sqlite3.connect(sqlite_db)) as connection:
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    data = bytearray(sqlite_db.read_bytes())
    data[page_size : page_size * 2] = b"\xa5" * page_size  # the table's first page, trampled
    sqlite_db.write_bytes(bytes(data))
    with closing(sqlite3.connect(sqlite_db)) as connection:
        error = raised(lambda: connection.execute("SELECT * FROM note").fetchall())
    assert known_error_message(error) == CORRUPT


def test_cannot_open_a_folder(tmp_path: Path) -> None:
    error = raised(lambda: sqlite3.connect(tmp_path).execute("SELECT 1"))
    assert known_error_message(error) == CANNOT_OPEN


# --- through SQLAlchemy: the message, never the statement or its data ----------------------------


def test_a_duplicate_doc_number(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(insert_document("完党字〔2020〕7号")))
    with db.engine.begin() as connection:
        error = raised(lambda: connection.execute(text(insert_document("完党字〔2020〕7号"))))
    assert isinstance(error, IntegrityError)
    message = known_error_message(error)
    assert message == DUPLICATE_DOC_NUMBER
    assert "INSERT" not in message and "7号" not in message


def test_another_integrity_error(db: Database) -> None:
    statement = text(
        "INSERT INTO choice (list, code, label, sort_order, active, uid, origin)"
        " VALUES ('study_kind', :code, '重复', 1, TRUE, :uid, '')"
    )
    with db.engine.begin() as connection:
        connection.execute(statement, {"code": "dup", "uid": uuid.uuid4().hex})
        error = raised(lambda: connection.execute(statement, {"code": "dup", "uid": "u2"}))
    assert known_error_message(error) == CONFLICT


def test_database_errors_through_sqlalchemy_carry_no_parameters(
    db: Database, db_path: Path
) -> None:
    """Even where a message is shown for an unknown error, its data stays out (engine)."""
    with db.engine.begin() as connection:
        error = raised(
            lambda: connection.execute(
                text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": "张三"}
            )
        )
    assert isinstance(error, OperationalError | ProgrammingError)  # no such table: SQLite | PG
    assert "张三" not in str(error)


def test_a_wrapped_sqlite_error_is_told_by_its_code(sqlite_db: Path) -> None:
    uri = f"{sqlite_db.as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        driver_error = raised(lambda: connection.execute("DELETE FROM note"))
    assert isinstance(driver_error, sqlite3.Error)
    wrapped = OperationalError("DELETE FROM note WHERE body = ?", ("张三",), driver_error)
    assert known_error_message(wrapped) == READ_ONLY


class FakePostgresError(Exception):
    """What psycopg raises: a message and its SQLSTATE."""

    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("wrapper", "message", "sqlstate", "expected"),
    [
        (
            IntegrityError,
            'duplicate key value violates unique constraint "uq_generated_document_doc_number"',
            "23505",
            DUPLICATE_DOC_NUMBER,
        ),
        (IntegrityError, 'violates foreign key constraint "fk_x"', "23503", CONFLICT),
        (OperationalError, "deadlock detected", "40P01", LOCKED),
        (OperationalError, "could not extend file: No space left on device", "53100", DISK_FULL),
        (OperationalError, "terminating connection", "08006", SERVER_UNREACHABLE),
    ],
)
def test_postgresql_errors_are_told_by_sqlstate(
    wrapper: type[IntegrityError] | type[OperationalError],
    message: str,
    sqlstate: str,
    expected: str,
) -> None:
    error = wrapper("UPDATE x SET y = %(y)s", {"y": "张三"}, FakePostgresError(message, sqlstate))
    assert known_error_message(error) == expected


def test_a_migration_stopped_by_a_known_failure_says_that_failure(sqlite_db: Path) -> None:
    uri = f"{sqlite_db.as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        cause = raised(lambda: connection.execute("CREATE TABLE x (id INTEGER)"))
    wrapped = OperationalError("CREATE TABLE x (id INTEGER)", {}, cause)
    try:
        raise MigrationError(
            f"数据库升级失败：{wrapped}。数据库未被删除。升级前的备份在“/data/backups/x.sqlite3”。"
        ) from wrapped
    except MigrationError as error:
        message = known_error_message(error)
    assert message is not None
    assert READ_ONLY in message and "升级没有完成" in message and "CREATE" not in message
    assert message.endswith("升级前的备份在“/data/backups/x.sqlite3”。")


def test_words_are_not_read_into_an_error_that_has_a_code(sqlite_db: Path) -> None:
    """ "no such column: busy" is a bug with SQLite's code for any error, not a locked file."""
    with closing(sqlite3.connect(sqlite_db)) as connection:
        error = raised(lambda: connection.execute("SELECT busy FROM note").fetchall())
    assert "busy" in str(error) and known_error_message(error) is None


# --- files, memory, encodings, numbers -----------------------------------------------------------


def test_file_errors(tmp_path: Path) -> None:
    a_file = tmp_path / "a.txt"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        (raised(lambda: (tmp_path / "missing.txt").read_text()), ["找不到", "missing.txt"]),
        (raised(lambda: tmp_path.read_text()), ["是一个文件夹", str(tmp_path)]),
        (raised(lambda: (a_file / "x.docx").write_text("")), ["不是文件夹", "a.txt"]),
        (PermissionError(errno.EACCES, "Permission denied", "/x/报告.docx"), ["没有权限读写"]),
        (OSError(errno.ENOSPC, "No space left on device"), ["磁盘已满", "清理磁盘空间"]),
        (OSError(errno.EROFS, "Read-only file system", "/media/cd/x"), ["只读", "换一个文件夹"]),
        (OSError(errno.ENAMETOOLONG, "File name too long", "x" * 300), ["过长"]),
        (OSError(errno.EIO, "Input/output error", "/x/y"), ["无法读写“/x/y”", "请检查"]),
    ]
    for error, expected in cases:
        message = known_error_message(error) or ""
        assert all(part in message for part in expected), (error, message)


@pytest.mark.parametrize(
    ("make_error", "expected"),
    [
        (lambda: b"\xb9\xd8\xd3\xda".decode("utf-8"), BAD_ENCODING),
        (lambda: dt.date.fromordinal(10**30), NUMBER_TOO_LARGE),
        (lambda: int("1" * 5000), NUMBER_TOO_LARGE),
        (lambda: dt.date(99999, 1, 1), DATE_OUT_OF_RANGE),
        (lambda: dt.date(2020, 2, 30), DATE_OUT_OF_RANGE),
    ],
)
def test_encodings_and_numbers_out_of_range(
    make_error: Callable[[], object], expected: str
) -> None:
    assert known_error_message(raised(make_error)) == expected


def test_memory() -> None:
    assert known_error_message(MemoryError()) == NO_MEMORY


def test_user_errors_are_told_as_written() -> None:
    assert known_error_message(ValidationError("请填写单位全称。")) == "请填写单位全称。"
    assert known_error_message(BackupError("备份文件已损坏。")) == "备份文件已损坏。"


@pytest.mark.parametrize(
    "error",
    [
        KeyError("x"),
        ValueError("unexpected state"),
        RuntimeError("changes must be made inside Runtime.write()"),
        AttributeError("'NoneType' object has no attribute 'id'"),
        ProgrammingError("SELECT nope FROM x", {}, sqlite3.ProgrammingError("bad binding")),
    ],
)
def test_bugs_are_not_known(error: BaseException) -> None:
    assert known_error_message(error) is None


# --- the crash log -------------------------------------------------------------------------------


def test_the_crash_log_appends_private_entries(private_data_dir: Path) -> None:
    for name in ("first", "second"):
        error = raised(lambda name=name: {}[name])
        log = crash_log.write_crash_log(type(error), error, error.__traceback__)
    content = log.read_text(encoding="utf-8")
    assert log == private_data_dir / "logs" / "crash.log"
    assert "KeyError: 'first'" in content and "KeyError: 'second'" in content
    assert content.index("'first'") < content.index("'second'")
    if os.name == "posix":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_crash_log_left_readable_is_made_private(private_data_dir: Path) -> None:
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    log = crash_log.crash_log_file()
    log.write_text("an old entry\n", encoding="utf-8")
    log.chmod(0o644)
    error = raised(lambda: {}["x"])
    crash_log.write_crash_log(type(error), error, error.__traceback__)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.read_text(encoding="utf-8").startswith("an old entry\n")


def test_a_large_crash_log_is_rotated(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crash_log, "MAX_LOG_BYTES", 100)
    log = crash_log.crash_log_file()
    log.write_text("old\n" * 100, encoding="utf-8")
    error = raised(lambda: {}["x"])
    crash_log.write_crash_log(type(error), error, error.__traceback__)
    assert (log.parent / "crash.log.1").read_text(encoding="utf-8") == "old\n" * 100
    assert "KeyError" in log.read_text(encoding="utf-8") and "old" not in log.read_text(
        encoding="utf-8"
    )


def test_no_crash_log_through_a_link(private_data_dir: Path, tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("links and O_NOFOLLOW are POSIX here")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not the log\n", encoding="utf-8")
    crash_log.crash_log_file().symlink_to(elsewhere)
    error = raised(lambda: {}["x"])
    with pytest.raises(OSError):
        crash_log.write_crash_log(type(error), error, error.__traceback__)
    assert elsewhere.read_text(encoding="utf-8") == "not the log\n"
