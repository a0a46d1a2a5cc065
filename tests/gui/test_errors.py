from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ideowork.db.engine import Database
from ideowork.domain.errors import ValidationError
from ideowork.gui import failures
from ideowork.services.error_messages import known_error_message


def test_a_locked_database_is_explained(db: Database, db_path: Path) -> None:
    blocker = sqlite3.connect(db_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(OperationalError) as caught,
            db.engine.connect() as connection,
        ):
            connection.exec_driver_sql("PRAGMA busy_timeout=0")
            connection.execute(text("INSERT INTO setting (key, value) VALUES ('a', '1')"))
    finally:
        blocker.rollback()
        blocker.close()
    assert "正被另一个程序" in (known_error_message(caught.value) or "")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘已满"),
        (PermissionError(errno.EACCES, "denied", "/x/报告.docx"), "没有权限读写“/x/报告.docx”"),
        (sqlite3.DatabaseError("database disk image is malformed"), "已损坏"),
        (ValidationError("请填写单位全称。"), "请填写单位全称。"),
    ],
)
def test_known_errors(error: BaseException, expected: str) -> None:
    assert expected in (known_error_message(error) or "")


def test_bugs_are_logged_and_shown(monkeypatch: pytest.MonkeyPatch, private_data_dir: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical", lambda _p, _t, message: shown.append(message)
    )
    try:
        raise KeyError("unexpected")
    except KeyError as error:
        failures.crash_hook(KeyError, error, error.__traceback__)
    log = private_data_dir / "logs" / "crash.log"
    assert "KeyError" in log.read_text(encoding="utf-8")
    assert str(log) in shown[0]
    assert known_error_message(KeyError("x")) is None


def test_the_gui_tells_a_database_error_by_its_message_never_its_sql(
    monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    """The same known_error_message as the command line; a bug's dialog shows no SQL."""
    from sqlalchemy.exc import IntegrityError, ProgrammingError

    from ideowork.gui.messages import show_error
    from ideowork.services.error_messages import DUPLICATE_DOC_NUMBER

    warned: list[str] = []
    crashed: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, message: warned.append(message)
    )
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical", lambda _p, _t, message: crashed.append(message)
    )
    duplicate = IntegrityError(
        "INSERT INTO generated_document (doc_number) VALUES (?)",
        ("完党字〔2020〕7号",),
        sqlite3.IntegrityError("UNIQUE constraint failed: generated_document.doc_number"),
    )
    show_error(None, duplicate)
    assert warned == [DUPLICATE_DOC_NUMBER]
    bug = ProgrammingError(
        "SELECT phone FROM person WHERE name = ?", ("张三",), sqlite3.ProgrammingError("bad")
    )
    failures.show_failure(None, bug)
    assert len(crashed) == 1 and "SELECT" not in crashed[0] and "张三" not in crashed[0]
    assert "ProgrammingError" in crashed[0] and "crash.log" in crashed[0]
