"""一岗双责: what each leader (or office) answers for in a year, grouped by section.

A leader answers for a task whatever their role on it (牵头, 责任 or 分管); each item says the
role (`role`), so the lists can show "牵头" beside the task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from ideowork.domain.roles import (
    RESPONSIBLE,
    NamedRole,
    leader_role_label,
    unit_role_label,
)
from ideowork.domain.vocab import TaskStatus
from ideowork.services.matrix.model import ROLE_MARKS, ProgressNote, TaskNode, roles_of


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
    role: str = RESPONSIBLE  # the owner's role on this task
    leader_roles: tuple[str, ...] = ()  # parallel to leaders
    office_roles: tuple[str, ...] = ()  # parallel to offices
    outside_units: tuple[NamedRole, ...] = ()
    deadline_text: str = ""
    score: Decimal | None = None
    kind: Literal["leader", "office"] = "leader"

    @property
    def role_label(self) -> str:
        """The owner's role in full: 牵头领导, 责任单位, 配合单位 …"""
        label = leader_role_label if self.kind == "leader" else unit_role_label
        return label(self.role)

    @property
    def role_mark(self) -> str:
        """The short mark: 牵头, 分管, 配合; "" for 责任."""
        return ROLE_MARKS.get(self.role, "")

    def _node(self) -> TaskNode:
        return TaskNode(
            id=self.task_id,
            parent_id=None,
            text=self.text,
            body="",
            frequency=self.frequency,
            deadline=self.deadline,
            status=self.status,
            leaders=self.leaders,
            offices=self.offices,
            leaders_placeholder=False,
            offices_placeholder=False,
            leader_roles=self.leader_roles,
            office_roles=self.office_roles,
            outside_units=self.outside_units,
            deadline_text=self.deadline_text,
        )

    @property
    def leaders_shown(self) -> str:
        """ "张三（牵头）、李四"."""
        return self._node().leaders_shown()

    @property
    def units_shown(self) -> str:
        """ "宣传办（牵头）、党政办、各村（社区）（配合）"."""
        return self._node().units_shown()

    @property
    def deadline_shown(self) -> str:
        return self._node().deadline_shown


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

    @property
    def has_roles(self) -> bool:
        """Whether any item is more than 责任领导 / 责任股室: a role other than 责任 for the
        owner or the task's units, or a unit outside (the lists then show the roles)."""
        return any(
            item.role != RESPONSIBLE
            or item.outside_units
            or any(role != RESPONSIBLE for role in item.office_roles)
            for item in self.items()
        )


Kind = Literal["leader", "office"]


def _duty_item(node: TaskNode, path: tuple[str, ...], kind: Kind, role: str) -> DutyItem:
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
        role=role or RESPONSIBLE,
        leader_roles=roles_of(node.leaders, node.leader_roles),
        office_roles=roles_of(node.offices, node.office_roles),
        outside_units=node.outside_units,
        deadline_text=node.deadline_text,
        score=node.score,
        kind=kind,
    )


def _role_in(kind: Kind, node: TaskNode, owner_id: int) -> str:
    """The owner's role on the task; "" when not on it."""
    return node.role_of_leader(owner_id) if kind == "leader" else node.role_of_office(owner_id)


def _owned(node: TaskNode, path: tuple[str, ...], kind: Kind, owner_id: int) -> Iterator[DutyItem]:
    """The owned tasks of a subtree; `path` is the headings between the section and `node`."""
    role = _role_in(kind, node, owner_id)
    if role:
        yield _duty_item(node, path, kind, role)
    for child in node.children:
        yield from _owned(child, (*path, node.text), kind, owner_id)


def duty_groups(roots: Sequence[TaskNode], kind: Kind, owner_id: int) -> tuple[DutyGroup, ...]:
    """The tasks the person (kind "leader") or office answers for, whatever the role."""
    groups: list[DutyGroup] = []
    for section in roots:
        role = _role_in(kind, section, owner_id)
        items: list[DutyItem] = [_duty_item(section, (), kind, role)] if role else []
        for child in section.children:
            items += _owned(child, (), kind, owner_id)
        if items:
            groups.append(DutyGroup(section.id, section.text, tuple(items)))
    return tuple(groups)


def leader_view(
    roots: Sequence[TaskNode], year: int, person_id: int, name: str, post: str
) -> DutyView:
    """Every task the person answers for (牵头, 责任 or 分管领导)."""
    return DutyView("leader", person_id, name, post, year, duty_groups(roots, "leader", person_id))


def _sections_of(roots: Sequence[TaskNode], kind: Kind) -> dict[int, tuple[DutyGroup, ...]]:
    """Every owner's groups in one walk of the tree (not one walk per owner: a unit has 500
    people and a year a few hundred tasks); the same groups `duty_groups` gives each owner."""
    found: dict[int, list[DutyGroup]] = {}
    for section in roots:
        items: dict[int, list[DutyItem]] = {}
        stack: list[tuple[TaskNode, tuple[str, ...]]] = [(section, ())]
        while stack:  # depth first, children in order: the order `_owned` yields them
            node, path = stack.pop()
            ids = node.leader_ids if kind == "leader" else node.office_ids
            if ids:
                item = _duty_item(node, path, kind, RESPONSIBLE)
                for owner in dict.fromkeys(ids):
                    role = _role_in(kind, node, owner)
                    owned = item if role == RESPONSIBLE else replace(item, role=role)
                    items.setdefault(owner, []).append(owned)
            inner = (*path, node.text) if node is not section else ()
            stack.extend((child, inner) for child in reversed(node.children))
        for owner, owned_items in items.items():
            found.setdefault(owner, []).append(
                DutyGroup(section.id, section.text, tuple(owned_items))
            )
    return {owner: tuple(groups) for owner, groups in found.items()}


def leader_views(
    roots: Sequence[TaskNode], year: int, people: Iterable[tuple[int, str, str]]
) -> list[DutyView]:
    """The 一岗双责 list of each of `people` (id, name, post) who answers for a task, in the
    order given; the same views `leader_view` gives one by one."""
    groups = _sections_of(roots, "leader")
    return [
        DutyView("leader", person_id, name, post, year, groups[person_id])
        for person_id, name, post in people
        if person_id in groups
    ]


def office_views(
    roots: Sequence[TaskNode], year: int, offices: Iterable[tuple[int, str]]
) -> list[DutyView]:
    """Each office's list, as `leader_views` does for people."""
    groups = _sections_of(roots, "office")
    return [
        DutyView("office", office_id, name, "", year, groups[office_id])
        for office_id, name in offices
        if office_id in groups
    ]


def office_view(roots: Sequence[TaskNode], year: int, office_id: int, name: str) -> DutyView:
    """Every task the office answers for (牵头, 责任 or 配合单位)."""
    return DutyView("office", office_id, name, "", year, duty_groups(roots, "office", office_id))
