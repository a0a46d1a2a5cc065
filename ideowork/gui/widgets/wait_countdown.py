"""The wait after wrong passwords, counted down on a form (the lock screen, the login).

The services decide how long to wait and refuse tries until then (from their clock, never
slept); this only keeps the form's button disabled meanwhile and says, second by second, what
was wrong and how long is left.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QLabel

from ideowork.services.system.passwords import wait_message


class WaitCountdown(QObject):
    def __init__(self, button: QAbstractButton, message: QLabel, parent: QObject) -> None:
        super().__init__(parent)
        self.button = button
        self.message = message
        self.problem = ""  # what the last try got wrong, shown above the countdown
        self.remaining = 0  # seconds left before the button is enabled again
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def start(self, seconds: int, problem: str) -> None:
        """Say `problem`, and wait `seconds` (0: none) before the next try."""
        self.problem = problem
        self.remaining = max(0, seconds)
        if self.remaining:
            self.timer.start()
        else:
            self.timer.stop()
        self.show()

    def clear(self) -> None:
        """A fresh form: nothing wrong, nothing to wait for."""
        self.start(0, "")

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        """One second of the wait has passed (the timer's slot; tests call it directly)."""
        self.remaining = max(0, self.remaining - 1)
        if not self.remaining:
            self.timer.stop()
        self.show()

    def show(self) -> None:
        waiting = self.remaining > 0
        self.button.setEnabled(not waiting)
        if waiting:
            self.message.setText(self.problem + wait_message(self.remaining))
        elif self.problem:
            self.message.setText(self.problem + "请重新输入。")
        else:
            self.message.clear()
