"""The 公文打印方式 box on the 系统 page: its two check boxes save the setting at once."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ideowork.gui.pages.system_page import SystemPage
from ideowork.services.context import Services
from ideowork.services.reports.printing import PrintingOptions


def test_the_check_boxes_save_and_show_the_setting(qtbot: QtBot, demo_services: Services) -> None:
    page = SystemPage(demo_services)
    qtbot.addWidget(page)
    box = page.printing
    assert box.sealed.isChecked() and not box.double_sided.isChecked()
    box.double_sided.setChecked(True)
    box.sealed.setChecked(False)
    assert demo_services.settings.printing() == PrintingOptions(sealed=False, double_sided=True)
    again = SystemPage(demo_services)
    qtbot.addWidget(again)
    assert again.printing.double_sided.isChecked() and not again.printing.sealed.isChecked()
