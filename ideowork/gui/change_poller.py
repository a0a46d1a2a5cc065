"""Others' changes while the window is open: every few seconds, off the GUI thread, the audit
trail is asked what others wrote since (services/system/change_feed); their changes are
announced as the window's own are, so the pages reload, and the status bar says who changed what.

Runs while a server database is open (several PCs), or in a window that views a SQLite database
another window edits. Not while the window is locked (the note would name people). A poll that
fails (the server briefly out of reach) is skipped quietly: the next one tries again.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ideowork.services.context import Services
from ideowork.services.system.change_feed import ChangeFeed, OthersChanges

POLL_INTERVAL_MS = 5_000
_log = logging.getLogger(__name__)


def wanted(services: Services) -> bool:
    """A server database, or a viewing window: others may write while this window is open."""
    return services.read_only or services.maintenance.database_file is None


class ChangePoller(QObject):
    # Others' changes, after they were announced; on the GUI thread.
    arrived = Signal(object)
    _polled = Signal(object)  # from the polling thread: OthersChanges or None

    def __init__(
        self, services: Services, parent: QObject | None = None, interval_ms: int = POLL_INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.feed: ChangeFeed = services.change_feed()
        self.paused = False
        self._held: list[OthersChanges] = []  # arrived while paused: told on resume
        self._thread: threading.Thread | None = None
        self._polled.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll_now)

    def start(self) -> None:
        self.feed.start()  # what is there already is not news (one cheap query)
        self.timer.start()

    def poll_now(self) -> threading.Thread | None:
        """Ask once, off the GUI thread (none while the last one still runs or when paused)."""
        if self.paused or (self._thread is not None and self._thread.is_alive()):
            return None
        self._thread = threading.Thread(target=self._poll, name="ideowork-changes", daemon=True)
        self._thread.start()
        return self._thread

    def _poll(self) -> None:
        try:
            news = self.feed.poll()
        except Exception as error:  # out of reach for a moment: the next poll tries again
            _log.info("polling for others' changes failed: %s", type(error).__name__)
            news = None
        self._polled.emit(news)

    def _deliver(self, news: OthersChanges | None) -> None:
        if news is None:
            return
        if self.paused:
            self._held.append(news)
            return
        self.feed.announce(news)
        self.arrived.emit(news)

    def pause(self) -> None:
        """While the window is locked: no note naming people, no reloads."""
        self.paused = True

    def resume(self) -> None:
        self.paused = False
        held, self._held = self._held, []
        for news in held:
            self._deliver(news)

    def stop(self) -> None:
        self.timer.stop()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=10)
