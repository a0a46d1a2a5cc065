"""Service calls off the GUI thread, so the window keeps painting while a long job runs.

Modelled on Anki's aqt.operations (QueryOp/CollectionOp): one serial background thread for the
whole application, because the database layer expects a single writer at a time. A job is an
`Operation`: its `work(progress)` runs on the worker thread; `on_success(result)` or the failure
handling runs afterwards on the GUI thread. The worker thread never touches a widget.

    Operation(page, work=lambda progress: services.reports.make(...),
              on_success=page.show_report, label="正在生成公文…").run(worker)
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar, cast

from PySide6.QtCore import (
    SIGNAL,
    SLOT,
    QCoreApplication,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget
from shiboken6 import Shiboken

from ideowork.gui.failures import show_failure, write_crash_log
from ideowork.services.error_messages import known_error_message

T = TypeVar("T")

# Progress reaches the GUI at most this often, however fast the work reports.
PROGRESS_INTERVAL_MS = 50
DEFAULT_PROGRESS_DELAY_MS = 400
# The same stack on every platform: a thread's default is 8 MB on Linux but 1 MB on Windows,
# and document generation (lxml, reportlab) can recurse deeply in C.
WORKER_STACK_BYTES = 8 * 1024 * 1024
_QT_INT_MAX = 2**31 - 1

CANCEL_TEXT = "取消"
CANCELLING_TEXT = "正在取消…"
DEFAULT_LABEL = "正在处理…"


class Cancelled(Exception):
    """Raised by `Progress.check_cancelled()` once the user pressed cancel."""

    def __init__(self, message: str = "操作已取消") -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """What the work reported last: `total` None means unknown (a busy indicator)."""

    done: int
    total: int | None
    text: str | None


class Progress:
    """Handed to the work function; safe to use from any thread.

    `report()` only stores the newest values; the GUI thread collects them every
    PROGRESS_INTERVAL_MS, so a tight loop reporting 100 000 times costs the GUI a handful of
    updates, and the final state is always shown.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel_requested = threading.Event()
        self._numbers: tuple[int, int | None] | None = None
        self._text: str | None = None
        self._fresh = False

    def report(self, done: int, total: int | None = None, text: str | None = None) -> None:
        """`text`, when given, replaces the dialog's label and stays until replaced again."""
        with self._lock:
            self._numbers = (done, total)
            if text is not None:
                self._text = text
            self._fresh = True

    @property
    def latest(self) -> ProgressUpdate | None:
        with self._lock:
            return self._snapshot()

    @property
    def cancelled(self) -> bool:
        return self._cancel_requested.is_set()

    def cancel(self) -> None:
        self._cancel_requested.set()

    def check_cancelled(self) -> None:
        if self._cancel_requested.is_set():
            raise Cancelled

    def _take(self) -> ProgressUpdate | None:
        """The newest report if it has not been taken yet (GUI thread)."""
        with self._lock:
            if not self._fresh:
                return None
            self._fresh = False
            return self._snapshot()

    def _snapshot(self) -> ProgressUpdate | None:
        if self._numbers is None:
            return None if self._text is None else ProgressUpdate(0, None, self._text)
        return ProgressUpdate(self._numbers[0], self._numbers[1], self._text)


@dataclass(slots=True)
class _Outcome:
    value: object = None
    error: Exception | None = None


class _Job:
    """What the worker thread sees of an operation: no QObject, nothing it could delete."""

    __slots__ = ("progress", "work")

    def __init__(self, work: Callable[[Progress], object], progress: Progress) -> None:
        self.work: Callable[[Progress], object] | None = work
        self.progress = progress

    def execute(self) -> _Outcome:
        # The Operation keeps its own reference to `work`, and this one is dropped before the
        # result is handed over, so whatever the work captured is released on the GUI thread.
        work, self.work = self.work, None
        try:
            if work is None:
                raise RuntimeError("a background job ran twice")
            self.progress.check_cancelled()  # cancelled while it waited behind another job
            return _Outcome(value=work(self.progress))
        except Exception as error:
            return _Outcome(error=error)
        except BaseException as error:  # SystemExit and the like: a failure, not a dead op
            wrapped = RuntimeError(f"后台任务异常退出：{error!r}")
            wrapped.__cause__ = error
            return _Outcome(error=wrapped)
        finally:
            del work


def _alive(obj: object) -> bool:
    """False once the C++ side of a Qt object was deleted (a closed page, a quit application)."""
    return obj is not None and Shiboken.isValid(obj)


class Worker(QObject):
    """The application's single background thread; jobs run one after another, in order.

    The first Worker created (while no other is running) becomes the default that
    `Worker.instance()` and `run_in_background()` use, so create it once, early (the main
    window), and call `shutdown()` when closing.
    """

    _job_done = Signal(int)

    _default: ClassVar[Worker | None] = None
    _live: ClassVar[list[Worker]] = []

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # serial: the database expects one writer at a time
        self._pool.setExpiryTimeout(-1)  # keep the one thread instead of re-creating it
        self._pool.setStackSize(WORKER_STACK_BYTES)
        self._lock = threading.Lock()
        self._outcomes: dict[int, _Outcome] = {}
        self._operations: dict[int, Operation[Any]] = {}
        self._tokens = itertools.count(1)
        self._closed = False
        # Queued: the worker thread emits, the slot runs later on this object's (GUI) thread.
        self._job_done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        Worker._live.append(self)
        if not Worker._usable(Worker._default):
            Worker._default = self

    @classmethod
    def instance(cls) -> Worker:
        """The process-wide worker, created (parented to the application) on first use."""
        default = cls._default
        if default is not None and cls._usable(default):
            return default
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("Worker.instance() needs a QApplication")
        worker = cls(app)
        app.aboutToQuit.connect(worker.shutdown)
        cls._default = worker
        return worker

    @classmethod
    def wait_idle(cls, timeout_ms: int = -1) -> bool:
        """Block until no worker has a job running or queued (for tests); False on timeout.

        Results are delivered to the GUI thread afterwards, when its event loop next runs.
        """
        deadline = None if timeout_ms < 0 else time.monotonic() + timeout_ms / 1000
        for worker in list(cls._live):
            if not _alive(worker):
                continue
            remaining = (
                -1 if deadline is None else max(0, int((deadline - time.monotonic()) * 1000))
            )
            if not worker._pool.waitForDone(remaining):
                return False
        return True

    @classmethod
    def shutdown_all(cls, timeout_ms: int = -1) -> bool:
        """Shut down every worker still running (tests' teardown); False on timeout."""
        # A list, not a generator: one timeout must not leave the other workers running.
        return all([worker.shutdown(timeout_ms) for worker in list(cls._live)])

    @property
    def is_shut_down(self) -> bool:
        return self._closed

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Refuse new jobs, ask cancellable ones to stop, wait for the rest; False on timeout.

        Jobs already accepted still run: a queued save is something the user asked for.
        """
        self._closed = True
        if self in Worker._live:
            Worker._live.remove(self)
        if Worker._default is self:
            Worker._default = None
        if not _alive(self):
            return True
        for operation in self._operations.values():
            if operation.cancellable:
                operation.cancel()
        if not self._pool.waitForDone(timeout_ms):
            return False
        # Hand over what finished but was not yet delivered (the event loop did not run since):
        # here, on the GUI thread, so no Operation with its timers running is left for the
        # garbage collector to free on another thread.
        with self._lock:
            parked = list(self._outcomes)
        for token in parked:
            self._deliver(token)
        return True

    def _submit(self, operation: Operation[Any], job: _Job) -> None:
        if self._closed:
            raise RuntimeError("the background worker has been shut down")
        token = next(self._tokens)
        self._operations[token] = operation  # keeps the Operation alive until delivered
        self._pool.start(functools.partial(self._run, token, job))

    def _run(self, token: int, job: _Job) -> None:
        """Worker thread: run the job, park the outcome, wake the GUI thread."""
        outcome = job.execute()
        with self._lock:
            self._outcomes[token] = outcome
        del outcome  # only the GUI thread may hold the result from here on
        # RuntimeError: the worker was deleted without shutdown(), so there is nobody to tell.
        with contextlib.suppress(RuntimeError):
            self._job_done.emit(token)

    @Slot(int)
    def _deliver(self, token: int) -> None:
        with self._lock:
            outcome = self._outcomes.pop(token, None)
        if outcome is None:
            return  # delivered already, by shutdown()
        operation = self._operations.pop(token)
        operation._finish(outcome)

    @staticmethod
    def _usable(worker: Worker | None) -> bool:
        return worker is not None and not worker._closed and _alive(worker)


class _ProgressDialog(QProgressDialog):
    """A progress dialog that stays up until the job has really ended.

    Plain QProgressDialog hides itself on cancel, Escape or the close button; here those only
    request cancellation (if allowed) and the operation closes the dialog when the job ends.
    """

    def __init__(self, label: str, cancellable: bool, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._cancellable = cancellable
        self.setLabelText(label)
        self.setAutoClose(False)
        self.setAutoReset(False)
        # Our own bar: QProgressDialog.setValue() runs a nested event loop when modal.
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.setBar(self.bar)
        # Drop the default button first: each setCancelButton(button) adds an Escape shortcut,
        # and two of them would be ambiguous, so Escape would do nothing.
        self.setCancelButton(None)
        self.cancel_button: QPushButton | None = None
        if cancellable:
            self.cancel_button = QPushButton(CANCEL_TEXT, self)
            self.setCancelButton(self.cancel_button)
            QObject.disconnect(self, SIGNAL("canceled()"), self, SLOT("cancel()"))
        self.setWindowModality(
            Qt.WindowModality.WindowModal
            if parent is not None
            else Qt.WindowModality.ApplicationModal
        )

    def reject(self) -> None:  # Escape, when there is no cancel button and so no shortcut
        if self._cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # the title bar's close button
        event.ignore()
        if self._cancellable:
            self.canceled.emit()


class Operation(QObject, Generic[T]):
    """One background job with its GUI-side handling; `run()` returns at once.

    - `work(progress)` runs on the worker thread; it must not touch widgets and should return
      plain data (not QObjects).
    - `on_success(result)` runs on the GUI thread. Without `on_failure`, errors are shown:
      known ones (`known_error_message`) as a plain message, anything else as a bug with a
      crash log. A `Cancelled` from the work calls `on_cancel` and shows nothing.
    - If `parent` is deleted before the job ends, the result is dropped (bugs are still logged).
    - A modal progress dialog appears only if the job takes longer than `progress_delay_ms`
      (negative: never).
    """

    finished = Signal()  # after the callbacks ran (or were skipped)
    progress_changed = Signal(object)  # ProgressUpdate, throttled

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Progress], T],
        on_success: Callable[[T], object] | None = None,
        on_failure: Callable[[Exception], object] | None = None,
        *,
        on_cancel: Callable[[], object] | None = None,
        label: str = DEFAULT_LABEL,
        cancellable: bool = False,
        progress_delay_ms: int = DEFAULT_PROGRESS_DELAY_MS,
    ) -> None:
        # No Qt parent: the worker holds the Operation until the result is delivered, so
        # deleting the widget cannot delete it under the worker's feet.
        super().__init__()
        self._parent = parent
        self._work: Callable[[Progress], T] | None = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_cancel = on_cancel
        self._label = label
        self._cancellable = cancellable
        self._progress_delay_ms = progress_delay_ms
        self._progress = Progress()
        self._started = False
        self._running = False
        self._dialog: _ProgressDialog | None = None
        self._last_update: ProgressUpdate | None = None
        self._delay_timer = QTimer(self)
        self._delay_timer.setSingleShot(True)
        self._delay_timer.timeout.connect(self._show_dialog)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(PROGRESS_INTERVAL_MS)
        self._poll_timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def cancellable(self) -> bool:
        return self._cancellable

    @property
    def progress(self) -> Progress:
        return self._progress

    @property
    def dialog(self) -> QProgressDialog | None:
        """The progress dialog while it is shown, else None."""
        return self._live_dialog()

    def _live_dialog(self) -> _ProgressDialog | None:
        dialog = self._dialog
        return dialog if dialog is not None and _alive(dialog) else None

    def run(self, worker: Worker | None = None) -> Operation[T]:
        """Queue the job on `worker` (default: `Worker.instance()`) and return immediately."""
        if self._started:
            raise RuntimeError("an Operation runs only once")
        if self._work is None:
            raise RuntimeError("an Operation needs work")
        worker = worker if worker is not None else Worker.instance()
        worker._submit(self, _Job(self._work, self._progress))
        self._started = True
        self._running = True
        self._poll_timer.start()
        if self._progress_delay_ms >= 0:
            self._delay_timer.start(self._progress_delay_ms)
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it does at its next `check_cancelled()`."""
        self._progress.cancel()
        dialog = self._live_dialog()
        if dialog is not None:
            dialog.setLabelText(CANCELLING_TEXT)
            if dialog.cancel_button is not None:
                dialog.cancel_button.setEnabled(False)

    def _show_dialog(self) -> None:
        if not self._running or self._dialog is not None:
            return
        if self._parent is not None and not _alive(self._parent):
            return
        dialog = _ProgressDialog(self._label, self._cancellable, self._parent)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        if self._last_update is not None:
            self._apply(self._last_update)
        if self._progress.cancelled:
            self.cancel()
        dialog.forceShow()  # forceShow, not show: it also stops the dialog's own show timer

    def _poll(self) -> None:
        update = self._progress._take()
        if update is None:
            return
        self._last_update = update
        self._apply(update)
        self.progress_changed.emit(update)

    def _apply(self, update: ProgressUpdate) -> None:
        dialog = self._live_dialog()
        if dialog is None:
            return
        total = update.total
        if total is None or total <= 0:
            dialog.bar.setRange(0, 0)  # unknown total: busy indicator
        else:
            done = min(max(update.done, 0), total)
            if total > _QT_INT_MAX:  # QProgressBar takes a C int
                done, total = done * 1000 // total, 1000
            dialog.bar.setRange(0, total)
            dialog.bar.setValue(done)
        if update.text is not None and not self._progress.cancelled:
            dialog.setLabelText(update.text)

    def _close_dialog(self) -> None:
        dialog = self._live_dialog()
        self._dialog = None
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()

    def _finish(self, outcome: _Outcome) -> None:
        """GUI thread: the job ended; close the dialog, then hand over the result."""
        self._delay_timer.stop()
        self._poll_timer.stop()
        self._poll()  # the final report is always delivered
        self._close_dialog()
        self._running = False
        on_success, on_failure, on_cancel = self._on_success, self._on_failure, self._on_cancel
        # Drop references so whatever the callbacks captured can go once the caller lets go.
        self._work = self._on_success = self._on_failure = self._on_cancel = None
        parent = self._parent
        parent_gone = parent is not None and not _alive(parent)
        error = outcome.error
        try:
            if error is None:
                if on_success is not None and not parent_gone:
                    on_success(cast(T, outcome.value))
            elif isinstance(error, Cancelled):
                if on_cancel is not None and not parent_gone:
                    on_cancel()
            elif parent_gone:
                if known_error_message(error) is None:
                    with contextlib.suppress(OSError):  # nobody to tell, but a bug must not vanish
                        write_crash_log(type(error), error, error.__traceback__)
            elif on_failure is not None:
                on_failure(error)
            else:
                show_failure(parent, error)
        finally:
            self.finished.emit()


def run_in_background(
    parent: QWidget | None,
    work: Callable[[Progress], T],
    on_success: Callable[[T], object] | None = None,
    *,
    on_failure: Callable[[Exception], object] | None = None,
    on_cancel: Callable[[], object] | None = None,
    label: str = DEFAULT_LABEL,
    cancellable: bool = False,
    progress_delay_ms: int = DEFAULT_PROGRESS_DELAY_MS,
    worker: Worker | None = None,
) -> Operation[T]:
    """Build an Operation and run it on `worker` (default: `Worker.instance()`)."""
    operation = Operation(
        parent,
        work,
        on_success,
        on_failure,
        on_cancel=on_cancel,
        label=label,
        cancellable=cancellable,
        progress_delay_ms=progress_delay_ms,
    )
    return operation.run(worker)
