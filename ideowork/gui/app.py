"""Starting the GUI: display check, fonts, crash dialog, one window per database (a second
start offers to switch to the first window or to open read-only), daily backup, first-run offer
of the demo unit."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ideowork import APP_NAME, APP_TITLE
from ideowork.paths import keep_files_private, resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from ideowork.gui.main_window import MainWindow
    from ideowork.gui.single_instance import Claim, SecondStartQuestion
    from ideowork.gui.tasks import Operation
    from ideowork.services.context import Services

NO_DISPLAY_MESSAGE = (
    "没有可用的图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）：请在桌面会话中启动本程序；"
    "自动检查可设置 QT_QPA_PLATFORM=offscreen；也可使用命令行，如 `ideowork --help`。"
)


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _install_fallback_fonts() -> None:
    """Use the shipped CJK fonts when the system has none (a bare Linux desktop)."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return
    families: list[str] = []
    # The sans-serif 黑体 face first: it reads best on screen; the others are for documents.
    for font_file in sorted((resources_dir() / "fonts").glob("*.tt[fc]"), key=_ui_font_first):
        families += QFontDatabase.applicationFontFamilies(
            QFontDatabase.addApplicationFont(str(font_file))
        )
    if families:
        QApplication.setFont(QFont(families[0], 10))


def _ui_font_first(path: Path) -> tuple[bool, str]:
    return ("microhei" not in path.name.lower(), path.name)


def _install_chinese_translations(app: QApplication) -> None:
    """Qt's own words (Yes/No, Open, Print …) in Chinese, from the translations Qt ships."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)  # parented, so it lives as long as the application
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)


def create_application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    _install_chinese_translations(app)
    _install_fallback_fonts()
    return app


def run_gui(db_target: str | None) -> int:
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    from ideowork.gui.failures import crash_hook

    keep_files_private()  # whichever way the GUI was started
    app = create_application()
    sys.excepthook = crash_hook
    started = start_gui(db_target)
    if not isinstance(started, Started):
        return started
    try:
        return app.exec()
    finally:
        started.close()


@dataclass
class Started:
    """A GUI session that has its database and its main window, until it is closed."""

    services: Services
    window: MainWindow
    claim: Claim
    backup: Operation[Path | None] | None = None  # the day's first backup, while it runs

    @property
    def read_only(self) -> bool:
        return self.claim.read_only

    def close(self) -> None:
        self.window.close()
        self.claim.release()
        self.services.close()


def start_gui(db_target: str | None, ask: SecondStartQuestion | None = None) -> Started | int:
    """Everything before the event loop: the database's lock (or the question of a second
    start), opening and backing up the database, the demo offer, the main window.
    The exit code instead when the start ends early (cancelled, switched, failed)."""
    from ideowork.gui.dialogs.connect_dialog import ask_server_password
    from ideowork.gui.failures import show_failure
    from ideowork.gui.main_window import MainWindow
    from ideowork.gui.single_instance import (
        ask_second_start,
        bring_forward,
        claim_database,
        mark_read_only,
    )
    from ideowork.services.context import Services
    from ideowork.services.opening import database_file, open_read_only

    proceed, db_target = ask_server_password(db_target)  # a server: its password first
    if not proceed:
        return 0
    claim = claim_database(database_file(db_target), ask or ask_second_start)
    if claim is None:
        return 0  # the window already open came forward, or the user cancelled
    if claim.lock is not None:
        # At once: a second start may come while this one migrates or asks its questions.
        claim.lock.listen(bring_forward)
    try:
        services = open_read_only(db_target) if claim.read_only else Services.open(db_target)
    except Exception as error:  # migration and file errors: say so, keep the file
        claim.release()
        show_failure(None, error, "无法打开数据库")  # never a database error's own text
        return 2
    if not _log_in(services):  # where the database has user accounts, before any data
        claim.release()
        services.close()
        return 0
    if not claim.read_only:  # a viewing window writes nothing: no backup, no demo
        _offer_demo(services)
    window = MainWindow(services)
    backup = None
    if claim.read_only:
        mark_read_only(window)
    else:
        backup = back_up_daily(window, services)
    window.show()
    # Over a locked window it would name what is owed: it waits for the password.
    window.when_unlocked(lambda: show_quota_notice(window, services))
    return Started(services, window, claim, backup)


def _log_in(services: Services) -> bool:
    """The login dialog where users are on (the first 管理员 of a server); False: quit."""
    from ideowork.gui.dialogs.login_dialog import ask_login

    return ask_login(services.users)


def back_up_daily(window: MainWindow, services: Services) -> Operation[Path | None]:
    """The day's first backup, on the window's worker: copying and checking a big database
    takes seconds the window need not wait for (SQLite's online backup copies a consistent
    state while the window reads). A failure (a full disk) never keeps the app from starting:
    it is told once the window is unlocked (the message may name the data folder)."""
    from PySide6.QtWidgets import QMessageBox

    from ideowork.domain.errors import UserError
    from ideowork.gui.failures import show_failure
    from ideowork.gui.tasks import Operation

    def failed(error: Exception) -> None:
        def warn() -> None:
            QMessageBox.warning(window, "自动备份失败", str(error))

        if isinstance(error, UserError):
            window.when_unlocked(warn)
        else:
            show_failure(window, error, "自动备份失败")

    return Operation(
        window,
        lambda _progress: services.maintenance.daily_backup(),
        on_failure=failed,
        label="正在自动备份…",
        progress_delay_ms=-1,  # a quiet job: no dialog over the window
    ).run(window.worker)


def _offer_demo(services: Services) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ideowork.domain.errors import UserError

    if not services.demo.is_empty():
        return
    answer = QMessageBox.question(
        None,
        "欢迎使用",
        "数据库是空的。要先载入示例单位（中共完冒镇委员会）看看各项功能吗？\n"
        "选“否”则从填写本单位信息开始。",
    )
    if answer == QMessageBox.StandardButton.Yes:
        try:
            services.demo.load()
        except UserError as error:
            QMessageBox.warning(None, "未载入示例单位", str(error))


def show_quota_notice(parent: QWidget, services: Services) -> None:
    """At start-up, one notice of the quota rules overdue or due within 14 days."""
    from PySide6.QtWidgets import QMessageBox

    alerts = services.studies.quota_alerts()
    if alerts:
        QMessageBox.information(
            parent,
            "任务指标提醒",
            "以下任务指标需要抓紧完成：\n\n"
            + "\n".join(f"· {a.text}" for a in alerts)
            + "\n\n详见“学习日历”页右侧的任务指标。",
        )


def screenshot_pages(db_target: str | None, out_dir: Path) -> Iterator[Path]:
    """Render each main page offscreen to PNG (for checks and for the documentation)."""
    from ideowork.gui.main_window import MainWindow
    from ideowork.gui.tasks import Worker
    from ideowork.services.context import Services

    keep_files_private()
    app = create_application()
    out_dir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(Services.open(db_target))
    window.resize(1280, 800)
    window.show()
    for row, title in enumerate(window.page_titles()):
        window.ui.navigation.setCurrentRow(row)
        app.processEvents()
        # A page that loads on the worker (工作台) shows its data: the result is delivered,
        # then the widgets it adds are shown and laid out, each at a later event.
        Worker.wait_idle(30_000)
        for _ in range(3):
            app.processEvents()
        path = out_dir / f"{row + 1:02d}-{title}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"无法写入截图：{path}")
        yield path
    window.close()
