"""阵地管理 page: the demo's positions, events (the one approved after it was held in red with the
reason) and reviews; registering an event held before its approval flags it; filters; the
edit buttons of an account without the module stay disabled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ideowork.gui.pages import positions_page
from ideowork.gui.pages.common import STATUS_COLOURS
from ideowork.gui.pages.positions_page import EVENTS_TAB, PositionsPage
from ideowork.services.context import Services
from tests.gui.conftest import finish

PASSWORD = "Zh8#kq2!Lp"


def page_for(qtbot: QtBot, services: Services) -> PositionsPage:
    page = PositionsPage(services)
    qtbot.addWidget(page)
    return page


def test_the_demo_ledger_shows_and_flags_the_late_event(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = page_for(qtbot, demo_services)
    assert str(page.picker.period()) == "2020"
    assert page.position_model.rowCount() == 6
    assert page.event_model.rowCount() == 3 and page.review_model.rowCount() == 5
    late = page.event_model.index(2, 8)
    assert late.data() == "未按规定：审批晚于举办日期；备案晚于举办日期"
    colour = late.data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert colour == STATUS_COLOURS["red"]
    assert page.event_model.index(0, 8).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "其中1场未按规定审批、备案" in page.summary.text()
    page.flagged_only.setChecked(True)
    assert page.event_model.rowCount() == 1
    page.kind.setCurrentIndex(page.kind.findText("微信群"))
    assert [page.position_model.record(r).name for r in range(2)] == [
        "完冒镇干部职工工作群",
        "完冒镇村组干部群",
    ]


def test_an_event_held_before_its_approval_is_flagged_as_it_is_entered(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = page_for(qtbot, demo_services)
    page.tabs.setCurrentIndex(EVENTS_TAB)
    dialog = page.event_dialog(None)
    dialog.kind.setCurrentIndex(dialog.kind.findText("研讨会"))
    dialog.topic.setText("乡村振兴与基层治理研讨会")
    dialog.held_on.setDate(dt.date(2020, 11, 5))
    dialog.approved_on.set_date(dt.date(2020, 11, 10))
    dialog.approved_by.setText("镇党委会议")
    dialog.filed_on.set_date(dt.date(2020, 11, 2))
    assert "审批晚于举办日期" in dialog.rule.text()
    dialog.save()
    assert dialog.saved is not None and dialog.saved.flagged
    page.refresh()
    assert page.event_model.rowCount() == 4
    assert page.event_model.record(3).flag_text == "审批晚于举办日期"
    empty = page.event_dialog(None)
    empty.save()
    assert "活动主题" in empty.message.text() and empty.saved is None


def test_a_position_needs_its_owner_and_is_closed_not_lost(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_for(qtbot, demo_services)
    dialog = page.position_dialog(None)
    dialog.kind.setCurrentIndex(dialog.kind.findText("抖音/快手账号"))
    dialog.name.setText("完冒镇抖音号")
    dialog.save()
    assert "管理员" in dialog.message.text()
    dialog.manager.setCurrentIndex(dialog.manager.findText("刘洋（宣传干事）"))
    dialog.save()
    assert dialog.saved is not None and dialog.saved.kind_label == "抖音/快手账号"
    page.refresh()
    assert page.position_model.rowCount() == 7
    monkeypatch.setattr(positions_page, "confirm", lambda *_args: True)
    page.position_view.selectRow(6)
    page.toggle_closed()
    assert page.position_model.rowCount() == 6  # 在用 only
    page.state.setCurrentIndex(page.state.findText("已关停"))
    assert page.position_model.record(0).name == "完冒镇抖音号"


def test_export_then_import_shows_the_dry_run(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_for(qtbot, demo_services)
    path = tmp_path / "阵地.xlsx"
    page.export_excel(path)
    finish(qtbot, page.operation)
    assert path.exists() and "已导出阵地6个" in page.summary.text()
    told: list[str] = []
    monkeypatch.setattr(positions_page, "show_error", lambda _p, text, *_a: told.append(str(text)))
    report = page.import_excel(path)
    assert report is not None and not report.written
    assert "没有新的记录需要导入" in told[0]


def test_edit_buttons_are_disabled_without_the_module(qtbot: QtBot, services: Services) -> None:
    services.users.add("wang", "王五", "admin", password=PASSWORD)
    assert services.users.login("wang", PASSWORD).ok
    services.users.add("li", "李四", "clerk", ["studies"], PASSWORD)
    assert services.users.login("li", PASSWORD).ok
    page = page_for(qtbot, services)
    for button in (
        page.positions_tab.add_button,
        page.events_tab.edit_button,
        page.reviews_tab.delete_button,
        page.import_button,
        page.lists_button,
    ):
        assert not button.isEnabled() and "阵地管理" in button.toolTip()
    assert page.export_button.isEnabled() and page.print_button.isEnabled()
