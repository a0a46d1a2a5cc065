"""The task dialog with roles: each chosen leader and office gets a role, units outside are
typed as text with a role, the 完成时限 is typed as written (the date it means shown beside
it) and a score; reopening shows them all. Screenshots of the dialog and the page are kept."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ideowork.domain.roles import NamedRole
from ideowork.gui.dialogs.task_dialog import TaskDialog
from ideowork.gui.pages.matrix_page import MatrixPage
from ideowork.services.context import Services

# Where the pictures go when someone wants to look at them (else a temporary folder).
SHOTS = os.environ.get("IDEOWORK_SHOTS", "")


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def row_of(widget: object, label_start: str) -> int:
    from ideowork.gui.dialogs.role_list import RoleCheckList

    assert isinstance(widget, RoleCheckList)
    return next(
        row for row in range(widget.count()) if widget.item(row).text().startswith(label_start)
    )


@pytest.fixture
def dialog(qtbot: QtBot, demo_services: Services) -> TaskDialog:
    section = demo_services.matrix.tree(2020)[2]
    made = TaskDialog(
        demo_services.matrix,
        2020,
        demo_services.unit.list_people(),
        demo_services.unit.list_offices(),
        parent_id=section.id,
    )
    qtbot.addWidget(made)
    return made


def test_roles_units_outside_deadline_and_score_through_the_dialog(
    dialog: TaskDialog, demo_services: Services, tmp_path: Path
) -> None:
    dialog.text.setPlainText("开展意识形态领域风险隐患排查")
    dialog.leaders.choose_role(row_of(dialog.leaders, "杨昌波"), "lead")
    dialog.leaders.choose_role(row_of(dialog.leaders, "李红梅"), "responsible")
    dialog.leaders.choose_role(row_of(dialog.leaders, "孙海涛"), "in_charge")
    assert dialog.leaders.item(row_of(dialog.leaders, "杨昌波")).text().endswith("〔牵头〕")
    dialog.offices.choose_role(row_of(dialog.offices, "宣传办"), "lead")
    dialog.offices.choose_role(row_of(dialog.offices, "综治信访办"), "cooperating")
    dialog.outside.name.setText("各村（社区）")
    dialog.outside.role.setCurrentIndex(dialog.outside.role.findData("cooperating"))
    dialog.outside.add_typed()
    assert dialog.outside.units.item(0).text() == "各村（社区）〔配合〕"
    dialog.deadline.setCurrentText("6月底")
    assert dialog.deadline_hint.text().startswith("即 2020-06-30")
    dialog.score.setText("3")
    dialog.resize(900, 760)
    dialog.show()
    assert dialog.grab().save(str(shots_dir(tmp_path) / "D-task-dialog-roles.png"))
    dialog.save()
    assert dialog.saved is not None, dialog.message.text()

    saved = demo_services.matrix.get(dialog.saved.id)
    assert dict(saved.leaders_with_roles()) == {
        "杨昌波": "lead",
        "李红梅": "responsible",
        "孙海涛": "in_charge",
    }
    assert dict(saved.units_with_roles()) == {
        "宣传办": "lead",
        "综治信访办": "cooperating",
        "各村（社区）": "cooperating",
    }
    assert saved.deadline_text == "6月底" and saved.deadline == dt.date(2020, 6, 30)
    assert saved.score == Decimal("3.0")


def test_reopening_shows_the_roles_and_an_edit_keeps_them(
    qtbot: QtBot, demo_services: Services, dialog: TaskDialog
) -> None:
    dialog.text.setPlainText("开展网络舆情研判")
    dialog.leaders.choose_role(row_of(dialog.leaders, "李红梅"), "lead")
    dialog.outside.name.setText("各相关单位")  # typed, not added: kept on saving
    dialog.deadline.setCurrentText("每季度")
    assert "不会显示为“逾期”" in dialog.deadline_hint.text()
    dialog.save()
    assert dialog.saved is not None
    again = TaskDialog(
        demo_services.matrix,
        2020,
        demo_services.unit.list_people(),
        demo_services.unit.list_offices(),
        demo_services.matrix.get(dialog.saved.id),
    )
    qtbot.addWidget(again)
    assert again.leaders.checked_roles() == ("lead",)
    assert again.leaders.item(row_of(again.leaders, "李红梅")).text().endswith("〔牵头〕")
    assert again.outside.entered() == (NamedRole("各相关单位", "responsible"),)
    assert again.deadline.currentText() == "每季度" and again.score.text() == ""
    again.text.setPlainText("开展网络舆情研判，每季度一次")
    again.save()
    assert again.saved is not None
    assert again.saved.leaders_with_roles() == (("李红梅", "lead"),)
    assert again.saved.deadline_text == "每季度" and again.saved.deadline is None


def test_a_bad_score_is_told_not_saved(dialog: TaskDialog) -> None:
    dialog.text.setPlainText("有分值的任务")
    dialog.score.setText("三分")
    dialog.save()
    assert dialog.saved is None and "分值“三分”不是数字" in dialog.message.text()
    dialog.score.setText("2.55")
    dialog.save()
    assert dialog.saved is None and "最多保留一位小数" in dialog.message.text()


def test_the_matrix_page_with_roles(qtbot: QtBot, demo_services: Services, tmp_path: Path) -> None:
    page = MatrixPage(demo_services)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    page.set_year(2020)
    page.tree.expandAll()
    assert page.grab().save(str(shots_dir(tmp_path) / "D-matrix-page-roles.png"))
    page.tabs.setCurrentWidget(page.by_leader)
    page.by_leader.owner.setCurrentIndex(page.by_leader.owner.findText("李红梅"))
    assert page.grab().save(str(shots_dir(tmp_path) / "D-matrix-by-leader.png"))
