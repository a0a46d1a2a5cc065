"""What the main window shows while it is locked, and what notices that nobody is using it.

`LockScreen` takes the place of the pages: the password field, 解锁, and after wrong tries
the wait the AccessService asked for, counted down once a second by a QTimer (the service
never sleeps; the countdown only decides when the button is enabled again, the service
still refuses a try that comes too early). `IdleWatch` notes the time of the last keyboard
or mouse input anywhere in the application, for the idle lock.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ideowork import APP_TITLE
from ideowork.gui.dialogs.common import ERROR_COLOUR
from ideowork.gui.widgets.wait_countdown import WaitCountdown
from ideowork.services.error_messages import known_error_message
from ideowork.services.system.access import CLEAR_COMMAND, AccessService

CARD_STYLE = """
QFrame#lockCard { background: white; border: 1px solid #d8d2c8; border-radius: 6px; }
QLabel#lockTitle { font-size: 20px; font-weight: bold; color: #b3261e; }
QLabel#lockHint { color: #6b6b6b; }
"""
CARD_WIDTH = 420
# The command on a line of its own, to be read off and typed.
FORGOTTEN_HINT = (
    f"忘记密码时，可在本机命令行运行<br><b>{html.escape(CLEAR_COMMAND)}</b><br>"
    "清除启动密码（会记入操作记录），然后重新设置。"
)
ACCOUNT_HINT = "忘记密码时，请管理员在“系统—用户管理”中为您重设密码。"


class LockScreen(QWidget):
    """The password prompt shown in place of the pages; `unlocked` when the right one is in."""

    unlocked = Signal()

    def __init__(self, access: AccessService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self.setAutoFillBackground(True)
        title = QLabel(APP_TITLE)
        title.setObjectName("lockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info = QLabel("已锁定。请输入启动密码解锁。")
        self.info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("启动密码")
        self.password.setAccessibleName("启动密码")
        self.unlock_button = QPushButton("解锁")
        self.unlock_button.setDefault(True)
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(FORGOTTEN_HINT)
        self.hint = hint
        hint.setTextFormat(Qt.TextFormat.RichText)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint.setObjectName("lockHint")
        hint.setWordWrap(True)

        entry = QHBoxLayout()
        entry.addWidget(self.password, 1)
        entry.addWidget(self.unlock_button)
        card = QFrame()
        card.setObjectName("lockCard")
        card.setFixedWidth(CARD_WIDTH)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 20)
        card_layout.setSpacing(12)
        card_layout.addWidget(title)
        card_layout.addWidget(self.info)
        card_layout.addLayout(entry)
        card_layout.addWidget(self.message)
        card_layout.addWidget(hint)
        self.setStyleSheet(CARD_STYLE)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)

        self.wait = WaitCountdown(self.unlock_button, self.message, self)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)

    def prepare(self) -> None:
        """Fresh for a new lock: empty field, and a wait still running (the program was
        restarted, or locked again soon after wrong tries) counted down from where it is."""
        self.password.clear()
        self.wait.clear()
        self._show_whose_lock()
        try:
            waiting = self.access.wait_seconds()
        except Exception as error:
            self._show_failure(error)
            return
        self.wait.start(waiting, "密码错误次数过多。" if waiting else "")
        self.password.setFocus()

    def _show_whose_lock(self) -> None:
        """The logged-in account's password where the app has accounts, else the start-up one."""
        account = self.access.account
        if account:
            self.info.setText(f"已锁定。请输入登录名 {account} 的密码解锁。")
            self.password.setPlaceholderText("登录密码")
            self.password.setAccessibleName("登录密码")
            self.hint.setText(ACCOUNT_HINT)
        else:
            self.info.setText("已锁定。请输入启动密码解锁。")
            self.password.setPlaceholderText("启动密码")
            self.password.setAccessibleName("启动密码")
            self.hint.setText(FORGOTTEN_HINT)

    def try_unlock(self) -> None:
        if self.wait.remaining:  # Enter in the field while the button is disabled
            return
        typed = self.password.text()
        self.password.clear()
        try:
            result = self.access.unlock(typed)
        except Exception as error:
            self._show_failure(error)
            return
        if result.ok:
            self.wait.clear()
            self.unlocked.emit()
            return
        self.wait.start(result.wait_seconds, result.problem)
        self.password.setFocus()

    def _show_failure(self, error: Exception) -> None:
        """A damaged password record, a database another program holds: said on the lock
        screen itself (a message box over it would need the window it locks)."""
        message = known_error_message(error)
        if message is None:
            raise error  # a bug: the crash dialog and its log
        self.wait.clear()
        self.message.setText(message)

    @property
    def countdown(self) -> QTimer:
        return self.wait.timer

    def tick(self) -> None:
        self.wait.tick()


# Input that shows someone is at the PC (a repaint, a timer or a window moving on its own
# does not).
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatch(QObject):
    """The time of the last keyboard or mouse input anywhere in the application, seen by an
    event filter on QApplication (it only looks, never consumes an event). Time comes from a
    monotonic clock: setting the PC's clock neither locks nor postpones a lock."""

    def __init__(
        self, parent: QObject | None = None, now: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.last_input = now()
        self._app = QApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self.last_input = self._now()
        return False

    def idle_seconds(self) -> float:
        return self._now() - self.last_input

    def reset(self) -> None:
        self.last_input = self._now()

    def stop(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
