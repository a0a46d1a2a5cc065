"""The responsibility matrix service: editing, moving, deleting and undoing, views, carrying."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from ideowork.db.models import AuditEntry, Task, TaskProgress, task_leader
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.vocab import TaskStatus
from ideowork.services.context import Services
from ideowork.services.matrix.model import ProgressNote, TaskDraft, TaskFilter, TaskNode, iter_tree
from ideowork.services.matrix.service import MatrixService
from ideowork.services.runtime import FixedClock

TODAY = dt.date(2021, 1, 15)


def shape(nodes: list[TaskNode]) -> list[Any]:
    """The tree without ids, for comparing a restored or copied tree with the original."""
    return [
        (
            n.text,
            n.body,
            n.leaders,
            n.offices,
            n.frequency,
            n.deadline,
            n.status,
            n.leaders_placeholder,
            n.offices_placeholder,
            tuple((p.noted_on, p.note) for p in n.progress),
            n.leaders_with_roles(),
            n.units_with_roles(),
            n.deadline_text,
            n.score,
            shape(n.children),
        )
        for n in nodes
    ]


def count(services: Services, model: Any) -> int:
    with services.runtime.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def matrix(demo_services: Services, clock: FixedClock) -> MatrixService:
    clock.set(TODAY)
    return demo_services.matrix


@pytest.fixture
def people(demo_services: Services) -> dict[str, int]:
    return {p.name: p.id for p in demo_services.unit.list_people() if p.id is not None}


@pytest.fixture
def offices(demo_services: Services) -> dict[str, int]:
    return {o.name: o.id for o in demo_services.unit.list_offices() if o.id is not None}


def find(matrix: MatrixService, year: int, prefix: str) -> TaskNode:
    return next(n for n in iter_tree(matrix.tree(year)) if n.text.startswith(prefix))


# --- create and edit ----------------------------------------------------------------------------


def test_create_section_and_tasks_with_several_leaders_and_offices(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    section = matrix.create_task(2021, TaskDraft(text="  加强网络阵地建设\u3000"))
    assert section.text == "加强网络阵地建设" and section.parent_id is None
    task = matrix.create_task(
        2021,
        TaskDraft(
            text="每季度开展一次网络舆情分析研判",
            parent_id=section.id,
            leader_ids=(people["李红梅"], people["杨昌波"]),
            office_ids=(offices["宣传办"], offices["综治信访办"]),
            frequency="每季度",
            deadline=dt.date(2021, 12, 31),
            status=TaskStatus.IN_PROGRESS,
        ),
    )
    second = matrix.create_task(2021, TaskDraft(text="第二项", parent_id=section.id))
    [root] = matrix.tree(2021)
    assert [c.id for c in root.children] == [task.id, second.id]
    assert [c.sort_order for c in root.children] == [1, 2]
    assert set(task.leaders) == {"李红梅", "杨昌波"}
    assert set(task.offices) == {"宣传办", "综治信访办"}
    assert (task.frequency, task.deadline, task.status) == (
        "每季度",
        dt.date(2021, 12, 31),
        TaskStatus.IN_PROGRESS,
    )
    assert matrix.years() == [2020, 2021]


@pytest.mark.parametrize(
    ("draft", "field", "message"),
    [
        (TaskDraft(text="  "), "text", "请填写任务内容"),
        (TaskDraft(text="甲" * 2001), "text", "最多2000字"),
        (TaskDraft(text="甲", frequency="每" * 31), "frequency", "频次过长"),
        (TaskDraft(text="甲", leader_ids=(9999,)), "leaders", "责任领导（编号 9999）已不存在"),
        (TaskDraft(text="甲", office_ids=(9999,)), "offices", "责任股室（编号 9999）已不存在"),
        (
            TaskDraft(text="甲", progress=(ProgressNote(TODAY, " "),)),
            "progress",
            "请填写进展内容",
        ),
    ],
)
def test_invalid_drafts_are_refused_with_the_field(
    matrix: MatrixService, draft: TaskDraft, field: str, message: str
) -> None:
    before = len(list(iter_tree(matrix.tree(2021))))
    with pytest.raises(ValidationError, match=message) as caught:
        matrix.create_task(2021, draft)
    assert caught.value.field == field
    assert len(list(iter_tree(matrix.tree(2021)))) == before == 0


def test_parent_must_be_in_the_same_year(matrix: MatrixService) -> None:
    section = find(matrix, 2020, "强化意识形态工作的主体责任")
    with pytest.raises(ValidationError, match="属于2020年的责任清单"):
        matrix.create_task(2021, TaskDraft(text="新任务", parent_id=section.id))


def test_update_settles_placeholders_and_keeps_others(
    matrix: MatrixService, people: dict[str, int]
) -> None:
    task = matrix.create_task(
        2021, TaskDraft(text="待分工的任务", leaders_placeholder=True, offices_placeholder=True)
    )
    assert task.leaders_placeholder and task.offices_placeholder and task.to_be_filled
    updated = matrix.update_task(replace(TaskDraft.of(task), leader_ids=(people["赵立新"],)))
    assert updated.leaders == ("赵立新",)
    assert not updated.leaders_placeholder  # names set: no longer "to be filled"
    assert updated.offices_placeholder  # still no office


def test_progress_notes_are_kept_in_date_order(matrix: MatrixService) -> None:
    task = matrix.create_task(2021, TaskDraft(text="组织集中学习"))
    matrix.add_progress(task.id, dt.date(2021, 9, 30), "前三季度学习16次")
    first = matrix.add_progress(task.id, dt.date(2021, 6, 30), "上半年学习13次")
    notes = matrix.get(task.id).progress
    assert [n.note for n in notes] == ["上半年学习13次", "前三季度学习16次"]
    matrix.delete_progress(first.id or 0)
    assert [n.note for n in matrix.get(task.id).progress] == ["前三季度学习16次"]
    # Saving a draft with notes replaces them: edited, removed, added.
    [kept] = matrix.get(task.id).progress
    draft = replace(
        TaskDraft.of(matrix.get(task.id)),
        progress=(
            replace(kept, note="前三季度学习17次"),
            ProgressNote(dt.date(2021, 12, 1), "全年完成"),
        ),
    )
    saved = matrix.update_task(draft)
    assert [(n.noted_on.month, n.note) for n in saved.progress] == [
        (9, "前三季度学习17次"),
        (12, "全年完成"),
    ]
    assert saved.progress[0].id == kept.id
    with pytest.raises(ValidationError, match="请填写进展内容"):
        matrix.add_progress(task.id, TODAY, "")


def test_in_place_text_and_status_edits(matrix: MatrixService) -> None:
    task = find(matrix, 2020, "把意识形态工作作为向党员大会")
    assert matrix.set_status(task.id, TaskStatus.DONE).status == TaskStatus.DONE
    edited = matrix.set_text(task.id, "把意识形态工作作为向党员大会报告的内容。")
    assert edited.text == "把意识形态工作作为向党员大会报告的内容。"
    assert edited.status == TaskStatus.DONE and edited.leaders == task.leaders


def test_every_change_is_audited(demo_services: Services, matrix: MatrixService) -> None:
    before = count(demo_services, AuditEntry)
    task = matrix.create_task(2021, TaskDraft(text="甲"))
    matrix.set_text(task.id, "乙")
    matrix.add_progress(task.id, TODAY, "进展")
    token = matrix.delete(task.id)
    matrix.undo_delete(token)
    assert count(demo_services, AuditEntry) == before + 5
    assert demo_services.maintenance.check().ok


# --- moving -------------------------------------------------------------------------------------


def test_move_up_and_down_among_siblings(matrix: MatrixService) -> None:
    section = find(matrix, 2020, "强化意识形态工作责任制考核")
    first, second = section.children[0].id, section.children[1].id
    assert matrix.move_down(first)
    assert [c.id for c in find(matrix, 2020, "强化意识形态工作责任制考核").children][:2] == [
        second,
        first,
    ]
    assert matrix.move_up(first)
    assert not matrix.move_up(first)  # already first
    last = section.children[-1].id
    assert not matrix.move_down(last)
    orders = [c.sort_order for c in find(matrix, 2020, "强化意识形态工作责任制考核").children]
    assert orders == [1, 2, 3, 4]


def test_move_to_another_parent_and_refuse_own_descendant(matrix: MatrixService) -> None:
    main = find(matrix, 2020, "强化意识形态工作的主体责任")
    culture = find(matrix, 2020, "壮大积极健康主流思想文化")
    target = find(matrix, 2020, "强化意识形态工作责任制考核")
    matrix.move_to(culture.id, target.id, position=0)
    moved = find(matrix, 2020, "强化意识形态工作责任制考核")
    assert moved.children[0].id == culture.id and len(moved.children[0].children) == 2
    assert [c.sort_order for c in moved.children] == [1, 2, 3, 4, 5]
    remaining = find(matrix, 2020, "强化意识形态工作的主体责任")
    assert [c.sort_order for c in remaining.children] == [1, 2]
    assert len(remaining.children) == len(main.children) - 1

    grandchild = find(matrix, 2020, "坚持把党的思想理论建设")
    with pytest.raises(ValidationError, match="不能把任务移到它自己或它的下级任务之下"):
        matrix.move_to(culture.id, grandchild.id)
    with pytest.raises(ValidationError, match="不能把任务移到它自己"):
        matrix.move_to(culture.id, culture.id)
    # Through the edit dialog's path too.
    with pytest.raises(ValidationError, match="下级任务之下"):  # as loaded after the move
        matrix.update_task(replace(TaskDraft.of(matrix.get(culture.id)), parent_id=grandchild.id))
    # To the top level.
    matrix.move_to(culture.id, None)
    assert matrix.tree(2020)[-1].id == culture.id


# --- delete and undo ----------------------------------------------------------------------------


def test_delete_removes_the_subtree_and_undo_restores_it_exactly(
    demo_services: Services, matrix: MatrixService
) -> None:
    original = shape(matrix.tree(2020))
    section = find(matrix, 2020, "强化意识形态工作的主体责任")
    tasks, notes, links = (
        count(demo_services, Task),
        count(demo_services, TaskProgress),
        count(demo_services, task_leader),
    )
    token = matrix.delete(section.id)
    assert token.count == 8 and token.position == 1
    assert count(demo_services, Task) == tasks - 8
    assert count(demo_services, TaskProgress) == notes - 2
    assert count(demo_services, task_leader) == links - 5
    assert [r.sort_order for r in matrix.tree(2020)] == [1, 2, 3]

    restored = matrix.undo_delete(token)
    assert restored.id != section.id  # new ids, same content and place
    assert shape(matrix.tree(2020)) == original
    assert count(demo_services, Task) == tasks and count(demo_services, TaskProgress) == notes
    assert [r.sort_order for r in matrix.tree(2020)] == [1, 2, 3, 4]


def test_undo_when_the_parent_is_gone_restores_at_top_level(matrix: MatrixService) -> None:
    task = find(matrix, 2020, "加强反邪教工作")
    token = matrix.delete(task.id)
    matrix.delete(find(matrix, 2020, "强化意识形态工作的主体责任").id)
    restored = matrix.undo_delete(token)
    assert restored.parent_id is None and restored.leaders == ("孙海涛",)
    assert matrix.tree(2020)[-1].text.startswith("加强反邪教工作")


# --- search and views ---------------------------------------------------------------------------


def test_filters_keep_matches_with_their_ancestors(
    matrix: MatrixService, people: dict[str, int], offices: dict[str, int]
) -> None:
    by_text = matrix.search(2020, TaskFilter(text="反邪教"))
    assert [n.text for n in iter_tree(by_text)] == [
        "强化意识形态工作的主体责任",
        "加强对各类意识形态阵地的管理",
        "加强反邪教工作，防范邪教在意识形态领域的渗透。",
    ]
    by_leader = list(iter_tree(matrix.search(2020, TaskFilter(leader_id=people["张志强"]))))
    assert [n.leaders for n in by_leader if n.leaders] == [("张志强",), ("张志强",)]
    by_office = [
        n for n in iter_tree(matrix.search(2020, TaskFilter(office_id=offices["纪检监察室"])))
    ]
    assert [n.text[:6] for n in by_office] == [
        "强化意识形态",  # ancestors of the 各股室 task
        "壮大积极健康",
        "扎实抓好干部",
        "强化意识形态",
    ]
    assert by_office[-1].children == []  # its unowned list items are not shown
    overdue = [
        n
        for n in iter_tree(matrix.search(2020, TaskFilter(status=TaskStatus.OVERDUE)))
        if n.overdue
    ]
    assert [n.text[:6] for n in overdue] == ["扎实抓好干部", "意识形态工作"]
    assert matrix.search(2020, TaskFilter(to_be_filled=True)) == []
    both = matrix.search(2020, TaskFilter(text="学习", leader_id=people["李红梅"]))
    assert [n.text[:4] for n in iter_tree(both) if n.leaders] == ["坚持把党"]


def test_to_be_filled_filter(matrix: MatrixService) -> None:
    matrix.create_task(2020, TaskDraft(text="待分工", leaders_placeholder=True))
    [hit] = matrix.search(2020, TaskFilter(to_be_filled=True))
    assert hit.text == "待分工"


def test_per_leader_view_groups_by_section(matrix: MatrixService, people: dict[str, int]) -> None:
    view = matrix.leader_duties(2020, people["杨昌波"])
    assert (view.owner_name, view.owner_post, view.year) == ("杨昌波", "党委书记", 2020)
    assert [g.section_text for g in view.groups] == [
        "强化意识形态工作的主体责任",
        "强化意识形态工作责任制考核",
    ]
    first = view.groups[0].items
    assert [i.text[:6] for i in first] == ["落实党管意识", "扎实抓好干部"]
    assert first[1].path == ("壮大积极健康主流思想文化",)
    assert first[1].status == TaskStatus.OVERDUE and first[1].overdue
    assert first[1].latest_progress is not None
    assert first[1].latest_progress.note.startswith("前三季度")
    assert (view.task_count, view.done_count, view.overdue_count) == (3, 1, 1)
    co_led = matrix.leader_duties(2020, people["王建国"]).items()
    assert co_led[0].leaders == ("王建国", "李红梅")
    # A section the leader answers for itself is its own group.
    assert [g.section_text for g in matrix.leader_duties(2020, people["赵立新"]).groups] == [
        "强化意识形态工作责任追究"
    ]
    assert matrix.leader_duties(2020, people["刘洋"]).groups == ()
    everyone = matrix.all_leader_duties(2020)
    assert [v.owner_name for v in everyone] == [
        "杨昌波",
        "王建国",
        "李红梅",
        "张志强",
        "赵立新",
        "孙海涛",
    ]


def test_per_office_view(matrix: MatrixService, offices: dict[str, int]) -> None:
    view = matrix.office_duties(2020, offices["组织办"])
    assert view.kind == "office" and view.task_count == 4
    assert {g.section_text for g in view.groups} == {
        "强化意识形态工作的主体责任",
        "强化意识形态工作责任制考核",
    }
    names = [v.owner_name for v in matrix.all_office_duties(2020)]
    assert "社会事务办" in names  # 各股室 in the demo includes it
    assert names[0] == "党政办公室"


# --- overdue --------------------------------------------------------------------------------


def test_overdue_is_derived_from_deadline_and_status(
    demo_services: Services, clock: FixedClock
) -> None:
    after = demo_services.matrix
    clock.set(dt.date(2020, 12, 31))
    task = find(demo_services.matrix, 2020, "扎实抓好干部理论学习")
    assert not task.overdue and task.effective_status == TaskStatus.IN_PROGRESS
    clock.set(dt.date(2021, 1, 1))
    late = find(after, 2020, "扎实抓好干部理论学习")
    assert late.overdue and late.effective_status == TaskStatus.OVERDUE
    assert late.status == TaskStatus.IN_PROGRESS  # the stored status is untouched
    after.set_status(late.id, TaskStatus.DONE)
    assert not find(after, 2020, "扎实抓好干部理论学习").overdue
    no_deadline = find(after, 2020, "加强反邪教工作")
    assert not no_deadline.overdue
    # Set by hand, 逾期 shows even without a deadline.
    assert after.set_status(no_deadline.id, TaskStatus.OVERDUE).effective_status == (
        TaskStatus.OVERDUE
    )


# --- carry forward --------------------------------------------------------------------------


def test_carry_forward_copies_the_tree_and_resets(
    demo_services: Services, matrix: MatrixService
) -> None:
    result = matrix.carry_forward(2020, 2021)
    assert (result.from_year, result.to_year, result.tasks) == (2020, 2021, 27)
    assert "结转为2021年" in result.summary
    old, new = matrix.tree(2020), matrix.tree(2021)
    assert [(n.text, n.leaders, n.offices, n.frequency) for n in iter_tree(old)] == [
        (n.text, n.leaders, n.offices, n.frequency) for n in iter_tree(new)
    ]
    assert {n.status for n in iter_tree(new)} == {TaskStatus.NOT_STARTED}
    assert all(n.progress == () for n in iter_tree(new))
    deadlines = {n.deadline for n in iter_tree(new) if n.deadline}
    assert deadlines == {dt.date(2021, 12, 31)}
    assert len(list(iter_tree(old))) == 27  # the old year is untouched
    assert find(matrix, 2020, "落实党管").status == TaskStatus.DONE

    with pytest.raises(UserError, match="2021年已有责任清单（27项），不能结转"):
        matrix.carry_forward(2020, 2021)
    with pytest.raises(UserError, match="2019年还没有责任清单"):
        matrix.carry_forward(2019, 2030)
    with pytest.raises(UserError, match="相同"):
        matrix.carry_forward(2020, 2020)
    assert demo_services.maintenance.check().ok


def test_carry_forward_keeps_placeholders_and_moves_leap_day(matrix: MatrixService) -> None:
    matrix.create_task(
        2024,
        TaskDraft(text="闰日任务", deadline=dt.date(2024, 2, 29), offices_placeholder=True),
    )
    matrix.carry_forward(2024, 2025)
    [task] = matrix.tree(2025)
    assert task.deadline == dt.date(2025, 2, 28) and task.offices_placeholder
