"""The conflict dialog: a save refused because another PC changed the record since the form
was opened says who and when; 重新载入 puts the saved values in the form, 对比 shows the
differing fields, 继续编辑 keeps what the user typed."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ideowork.db.engine import Database
from ideowork.domain.periods import Period
from ideowork.gui.dialogs import conflict_dialog
from ideowork.gui.dialogs.conflict_dialog import ConflictDialog, Outcome
from ideowork.gui.dialogs.person_dialog import PersonDialog
from ideowork.gui.dialogs.task_dialog import TaskDialog
from ideowork.services.context import Services
from ideowork.services.matrix.model import TaskDraft
from ideowork.services.runtime import Actor, FixedClock, Runtime
from ideowork.services.unit import OfficeInfo, PersonInfo

FIRST_SAVE = dt.datetime(2026, 11, 30, 10, 2)


@pytest.fixture
def pcs(db: Database) -> tuple[Services, Services]:
    """李四's PC (the dialog) and 张三's PC (the change that comes first)."""
    li = Services(Runtime(db, FixedClock(FIRST_SAVE), Actor("李四", "信访室电脑")))
    zhang = Services(Runtime(db, FixedClock(FIRST_SAVE), Actor("张三", "办公室电脑")))
    return li, zhang


def answer_with(
    monkeypatch: pytest.MonkeyPatch, click: Callable[[ConflictDialog], None]
) -> list[ConflictDialog]:
    """The conflict dialog, when shown, answered by `click` (instead of waiting for a user)."""
    shown: list[ConflictDialog] = []

    def run(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        click(dialog)
        return 0

    monkeypatch.setattr(conflict_dialog.ConflictDialog, "exec", run)
    return shown


def cell(conflict: ConflictDialog, row: int, column: int) -> str:
    item = conflict.table.item(row, column)
    assert item is not None
    return item.text()


def open_person_edited_meanwhile(
    qtbot: QtBot, pcs: tuple[Services, Services]
) -> tuple[PersonDialog, PersonInfo]:
    li, zhang = pcs
    office = zhang.unit.save_office(OfficeInfo(id=None, name="宣传办"))
    person = zhang.unit.save_person(PersonInfo(id=None, name="王五", post="宣传委员"))
    dialog = PersonDialog(li.unit, li.unit.list_offices(), li.unit.list_people()[0])
    qtbot.addWidget(dialog)
    zhang.unit.save_person(replace(person, post="组织委员", office_id=office.id))
    dialog.note.setText("兼任信息员")
    return dialog, person


def test_reload_puts_the_saved_record_in_the_form(
    qtbot: QtBot, pcs: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog, _person = open_person_edited_meanwhile(qtbot, pcs)
    shown = answer_with(monkeypatch, lambda d: d.reload_button.click())
    dialog.save()
    [conflict] = shown
    assert conflict.windowTitle() == "记录已被他人修改"
    assert "已被 张三（办公室电脑）于 2026-11-30 10:02 修改" in str(conflict.conflict)
    assert dialog.saved is None and dialog.result() == 0  # not saved, still open
    assert (dialog.post.text(), dialog.office.currentText(), dialog.note.text()) == (
        "组织委员",
        "宣传办",
        "",
    )
    # Edited again from the saved version, the save goes through and keeps 张三's change.
    dialog.note.setText("兼任信息员")
    dialog.save()
    assert dialog.saved is not None
    assert (dialog.saved.post, dialog.saved.note) == ("组织委员", "兼任信息员")


def test_compare_shows_the_differing_fields_and_keep_leaves_the_entry(
    qtbot: QtBot, pcs: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog, _person = open_person_edited_meanwhile(qtbot, pcs)

    def compare_then_keep(conflict: ConflictDialog) -> None:
        conflict.compare_button.click()
        conflict.keep_button.click()

    shown = answer_with(monkeypatch, compare_then_keep)
    dialog.save()
    [conflict] = shown
    assert conflict.outcome is Outcome.KEPT
    assert not conflict.table.isHidden()
    assert conflict.differing == ["职务", "所在股室", "备注"]
    rows = {
        cell(conflict, row, 0): (cell(conflict, row, 1), cell(conflict, row, 2))
        for row in range(conflict.table.rowCount())
    }
    assert rows["职务"] == ("宣传委员", "组织委员")
    assert rows["所在股室"] == ("（无）", "宣传办")
    assert rows["备注"] == ("兼任信息员", "（空）")
    assert rows["姓名"] == ("王五", "王五")
    # 继续编辑: what the user typed is still there.
    assert (dialog.post.text(), dialog.note.text()) == ("宣传委员", "兼任信息员")
    if os.environ.get("IDEOWORK_SHOTS"):
        shots = Path(os.environ["IDEOWORK_SHOTS"])
        shots.mkdir(parents=True, exist_ok=True)
        conflict.show()
        qtbot.waitExposed(conflict)
        conflict.grab().save(str(shots / "conflict_compare.png"))


def test_a_record_deleted_meanwhile_offers_to_close_the_form(
    qtbot: QtBot, pcs: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    li, zhang = pcs
    person = zhang.unit.save_person(PersonInfo(id=None, name="王五"))
    dialog = PersonDialog(li.unit, [], li.unit.list_people()[0])
    qtbot.addWidget(dialog)
    zhang.unit.delete_person(person.id or 0, person.version)
    shown = answer_with(monkeypatch, lambda d: d.reload_button.click())
    dialog.save()
    [conflict] = shown
    assert conflict.reload_button.text() == "关闭表单" and conflict.compare_button.isHidden()
    assert "删除" in str(conflict.conflict)
    assert conflict.outcome is Outcome.DISCARDED and dialog.result() == 0
    assert li.unit.list_people() == []


def test_screenshot_of_the_conflict_dialog(
    qtbot: QtBot, pcs: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    """IDEOWORK_SHOTS=folder: the dialog as the user first sees it, to look at."""
    dialog, _person = open_person_edited_meanwhile(qtbot, pcs)
    pictures: list[bool] = []

    def grab(conflict: ConflictDialog) -> None:
        conflict.show()
        qtbot.waitExposed(conflict)
        assert "请重新载入后再改，或对比两边的内容" in str(conflict.conflict)
        if os.environ.get("IDEOWORK_SHOTS"):
            shots = Path(os.environ["IDEOWORK_SHOTS"])
            shots.mkdir(parents=True, exist_ok=True)
            pictures.append(conflict.grab().save(str(shots / "conflict.png")))
        conflict.keep_button.click()

    answer_with(monkeypatch, grab)
    dialog.save()
    assert all(pictures)


def test_task_dialog_reload_and_compare(
    qtbot: QtBot, pcs: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    li, zhang = pcs
    leader = zhang.unit.save_person(PersonInfo(id=None, name="王五", post="书记"))
    task = zhang.matrix.create_task(2026, TaskDraft(text="每季度分析研判意识形态形势"))
    dialog = TaskDialog(li.matrix, 2026, li.unit.list_people(), [], li.matrix.get(task.id))
    qtbot.addWidget(dialog)
    zhang.matrix.update_task(replace(TaskDraft.of(task), leader_ids=(leader.id or 0,)))
    dialog.frequency.setCurrentText("每季度")

    def compare_then_reload(conflict: ConflictDialog) -> None:
        conflict.compare_button.click()
        assert conflict.differing == ["责任领导", "频次"]
        conflict.reload_button.click()

    shown = answer_with(monkeypatch, compare_then_reload)
    dialog.save()
    assert len(shown) == 1 and dialog.saved is None
    assert dialog.leaders.checked_ids() == (leader.id,)
    assert dialog.frequency.currentText() == ""
    dialog.frequency.setCurrentText("每季度")
    dialog.save()
    assert dialog.saved is not None
    assert (dialog.saved.leaders, dialog.saved.frequency) == (("王五",), "每季度")


def test_the_session_dialog_compares_and_reloads(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """学习日历: another PC saved the session first; 对比 shows the topic, 重新载入 puts the
    saved session (its topic and attendance) in the form, and the next save keeps both."""
    from ideowork.gui.dialogs.session_dialog import SessionDialog

    db = demo_services.runtime.db
    li = Services(Runtime(db, FixedClock(FIRST_SAVE), Actor("李四", "信访室电脑")))
    zhang = Services(Runtime(db, FixedClock(FIRST_SAVE), Actor("张三", "办公室电脑")))
    session_id = li.studies.sessions_in(Period.parse("2020Q3"))[0].id
    dialog = SessionDialog(li, li.sessions.detail(session_id).draft)
    qtbot.addWidget(dialog)
    theirs = zhang.sessions.detail(session_id).draft
    zhang.sessions.save(replace(theirs, topic="张三改过的主题"))
    dialog.ui.note.setText("李四的备注")

    def compare_then_reload(conflict: ConflictDialog) -> None:
        conflict.compare_button.click()
        rows = {cell(conflict, r, 0): r for r in range(conflict.table.rowCount())}
        assert cell(conflict, rows["主题"], 2) == "张三改过的主题"
        assert cell(conflict, rows["备注"], 1) == "李四的备注"
        conflict.reload_button.click()

    shown = answer_with(monkeypatch, compare_then_reload)
    dialog.save()
    assert len(shown) == 1 and dialog.saved is None
    assert dialog.ui.topic.toPlainText() == "张三改过的主题" and dialog.ui.note.text() == ""
    dialog.ui.note.setText("李四的备注")
    dialog.save()
    assert dialog.saved is not None
    assert (dialog.saved.draft.topic, dialog.saved.draft.note) == ("张三改过的主题", "李四的备注")
