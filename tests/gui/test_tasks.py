"""Background operations: results on the GUI thread, errors shown, cancel, throttled progress."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from ideowork.domain.errors import UserError
from ideowork.gui import failures
from ideowork.gui.tasks import (
    Cancelled,
    Operation,
    Progress,
    ProgressUpdate,
    Worker,
    run_in_background,
)

WAIT_MS = 10_000  # generous: only a bound for waiting, never a measured duration


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    Worker.shutdown_all(WAIT_MS)  # so this one becomes the default
    background = Worker()
    yield background
    assert Worker.shutdown_all(WAIT_MS)
    assert background.is_shut_down


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Record the error dialogs instead of opening them (a modal dialog would block)."""
    seen: dict[str, list[str]] = {"error": [], "critical": []}
    monkeypatch.setattr(
        failures, "show_error", lambda _parent, message, *_: seen["error"].append(message)
    )
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, _title, message: seen["critical"].append(message)
    )
    return seen


def wait_done(qtbot: QtBot, operation: Operation[Any]) -> None:
    qtbot.waitUntil(lambda: not operation.running, timeout=WAIT_MS)


def dialog_shown(operation: Operation[Any]) -> bool:
    dialog = operation.dialog
    return dialog is not None and dialog.isVisible()


def test_work_runs_on_the_worker_and_the_result_arrives_on_the_gui_thread(
    qtbot: QtBot, worker: Worker, parent: QWidget
) -> None:
    work_thread: list[int] = []
    received: list[tuple[str, bool, int]] = []

    def work(_progress: Progress) -> str:
        work_thread.append(threading.get_ident())
        return "公文"

    def on_success(result: str) -> None:
        app_thread = QCoreApplication.instance().thread()  # type: ignore[union-attr]
        received.append((result, QThread.currentThread() is app_thread, threading.get_ident()))

    operation = Operation(parent, work, on_success)
    with qtbot.waitSignal(operation.finished, timeout=WAIT_MS):
        assert operation.run(worker) is operation
        running_at_first = operation.running
    assert (running_at_first, operation.running) == (True, False)
    assert received == [("公文", True, threading.get_ident())]
    assert work_thread and work_thread[0] != threading.get_ident()


def test_the_event_loop_keeps_running_while_work_sleeps(
    qtbot: QtBot, worker: Worker, parent: QWidget
) -> None:
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    seen_during_work: list[int] = []

    def work(_progress: Progress) -> None:
        before = len(ticks)
        time.sleep(0.5)
        seen_during_work.append(len(ticks) - before)

    operation = Operation(parent, work).run(worker)
    wait_done(qtbot, operation)
    timer.stop()
    assert seen_during_work[0] >= 5  # ~25 expected; a blocked GUI thread would give 0


def test_a_user_error_is_shown_with_its_message(
    qtbot: QtBot, worker: Worker, parent: QWidget, shown: dict[str, list[str]]
) -> None:
    def work(_progress: Progress) -> None:
        raise UserError("请先填写单位信息。")

    succeeded: list[object] = []
    wait_done(qtbot, Operation(parent, work, succeeded.append).run(worker))
    assert shown == {"error": ["请先填写单位信息。"], "critical": []}
    assert succeeded == []


def test_an_unexpected_error_is_logged_and_reported(
    qtbot: QtBot,
    worker: Worker,
    parent: QWidget,
    shown: dict[str, list[str]],
    private_data_dir: Path,
) -> None:
    def work(_progress: Progress) -> None:
        raise KeyError("no such duty")

    wait_done(qtbot, Operation(parent, work).run(worker))
    log = private_data_dir / "logs" / "crash.log"
    text = log.read_text(encoding="utf-8")
    assert "KeyError" in text and "in work" in text  # the worker-side traceback is kept
    assert shown["error"] == []
    (message,) = shown["critical"]
    assert "意外错误" in message and "已保存的数据不受影响" in message and str(log) in message


def test_on_failure_replaces_the_default_handling(
    qtbot: QtBot, worker: Worker, parent: QWidget, shown: dict[str, list[str]]
) -> None:
    failures: list[Exception] = []

    def work(_progress: Progress) -> None:
        raise ValueError("bad")

    wait_done(qtbot, Operation(parent, work, on_failure=failures.append).run(worker))
    assert [type(error) for error in failures] == [ValueError]
    assert shown == {"error": [], "critical": []}


def test_cancel_stops_the_work_and_calls_on_cancel(
    qtbot: QtBot, worker: Worker, parent: QWidget, shown: dict[str, list[str]]
) -> None:
    steps: list[int] = []

    def work(progress: Progress) -> str:
        for step in range(2000):  # bounded, so a broken cancel fails instead of hanging
            progress.check_cancelled()
            steps.append(step)
            time.sleep(0.005)
        return "ran to the end"

    succeeded: list[str] = []
    cancelled: list[bool] = []
    operation = Operation(
        parent,
        work,
        succeeded.append,
        on_cancel=lambda: cancelled.append(True),
        label="正在导出…",
        cancellable=True,
        progress_delay_ms=0,
    ).run(worker)
    qtbot.waitUntil(lambda: dialog_shown(operation), timeout=WAIT_MS)
    dialog = operation.dialog
    assert dialog is not None
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "取消"
    button.click()
    # The dialog stays up, saying so, until the work has really stopped.
    assert dialog.isVisible() and dialog.labelText() == "正在取消…"
    assert not button.isEnabled()
    wait_done(qtbot, operation)
    assert cancelled == [True]
    assert succeeded == []
    assert shown == {"error": [], "critical": []}
    assert len(steps) < 2000
    assert operation.dialog is None


def test_escape_cancels_a_cancellable_job(qtbot: QtBot, worker: Worker, parent: QWidget) -> None:
    def work(progress: Progress) -> None:
        for _ in range(2000):
            progress.check_cancelled()
            time.sleep(0.005)

    cancelled: list[bool] = []
    operation = Operation(
        parent,
        work,
        on_cancel=lambda: cancelled.append(True),
        cancellable=True,
        progress_delay_ms=0,
    ).run(worker)
    qtbot.waitUntil(lambda: dialog_shown(operation), timeout=WAIT_MS)
    dialog = operation.dialog
    assert dialog is not None
    dialog.activateWindow()  # the dialog's Escape shortcut works in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT_MS)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    wait_done(qtbot, operation)
    assert cancelled == [True]


def test_a_job_cancelled_while_queued_never_runs(
    qtbot: QtBot, worker: Worker, parent: QWidget
) -> None:
    release = threading.Event()
    ran: list[str] = []
    first = Operation(parent, lambda _p: release.wait(WAIT_MS / 1000), progress_delay_ms=-1)
    second = Operation(parent, lambda _p: ran.append("second"), on_cancel=lambda: ran.append("x"))
    first.run(worker)
    second.run(worker)
    second.cancel()
    release.set()
    wait_done(qtbot, second)
    assert ran == ["x"]


def test_progress_is_throttled_and_the_last_report_is_delivered(
    qtbot: QtBot, worker: Worker, parent: QWidget
) -> None:
    def work(progress: Progress) -> int:
        for done in range(1, 100_001):
            progress.report(done, 100_000)
        return done

    updates: list[ProgressUpdate] = []
    operation = Operation(parent, work, progress_delay_ms=-1)
    operation.progress_changed.connect(updates.append)
    wait_done(qtbot, operation.run(worker))
    assert 0 < len(updates) < 1000
    assert updates[-1] == ProgressUpdate(100_000, 100_000, None)


def test_jobs_run_in_order_one_at_a_time(qtbot: QtBot, worker: Worker, parent: QWidget) -> None:
    lock = threading.Lock()
    events: list[tuple[str, int]] = []
    threads: set[int] = set()
    active = [0]
    most_active = [0]

    def job(number: int) -> Operation[int]:
        def work(_progress: Progress) -> int:
            with lock:
                active[0] += 1
                most_active[0] = max(most_active[0], active[0])
                events.append(("start", number))
                threads.add(threading.get_ident())
            time.sleep(0.02)
            with lock:
                events.append(("end", number))
                active[0] -= 1
            return number

        return Operation(parent, work, results.append, progress_delay_ms=-1)

    results: list[int] = []
    operations = [job(number).run(worker) for number in range(6)]
    qtbot.waitUntil(lambda: not any(op.running for op in operations), timeout=WAIT_MS)
    assert results == list(range(6))
    assert most_active[0] == 1
    assert events == [(kind, n) for n in range(6) for kind in ("start", "end")]
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_no_dialog_for_a_quick_job(qtbot: QtBot, worker: Worker, parent: QWidget) -> None:
    results: list[int] = []
    operation = Operation(parent, lambda _p: 42, results.append, progress_delay_ms=5000)
    wait_done(qtbot, operation.run(worker))
    assert results == [42]
    assert parent.findChildren(QProgressDialog) == []
    qtbot.wait(50)  # the delay timer was stopped: nothing pops up afterwards
    assert parent.findChildren(QProgressDialog) == []


def test_a_slow_job_shows_a_modal_progress_dialog(
    qtbot: QtBot, worker: Worker, parent: QWidget
) -> None:
    reported = threading.Event()
    release = threading.Event()

    def work(progress: Progress) -> str:
        reported.wait(WAIT_MS / 1000)
        progress.report(3, 10, text="正在写入第 3 项")
        release.wait(WAIT_MS / 1000)
        return "done"

    operation = Operation(parent, work, label="正在生成公文…", progress_delay_ms=50).run(worker)
    qtbot.waitUntil(lambda: dialog_shown(operation), timeout=WAIT_MS)
    dialog = operation.dialog
    assert dialog is not None
    bar = dialog.findChild(QProgressBar)
    assert bar is not None
    assert dialog.labelText() == "正在生成公文…"
    assert (bar.minimum(), bar.maximum()) == (0, 0)  # nothing reported yet: busy
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.findChild(QPushButton) is None  # not cancellable: no cancel button
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Escape does not hide a job that cannot stop

    reported.set()
    qtbot.waitUntil(lambda: dialog.labelText() == "正在写入第 3 项", timeout=WAIT_MS)
    assert (bar.maximum(), bar.value()) == (10, 3)

    release.set()
    wait_done(qtbot, operation)
    assert operation.dialog is None
    assert not Shiboken.isValid(dialog) or not dialog.isVisible()


def test_a_destroyed_parent_drops_the_result(
    qtbot: QtBot, worker: Worker, shown: dict[str, list[str]]
) -> None:
    parent = QWidget()
    parent.show()
    release = threading.Event()
    received: list[object] = []

    def work(_progress: Progress) -> str:
        release.wait(WAIT_MS / 1000)
        return "late"

    operation = Operation(parent, work, received.append, progress_delay_ms=0).run(worker)
    qtbot.waitUntil(lambda: dialog_shown(operation), timeout=WAIT_MS)
    Shiboken.delete(parent)  # the page went away, taking its progress dialog with it
    release.set()
    wait_done(qtbot, operation)
    assert received == []
    assert operation.dialog is None
    assert shown == {"error": [], "critical": []}


def test_a_bug_is_logged_even_when_its_parent_is_gone(
    qtbot: QtBot, worker: Worker, shown: dict[str, list[str]], private_data_dir: Path
) -> None:
    parent = QWidget()
    release = threading.Event()

    def work(_progress: Progress) -> None:
        release.wait(WAIT_MS / 1000)
        raise ZeroDivisionError("bug")

    operation = Operation(parent, work).run(worker)
    Shiboken.delete(parent)
    release.set()
    wait_done(qtbot, operation)
    assert "ZeroDivisionError" in (private_data_dir / "logs" / "crash.log").read_text("utf-8")
    assert shown == {"error": [], "critical": []}


def test_run_in_background_uses_the_default_worker(
    qtbot: QtBot, worker: Worker, parent: QWidget
) -> None:
    assert Worker.instance() is worker
    results: list[int] = []
    operation = run_in_background(parent, lambda _p: 6 * 7, results.append)
    wait_done(qtbot, operation)
    assert results == [42]
    assert Worker.wait_idle(WAIT_MS)


def test_the_default_worker_is_created_on_first_use(qtbot: QtBot, parent: QWidget) -> None:
    Worker.shutdown_all(WAIT_MS)
    try:
        default = Worker.instance()
        assert default.parent() is QCoreApplication.instance()
        assert Worker.instance() is default
        results: list[str] = []
        wait_done(qtbot, run_in_background(parent, lambda _p: "ok", results.append))
        assert results == ["ok"]
    finally:
        assert Worker.shutdown_all(WAIT_MS)
    assert Worker.instance() is not default  # a shut-down worker is replaced
    assert Worker.shutdown_all(WAIT_MS)


def test_wait_idle_waits_for_the_running_job(qtbot: QtBot, worker: Worker, parent: QWidget) -> None:
    finished_work: list[bool] = []

    def work(_progress: Progress) -> None:
        time.sleep(0.2)
        finished_work.append(True)

    operation = Operation(parent, work, progress_delay_ms=-1).run(worker)
    assert Worker.wait_idle(WAIT_MS)  # blocks the GUI thread, yet the worker gets to run
    assert finished_work == [True]
    assert operation.running  # the result is still to be delivered by the event loop
    wait_done(qtbot, operation)


def test_shutdown_stops_cancellable_jobs_and_waits(
    qtbot: QtBot, worker: Worker, parent: QWidget
) -> None:
    started = threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> None:
        started.set()
        for step in range(2000):
            progress.check_cancelled()
            steps.append(step)
            time.sleep(0.005)

    cancelled: list[bool] = []
    operation = Operation(
        parent, work, on_cancel=lambda: cancelled.append(True), cancellable=True
    ).run(worker)
    assert started.wait(WAIT_MS / 1000)
    assert worker.shutdown(WAIT_MS)
    assert len(steps) < 2000
    wait_done(qtbot, operation)  # the outcome is still delivered if the event loop runs
    assert cancelled == [True]


def test_a_shut_down_worker_refuses_jobs(worker: Worker, parent: QWidget) -> None:
    assert worker.shutdown(WAIT_MS)
    with pytest.raises(RuntimeError):
        Operation(parent, lambda _p: None).run(worker)


def test_an_operation_runs_once(qtbot: QtBot, worker: Worker, parent: QWidget) -> None:
    operation = Operation(parent, lambda _p: None, progress_delay_ms=-1).run(worker)
    with pytest.raises(RuntimeError):
        operation.run(worker)
    wait_done(qtbot, operation)


def test_progress_records_reports_and_cancellation() -> None:
    progress = Progress()
    assert (progress.latest, progress.cancelled) == (None, False)
    progress.report(1, 4, text="第一步")
    progress.report(2, 4)
    assert progress.latest == ProgressUpdate(2, 4, "第一步")  # the text stays until replaced
    progress.check_cancelled()
    progress.cancel()
    assert progress.cancelled
    with pytest.raises(Cancelled):
        progress.check_cancelled()
