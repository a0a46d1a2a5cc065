"""一岗双责: what each leader (or office) answers for in a year, grouped by section."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ideowork.domain.vocab import TaskStatus
from ideowork.services.matrix.model import ProgressNote, TaskNode


@dataclass(frozen=True)
class DutyItem:
    """One task in a leader's or an office's list."""

    task_id: int
    text: str
    path: tuple[str, ...]  # the headings between the section and the task
    leaders: tuple[str, ...]
    offices: tuple[str, ...]
    frequency: str
    deadline: dt.date | None
    status: TaskStatus  # effective: 逾期 when overdue
    overdue: bool
    latest_progress: ProgressNote | None


@dataclass(frozen=True)
class DutyGroup:
    section_id: int
    section_text: str
    items: tuple[DutyItem, ...]


@dataclass(frozen=True)
class DutyView:
    """一岗双责: what one leader (or one office) answers for in a year, grouped by section."""

    kind: Literal["leader", "office"]
    owner_id: int
    owner_name: str
    owner_post: str
    year: int
    groups: tuple[DutyGroup, ...]

    def items(self) -> list[DutyItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def task_count(self) -> int:
        return len(self.items())

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items() if item.status == TaskStatus.DONE)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items() if item.status == TaskStatus.OVERDUE)


def _duty_item(node: TaskNode, path: tuple[str, ...]) -> DutyItem:
    return DutyItem(
        task_id=node.id,
        text=node.text,
        path=path,
        leaders=node.leaders,
        offices=node.offices,
        frequency=node.frequency,
        deadline=node.deadline,
        status=node.effective_status,
        overdue=node.overdue,
        latest_progress=node.progress[-1] if node.progress else None,
    )


def _owned(
    node: TaskNode, path: tuple[str, ...], owns: Callable[[TaskNode], bool]
) -> Iterator[DutyItem]:
    """The owned tasks of a subtree; `path` is the headings between the section and `node`."""
    if owns(node):
        yield _duty_item(node, path)
    for child in node.children:
        yield from _owned(child, (*path, node.text), owns)


def duty_groups(
    roots: Sequence[TaskNode], owns: Callable[[TaskNode], bool]
) -> tuple[DutyGroup, ...]:
    groups: list[DutyGroup] = []
    for section in roots:
        items: list[DutyItem] = [_duty_item(section, ())] if owns(section) else []
        for child in section.children:
            items += _owned(child, (), owns)
        if items:
            groups.append(DutyGroup(section.id, section.text, tuple(items)))
    return tuple(groups)


def leader_view(
    roots: Sequence[TaskNode], year: int, person_id: int, name: str, post: str
) -> DutyView:
    """Every task the person answers for as 责任领导."""
    return DutyView(
        "leader",
        person_id,
        name,
        post,
        year,
        duty_groups(roots, lambda node: person_id in node.leader_ids),
    )


def _sections_of(
    roots: Sequence[TaskNode], owners_of: Callable[[TaskNode], Iterable[int]]
) -> dict[int, tuple[DutyGroup, ...]]:
    """Every owner's groups in one walk of the tree (not one walk per owner: a unit has 500
    people and a year a few hundred tasks); the same groups `duty_groups` gives each owner."""
    found: dict[int, list[DutyGroup]] = {}
    for section in roots:
        items: dict[int, list[DutyItem]] = {}
        stack: list[tuple[TaskNode, tuple[str, ...]]] = [(section, ())]
        while stack:  # depth first, children in order: the order `_owned` yields them
            node, path = stack.pop()
            owners = owners_of(node)
            if owners:
                item = _duty_item(node, path)
                for owner in dict.fromkeys(owners):
                    items.setdefault(owner, []).append(item)
            inner = (*path, node.text) if node is not section else ()
            stack.extend((child, inner) for child in reversed(node.children))
        for owner, owned in items.items():
            found.setdefault(owner, []).append(DutyGroup(section.id, section.text, tuple(owned)))
    return {owner: tuple(groups) for owner, groups in found.items()}


def leader_views(
    roots: Sequence[TaskNode], year: int, people: Iterable[tuple[int, str, str]]
) -> list[DutyView]:
    """The 一岗双责 list of each of `people` (id, name, post) who answers for a task, in the
    order given; the same views `leader_view` gives one by one."""
    groups = _sections_of(roots, lambda node: node.leader_ids)
    return [
        DutyView("leader", person_id, name, post, year, groups[person_id])
        for person_id, name, post in people
        if person_id in groups
    ]


def office_views(
    roots: Sequence[TaskNode], year: int, offices: Iterable[tuple[int, str]]
) -> list[DutyView]:
    """Each office's list, as `leader_views` does for people."""
    groups = _sections_of(roots, lambda node: node.office_ids)
    return [
        DutyView("office", office_id, name, "", year, groups[office_id])
        for office_id, name in offices
        if office_id in groups
    ]


def office_view(roots: Sequence[TaskNode], year: int, office_id: int, name: str) -> DutyView:
    """Every task the office answers for as 责任股室."""
    return DutyView(
        "office",
        office_id,
        name,
        "",
        year,
        duty_groups(roots, lambda node: office_id in node.office_ids),
    )
