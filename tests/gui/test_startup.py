"""Start-up does only what the first page needs: the other pages are built when first shown,
and the report writers, Alembic and the like are imported when first used."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ideowork.domain.errors import UserError
from ideowork.gui.app import Started, start_gui
from ideowork.gui.main_window import PAGE_SPECS, MainWindow
from ideowork.gui.pages.system_page import SystemPage
from ideowork.gui.pages.workbench_page import WorkbenchPage
from ideowork.gui.single_instance import SecondStart
from ideowork.services.context import Services
from ideowork.services.system.maintenance import Maintenance
from ideowork.services.unit import OfficeInfo

# Imported by the pages, the reports or the migrations, never to show the first page.
HEAVY_MODULES = (
    "docx",
    "reportlab",
    "jinja2",
    "openpyxl",
    "alembic",
    "mako",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtCharts",
)


def test_only_the_first_page_is_built_at_start(qtbot: QtBot, demo_services: Services) -> None:
    window = MainWindow(demo_services)
    qtbot.addWidget(window)
    window.show()
    [first] = window.built_pages()
    assert isinstance(first, WorkbenchPage) and first.isVisible()
    assert window.ui.pages.count() == len(PAGE_SPECS)

    # A change while the 系统 page is not yet built: nothing to mark stale, and it shows the
    # change when it is built.
    demo_services.unit.save_office(OfficeInfo(None, "网信办"))
    assert window.stale == set()
    row = next(i for i, spec in enumerate(PAGE_SPECS) if spec.class_name == "SystemPage")
    window.ui.navigation.setCurrentRow(row)
    assert window.ui.pages.currentIndex() == row
    system = window.ui.pages.currentWidget()
    assert isinstance(system, SystemPage) and system.isVisible()
    assert "网信办" in system.audit_model.record(0).summary
    assert window.built_pages() == [first, system]
    assert window.system_page is system  # built once


def test_each_spec_names_its_page(qtbot: QtBot, demo_services: Services) -> None:
    window = MainWindow(demo_services)
    qtbot.addWidget(window)
    for spec, page in zip(PAGE_SPECS, window.pages, strict=True):
        assert type(page).__name__ == spec.class_name
        assert type(page).title == spec.title  # type: ignore[attr-defined]
    assert window.page_titles() == [spec.title for spec in PAGE_SPECS]


def _modules_after(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m in HEAVY_MODULES or m.split(".")[0] in HEAVY_MODULES}


def test_the_main_window_imports_no_report_writer_nor_alembic() -> None:
    assert _heavy(_modules_after("import ideowork.gui.main_window")) == set()


def test_the_heavy_modules_are_named_right() -> None:
    """The check above could pass on misspelt names: each one is imported by its user."""
    loaded = _modules_after(
        "import ideowork.documents.docx_writer, ideowork.documents.pdf_writer\n"
        "import ideowork.documents.templating, ideowork.db.migrate, openpyxl\n"
        "ideowork.db.migrate.alembic_config()\n"
        "import alembic.command\n"
        "import ideowork.gui.pages.documents_page, ideowork.gui.widgets.case_chart"
    )
    assert {m.split(".")[0] for m in _heavy(loaded)} >= {
        "docx",
        "reportlab",
        "jinja2",
        "openpyxl",
        "alembic",
        "mako",
        "PySide6",
    }
    assert {"PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtCharts"} <= loaded


# --- the daily backup ---------------------------------------------------------------------------
@pytest.fixture
def started() -> Iterator[list[Started]]:
    made: list[Started] = []
    yield made
    for one in made:
        one.close()


def _start(monkeypatch: pytest.MonkeyPatch, started: list[Started]) -> Started:
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.No)
    )
    first = start_gui(None, lambda _busy: SecondStart.CANCEL)
    assert isinstance(first, Started)
    started.append(first)
    return first


def test_the_daily_backup_runs_off_the_gui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, started: list[Started], private_data_dir: Path
) -> None:
    threads: list[threading.Thread] = []
    original = Maintenance.daily_backup

    def daily_backup(self: Maintenance) -> Path | None:
        threads.append(threading.current_thread())
        return original(self)

    monkeypatch.setattr(Maintenance, "daily_backup", daily_backup)
    first = _start(monkeypatch, started)
    assert first.backup is not None and first.window.isVisible()
    qtbot.waitUntil(lambda: not first.backup.running, timeout=30_000)  # type: ignore[union-attr]
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert len(list((private_data_dir / "backups").glob("*.sqlite3"))) == 1


def test_a_failed_daily_backup_is_told_and_the_window_stays(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, started: list[Started]
) -> None:
    def full_disk(_self: Maintenance) -> Path | None:
        raise UserError("磁盘已满")

    warnings: list[Any] = []
    monkeypatch.setattr(Maintenance, "daily_backup", full_disk)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warnings.append(a[1:])))
    first = _start(monkeypatch, started)
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert warnings == [("自动备份失败", "磁盘已满")]
    assert first.window.isVisible()
