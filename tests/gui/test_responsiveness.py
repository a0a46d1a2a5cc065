"""Long work runs off the GUI thread: the window keeps processing events meanwhile."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from ideowork.gui.main_window import MainWindow
from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.services.context import Services
from ideowork.services.reports import drafting
from tests.gui.conftest import finish


def test_window_keeps_processing_events_while_a_slow_report_is_generated(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendering = threading.Event()
    real_render = drafting.stage_document
    render_threads: list[int] = []

    def slow_render(*args: Any, **kwargs: Any) -> Any:
        render_threads.append(threading.get_ident())
        rendering.set()
        time.sleep(1.5)  # a big report on a slow PC
        return real_render(*args, **kwargs)

    monkeypatch.setattr(drafting, "stage_document", slow_render)
    window = MainWindow(demo_services)
    qtbot.addWidget(window)
    window.show()
    window.ui.navigation.setCurrentRow(window.page_titles().index("公文"))
    page = window.ui.pages.currentWidget()
    assert isinstance(page, DocumentsPage)
    page.template.setCurrentIndex(page.template.findData("quarterly-implementation"))
    page.period.setText("2020Q3")
    finish(qtbot, page.make_draft())

    ticks: list[int] = []
    repainted: list[bool] = []
    dialog_seen: list[bool] = []
    operation = None
    timer = QTimer(window)
    timer.setInterval(20)

    def tick() -> None:
        if rendering.is_set():
            ticks.append(1)
            if len(ticks) == 5:
                repainted.append(not window.grab().isNull())  # the window can still paint
            if operation is not None and operation.dialog is not None:
                dialog_seen.append(operation.dialog.isVisible())

    timer.timeout.connect(tick)
    timer.start()
    operation = page.make_files()
    assert operation is not None and operation.running
    finish(qtbot, operation)
    timer.stop()

    assert render_threads and render_threads[0] != threading.get_ident()
    assert len(ticks) >= 10, "the GUI thread was blocked while the report was made"
    assert repainted == [True]
    assert any(dialog_seen)  # a progress dialog showed for the slow job
    assert page.made is not None and page.pdf.pageCount() > 0
    assert page.archive_model.rowCount() == 1
