"""The main window: module navigation on the left, the module's page on the right.

Pages are refreshed when the data they show changed, not each time they are shown: every
committed change announces the kinds of records it touched (Services.subscribe); a page other
than the one on screen that shows such records is marked stale and reloads when next shown.
The page on screen updates itself after its own actions.

With a start-up password set (single-PC install; on a shared server the user accounts of the
multi-PC work take its place), the window opens locked and locks again after the idle minutes
without input: a lock screen replaces the navigation and the pages, the menu actions that
reach the data are disabled, the status bar no longer names the unit or the database, and the
dialogs open over the window are closed (their unsaved input is dropped, as it would be if the
program were closed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from ideowork import APP_TITLE, __version__
from ideowork.gui.change_poller import ChangePoller, wanted
from ideowork.gui.forms.ui_main_window import Ui_MainWindow
from ideowork.gui.lock_screen import IdleWatch, LockScreen
from ideowork.gui.tasks import Worker
from ideowork.services.context import Services
from ideowork.services.runtime import EVERYTHING
from ideowork.services.system.change_feed import OthersChanges
from ideowork.services.system.permissions import role_label

if TYPE_CHECKING:
    from ideowork.gui.pages.documents_page import DocumentsPage
    from ideowork.gui.pages.system_page import SystemPage

NAVIGATION_STYLE = """
QListWidget { font-size: 15px; background: #f4f1ec; border: none; }
QListWidget::item { padding: 10px 14px; }
QListWidget::item:selected { background: #b3261e; color: white; }
"""


@dataclass(frozen=True)
class PageSpec:
    """A page of the navigation, imported and built when first shown: start-up builds only
    the first one (the others' modules pull in the report writers, the calendar, the big
    tables and their first queries)."""

    title: str  # the page class's own `title` (a test checks they agree)
    module: str
    class_name: str

    def page_type(self) -> Callable[[Services, QWidget], QWidget]:
        return cast(
            Callable[[Services, QWidget], QWidget],
            getattr(importlib.import_module(self.module), self.class_name),
        )


PAGE_SPECS = (
    PageSpec("工作台", "ideowork.gui.pages.workbench_page", "WorkbenchPage"),
    PageSpec("单位信息", "ideowork.gui.pages.unit_page", "UnitPage"),
    PageSpec("责任清单", "ideowork.gui.pages.matrix_page", "MatrixPage"),
    PageSpec("学习日历", "ideowork.gui.pages.studies_page", "StudiesPage"),
    PageSpec("舆情台账", "ideowork.gui.pages.sentiment_page", "SentimentPage"),
    PageSpec("阵地管理", "ideowork.gui.pages.positions_page", "PositionsPage"),
    PageSpec("公文", "ideowork.gui.pages.documents_page", "DocumentsPage"),
    PageSpec("研判整改", "ideowork.gui.pages.findings_page", "FindingsPage"),
    PageSpec("检查考核", "ideowork.gui.pages.assessment_page", "AssessmentPage"),
    PageSpec("系统", "ideowork.gui.pages.system_page", "SystemPage"),
)
# The page of each kind of record the 工作台 opens (its Target.page); the page's `reveal`.
RECORD_PAGES = {
    "unit": "UnitPage",
    "matrix": "MatrixPage",
    "studies": "StudiesPage",
    "sentiment": "SentimentPage",
    "findings": "FindingsPage",
}
# The status bar names the unit.
STATUS_SHOWS = frozenset({"unit"})
# How often the idle lock looks at the time of the last input.
IDLE_CHECK_MS = 10_000


class Page(Protocol):
    title: str
    shows: frozenset[str]  # the kinds of records (audit entities) the page displays

    def refresh(self) -> None: ...


def affects(shows: frozenset[str], changed: frozenset[str]) -> bool:
    return EVERYTHING in changed or EVERYTHING in shows or bool(shows & changed)


class MainWindow(QMainWindow):
    # Emitted from whichever thread committed a change; delivered on the GUI thread.
    data_changed = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.locked = False
        self.poller: ChangePoller | None = None  # others' changes, when others may write
        # The one background worker: reports, imports, backups run there (gui/tasks.py).
        self.worker = Worker(self)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowTitle(APP_TITLE)
        if services.actor.login:  # logged in to an account: whose window this is
            role = role_label(services.actor.role)
            self.setWindowTitle(f"{APP_TITLE} — {services.actor.user} · {role}")
        # A page is built when first shown; until then an empty stand-in holds its row.
        self._built: list[QWidget | None] = [None] * len(PAGE_SPECS)
        self.stale: set[int] = set()  # rows of built pages to reload when next shown
        for spec in PAGE_SPECS:
            self.ui.pages.addWidget(QWidget())
            self.ui.navigation.addItem(spec.title)
        self.ui.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.ui.navigation.currentRowChanged.connect(self.show_page)
        self.unit_label = QLabel()
        self.ui.statusbar.addPermanentWidget(self.unit_label)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionBackup.triggered.connect(self.backup_now)
        self.ui.actionBackup.setEnabled(services.maintenance.can_back_up)
        self.data_changed.connect(self.on_data_changed)
        self._unsubscribe = services.subscribe(self.data_changed.emit)
        self.ui.navigation.setCurrentRow(0)
        self.update_status()
        self._setup_lock()
        self._watch_others()

    # --- the lock ----------------------------------------------------------------------------
    def _setup_lock(self) -> None:
        """The pages and the lock screen share the central area; only one is ever shown."""
        self.lock_screen = LockScreen(self.services.access, self)
        self.lock_screen.unlocked.connect(self.unlock)
        self.central_stack = QStackedWidget(self)
        content = self.takeCentralWidget()
        self.central_stack.addWidget(content)
        self.central_stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.central_stack)
        self.central_stack.setCurrentWidget(content)
        self.lock_action = QAction("锁定(&L)", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.ui.menuFile.insertAction(self.ui.actionQuit, self.lock_action)
        # Still usable while locked: they reveal nothing.
        self._always_enabled = {self.ui.actionQuit, self.ui.actionAbout}
        self._action_states: dict[QAction, bool] = {}
        self._plain_title = self.windowTitle()
        self._after_unlock: list[Callable[[], None]] = []
        self.idle = IdleWatch(self)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        # Opens locked behind the start-up password; an account has just logged in instead.
        if not self.services.access.account and self.services.access.has_password():
            self.lock()
        self._update_lock_action()

    def _menu_actions(self) -> list[QAction]:
        return [
            action
            for menu in self.ui.menubar.findChildren(QMenu)
            for action in menu.actions()
            if not action.isSeparator() and action.menu() is None
        ]

    def _update_lock_action(self) -> None:
        if not self.locked:
            self.lock_action.setEnabled(self.services.access.has_password())

    def lock(self) -> bool:
        """Hide every piece of data behind the lock screen; False when there is no password
        (nothing could unlock it again) or the window is already locked."""
        if self.locked or not self.services.access.has_password():
            return False
        self.locked = True
        self._close_windows_over_me()
        self._plain_title = self.windowTitle()
        self.setWindowTitle(APP_TITLE)
        self.central_stack.setCurrentWidget(self.lock_screen)
        self.ui.central.setEnabled(False)  # no shortcut of a hidden page reaches it
        self._action_states = {}
        for action in self._menu_actions():
            if action not in self._always_enabled:
                self._action_states[action] = action.isEnabled()
                action.setEnabled(False)
        # The status bar names the unit and the database, and later messages may name files.
        self.ui.statusbar.hide()
        self.lock_screen.prepare()
        if self.poller is not None:
            self.poller.pause()
        return True

    def unlock(self) -> None:
        """The lock screen took the right password: everything back as it was."""
        if not self.locked:
            return
        self.locked = False
        self.central_stack.setCurrentWidget(self.ui.central)
        self.ui.central.setEnabled(True)
        for action, enabled in self._action_states.items():
            action.setEnabled(enabled)
        self._action_states = {}
        self._update_lock_action()
        self.setWindowTitle(self._plain_title)
        self.ui.statusbar.show()
        self.update_status()
        self.idle.reset()
        self.ui.navigation.setFocus()
        if self.poller is not None:
            self.poller.resume()
        waiting, self._after_unlock = self._after_unlock, []
        for callback in waiting:
            callback()

    def when_unlocked(self, callback: Callable[[], None]) -> None:
        """Run `callback` now, or once the window is unlocked (a start-up notice that names
        data must not appear over the lock screen)."""
        if self.locked:
            self._after_unlock.append(callback)
        else:
            callback()

    def check_idle(self) -> None:
        """The idle timer's slot: lock after the set minutes without keyboard or mouse."""
        if self.locked:
            return
        idle = self.idle.idle_seconds()
        if idle < 60:  # the shortest setting is a minute: spare the database the reading
            return
        settings = self.services.access.settings()
        if settings.has_password and settings.idle_minutes and idle >= settings.idle_minutes * 60:
            self.lock()

    def _close_windows_over_me(self) -> None:
        """Dialogs, message boxes and menus of this window show data: closed (as 取消).
        A progress dialog only names the job, and closing it would cancel the job."""
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible() or not self._owns(widget):
                continue
            if isinstance(widget, QProgressDialog):
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def page_titles(self) -> list[str]:
        return [self.ui.navigation.item(i).text() for i in range(self.ui.navigation.count())]

    # --- the pages ---------------------------------------------------------------------------
    def page_at(self, row: int) -> QWidget:
        """The page of a navigation row, built now if it was not yet (it loads fresh data)."""
        page = self._built[row]
        if page is None:
            page = PAGE_SPECS[row].page_type()(self.services, self)
            stand_in = self.ui.pages.widget(row)
            current = self.ui.pages.currentIndex()
            self.ui.pages.insertWidget(row, page)
            self.ui.pages.removeWidget(stand_in)
            stand_in.deleteLater()
            if current == row:
                self.ui.pages.setCurrentIndex(row)
            self._built[row] = page
            self._connect_page(page)
        return page

    def _connect_page(self, page: QWidget) -> None:
        """The page's requests to the window (by signal name: its class is imported late)."""
        for signal_name, slot in (
            ("document_requested", self.draft_document),
            ("lock_requested", self.lock),
            ("record_requested", self.open_record),
        ):
            signal = getattr(page, signal_name, None)
            if signal is not None:
                signal.connect(slot)

    @property
    def pages(self) -> list[QWidget]:
        """Every page, each built if it was not yet (tests, screenshots)."""
        return [self.page_at(row) for row in range(len(PAGE_SPECS))]

    def built_pages(self) -> list[QWidget]:
        return [page for page in self._built if page is not None]

    def _row_of(self, class_name: str) -> int:
        return next(i for i, spec in enumerate(PAGE_SPECS) if spec.class_name == class_name)

    @property
    def system_page(self) -> SystemPage:
        return cast("SystemPage", self.page_at(self._row_of("SystemPage")))

    @property
    def documents_page(self) -> DocumentsPage:
        return cast("DocumentsPage", self.page_at(self._row_of("DocumentsPage")))

    def show_page(self, row: int) -> None:
        if not 0 <= row < len(PAGE_SPECS):
            return
        built = self._built[row] is not None
        page = self.page_at(row)
        self.ui.pages.setCurrentWidget(page)
        if built and row in self.stale:
            self.stale.discard(row)
            self._page(row).refresh()

    def _page(self, row: int) -> Page:
        return cast(Page, self.page_at(row))

    def on_data_changed(self, changed: frozenset[str]) -> None:
        current = self.ui.pages.currentIndex()
        for row, page in enumerate(self._built):
            if page is not None and row != current and affects(cast(Page, page).shows, changed):
                self.stale.add(row)
        if affects(STATUS_SHOWS, changed) and not self.locked:
            self.update_status()
        if "setting" in changed or EVERYTHING in changed:
            self._update_lock_action()  # a password set or removed, a backup restored
        if EVERYTHING in changed and current >= 0:
            self._page(current).refresh()  # the data itself was replaced (restore, demo)

    # --- others' changes (a server, or a viewing window) ------------------------------------
    def _watch_others(self) -> None:
        """Poll for what other PCs (or the editing window) change while this one is open."""
        if wanted(self.services):
            self.poller = ChangePoller(self.services, self)
            self.poller.arrived.connect(self.show_others_changes)
            if self.locked:
                self.poller.pause()
            self.poller.start()

    def show_others_changes(self, news: OthersChanges) -> None:
        """Announced already (other pages marked stale): the page on screen reloads too."""
        page = self.ui.pages.currentWidget()
        shows = getattr(page, "shows", None)
        refresh = getattr(page, "refresh", None)
        if (
            EVERYTHING not in news.kinds
            and isinstance(shows, frozenset)
            and callable(refresh)
            and affects(shows, news.kinds)
        ):
            refresh()
        self.ui.statusbar.showMessage(news.note, 15_000)

    def draft_document(self, template_id: str, period: str, subject: str, personal: bool) -> None:
        """Another page asked for a printout: draft it on the 公文 page, to preview and print."""
        self.ui.navigation.setCurrentRow(self._row_of("DocumentsPage"))
        self.documents_page.start_draft(template_id, period, subject, personal)

    def open_record(self, target: object) -> None:
        """The 工作台 asked for a record (or a page): show its page, and the record in it."""
        class_name = RECORD_PAGES.get(str(getattr(target, "page", "")))
        if class_name is None:
            return
        row = self._row_of(class_name)
        self.ui.navigation.setCurrentRow(row)
        reveal = getattr(self.page_at(row), "reveal", None)
        if callable(reveal):
            reveal(target)

    def update_status(self) -> None:
        unit = self.services.unit.get_unit()
        self.unit_label.setText(unit.full_name if unit else "尚未填写单位信息")
        self.ui.statusbar.showMessage(f"数据库：{self.services.maintenance.location}")

    def about_text(self) -> str:
        return (
            f"<h3>{APP_TITLE}</h3><p>版本 {__version__}</p>"
            "<p>责任清单、学习日历、舆情台账与公文起草，离线运行，不联网。</p>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, f"关于{APP_TITLE}", self.about_text())

    def backup_now(self) -> None:
        self.system_page.backup_now(
            on_done=lambda written: self.ui.statusbar.showMessage(f"已备份到：{written}", 10000)
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_timer.stop()
        self.idle.stop()
        self.lock_screen.countdown.stop()
        self._unsubscribe()
        if self.poller is not None:
            self.poller.stop()
        self.worker.shutdown()  # a save the user asked for is finished, not cut off
        super().closeEvent(event)
