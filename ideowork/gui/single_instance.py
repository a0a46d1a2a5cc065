"""One window per database: a lock file beside it, and a second start that asks what to do.

The first window on a SQLite database holds `<database>.lock` (QLockFile) for as long as it
runs and listens on a local socket named after the database. A second start finds the lock
taken and offers to bring that window forward (it sends "raise" and quits), to open the
database read-only, or to cancel. A lock left by a crashed window (its process gone) is
removed by QLockFile itself; one held on another PC is never taken over behind its back.
Server databases (PostgreSQL) have no file to lock and skip all this.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLockFile, QSysInfo, Qt, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ideowork import APP_NAME
from ideowork.paths import lock_file_for, make_private

RAISE = b"raise\n"
DONE = b"ok\n"
# How long a second start waits for the first window to answer before saying it could not.
ANSWER_TIMEOUT_MS = 3000
READ_ONLY_MARK = "（只读）"
READ_ONLY_STATUS = "只读：另一个窗口正在编辑此数据库，这里只能查看和打印"


class SecondStart(Enum):
    """What the user chose when the database was already open."""

    SWITCH = "switch"
    READ_ONLY = "read-only"
    CANCEL = "cancel"


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database's lock, as the lock file says."""

    pid: int
    host: str
    program: str
    user: str | None  # the lock file's owner, known on this PC only

    @property
    def on_this_pc(self) -> bool:
        return not self.host or self.host == QSysInfo.machineHostName()

    def describe(self) -> str:
        where = "本机" if self.on_this_pc else f"计算机“{self.host}”"
        who = f"，用户“{self.user}”" if self.user else ""
        return f"{where}{who}，进程号 {self.pid}"


UNKNOWN_HOLDER = "锁文件无法读取，可能是另一个用户的窗口"


@dataclass(frozen=True)
class Busy:
    """Why this start cannot edit the database, for the dialog that asks what to do."""

    db_file: Path
    lock_file: Path
    taken: bool  # another window holds the lock (else the lock file could not be created)
    holder: LockHolder | None  # who, when the lock file could be read
    note: str = ""  # what went wrong with the last choice

    @property
    def can_switch(self) -> bool:
        return self.holder is not None and self.holder.on_this_pc

    def message(self) -> str:
        if not self.taken:
            text = (
                f"无法在数据库所在的文件夹中创建锁文件“{self.lock_file}”，"
                "因此不能确定是否有另一个窗口正在编辑它。请检查该文件夹是否可写；"
                "只查看或打印可以选择以只读方式打开。"
            )
        else:
            who = (
                self.holder.describe() if self.holder else "（锁文件无法读取，可能属于另一个用户）"
            )
            text = (
                f"数据库“{self.db_file}”已在另一个窗口中打开（{who}）。\n\n"
                "同一个数据库同时只能在一个窗口中编辑，以免两处的修改互相覆盖。"
            )
            if self.can_switch:
                text += "可以切换到已打开的窗口继续工作，或以只读方式再打开一个窗口查看和打印。"
            else:
                text += (
                    "请到正在编辑它的电脑上操作，或以只读方式打开查看和打印。"
                    f"如确认那边的程序已经关闭（例如断电），可删除锁文件“{self.lock_file}”"
                    "后重新打开。"
                )
        return f"{self.note}\n\n{text}" if self.note else text


SecondStartQuestion = Callable[[Busy], SecondStart]


def server_name(db_file: Path) -> str:
    """The local socket of the window editing `db_file`: one per user and database file."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    key = f"{user}\0{os.path.normcase(db_file)}".encode()
    return f"{APP_NAME}-{hashlib.sha256(key).hexdigest()[:24]}"


def _file_owner(path: Path) -> str | None:
    if sys.platform == "win32":
        return None
    import pwd

    try:
        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (KeyError, OSError):
        return None


class DatabaseLock:
    """The one-window lock of a database file, and the line to the window that holds it."""

    def __init__(self, db_file: Path) -> None:
        self.db_file = db_file
        self.lock_file = lock_file_for(db_file)
        self._lock = QLockFile(str(self.lock_file))
        # Never stale by age (a window stays open all day); stale only when the process that
        # wrote it is gone from this PC, which QLockFile checks before each try.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._on_raise: Callable[[], None] = lambda: None

    # --- the lock ---------------------------------------------------------------------------
    def acquire(self) -> bool:
        """Take the lock now (no waiting); False if another window holds it or it cannot
        be created (`holder()` tells which)."""
        try:
            self.db_file.parent.mkdir(parents=True, exist_ok=True)  # a new database's folder
        except OSError:
            return False  # nor can the lock file be made there: `taken` is False
        if not self._lock.tryLock(0):
            return False
        make_private(self.lock_file)
        return True

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    @property
    def taken(self) -> bool:
        """The last try failed because another window holds the lock."""
        return self._lock.error() == QLockFile.LockError.LockFailedError

    def holder(self) -> LockHolder | None:
        """Who holds the lock, if the lock file says (it may be another user's, unreadable)."""
        pid, host, program = self._lock.getLockInfo()
        if not pid:  # gone meanwhile, or not readable
            return None
        return LockHolder(int(pid), str(host), str(program), _file_owner(self.lock_file))

    def busy(self, note: str = "") -> Busy:
        return Busy(self.db_file, self.lock_file, self.taken, self.holder(), note)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    # --- the line between the windows -------------------------------------------------------
    def listen(self, on_raise: Callable[[], None]) -> bool:
        """While holding the lock: call `on_raise` whenever a second start asks for this
        window. False if the socket cannot be opened (the lock still holds)."""
        assert self.held, "listen only while holding the lock"
        self._on_raise = on_raise
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(self.db_file)
        if not server.listen(name):
            # We hold the lock, so whatever is left under this name is a crashed window's.
            QLocalServer.removeServer(name)
            if not server.listen(name):
                return False
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > len(RAISE):
                socket.abort()  # not ours: nothing longer than a request is read
            return
        request = bytes(socket.readLine().data())
        if request == RAISE:
            self._on_raise()
            socket.write(DONE)
            socket.flush()
        socket.disconnectFromServer()

    def ask_holder_to_raise(self, timeout_ms: int = ANSWER_TIMEOUT_MS) -> bool:
        """Ask the window holding the lock to come forward; True once it has answered."""
        socket = QLocalSocket()
        socket.connectToServer(server_name(self.db_file))
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(RAISE)
        # Wait in an event loop, not blocking: the window asked may be in this very process.
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        answer = bytearray()

        def read() -> None:
            answer.extend(bytes(socket.readAll().data()))
            if answer.endswith(b"\n"):
                loop.quit()

        socket.readyRead.connect(read)
        socket.disconnected.connect(loop.quit)
        timer.start(timeout_ms)
        socket.flush()
        loop.exec()
        timer.stop()
        answer.extend(bytes(socket.readAll().data()))  # what came with the disconnection
        socket.abort()
        return bytes(answer) == DONE


@dataclass
class Claim:
    """How this start may use its database: the lock it holds (None for a server database
    or a read-only window) and whether it opens the database read-only."""

    lock: DatabaseLock | None
    read_only: bool

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()


SWITCH_FAILED_NOTE = (
    "没能切换到已打开的窗口（它没有应答，可能正在忙，或属于另一个用户）。"
    "请在任务栏中找到它，或选择以只读方式打开。"
)


def claim_database(db_file: Path | None, ask: SecondStartQuestion) -> Claim | None:
    """Take the database's lock, or ask what to do when another window has it. None when
    this start should end here (the other window was brought forward, or the user cancelled)."""
    if db_file is None:
        return Claim(None, read_only=False)  # a server database: its server keeps order
    lock = DatabaseLock(db_file)
    if lock.acquire():
        return Claim(lock, read_only=False)
    busy = lock.busy()
    while True:
        choice = ask(busy)
        if choice is SecondStart.SWITCH and busy.can_switch:
            if lock.ask_holder_to_raise():
                return None
            busy = lock.busy(SWITCH_FAILED_NOTE)
        elif choice is SecondStart.READ_ONLY:
            return Claim(None, read_only=True)
        else:
            return None
        if lock.acquire():  # the other window closed meanwhile
            return Claim(lock, read_only=False)


# --- what the user sees ---------------------------------------------------------------------
CHOICE_TEXTS = {
    SecondStart.SWITCH: "切换到已打开的窗口",
    SecondStart.READ_ONLY: "以只读方式打开",
    SecondStart.CANCEL: "取消",
}


def second_start_dialog(
    busy: Busy, parent: QWidget | None = None
) -> tuple[QMessageBox, dict[SecondStart, QPushButton]]:
    """The question asked when the database is already open in another window."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("数据库已在另一个窗口中打开")
    box.setText(busy.message())
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 440px; }")  # paths are long
    roles = {
        SecondStart.SWITCH: QMessageBox.ButtonRole.AcceptRole,
        SecondStart.READ_ONLY: QMessageBox.ButtonRole.ActionRole,
        SecondStart.CANCEL: QMessageBox.ButtonRole.RejectRole,
    }
    buttons = {
        choice: box.addButton(CHOICE_TEXTS[choice], role)
        for choice, role in roles.items()
        if choice is not SecondStart.SWITCH or busy.can_switch
    }
    box.setDefaultButton(buttons.get(SecondStart.SWITCH) or buttons[SecondStart.READ_ONLY])
    box.setEscapeButton(buttons[SecondStart.CANCEL])
    return box, buttons


def ask_second_start(busy: Busy) -> SecondStart:
    """Ask with the dialog (the default question of a start; tests pass their own)."""
    box, buttons = second_start_dialog(busy)
    box.exec()
    clicked = box.clickedButton()
    return next((c for c, b in buttons.items() if b is clicked), SecondStart.CANCEL)


def mark_read_only(window: QMainWindow) -> None:
    """Say in the title and the status bar that this window only views the database."""
    if not window.windowTitle().endswith(READ_ONLY_MARK):
        window.setWindowTitle(window.windowTitle() + READ_ONLY_MARK)
    label = QLabel(READ_ONLY_STATUS)
    label.setObjectName("readOnlyLabel")
    label.setStyleSheet("color: #b00020; font-weight: bold;")
    window.statusBar().addPermanentWidget(label)


def bring_forward() -> None:
    """Bring this program's windows to the front (asked by a second start): the main
    window, then the dialog it may be showing, so that the dialog ends up on top."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    modal = app.activeModalWidget()
    windows = [
        w
        for w in app.topLevelWidgets()
        if w.isVisible() and w.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
    ]
    windows.sort(key=lambda w: w is modal)
    for window in windows:
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
