"""The main window: module navigation on the left, the module's page on the right.

Pages are refreshed when the data they show changed, not each time they are shown: every
committed change announces the kinds of records it touched (Services.subscribe); a page other
than the one on screen that shows such records is marked stale and reloads when next shown.
The page on screen updates itself after its own actions.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from ideowork import APP_TITLE, __version__
from ideowork.gui.forms.ui_main_window import Ui_MainWindow
from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.gui.pages.findings_page import FindingsPage
from ideowork.gui.pages.matrix_page import MatrixPage
from ideowork.gui.pages.sentiment_page import SentimentPage
from ideowork.gui.pages.studies_page import StudiesPage
from ideowork.gui.pages.system_page import SystemPage
from ideowork.gui.pages.unit_page import UnitPage
from ideowork.gui.tasks import Worker
from ideowork.services.context import Services
from ideowork.services.runtime import EVERYTHING

NAVIGATION_STYLE = """
QListWidget { font-size: 15px; background: #f4f1ec; border: none; }
QListWidget::item { padding: 10px 14px; }
QListWidget::item:selected { background: #b3261e; color: white; }
"""
PAGE_TYPES = (
    UnitPage,
    MatrixPage,
    StudiesPage,
    SentimentPage,
    DocumentsPage,
    FindingsPage,
    SystemPage,
)
# The status bar names the unit.
STATUS_SHOWS = frozenset({"unit"})


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
        # The one background worker: reports, imports, backups run there (gui/tasks.py).
        self.worker = Worker(self)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowTitle(APP_TITLE)
        self.pages: list[QWidget] = []
        self.stale: set[int] = set()  # rows of pages to reload when next shown
        for page_type in PAGE_TYPES:
            page = page_type(services, self)
            self.pages.append(page)
            self.ui.pages.addWidget(page)
            self.ui.navigation.addItem(page_type.title)
        self.ui.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.system_page = next(p for p in self.pages if isinstance(p, SystemPage))
        self.documents_page = next(p for p in self.pages if isinstance(p, DocumentsPage))
        for asking in self.pages:
            if isinstance(asking, SentimentPage | StudiesPage):
                asking.document_requested.connect(self.draft_document)
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

    def page_titles(self) -> list[str]:
        return [self.ui.navigation.item(i).text() for i in range(self.ui.navigation.count())]

    def show_page(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        self.ui.pages.setCurrentWidget(page)
        if row in self.stale:
            self.stale.discard(row)
            self._page(row).refresh()

    def _page(self, row: int) -> Page:
        page = self.pages[row]
        assert isinstance(page, PAGE_TYPES)
        return page

    def on_data_changed(self, changed: frozenset[str]) -> None:
        current = self.ui.pages.currentIndex()
        for row in range(len(self.pages)):
            if row != current and affects(self._page(row).shows, changed):
                self.stale.add(row)
        if affects(STATUS_SHOWS, changed):
            self.update_status()
        if EVERYTHING in changed and current >= 0:
            self._page(current).refresh()  # the data itself was replaced (restore, demo)

    def draft_document(self, template_id: str, period: str, subject: str, personal: bool) -> None:
        """Another page asked for a printout: draft it on the 公文 page, to preview and print."""
        self.ui.navigation.setCurrentRow(self.pages.index(self.documents_page))
        self.documents_page.start_draft(template_id, period, subject, personal)

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
        self._unsubscribe()
        self.worker.shutdown()  # a save the user asked for is finished, not cut off
        super().closeEvent(event)
