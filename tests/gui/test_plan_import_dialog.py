"""The 实施方案 import preview: parse, correct, see linked/new names, then write."""

from __future__ import annotations

import os
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from ideowork.domain.roles import COOPERATING, IN_CHARGE, LEAD, RESPONSIBLE, NamedRole
from ideowork.gui import failures, tasks
from ideowork.gui.dialogs.plan_import_dialog import (
    DEADLINE,
    LEADERS,
    NOTES,
    OFFICES,
    SCORE,
    TEXT,
    PlanImportDialog,
    roles_text,
    split_names,
    split_roles,
)
from ideowork.services.context import Services
from ideowork.services.matrix.model import iter_tree
from tests.gui.conftest import finish

# The committed copy of ../shared/reference/3-branch-implementation-plan.txt.
PLAN = Path(__file__).resolve().parents[1] / "importers" / "samples" / "reference-3-branch-plan.txt"


@pytest.fixture
def dialog(qtbot: QtBot, demo_services: Services) -> PlanImportDialog:
    widget = PlanImportDialog(demo_services, 2021)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def load(qtbot: QtBot, dialog: PlanImportDialog, path: Path) -> bool:
    """Load a file and wait for the parse (it runs off the GUI thread); True if shown."""
    finish(qtbot, dialog.load_file(path))
    return dialog.path.text() == str(path)


def run_import(qtbot: QtBot, dialog: PlanImportDialog) -> None:
    operation = dialog.do_import()
    if operation is not None:
        finish(qtbot, operation)


def item_for(dialog: PlanImportDialog, prefix: str) -> QTreeWidgetItem:
    return next(i for i in dialog._all_items() if i.text(TEXT).startswith(prefix))


def test_split_names() -> None:
    assert split_names("张三、李四，张三") == (("张三", "李四"), False)
    assert split_names("（待填写）") == ((), True)
    assert split_names("xxx、王五") == (("王五",), True)
    assert split_names("") == ((), False)


def test_preview_shows_the_parsed_tree_and_warnings(qtbot: QtBot, dialog: PlanImportDialog) -> None:
    assert not dialog.import_button.isEnabled()
    assert load(qtbot, dialog, PLAN)
    assert len(dialog._all_items()) == 27
    assert dialog.tree.topLevelItemCount() == 4
    assert dialog.plan_title.text().endswith("实施方案")
    warnings = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert any("占位符" in w for w in warnings)
    first = item_for(dialog, "落实党管意识形态工作原则")
    assert first.text(LEADERS) == "（待填写）"
    assert first.background(LEADERS).color().name() == "#fff4d6"
    study = item_for(dialog, "扎实抓好干部理论学习")
    assert (study.text(LEADERS), study.text(OFFICES)) == ("杨昌波", "各股室")
    assert "已有人员：杨昌波" in study.toolTip(LEADERS)
    assert "共27项，其中9项责任待填写" in dialog.names.text()
    assert "已有人员：杨昌波" in dialog.names.text()
    assert "“各股室”将按全部班子成员或全部股室导入" in dialog.names.text()
    assert dialog.import_button.isEnabled()
    assert not dialog.replace.isEnabled()  # 2021 has no matrix yet


def test_corrections_are_imported(
    qtbot: QtBot, dialog: PlanImportDialog, demo_services: Services
) -> None:
    load(qtbot, dialog, PLAN)
    first = item_for(dialog, "落实党管意识形态工作原则")
    dialog.edit_node(first, LEADERS, "杨昌波、王五")
    dialog.edit_node(first, OFFICES, "网信科")
    dialog.edit_node(first, TEXT, "落实党管意识形态原则")
    assert first.background(OFFICES).color().name() == "#e3effd"  # a new office
    assert "将新建人员：王五" in dialog.names.text()
    assert "将新建股室：网信科" in dialog.names.text()
    assert "共27项，其中8项责任待填写" in dialog.names.text()
    # An emptied text is refused and restored.
    dialog.edit_node(first, TEXT, " ")
    assert first.text(TEXT) == "落实党管意识形态原则" and "不能为空" in dialog.message.text()

    run_import(qtbot, dialog)
    assert dialog.result_info is not None and dialog.result_info.tasks == 27
    assert dialog.result_info.people_created == ("王五",)
    nodes = list(iter_tree(demo_services.matrix.tree(2021)))
    assert len(nodes) == 27
    corrected = next(n for n in nodes if n.text == "落实党管意识形态原则")
    assert set(corrected.leaders) == {"杨昌波", "王五"} and corrected.offices == ("网信科",)
    assert not corrected.leaders_placeholder and not corrected.offices_placeholder


def test_unknown_names_can_be_left_to_fill(
    qtbot: QtBot, dialog: PlanImportDialog, demo_services: Services
) -> None:
    load(qtbot, dialog, PLAN)
    dialog.edit_node(item_for(dialog, "落实党管意识形态工作原则"), LEADERS, "王五")
    dialog.create_missing.setChecked(False)
    assert "名单中没有（导入后留作待填写）人员：王五" in dialog.names.text()
    run_import(qtbot, dialog)
    task = next(
        n for n in iter_tree(demo_services.matrix.tree(2021)) if n.text.startswith("落实党管")
    )
    assert task.leaders == () and task.leaders_placeholder
    assert "王五" not in [p.name for p in demo_services.unit.list_people()]


def test_a_year_with_a_matrix_needs_replace(
    qtbot: QtBot, dialog: PlanImportDialog, demo_services: Services
) -> None:
    load(qtbot, dialog, PLAN)
    dialog.year.setValue(2020)
    assert (
        dialog.replace.isEnabled() and dialog.replace.text() == "替换2020年已有的责任清单（27项）"
    )
    run_import(qtbot, dialog)
    assert dialog.result_info is None and "2020年已有责任清单（27项）" in dialog.message.text()
    demo_tree = demo_services.matrix.tree(2020)
    assert demo_tree[0].text == "强化意识形态工作责任制"  # untouched
    dialog.replace.setChecked(True)
    run_import(qtbot, dialog)
    assert dialog.result_info is not None and dialog.result_info.replaced == 27
    assert demo_services.matrix.tree(2020)[1].children[0].leaders_placeholder


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "是空的"),
        ("sheet.docx", b"PK\x03\x04broken", "已损坏"),
        ("notes.txt", "会议纪要\n今天开会。".encode(), "没有找到带编号的标题"),
    ],
)
def test_bad_files_show_the_message_and_write_nothing(
    qtbot: QtBot,
    dialog: PlanImportDialog,
    demo_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    message: str,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(failures, "show_error", lambda _p, error, *_: shown.append(str(error)))
    path = tmp_path / name
    path.write_bytes(content)
    assert not load(qtbot, dialog, path)
    assert len(shown) == 1 and message in shown[0] and name in shown[0]
    assert dialog.path.text() == "" and not dialog.import_button.isEnabled()
    run_import(qtbot, dialog)
    assert dialog.result_info is None
    assert demo_services.matrix.tree(2021) == []


def test_dialog_renders(qtbot: QtBot, dialog: PlanImportDialog, tmp_path: Path) -> None:
    load(qtbot, dialog, PLAN)
    picture = tmp_path / "plan.png"
    assert dialog.grab().save(str(picture)) and picture.stat().st_size > 20_000


def test_import_can_be_cancelled_and_writes_nothing(
    qtbot: QtBot, dialog: PlanImportDialog, demo_services: Services
) -> None:
    assert load(qtbot, dialog, PLAN)
    gate = threading.Event()
    busy = tasks.run_in_background(dialog, lambda _p: gate.wait(10), progress_delay_ms=-1)
    operation = dialog.do_import()  # queued behind the busy job
    assert operation is not None and operation.cancellable
    operation.cancel()
    gate.set()
    finish(qtbot, busy)
    finish(qtbot, operation)
    assert dialog.result_info is None
    assert "已取消导入" in dialog.message.text()
    assert demo_services.matrix.tree(2021) == []


# --- issue 11: roles, where names came from, preamble articles, lines left over ------------

LAYOUTS = Path(__file__).resolve().parents[1] / "importers" / "layouts"


def test_split_and_show_roles() -> None:
    named, placeholder = split_roles("张三（牵头）、李四、王五(分管)、待填写", leaders=True)
    assert named == (
        NamedRole("张三", LEAD),
        NamedRole("李四", RESPONSIBLE),
        NamedRole("王五", IN_CHARGE),
    )
    assert placeholder
    assert roles_text(named, True, leaders=True) == "张三（牵头）、李四、王五（分管）、（待填写）"
    units, _ = split_roles("宣传办（牵头）、各村（社区）（配合）、各村（社区）", leaders=False)
    assert units == (NamedRole("宣传办", LEAD), NamedRole("各村（社区）", COOPERATING))


def test_preview_says_where_names_came_from(
    qtbot: QtBot, dialog: PlanImportDialog, demo_services: Services
) -> None:
    assert load(qtbot, dialog, LAYOUTS / "heading-inherit.txt")
    task = item_for(dialog, "建立网络舆情台账")
    assert task.text(LEADERS) == "王五、李四（牵头）"
    assert task.text(OFFICES) == "党政办"
    assert task.text(NOTES) == "责任领导←本项；牵头领导←上级标题；责任单位←上级标题"
    assert "牵头领导：李四（取自上级标题「二、强化阵地管理」）" in task.toolTip(NOTES)
    dialog.tree.setCurrentItem(task)
    assert "取自上级标题" in dialog.details.text()
    bare = item_for(dialog, "考核问责")
    assert bare.text(NOTES) == "待填：责任领导、责任单位"
    first = item_for(dialog, "坚持党支部理论学习制度")
    assert (first.text(OFFICES), first.text(DEADLINE)) == ("宣传办（牵头）", "全年")
    assert dialog.tree.isColumnHidden(SCORE)  # no scores in this plan
    assert not dialog.notes.isTabVisible(1) and not dialog.notes.isTabVisible(2)

    # Corrections keep roles and the deadline.
    dialog.edit_node(first, OFFICES, "宣传办（牵头）、各村（社区）（配合）")
    dialog.edit_node(first, DEADLINE, "6月底前")
    plan = dialog.plan()
    assert plan is not None
    corrected = next(n for n in plan.iter_nodes() if n.text.startswith("坚持党支部"))
    assert corrected.unit_roles == (
        NamedRole("宣传办", LEAD),
        NamedRole("各村（社区）", COOPERATING),
    )
    assert corrected.deadline_text == "6月底前"
    assert "各村（社区）" in dialog.names.text()  # a unit outside, kept as text
    assert first.background(OFFICES).color().name() != "#e3effd"  # not shown as a new office


def test_preamble_articles_are_set_aside_until_ticked(
    qtbot: QtBot, dialog: PlanImportDialog
) -> None:
    assert load(qtbot, dialog, LAYOUTS / "articles.txt")
    assert dialog.tree.topLevelItemCount() == 5  # shown where they stood
    purpose = item_for(dialog, "为了落实意识形态工作责任制")
    assert purpose.checkState(0) == Qt.CheckState.Unchecked
    assert purpose.foreground(TEXT).color().name() == "#8a8a8a"
    plan = dialog.plan()
    assert plan is not None
    assert [n.marker for n in plan.sections] == ["第四条", "第五条"]
    assert len(plan.preamble_articles) == 3
    assert "共2项" in dialog.names.text()
    principles = item_for(dialog, "落实意识形态工作责任制，应当坚持")
    principles.setCheckState(0, Qt.CheckState.Checked)
    plan = dialog.plan()
    assert plan is not None
    assert [n.marker for n in plan.sections] == ["第二条", "第四条", "第五条"]
    assert [c.marker for c in plan.sections[0].children] == ["（一）", "（二）"]
    assert "共5项" in dialog.names.text()  # 第二条 with its two principles
    assert principles.foreground(TEXT).color().name() != "#8a8a8a"


def test_lines_left_over_and_a_skipped_notice_are_listed(
    qtbot: QtBot, dialog: PlanImportDialog, tmp_path: Path
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("某某方案\n（责任领导：张三）\n一、开展学习（责任单位：办公室）\n", "utf-8")
    assert load(qtbot, dialog, path)
    assert dialog.notes.isTabVisible(1)
    assert dialog.notes.tabText(1) == "未归入的文字（1）"
    assert dialog.unplaced.item(0).text() == "（责任领导：张三）"
    assert load(qtbot, dialog, LAYOUTS / "notice-wrapper.txt")
    assert not dialog.notes.isTabVisible(1) and dialog.notes.isTabVisible(2)
    assert dialog.skipped.item(0).text() == "中共某某镇委员会文件"
    assert dialog.plan_title.text() == "某某镇2023年落实意识形态工作责任制实施方案"


def test_scores_are_shown_and_edited(qtbot: QtBot, dialog: PlanImportDialog) -> None:
    assert load(qtbot, dialog, LAYOUTS / "scores.txt")
    assert not dialog.tree.isColumnHidden(SCORE)
    item = item_for(dialog, "班子成员落实")
    assert item.text(SCORE) == "2.5"
    dialog.edit_node(item, SCORE, "3分")
    plan = dialog.plan()
    assert plan is not None
    assert next(n for n in plan.iter_nodes() if n.text.startswith("班子成员")).score == Decimal(3)


@pytest.mark.parametrize("layout", ["heading-inherit", "table-tabs"])
def test_layout_screenshots(qtbot: QtBot, dialog: PlanImportDialog, layout: str) -> None:
    assert load(qtbot, dialog, LAYOUTS / f"{layout}.txt")
    dialog.tree.setCurrentItem(dialog._all_items()[2])
    qtbot.wait(50)  # the labels' new text laid out
    shots = Path(os.environ.get("PLAN_IMPORT_SHOTS", ""))
    if shots.name:  # a folder to keep them in, for looking at
        shots.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(shots / f"plan-import-{layout}.png"))
    assert dialog.grab().width() > 0


def test_names_from_the_document_are_shown_as_text_not_markup(
    qtbot: QtBot, dialog: PlanImportDialog, tmp_path: Path
) -> None:
    """The summary under the tree is rich text: a name written like markup stays literal."""
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "关于某事的实施方案\n一、加强学习\n1.组织集中学习。（责任领导：<b>王五</b>；责任股室：<i>新办</i>）\n",
        encoding="utf-8",
    )
    assert load(qtbot, dialog, plan)
    summary = dialog.names.text()
    assert "&lt;b&gt;" in summary or "<b>王五" not in summary
    assert "<i>新办" not in summary
