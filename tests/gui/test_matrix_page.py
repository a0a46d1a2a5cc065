"""The 责任清单 page: tree model, editing through the dialog, delete/undo, filters, views."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ideowork.domain.roles import NamedRole
from ideowork.domain.vocab import TaskStatus
from ideowork.gui.models.task_tree_model import (
    LEADERS,
    OFFICES,
    STATUS,
    TEXT,
    WHEN,
    TaskTreeModel,
)
from ideowork.gui.pages import matrix_page
from ideowork.gui.pages.matrix_page import MatrixPage
from ideowork.services.context import Services
from ideowork.services.matrix.model import TaskDraft, iter_tree
from tests.gui.conftest import finish


@pytest.fixture
def page(qtbot: QtBot, demo_services: Services) -> MatrixPage:
    widget = MatrixPage(demo_services)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.set_year(2020)
    return widget


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation is answered "yes"; the questions are recorded."""
    asked: list[str] = []

    def yes(_parent: object, question: str, *_args: object) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(matrix_page, "confirm", yes)
    monkeypatch.setattr(matrix_page, "confirm_details", yes)
    return asked


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(matrix_page, "show_error", lambda _p, error, *_: shown.append(str(error)))
    return shown


def rows(model: TaskTreeModel, parent: QModelIndex | None = None) -> list[str]:
    """The task texts of the model, depth-first."""
    parent = parent or QModelIndex()
    found: list[str] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, TEXT, parent)
        found.append(str(model.data(index)))
        found += rows(model, index)
    return found


def select(page: MatrixPage, prefix: str) -> int:
    node = next(n for n in page.model.nodes() if n.text.startswith(prefix))
    assert page.select_task(node.id)
    return node.id


# --- the model ----------------------------------------------------------------------------------


def test_tree_model_passes_the_model_tester(
    page: MatrixPage, qtmodeltester: ModelTester, demo_services: Services
) -> None:
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 4 and len(rows(page.model)) == 27
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "任务"
    # After an edit in place and after a filter.
    index = page.model.index_of(select(page, "把意识形态工作作为向党员大会"), TEXT)
    assert page.model.setData(index, "把意识形态工作作为党员大会报告的内容。")
    qtmodeltester.check(page.model)
    page.search.setText("反邪教")
    page.apply_filters()  # what the search box's timer runs once typing pauses
    qtmodeltester.check(page.model)
    assert len(rows(page.model)) == 3
    page.set_year(2031)  # empty
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 0 and "2031年尚无责任清单" in page.summary.text()


def test_model_shows_names_status_and_placeholders(demo_services: Services) -> None:
    matrix = demo_services.matrix
    matrix.create_task(2020, TaskDraft(text="待分工", leaders_placeholder=True))
    model = TaskTreeModel(matrix)
    model.set_roots(matrix.tree(2020))
    joint = model.index_of(next(n.id for n in model.nodes() if n.text.startswith("班子成员要")))
    leaders = joint.siblingAtColumn(LEADERS)
    # Roles marked compactly, 责任 before 分管 (the demo makes 王建国 分管领导 here).
    assert model.data(leaders) == "李红梅、王建国（分管）"
    assert model.data(leaders, Qt.ItemDataRole.ToolTipRole) == "责任领导：李红梅\n分管领导：王建国"
    reports = model.index_of(next(n.id for n in model.nodes() if n.text.startswith("按照“谁")))
    assert model.data(reports.siblingAtColumn(OFFICES)) == "宣传办（牵头）、党政办公室（配合）"
    cults = model.index_of(next(n.id for n in model.nodes() if n.text.startswith("加强反邪教")))
    assert model.data(cults.siblingAtColumn(OFFICES)) == "综治信访办、各村（社区）（配合）"
    assert model.data(cults.siblingAtColumn(WHEN)) == "长期"  # not "长期 长期"
    life = model.index_of(next(n.id for n in model.nodes() if "民主生活会" in n.text), WHEN)
    assert model.data(life) == "每年 年底前"
    assert model.data(life, Qt.ItemDataRole.ToolTipRole) == "每年 年底前（即 2020-12-31）"
    study = model.index_of(next(n.id for n in model.nodes() if n.text.startswith("扎实抓好")))
    assert model.data(study.siblingAtColumn(STATUS)) == "逾期"  # deadline 2020-12-31 passed
    assert model.data(study.siblingAtColumn(STATUS), Qt.ItemDataRole.EditRole) == "in_progress"
    todo = model.index_of(next(n.id for n in model.nodes() if n.text == "待分工"), LEADERS)
    assert model.data(todo) == "（待填写）"
    assert model.data(todo, Qt.ItemDataRole.BackgroundRole).color().name() == "#fff4d6"
    assert model.data(study.siblingAtColumn(LEADERS), Qt.ItemDataRole.BackgroundRole) is None
    item = model.index_of(next(n.id for n in model.nodes() if n.text.startswith("对党中央")))
    assert model.data(item.siblingAtColumn(STATUS)) == ""  # a list item nobody answers for
    assert model.flags(study) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(study.siblingAtColumn(LEADERS)) & Qt.ItemFlag.ItemIsEditable


def test_status_edited_in_place_and_refused_text(page: MatrixPage) -> None:
    task_id = select(page, "扎实抓好")
    index = page.model.index_of(task_id, STATUS)
    assert page.model.setData(index, TaskStatus.DONE.value)
    assert page.services.matrix.get(task_id).status == TaskStatus.DONE
    assert page.model.data(page.model.index_of(task_id, STATUS)) == "已完成"
    assert not page.model.setData(page.model.index_of(task_id, TEXT), "  ")
    assert "请填写任务内容" in page.message.text()
    assert page.services.matrix.get(task_id).text.startswith("扎实抓好")


def test_text_edited_in_the_view_editor(qtbot: QtBot, page: MatrixPage) -> None:
    task_id = select(page, "加强反邪教工作")
    index = page.model.index_of(task_id, TEXT)
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    editor = page.tree.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("加强反邪教工作。")  # QTest cannot type Chinese
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() == "已保存。")
    assert page.services.matrix.get(task_id).text == "加强反邪教工作。"
    assert page.selected_id() == task_id


# --- dialog -------------------------------------------------------------------------------------


def test_add_a_task_with_several_leaders_through_the_dialog(
    page: MatrixPage, demo_services: Services
) -> None:
    section_id = select(page, "强化意识形态工作责任制考核")
    dialog = page.add_child(open_dialog=False)
    assert dialog is not None and dialog.parent_combo.currentData() == section_id
    dialog.save()
    assert dialog.saved is None and "请填写任务内容" in dialog.message.text()

    people = {p.name: p.id for p in demo_services.unit.list_people()}
    offices = {o.name: o.id for o in demo_services.unit.list_offices()}
    dialog.text.setPlainText("每季度开展一次意识形态工作分析研判")
    dialog.leaders.set_checked([people["李红梅"], people["孙海涛"]])
    dialog.offices.set_checked([offices["宣传办"]])
    dialog.frequency.setCurrentText("每季度")
    dialog.deadline.setCurrentText("2020-12-31")  # a plain date is a date, not a text
    dialog.note_text.setText("第一季度已开展")
    dialog.note_date.setDate(QDate(2020, 3, 31))
    dialog.add_note()
    assert dialog.progress.rowCount() == 1
    dialog.save()
    assert dialog.saved is not None
    page.after_save(dialog.saved)

    saved = demo_services.matrix.get(dialog.saved.id)
    assert saved.parent_id == section_id
    assert saved.leaders == ("李红梅", "孙海涛") and saved.offices == ("宣传办",)
    assert saved.deadline == dt.date(2020, 12, 31) and saved.frequency == "每季度"
    assert saved.deadline_text == ""
    assert [n.note for n in saved.progress] == ["第一季度已开展"]
    assert page.selected_id() == saved.id
    assert "每季度开展一次意识形态工作分析研判" in rows(page.model)


def test_edit_through_the_dialog_moves_and_settles_status(
    page: MatrixPage, demo_services: Services
) -> None:
    task_id = select(page, "加强反邪教工作")
    dialog = page.edit_task(open_dialog=False)
    assert dialog is not None and dialog.text.toPlainText().startswith("加强反邪教工作")
    # Cannot choose itself or a descendant as parent; can choose another section.
    assert dialog.parent_combo.findData(task_id) == -1
    target = next(n for n in demo_services.matrix.tree(2020) if n.text.endswith("责任制考核"))
    dialog.choose_parent(target.id)
    dialog.status.setCurrentIndex(dialog.status.findData(TaskStatus.DONE))
    dialog.deadline.setCurrentText("")
    dialog.save()
    assert dialog.saved is not None
    page.after_save(dialog.saved)
    saved = demo_services.matrix.get(task_id)
    assert saved.parent_id == target.id and saved.status == TaskStatus.DONE
    assert saved.leaders == ("孙海涛",)  # unchanged, and so is the unit outside
    assert saved.outside_units == (NamedRole("各村（社区）", "cooperating"),)
    assert saved.deadline_text == "" and saved.deadline is None
    assert page.selected_id() == task_id


def test_edit_progress_notes_in_the_dialog(page: MatrixPage, demo_services: Services) -> None:
    task_id = select(page, "扎实抓好")
    dialog = page.edit_task(open_dialog=False)
    assert dialog is not None and dialog.progress.rowCount() == 2
    assert "逾期" in dialog.overdue_note.text()
    dialog.progress.selectRow(0)
    dialog.remove_note()
    dialog.note_text.setText("全年集中学习24次")  # typed, not added: saving keeps it
    dialog.note_date.setDate(QDate(2020, 12, 20))
    dialog.save()
    notes = demo_services.matrix.get(task_id).progress
    assert [n.note for n in notes] == [
        "前三季度集中学习16次，其中意识形态专题6次。",
        "全年集中学习24次",
    ]


# --- move, delete, undo -------------------------------------------------------------------------


def test_move_up_and_down_with_the_toolbar(page: MatrixPage, demo_services: Services) -> None:
    task_id = select(page, "把意识形态工作作为向党员大会")
    assert page.actions_by_name["up"].isEnabled()
    page.actions_by_name["up"].trigger()
    section = next(n for n in demo_services.matrix.tree(2020) if n.text.endswith("责任制考核"))
    assert section.children[0].id == task_id
    assert page.selected_id() == task_id
    assert not page.actions_by_name["up"].isEnabled()  # now first
    page.actions_by_name["down"].trigger()
    section = next(n for n in demo_services.matrix.tree(2020) if n.text.endswith("责任制考核"))
    assert section.children[1].id == task_id


def test_delete_then_undo_with_ctrl_z(
    qtbot: QtBot, page: MatrixPage, demo_services: Services, answers: list[str]
) -> None:
    select(page, "强化意识形态工作的主体责任")
    assert not page.actions_by_name["undo"].isEnabled()
    page.actions_by_name["delete"].trigger()
    assert "及其下级7项" in answers[0] and "Ctrl+Z" in answers[0]
    assert len(rows(page.model)) == 19
    assert len(list(iter_tree(demo_services.matrix.tree(2020)))) == 19
    assert page.actions_by_name["undo"].isEnabled()
    assert "可按 Ctrl+Z 撤销" in page.message.text()

    page.activateWindow()
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(rows(page.model)) == 27
    restored = demo_services.matrix.tree(2020)[1]
    assert restored.text == "强化意识形态工作的主体责任" and len(restored.children) == 3
    assert page.selected_id() == restored.id
    assert not page.actions_by_name["undo"].isEnabled()


def test_delete_needs_a_selection_and_can_be_declined(
    page: MatrixPage, errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page.tree.clearSelection()
    page.delete_task()
    assert errors == ["请先在列表中选择要删除的任务。"]
    monkeypatch.setattr(matrix_page, "confirm", lambda *_: False)
    select(page, "加强反邪教工作")
    page.delete_task()
    assert len(rows(page.model)) == 27 and not page.undo_stack


# --- filters and views --------------------------------------------------------------------------


def test_filters(page: MatrixPage, demo_services: Services) -> None:
    page.tree.clearSelection()
    page.status_filter.setCurrentIndex(page.status_filter.findData(TaskStatus.DONE))
    assert [n.text for n in page.model.nodes() if n.status == TaskStatus.DONE] == [
        "落实党管意识形态工作原则"
    ]
    assert page.selected_id() is None  # a filter change never selects by accident
    page.reset_filters()
    page.leader_filter.setCurrentIndex(page.leader_filter.findText("张志强"))
    shown = [n for n in page.model.nodes() if n.leaders]
    assert [n.leaders for n in shown] == [("张志强",), ("张志强",)]
    assert "筛选出2项" in page.summary.text()
    page.status_filter.setCurrentIndex(page.status_filter.findData(TaskStatus.OVERDUE))
    assert [n.text[:6] for n in page.model.nodes() if n.leaders] == ["意识形态工作"]
    page.reset_filters()
    assert len(rows(page.model)) == 27

    demo_services.matrix.create_task(2020, TaskDraft(text="待分工的任务", offices_placeholder=True))
    page.refresh()
    page.todo_filter.setChecked(True)
    assert rows(page.model) == ["待分工的任务"]
    page.todo_filter.setChecked(False)
    page.office_filter.setCurrentIndex(page.office_filter.findText("纪检监察室"))
    assert "强化意识形态工作责任追究" in rows(page.model)
    page.search.setText("没有这样的任务")
    page.apply_filters()
    assert rows(page.model) == []


def test_per_leader_and_per_office_tabs(page: MatrixPage) -> None:
    page.tabs.setCurrentWidget(page.by_leader)
    panel = page.by_leader
    panel.owner.setCurrentIndex(panel.owner.findText("张志强"))
    items = panel.items()
    assert len(items) == 2 and "共2项" in panel.summary.text() and "逾期1项" in panel.summary.text()
    assert {item.text(2) for item in items} == {"逾期", "推进中"}
    assert {item.text(1) for item in items} == {"责任领导"}
    assert {item.text(3) for item in items} == {"每年 年底前", "长期"}  # 完成时限 as written
    assert panel.tree.topLevelItem(0).text(0) == "强化意识形态工作责任制考核"
    panel.owner.setCurrentIndex(panel.owner.findText("王建国"))
    assert panel.items()[0].text(1) == "分管领导"  # the demo's role on the task
    assert panel.items()[0].text(4) == "李红梅"  # shares the task
    panel.owner.setCurrentIndex(panel.owner.findText("李红梅"))
    assert panel.items()[2].text(4) == "王建国（分管）"
    panel.owner.setCurrentIndex(panel.owner.findText("刘洋"))
    assert panel.items() == [] and "暂无任务" in panel.summary.text()

    page.tabs.setCurrentWidget(page.by_office)
    page.by_office.owner.setCurrentIndex(page.by_office.owner.findText("组织办"))
    assert len(page.by_office.items()) == 4
    page.by_office.owner.setCurrentIndex(page.by_office.owner.findText("党政办公室"))
    reports = next(i for i in page.by_office.items() if "按照“谁组织" in i.text(0))
    assert reports.text(1) == "配合单位" and reports.text(4) == "宣传办（牵头）"


# --- import, export, carry forward --------------------------------------------------------------


def test_export_and_import_excel_from_the_page(
    qtbot: QtBot, page: MatrixPage, demo_services: Services, tmp_path: Path, answers: list[str]
) -> None:
    out = page.export_excel(tmp_path / "m.xlsx")
    assert (
        out is not None and out.is_file() and "已导出2020年责任清单（27项）" in page.message.text()
    )
    page.set_year(2021)
    finish(qtbot, page.import_excel(out))
    report = page.last_import
    assert report is not None and report.tasks == 27
    assert len(rows(page.model)) == 27 and answers == []  # nothing to ask
    # Again into 2021: asks to replace.
    finish(qtbot, page.import_excel(out))
    assert "2021年已有责任清单（27项）" in answers[-1]
    assert len(list(iter_tree(demo_services.matrix.tree(2021)))) == 27


def test_import_excel_asks_before_importing_good_rows_only(
    qtbot: QtBot,
    page: MatrixPage,
    demo_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[str],
) -> None:
    from openpyxl import Workbook

    from ideowork.services.matrix.excel import OLD_HEADERS as HEADERS

    book = Workbook()
    book.active.append(list(HEADERS))
    book.active.append(["1", "好的一行", "", "杨昌波", "", "", "", "", ""])
    book.active.append(["2", "坏的一行", "", "", "", "", "2022-02-30", "", ""])
    book.active.append(["3", "新人的一行", "", "王五", "", "", "", "", ""])
    path = tmp_path / "mixed.xlsx"
    book.save(path)
    asked: list[tuple[str, str]] = []

    def details(_p: object, question: str, text: str) -> bool:
        asked.append((question, text))
        return False

    monkeypatch.setattr(matrix_page, "confirm", lambda *_: False)  # do not create 王五
    monkeypatch.setattr(matrix_page, "confirm_details", details)
    page.set_year(2022)
    assert page.import_excel(path) is None
    assert "2行有问题" in asked[0][0] and "其余1行无误" in asked[0][0]
    assert "第3行：完成时限“2022-02-30”不是有效日期" in asked[0][1]
    assert "第4行：责任领导“王五”不在人员名单中" in asked[0][1]
    assert demo_services.matrix.tree(2022) == []

    monkeypatch.setattr(matrix_page, "confirm_details", lambda *_: True)
    finish(qtbot, page.import_excel(path))
    report = page.last_import
    assert report is not None and report.tasks == 1 and rows(page.model) == ["好的一行"]
    assert "跳过有问题的2行" in page.message.text()


def test_bad_excel_file_shows_the_message(
    page: MatrixPage, tmp_path: Path, errors: list[str]
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"))
    assert page.import_excel(path) is None
    assert "旧版 Excel 97-2003" in errors[0]


def test_carry_forward_from_the_page(
    page: MatrixPage, demo_services: Services, answers: list[str], errors: list[str]
) -> None:
    page.carry_forward()
    assert "结转为2021年" in answers[0]
    assert page.current_year() == 2021 and len(rows(page.model)) == 27
    assert "结转为2021年" in page.message.text()
    page.set_year(2020)
    page.carry_forward()
    assert "2021年已有责任清单（27项），不能结转" in errors[0]


def test_import_plan_dialog_opens_for_the_year(page: MatrixPage) -> None:
    dialog = page.import_plan(open_dialog=False)
    assert dialog.year.value() == 2020
    assert not dialog.import_button.isEnabled()


def test_page_renders_readable(page: MatrixPage, tmp_path: Path) -> None:
    picture = tmp_path / "matrix.png"
    assert page.grab().save(str(picture)) and picture.stat().st_size > 20_000
    assert page.tree.columnWidth(TEXT) > 400  # the task text gets most of the width


def test_check_list_toggles_on_a_click_anywhere_on_the_row(qtbot: QtBot) -> None:
    from ideowork.gui.dialogs.people_picker import CheckList

    picker = CheckList()
    qtbot.addWidget(picker)
    picker.show()
    picker.set_choices([(7, "杨昌波（党委书记）"), (9, "李红梅（宣传委员）")], checked=[9])
    assert picker.checked_ids() == (9,)
    name_area = picker.visualItemRect(picker.item(0)).center()
    qtbot.mouseClick(picker.viewport(), Qt.MouseButton.LeftButton, pos=name_area)
    assert picker.checked_ids() == (7, 9)
    picker.setCurrentRow(1)
    qtbot.keyClick(picker, Qt.Key.Key_Space)
    assert picker.checked_ids() == (7,) and picker.checked_labels() == ["杨昌波（党委书记）"]
