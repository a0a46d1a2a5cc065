from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ideowork import __version__
from ideowork.gui.main_window import MainWindow
from ideowork.gui.pages.assessment_page import AssessmentPage
from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.gui.pages.findings_page import FindingsPage
from ideowork.gui.pages.matrix_page import MatrixPage
from ideowork.gui.pages.positions_page import PositionsPage
from ideowork.gui.pages.sentiment_page import SentimentPage
from ideowork.gui.pages.studies_page import StudiesPage
from ideowork.gui.pages.system_page import SystemPage
from ideowork.gui.pages.unit_page import UnitPage
from ideowork.gui.pages.workbench_page import WorkbenchPage
from ideowork.gui.tasks import run_in_background
from ideowork.services.context import Services
from ideowork.services.unit import OfficeInfo
from tests.gui.conftest import finish

PAGES = [
    "工作台",
    "单位信息",
    "责任清单",
    "学习日历",
    "舆情台账",
    "阵地管理",
    "公文",
    "研判整改",
    "检查考核",
    "系统",
]


def make_window(qtbot: QtBot, services: Services) -> MainWindow:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    return window


def test_window_switches_between_all_pages(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    window = make_window(qtbot, demo_services)
    assert window.page_titles() == PAGES
    for row in range(len(PAGES)):
        window.ui.navigation.setCurrentRow(row)
        assert window.ui.pages.currentIndex() == row
    assert window.unit_label.text() == "中共完冒镇委员会"
    assert __version__ in window.about_text()
    picture = tmp_path / "window.png"
    assert window.grab().save(str(picture)) and picture.stat().st_size > 10_000


def test_item_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, demo_services: Services
) -> None:
    window = make_window(qtbot, demo_services)
    (
        workbench,
        unit,
        matrix,
        studies,
        sentiment,
        positions,
        documents,
        findings,
        assessment,
        system,
    ) = window.pages
    assert isinstance(positions, PositionsPage)
    assert isinstance(workbench, WorkbenchPage)
    assert isinstance(unit, UnitPage)
    assert isinstance(matrix, MatrixPage)
    assert isinstance(studies, StudiesPage)
    assert isinstance(sentiment, SentimentPage)
    assert isinstance(documents, DocumentsPage)
    assert isinstance(findings, FindingsPage)
    assert isinstance(assessment, AssessmentPage)
    assert isinstance(system, SystemPage)
    models = [
        unit.people_model,
        unit.offices_model,
        matrix.model,
        studies.model,
        sentiment.model,
        documents.archive_model,
        findings.model,
        assessment.overview_model,
        assessment.inspection_model,
        assessment.case_model,
        system.audit_model,
    ]
    for model in models:
        assert model.rowCount() > 0 or model is documents.archive_model
        qtmodeltester.check(model)


def test_unit_form_shows_validation_in_place(qtbot: QtBot, services: Services) -> None:
    page = UnitPage(services)
    qtbot.addWidget(page)
    page.ui.fullName.setText("")
    page.ui.unitSave.click()
    assert "请填写单位全称" in page.ui.unitMessage.text()
    assert "b3261e" in page.ui.fullName.styleSheet()
    page.ui.fullName.setText("中共完冒镇委员会")
    page.ui.docPrefix.setText("完党字")
    page.ui.unitSave.click()
    assert "已保存" in page.ui.unitMessage.text()
    assert page.ui.fullName.styleSheet() == ""
    unit = services.unit.get_unit()
    assert unit is not None and unit.doc_prefix == "完党字"


def test_person_and_office_dialogs_save_through_the_service(
    qtbot: QtBot, services: Services
) -> None:
    page = UnitPage(services)
    qtbot.addWidget(page)
    office_dialog = page.edit_office(None, open_dialog=False)
    office_dialog.name.setText("宣传办")
    office_dialog.save()
    assert office_dialog.saved is not None
    duplicate = page.edit_office(None, open_dialog=False)
    duplicate.name.setText("宣传办")
    duplicate.save()
    assert duplicate.saved is None and "已有名为" in duplicate.message.text()

    person_dialog = page.edit_person(None, open_dialog=False)
    person_dialog.name.setText("xxx")
    person_dialog.save()
    assert "占位符" in person_dialog.message.text()
    person_dialog.name.setText("李红梅")
    person_dialog.office.setCurrentIndex(person_dialog.office.findText("宣传办"))
    person_dialog.save()
    assert person_dialog.saved is not None and person_dialog.saved.office_name == "宣传办"
    page.refresh()
    assert page.people_model.rowCount() == 1


def test_qt_speaks_chinese(qtbot: QtBot) -> None:
    """Qt's own buttons (是/否, 打开 …) come from the translations Qt ships."""
    from PySide6.QtCore import QCoreApplication

    from ideowork.gui.app import create_application

    create_application()
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "是(&Y)"


def test_shipped_font_is_used_where_the_system_has_no_chinese_font(tmp_path: Path) -> None:
    """A bare Linux desktop: fontconfig knows no CJK font, the app brings its own."""
    import os
    import subprocess
    import sys

    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    script = (
        "from ideowork.gui.app import create_application\n"
        "print(create_application().font().family())\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "WenQuanYi Micro Hei" in result.stdout


def test_pages_refresh_when_their_data_changed_not_each_time_they_are_shown(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, demo_services)
    refreshed: list[str] = []
    for page in window.pages:
        title = type(page).title  # type: ignore[attr-defined]
        original = page.refresh  # type: ignore[attr-defined]
        monkeypatch.setattr(
            page, "refresh", lambda t=title, o=original: (refreshed.append(t), o())[1]
        )
    for _ in range(2):
        for row in range(len(PAGES)):
            window.ui.navigation.setCurrentRow(row)
    assert refreshed == []  # nothing changed: nothing reloaded

    window.ui.navigation.setCurrentRow(0)  # the 工作台: on screen, it reloads itself
    # A change made elsewhere (another page, a background job): a new office.
    operation = run_in_background(
        window, lambda _progress: demo_services.unit.save_office(OfficeInfo(None, "网信办"))
    )
    finish(qtbot, operation)
    stale = {PAGES[row] for row in window.stale}
    assert stale == {
        "单位信息",
        "责任清单",
        "舆情台账",
        "阵地管理",
        "研判整改",
        "检查考核",
        "系统",
    }  # they show offices
    window.ui.navigation.setCurrentRow(PAGES.index("研判整改"))
    window.ui.navigation.setCurrentRow(PAGES.index("研判整改") - 1)
    window.ui.navigation.setCurrentRow(PAGES.index("研判整改"))
    assert refreshed == ["研判整改"]  # once, when first shown after the change
    window.ui.navigation.setCurrentRow(PAGES.index("系统"))
    assert refreshed == ["研判整改", "系统"]
    assert "网信办" in window.system_page.audit_model.record(0).summary


def test_a_restore_reloads_the_page_on_screen_and_marks_the_others(
    qtbot: QtBot, demo_services: Services
) -> None:
    window = make_window(qtbot, demo_services)
    assert len(window.pages) == len(PAGES)  # every page built (a page not yet built loads fresh)
    backup = demo_services.maintenance.backup()
    window.ui.navigation.setCurrentRow(PAGES.index("系统"))
    finish(qtbot, window.system_page.restore(backup))
    assert {PAGES[row] for row in window.stale} == set(PAGES) - {"系统"}
    assert "从备份" in window.system_page.audit_model.record(0).summary
