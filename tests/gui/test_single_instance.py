"""One window per database: the lock beside it, the second start's choices, read-only windows."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDir, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from ideowork.db.engine import Database, resolve_db_url
from ideowork.domain.errors import UserError
from ideowork.gui import single_instance
from ideowork.gui.app import Started, run_gui, start_gui
from ideowork.gui.single_instance import (
    READ_ONLY_MARK,
    SWITCH_FAILED_NOTE,
    Busy,
    DatabaseLock,
    SecondStart,
    bring_forward,
    claim_database,
    mark_read_only,
    second_start_dialog,
    server_name,
)
from ideowork.services.context import Services
from ideowork.services.opening import (
    NEEDS_UPGRADE_MESSAGE,
    database_file,
    open_read_only,
)
from ideowork.services.runtime import READ_ONLY_MESSAGE
from ideowork.services.unit import OfficeInfo


@pytest.fixture
def locks() -> Iterator[list[DatabaseLock]]:
    """Every lock a test makes is released after it, whatever the test asserted."""
    made: list[DatabaseLock] = []
    yield made
    for lock in made:
        lock.release()


def lock_of(locks: list[DatabaseLock], db_file: Path) -> DatabaseLock:
    lock = DatabaseLock(db_file)
    locks.append(lock)
    return lock


class Answers:
    """A second start's question answered in turn, and what it was shown."""

    def __init__(self, *choices: SecondStart) -> None:
        self.choices = list(choices)
        self.asked: list[Busy] = []

    def __call__(self, busy: Busy) -> SecondStart:
        self.asked.append(busy)
        return self.choices.pop(0)


# --- the lock ---------------------------------------------------------------------------------
def test_a_second_lock_on_the_same_database_fails_and_names_the_holder(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    first = lock_of(locks, db_path)
    assert first.acquire()
    assert first.lock_file == db_path.with_name("test.sqlite3.lock") and first.lock_file.exists()
    second = lock_of(locks, db_path)
    assert not second.acquire() and not second.held
    assert second.taken
    holder = second.holder()
    assert holder is not None
    assert holder.pid == os.getpid() and holder.on_this_pc
    if os.name == "posix":
        assert holder.user == getpass.getuser()
        assert first.lock_file.stat().st_mode & 0o777 == 0o600
    busy = second.busy()
    assert busy.can_switch
    assert f"进程号 {os.getpid()}" in busy.message() and str(db_path) in busy.message()
    first.release()
    assert not first.lock_file.exists()
    assert second.acquire()  # free again once the first window has closed


def test_another_database_has_its_own_lock(
    qtbot: QtBot, locks: list[DatabaseLock], tmp_path: Path
) -> None:
    assert lock_of(locks, tmp_path / "a.sqlite3").acquire()
    assert lock_of(locks, tmp_path / "b.sqlite3").acquire()
    assert server_name(tmp_path / "a.sqlite3") != server_name(tmp_path / "b.sqlite3")


LOCK_AND_WAIT = """
import sys, time
from pathlib import Path
from ideowork.gui.single_instance import DatabaseLock
lock = DatabaseLock(Path(sys.argv[1]))
print("locked" if lock.acquire() else "refused", flush=True)
time.sleep(120)
"""


def test_a_lock_left_by_a_killed_window_does_not_block(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_AND_WAIT, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        mine = lock_of(locks, db_path)
        assert not mine.acquire()
        found = mine.holder()
        assert found is not None and found.pid == holder.pid
    finally:
        holder.kill()
        holder.wait()
    assert mine.lock_file.exists()  # left behind by the killed process …
    assert mine.acquire()  # … and recognised as stale: its process is gone


def test_a_lock_from_another_pc_is_not_taken_over(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    lock_file = db_path.with_name(db_path.name + ".lock")
    lock_file.write_text("4242\nideowork\n办公室电脑\n", encoding="utf-8")
    mine = lock_of(locks, db_path)
    assert not mine.acquire()
    busy = mine.busy()
    assert busy.holder is not None and not busy.holder.on_this_pc
    assert not busy.can_switch
    assert "计算机“办公室电脑”" in busy.message() and str(lock_file) in busy.message()
    assert lock_file.read_text(encoding="utf-8").startswith("4242\n")


def test_a_folder_that_cannot_hold_the_lock_is_said_so(
    qtbot: QtBot, locks: list[DatabaseLock], tmp_path: Path
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    lock = lock_of(locks, blocker / "x.sqlite3")
    assert not lock.acquire()
    busy = lock.busy()
    assert not busy.taken and not busy.can_switch
    assert "无法在数据库所在的文件夹中创建锁文件" in busy.message()


# --- the line between the windows -------------------------------------------------------------
def test_raise_reaches_the_first_window(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    first = lock_of(locks, db_path)
    assert first.acquire()
    raised: list[bool] = []
    assert first.listen(lambda: raised.append(True))
    second = lock_of(locks, db_path)
    assert not second.acquire()
    assert second.ask_holder_to_raise()
    assert raised == [True]
    assert second.ask_holder_to_raise()  # and again: the first keeps listening
    assert raised == [True, True]


def test_a_window_that_does_not_listen_does_not_answer(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    assert lock_of(locks, db_path).acquire()
    assert not lock_of(locks, db_path).ask_holder_to_raise(timeout_ms=500)


def test_junk_on_the_line_is_not_a_request(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    from PySide6.QtNetwork import QLocalSocket

    first = lock_of(locks, db_path)
    assert first.acquire()
    raised: list[bool] = []
    assert first.listen(lambda: raised.append(True))
    client = QLocalSocket()
    client.connectToServer(server_name(db_path))
    assert client.waitForConnected(1000)
    client.write(b"open /etc/passwd and more\n")
    client.flush()
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert raised == []


@pytest.mark.skipif(os.name != "posix", reason="a socket file left in the temp folder")
def test_a_socket_left_by_a_crashed_window_does_not_stop_listening(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    leftover = Path(QDir.tempPath()) / server_name(db_path)
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(leftover))
    dead.close()  # the socket file stays, with nobody listening
    try:
        first = lock_of(locks, db_path)
        assert first.acquire()
        raised: list[bool] = []
        assert first.listen(lambda: raised.append(True))
        assert lock_of(locks, db_path).ask_holder_to_raise()
        assert raised == [True]
    finally:
        leftover.unlink(missing_ok=True)


# --- the second start's choices ---------------------------------------------------------------
def test_switching_brings_the_first_window_forward_and_ends_the_second_start(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    first = lock_of(locks, db_path)
    assert first.acquire()
    raised: list[bool] = []
    first.listen(lambda: raised.append(True))
    answers = Answers(SecondStart.SWITCH)
    assert claim_database(db_path, answers) is None
    assert raised == [True]
    [busy] = answers.asked
    assert busy.holder is not None and busy.holder.pid == os.getpid()


def test_a_switch_nobody_answers_asks_again(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "ANSWER_TIMEOUT_MS", 300)
    assert lock_of(locks, db_path).acquire()  # held, but not listening
    answers = Answers(SecondStart.SWITCH, SecondStart.CANCEL)
    assert claim_database(db_path, answers) is None
    assert [busy.note for busy in answers.asked] == ["", SWITCH_FAILED_NOTE]
    assert answers.asked[1].message().startswith(SWITCH_FAILED_NOTE)


def test_read_only_and_cancel(qtbot: QtBot, locks: list[DatabaseLock], db_path: Path) -> None:
    assert lock_of(locks, db_path).acquire()
    claim = claim_database(db_path, Answers(SecondStart.READ_ONLY))
    assert claim is not None and claim.read_only and claim.lock is None
    assert claim_database(db_path, Answers(SecondStart.CANCEL)) is None


def test_the_first_start_and_a_server_database_are_not_asked(qtbot: QtBot, db_path: Path) -> None:
    nobody = Answers()
    claim = claim_database(db_path, nobody)
    assert claim is not None and not claim.read_only
    assert claim.lock is not None and claim.lock.held
    claim.release()
    server = claim_database(None, nobody)
    assert server is not None and server.lock is None and not server.read_only
    assert nobody.asked == []
    assert database_file("postgresql://ideowork@server/ledgers") is None
    assert database_file(str(db_path)) == db_path.resolve()


# --- read-only windows ------------------------------------------------------------------------
def test_a_read_only_database_refuses_writes_and_changes_nothing(db_path: Path) -> None:
    Services.open(str(db_path)).close()
    before = db_path.read_bytes()
    viewer = open_read_only(str(db_path))
    try:
        assert viewer.read_only
        assert viewer.unit.get_unit() is None  # reading works
        with pytest.raises(UserError) as refused:
            viewer.unit.save_office(OfficeInfo(None, "办公室"))
        assert str(refused.value) == READ_ONLY_MESSAGE
        with pytest.raises(UserError, match="只读"):
            viewer.demo.load()
    finally:
        viewer.close()
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()


def _set_revision(db_file: Path, revision: str) -> None:
    db = Database(resolve_db_url(str(db_file)))
    try:
        with db.session(write=True) as session:
            session.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("revision", "message"),
    [("0003", NEEDS_UPGRADE_MESSAGE), ("ffffffffffff", "由更新版本的程序创建")],
)
def test_a_read_only_open_never_migrates(db_path: Path, revision: str, message: str) -> None:
    Services.open(str(db_path)).close()
    _set_revision(db_path, revision)
    before = db_path.read_bytes()
    with pytest.raises(UserError, match=message.split("，")[0]):
        open_read_only(str(db_path))
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()  # no pre-migration backup either


def test_mark_read_only_says_so_in_the_title_and_the_status_bar(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setWindowTitle("意识形态工作")
    mark_read_only(window)
    mark_read_only(window)
    assert window.windowTitle() == "意识形态工作" + READ_ONLY_MARK
    labels = window.statusBar().findChildren(QLabel, "readOnlyLabel")
    assert labels and "只读" in labels[0].text()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_bring_forward_restores_a_minimised_window(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    bring_forward()
    qtbot.waitUntil(lambda: not window.isMinimized())


# --- the dialog -------------------------------------------------------------------------------
def test_the_dialog_offers_the_three_choices(
    qtbot: QtBot, locks: list[DatabaseLock], db_path: Path
) -> None:
    assert lock_of(locks, db_path).acquire()
    other = lock_of(locks, db_path)
    other.acquire()
    box, buttons = second_start_dialog(other.busy())
    qtbot.addWidget(box)
    assert {choice: button.text() for choice, button in buttons.items()} == {
        SecondStart.SWITCH: "切换到已打开的窗口",
        SecondStart.READ_ONLY: "以只读方式打开",
        SecondStart.CANCEL: "取消",
    }
    assert box.defaultButton() is buttons[SecondStart.SWITCH]
    assert box.escapeButton() is buttons[SecondStart.CANCEL]
    assert "已在另一个窗口中打开" in box.text()
    box.show()
    assert not box.grab().isNull()


def test_the_dialog_without_a_window_to_switch_to(qtbot: QtBot, db_path: Path) -> None:
    busy = Busy(db_path, db_path.with_name("x.lock"), taken=False, holder=None)
    box, buttons = second_start_dialog(busy)
    qtbot.addWidget(box)
    assert set(buttons) == {SecondStart.READ_ONLY, SecondStart.CANCEL}
    assert box.defaultButton() is buttons[SecondStart.READ_ONLY]


# --- the whole start --------------------------------------------------------------------------
@pytest.fixture
def started_windows() -> Iterator[list[Started]]:
    made: list[Started] = []
    yield made
    for started in made:
        started.close()


def answer_demo_question(monkeypatch: pytest.MonkeyPatch, answer: Any) -> list[str]:
    asked: list[str] = []

    def question(_parent: Any, title: str, *_args: Any, **_kwargs: Any) -> Any:
        asked.append(title)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_a_second_start_opens_read_only_without_backup_or_demo(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    started_windows: list[Started],
    private_data_dir: Path,
) -> None:
    asked = answer_demo_question(monkeypatch, QMessageBox.StandardButton.No)
    first = start_gui(None, Answers())
    assert isinstance(first, Started)
    started_windows.append(first)
    assert not first.read_only and asked == ["欢迎使用"]
    assert READ_ONLY_MARK not in first.window.windowTitle()
    assert first.backup is not None  # on the window's worker
    qtbot.waitUntil(lambda: not first.backup.running, timeout=30_000)  # type: ignore[union-attr]
    backups = sorted((private_data_dir / "backups").glob("*.sqlite3"))
    assert len(backups) == 1  # the daily backup of the first window

    answers = Answers(SecondStart.READ_ONLY)
    second = start_gui(None, answers)
    assert isinstance(second, Started)
    started_windows.append(second)
    assert len(answers.asked) == 1 and asked == ["欢迎使用"]  # no demo offer the second time
    assert second.read_only and second.services.read_only
    assert second.window.windowTitle().endswith(READ_ONLY_MARK)
    assert second.window.statusBar().findChildren(QLabel, "readOnlyLabel")
    assert sorted((private_data_dir / "backups").glob("*.sqlite3")) == backups  # no second
    with pytest.raises(UserError, match="只读"):
        second.services.unit.save_office(OfficeInfo(None, "办公室"))
    first.services.unit.save_office(OfficeInfo(None, "办公室"))  # the first still edits


def test_a_second_start_switches_or_cancels(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    started_windows: list[Started],
    private_data_dir: Path,
) -> None:
    answer_demo_question(monkeypatch, QMessageBox.StandardButton.No)
    raised: list[bool] = []
    monkeypatch.setattr(single_instance, "bring_forward", lambda: raised.append(True))
    first = start_gui(None, Answers())
    assert isinstance(first, Started)
    started_windows.append(first)
    assert start_gui(None, Answers(SecondStart.SWITCH)) == 0
    assert raised == [True]
    assert start_gui(None, Answers(SecondStart.CANCEL)) == 0
    assert raised == [True]


def test_run_gui_releases_the_lock_when_it_ends(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, private_data_dir: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    answer_demo_question(monkeypatch, QMessageBox.StandardButton.No)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    lock_file = private_data_dir / "ideowork.sqlite3.lock"
    seen: list[bool] = []

    def look_then_quit() -> None:
        seen.append(lock_file.exists())
        QApplication.quit()

    QTimer.singleShot(0, look_then_quit)
    assert run_gui(None) == 0
    assert seen == [True] and not lock_file.exists()
    # run_gui leaves Qt's "quit now" flag set once it has closed its window after the loop
    # ended, and every later event loop of this test process would return at once (results of
    # background jobs never delivered): one more short run of the application's loop clears
    # it. A real run ends the process here.
    QTimer.singleShot(0, QApplication.quit)
    QApplication.exec()


def test_a_file_that_is_no_database_is_said_so_and_leaves_no_lock(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    junk = tmp_path / "报表.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    before = junk.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _parent, title, _text: shown.append(title))
    )
    assert start_gui(str(junk), Answers()) == 2
    assert shown == ["无法打开数据库"]
    assert junk.read_bytes() == before
    assert not junk.with_name(junk.name + ".lock").exists()
