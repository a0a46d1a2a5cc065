"""The main window: module navigation on the left, the module's page on the right."""

from __future__ import annotations

from collections.abc import Callable

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
from ideowork.services.context import Services

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


class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowTitle(APP_TITLE)
        self.pages: list[QWidget] = []
        self._refreshers: list[Callable[[], None]] = []
        for page_type in PAGE_TYPES:
            page = page_type(services, self)
            self.pages.append(page)
            self._refreshers.append(page.refresh)
            self.ui.pages.addWidget(page)
            self.ui.navigation.addItem(page_type.title)
        self.ui.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.system_page = next(p for p in self.pages if isinstance(p, SystemPage))
        self.system_page.restored.connect(self.update_status)
        self.ui.navigation.currentRowChanged.connect(self.show_page)
        self.unit_label = QLabel()
        self.ui.statusbar.addPermanentWidget(self.unit_label)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionBackup.triggered.connect(self.backup_now)
        self.ui.actionBackup.setEnabled(services.maintenance.can_back_up)
        self.ui.navigation.setCurrentRow(0)
        self.update_status()

    def page_titles(self) -> list[str]:
        return [self.ui.navigation.item(i).text() for i in range(self.ui.navigation.count())]

    def show_page(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        self.ui.pages.setCurrentWidget(page)
        self._refreshers[row]()  # pages show fresh data each time they are opened
        self.update_status()

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
        written = self.system_page.backup_now()
        if written is not None:
            self.ui.statusbar.showMessage(f"已备份到：{written}", 10000)
