from __future__ import annotations

from pytestqt.qtbot import QtBot

from ideowork.domain.vocab import FindingStatus
from ideowork.gui.pages.findings_page import FindingsPage
from ideowork.services.context import Services


def test_page_opens_on_the_latest_findings_and_edits_them(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = FindingsPage(demo_services)
    qtbot.addWidget(page)
    assert str(page.picker.period()) == "2020Q3"
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
    assert page.model.rowCount() == 0
    assert page.carried_model.rowCount() == 6
    assert "（6）" in page.carried_box.title()
