"""工作台: the app opens on it; on the demo unit on 2020-10-05 it lists the third quarter's reports
as due; drafted and archived from the 公文 page they are gone. Its lines open their records; on
an empty database it says what to set up first. The reporting calendar's dialog edits the lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ideowork.domain.periods import Period
from ideowork.gui.dialogs.report_calendar_dialog import ReportCalendarDialog
from ideowork.gui.main_window import MainWindow
from ideowork.gui.pages.documents_page import DocumentsPage
from ideowork.gui.pages.findings_page import FindingsPage
from ideowork.gui.pages.matrix_page import MatrixPage
from ideowork.gui.pages.unit_page import UnitPage
from ideowork.gui.pages.workbench_page import ROW_COLOURS, WorkbenchPage
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.workbench.agenda import AgendaKind
from tests.gui.conftest import WAIT_MS, finish

Q3_ANALYSIS = "2020年第三季度意识形态工作分析研判报告"
Q3_IMPLEMENTATION = "2020年第三季度意识形态工作落实情况报告"


def open_window(qtbot: QtBot, services: Services) -> tuple[MainWindow, WorkbenchPage]:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.ui.pages.currentWidget()
    assert isinstance(page, WorkbenchPage) and window.page_titles()[0] == "工作台"
    finish(qtbot, page.operation)
    return window, page


def listed(page: WorkbenchPage) -> list[str]:
    return [page.agenda.item(row, 1).text() for row in range(page.agenda.rowCount())]


def row_of(page: WorkbenchPage, what: str) -> int:
    return listed(page).index(what)


def back_to_workbench(qtbot: QtBot, window: MainWindow, page: WorkbenchPage) -> None:
    """Show the 工作台 again: changed meanwhile, it reloads (on the worker thread)."""
    window.ui.navigation.setCurrentRow(0)
    assert window.ui.pages.currentWidget() is page
    finish(qtbot, page.operation)


def test_the_third_quarters_reports_are_due_until_archived(
    qtbot: QtBot, demo_services: Services, clock: FixedClock
) -> None:
    clock.set(dt.date(2020, 10, 5))
    window, page = open_window(qtbot, demo_services)
    assert page.unit_label.text() == "中共完冒镇委员会"
    assert page.date_label.text() == "今天是2020年10月5日　星期一"
    assert "已逾期" in page.summary.text() and "14天内到期" in page.summary.text()
    assert not page.setup_box.isVisible()
    for what in (Q3_ANALYSIS, Q3_IMPLEMENTATION):
        row = row_of(page, what)
        assert page.agenda.item(row, 2).text() == "还有5天（10月10日）"
        assert page.agenda.item(row, 0).background().color().name() == ROW_COLOURS[False]
    overdue_row = row_of(page, "2020年第一季度意识形态工作分析研判报告")
    assert page.agenda.item(overdue_row, 0).background().color().name() == ROW_COLOURS[True]

    # Each line starts its draft on the 公文 page; saved there, it is archived: handed up.
    for what, template in ((Q3_ANALYSIS, "quarterly-analysis"), (Q3_IMPLEMENTATION, None)):
        page.agenda.selectRow(row_of(page, what))
        assert page.open_button.text() == "起草" and page.open_button.isEnabled()
        page.open_button.click()
        documents = window.ui.pages.currentWidget()
        assert isinstance(documents, DocumentsPage)
        assert documents.period.text() == "2020Q3"
        if template is not None:
            assert documents.template.currentData() == template
        finish(qtbot, documents.operation)
        finish(qtbot, documents.make_files())
        assert documents.made is not None
        back_to_workbench(qtbot, window, page)
        assert what not in listed(page)
    assert not any(text.startswith("2020年第三季度") for text in listed(page))
    assert "2020年第一季度意识形态工作分析研判报告" in listed(page)  # still owed
    window.close()


def test_a_change_while_the_page_is_on_screen_reloads_it(
    qtbot: QtBot, demo_services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    clock.set(dt.date(2020, 10, 5))
    window, page = open_window(qtbot, demo_services)
    assert Q3_ANALYSIS in listed(page)
    first = page.operation
    # Archived elsewhere (another window, the command line's services): the page hears it.
    demo_services.reports.make(
        "quarterly-analysis", Period.parse("2020Q3"), tmp_path, frozenset({"pdf"})
    )
    qtbot.waitUntil(lambda: page.operation is not first, timeout=WAIT_MS)
    finish(qtbot, page.operation)
    assert Q3_ANALYSIS not in listed(page) and Q3_IMPLEMENTATION in listed(page)
    window.close()


def test_lines_open_their_records(qtbot: QtBot, demo_services: Services, clock: FixedClock) -> None:
    clock.set(dt.date(2021, 1, 5))  # the demo's 2020 tasks were due by 2020-12-31
    window, page = open_window(qtbot, demo_services)
    assert page.home is not None
    items = page.home.agenda.items
    task_row = next(i for i, item in enumerate(items) if item.kind is AgendaKind.TASK)
    task = items[task_row]
    assert page.agenda.item(task_row, 0).text() == "责任清单" and task.overdue
    page.agenda.cellDoubleClicked.emit(task_row, 1)
    matrix = window.ui.pages.currentWidget()
    assert isinstance(matrix, MatrixPage)
    assert matrix.current_year() == 2020 and matrix.selected_id() == task.target.record_id

    back_to_workbench(qtbot, window, page)
    assert page.home is not None
    items = page.home.agenda.items
    finding_row = next(i for i, item in enumerate(items) if item.kind is AgendaKind.FINDING)
    finding = items[finding_row]
    assert page.activate(finding_row)
    findings = window.ui.pages.currentWidget()
    assert isinstance(findings, FindingsPage)
    assert str(findings.picker.period()) == finding.target.period == "2020Q3"
    selected = findings.selected()
    assert selected is not None and selected.id == finding.target.record_id
    window.close()


def test_an_empty_database_says_what_to_set_up_first(qtbot: QtBot, services: Services) -> None:
    window, page = open_window(qtbot, services)
    assert page.setup_box.isVisible()
    assert page.unit_label.text() == "尚未填写单位信息"
    assert page.agenda.rowCount() == 0
    assert "请先完成上方的设置" in page.more_label.text()
    assert set(page.setup_buttons) == {"unit", "people", "plan"}
    page.setup_buttons["unit"].click()
    assert isinstance(window.ui.pages.currentWidget(), UnitPage)
    back_to_workbench(qtbot, window, page)
    page.setup_buttons["plan"].click()
    assert isinstance(window.ui.pages.currentWidget(), MatrixPage)
    window.close()


def test_the_calendar_dialog_edits_and_turns_lines_off(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page = open_window(qtbot, demo_services)
    dialog = page.edit_calendar(open_dialog=False)
    assert isinstance(dialog, ReportCalendarDialog)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 7
    dialog.table.selectRow(3)  # 意识形态工作分析研判报告
    assert dialog.name.text() == "意识形态工作分析研判报告"
    assert dialog.due_hint.text() == "即季度结束后10日内报送"
    dialog.due_days.setValue(15)
    dialog.active.setChecked(False)
    saved = dialog.save()
    assert saved is not None and saved.draft.due_days == 15 and not saved.draft.active
    assert dialog.table.item(3, 0).text() == "停用"

    dialog.start_new()
    dialog.name.clear()
    assert dialog.save() is None
    assert "请填写事项名称" in dialog.message.text()

    monkeypatch.setattr(
        "ideowork.gui.dialogs.report_calendar_dialog.confirm", lambda *_a, **_k: True
    )
    dialog.restore_defaults()
    assert all(dialog.table.item(row, 0).text() == "是" for row in range(7))
    dialog.close()
    window.close()
