"""The import preview of a plan grouped by post ("（一）支部书记职责"): the leaders the unit's
holders of each post, with their source (←岗位“支部书记”); a post nobody holds left to fill,
said in the list of what is left and how to fix it; a typed name wins over the post."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ideowork.gui.dialogs.plan_import_dialog import LEADERS, NOTES, PlanImportDialog
from ideowork.services.context import Services
from ideowork.services.matrix.model import iter_tree
from ideowork.services.unit import PersonInfo
from tests.gui.test_plan_import_dialog import LAYOUTS, item_for, load, run_import

LAYOUT = LAYOUTS / "post-headings.txt"


def open_dialog(qtbot: QtBot, services: Services) -> PlanImportDialog:
    widget = PlanImportDialog(services, 2021)
    qtbot.addWidget(widget)
    widget.show()
    assert load(qtbot, widget, LAYOUT)
    return widget


def test_the_posts_show_their_holders_and_where_they_came_from(
    qtbot: QtBot, demo_services: Services
) -> None:
    dialog = open_dialog(qtbot, demo_services)
    task = item_for(dialog, "每半年专题研究")
    assert task.text(LEADERS) == "杨昌波（牵头）"
    assert task.text(NOTES) == "完成时限←本项；牵头领导←岗位“党委书记”；待填：责任单位"
    assert "杨昌波（岗位“党委书记”，取自上级标题「一、党委书记的第一责任」）" in task.toolTip(NOTES)
    assert item_for(dialog, "指导网络舆情处置").text(LEADERS) == "李红梅（分管）"
    assert item_for(dialog, "开展意识形态工作监督检查").text(LEADERS) == "赵立新"
    assert item_for(dialog, "定期分析研判").text(NOTES) == "责任领导←本项；待填：责任单位"
    names = dialog.names.text()
    assert "按标题中的岗位填写责任领导：岗位“党委书记”→杨昌波（3项）" in names
    assert "没有找到" not in names
    dialog.tree.setCurrentItem(task)
    assert "岗位“党委书记”" in dialog.details.text()

    qtbot.wait(50)  # the labels' new text laid out
    path = os.environ.get("PLAN_IMPORT_SHOTS", "")
    if path:  # kept for looking at (the helper's report)
        Path(path).mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(Path(path) / "E2_post_headings.png"))

    run_import(qtbot, dialog)
    assert dialog.result_info is not None
    written = {
        t.text: dict(t.leaders_with_roles()) for t in iter_tree(demo_services.matrix.tree(2021))
    }
    assert written["每半年专题研究一次意识形态工作。"] == {"杨昌波": "lead"}


def test_a_post_nobody_holds_is_left_to_fill_with_what_to_do(
    qtbot: QtBot, services: Services
) -> None:
    services.unit.save_person(PersonInfo(id=None, name="刘书记", post="党委书记"))
    dialog = open_dialog(qtbot, services)
    task = item_for(dialog, "管理宣传阵地")
    assert task.text(LEADERS) == "（待填写）"
    assert task.text(NOTES) == "待填：责任领导（名单中无“宣传委员”）、责任单位"
    assert task.background(LEADERS).color().name() == "#fff4d6"
    assert item_for(dialog, "分管领导职责").text(NOTES) == "责任领导：名单中无“分管领导”"
    names = dialog.names.text()
    assert "岗位“宣传委员”在人员名单中没有找到，3项的责任领导将留作待填写" in names
    assert "请到“单位信息”中添加担任该岗位的人员" in names
    assert "岗位“党委书记”→刘书记（3项）" in names
    assert item_for(dialog, "带头学习贯彻").text(LEADERS) == "刘书记（牵头）"
    dialog.tree.scrollToItem(task)
    qtbot.wait(50)
    path = os.environ.get("PLAN_IMPORT_SHOTS", "")
    if path:
        assert dialog.grab().save(str(Path(path) / "E2_post_headings_missing.png"))

    # A name typed in wins over the post, and the post no longer counts as missing.
    dialog.edit_node(task, LEADERS, "张三")
    assert task.text(NOTES) == "待填：责任单位"
    plan = dialog.plan()
    assert plan is not None
    edited = next(n for n in plan.iter_nodes() if n.text == "管理宣传阵地。")
    assert (edited.leaders, edited.post) == (("张三",), "")
    assert "宣传委员”在人员名单中没有找到，2项" in dialog.names.text()


@pytest.mark.parametrize("typed", ["", "待填写"])
def test_clearing_the_names_does_not_bring_the_post_back(
    qtbot: QtBot, demo_services: Services, typed: str
) -> None:
    dialog = open_dialog(qtbot, demo_services)
    task = item_for(dialog, "管理宣传阵地")
    dialog.edit_node(task, LEADERS, typed)
    run_import(qtbot, dialog)
    written = {t.text: t for t in iter_tree(demo_services.matrix.tree(2021))}
    assert written["管理宣传阵地。"].leaders == ()
