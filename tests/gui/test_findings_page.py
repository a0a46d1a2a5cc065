from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ideowork.domain.vocab import FindingStatus
from ideowork.gui.pages.findings_page import FindingsPage
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock


def test_page_opens_on_the_latest_findings_and_edits_them(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = FindingsPage(demo_services)
    qtbot.addWidget(page)
    # The latest: the two problems of the year-end 专题督查 (2020Q4); then the 2020Q3 analysis.
    assert str(page.picker.period()) == "2020Q4"
    assert page.model.rowCount() == 2
    page.picker.part.setCurrentIndex(page.picker.part.findData("Q3"))
    assert page.model.rowCount() == 6
    dialog = page.dialog(None)
    dialog.problem_title.setText("宣传阵地管理不够规范")
    dialog.measure_title.setText("建立信息发布审核制度")
    dialog.office.setCurrentIndex(dialog.office.findText("宣传办"))
    dialog.save()
    assert dialog.saved is not None and dialog.saved.office_name == "宣传办"
    page.refresh()
    assert page.model.rowCount() == 7
    page.view.selectRow(6)
    page.toggle_closed()
    assert page.model.record(6).status is FindingStatus.CLOSED
    empty = page.dialog(None)
    empty.save()
    assert "至少填写" in empty.message.text() and empty.saved is None


def test_earlier_open_findings_are_shown(qtbot: QtBot, demo_services: Services) -> None:
    page = FindingsPage(demo_services)
    qtbot.addWidget(page)
    page.picker.part.setCurrentIndex(page.picker.part.findData("Q4"))
    assert page.model.rowCount() == 2  # the year-end 专题督查's own
    assert page.carried_model.rowCount() == 6
    assert "（6）" in page.carried_box.title()


def test_open_findings_past_their_rectification_date_show_as_overdue(
    qtbot: QtBot, demo_services: Services, clock: FixedClock
) -> None:
    clock.set(dt.date(2020, 12, 31))  # 2020Q3 findings are due by the end of 2020Q4
    page = FindingsPage(demo_services)
    qtbot.addWidget(page)
    page.picker.part.setCurrentIndex(page.picker.part.findData("Q3"))
    open_rows = [
        row
        for row in range(page.model.rowCount())
        if page.model.record(row).status is FindingStatus.OPEN
    ]
    assert open_rows
    status = page.model.index(open_rows[0], 3)
    assert status.data() == "整改中"
    clock.set(dt.date(2021, 1, 1))
    page.refresh()
    status = page.model.index(open_rows[0], 3)
    assert status.data() == "整改中（逾期）"
    assert status.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e1"
