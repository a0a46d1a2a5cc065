"""责任清单: what the matrix service hands out and takes in — plain, frozen data.

A year's matrix is a tree of TaskNode (sections are tasks with children). 逾期 is derived when
a tree is read (ideowork.domain.tasks), never stored.

Roles: each leader and office of a task has a role (ideowork.domain.roles), given as a tuple
parallel to its ids/names (`leader_roles[i]` is the role of `leader_ids[i]`); an empty tuple
means every one is 责任领导 / 责任单位, as before roles existed. Units that are not offices of
ours (各村（社区）…) are `outside_units`, text with a role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ideowork.domain.roles import (
    COOPERATING,
    IN_CHARGE,
    LEAD,
    LEADER_ORDER,
    RESPONSIBLE,
    UNIT_ORDER,
    NamedRole,
    leader_role_label,
    unit_role_label,
)
from ideowork.domain.vocab import TaskStatus

# The short marks of roles after a name in a list: "张三（牵头）、李四", "综治办（配合）".
ROLE_MARKS = {LEAD: "牵头", IN_CHARGE: "分管", COOPERATING: "配合"}
TO_BE_FILLED_MARK = "（待填写）"


def roles_of(names: Sequence[object], roles: Sequence[str]) -> tuple[str, ...]:
    """The role of each of `names`: `roles` when it says one per name, else 责任 for all."""
    return tuple(roles) if len(roles) == len(names) else (RESPONSIBLE,) * len(names)


def marked(name: str, role: str) -> str:
    """A name with the short mark of its role: 张三（牵头）; 责任 is not marked."""
    mark = ROLE_MARKS.get(role)
    return f"{name}（{mark}）" if mark else name


def in_role_order(named: Iterable[tuple[str, str]], order: Sequence[str]) -> list[tuple[str, str]]:
    """(name, role) pairs with 牵头 first, then 责任, then 分管/配合; else in the order given."""
    rank = {role: index for index, role in enumerate(order)}
    return sorted(named, key=lambda pair: rank.get(pair[1], len(order)))


def by_role(
    named: Iterable[tuple[str, str]], order: Sequence[str]
) -> list[tuple[str, tuple[str, ...]]]:
    """(role, names) for each role of `order` that has names, names in the order given."""
    grouped: dict[str, list[str]] = {role: [] for role in order}
    for name, role in named:
        grouped.setdefault(role if role in grouped else RESPONSIBLE, []).append(name)
    return [(role, tuple(grouped[role])) for role in order if grouped[role]]


@dataclass(frozen=True)
class ProgressNote:
    """A dated progress note; `id` is None for a note not saved yet."""

    noted_on: dt.date
    note: str
    id: int | None = None


@dataclass(frozen=True)
class TaskNode:
    id: int
    parent_id: int | None
    text: str
    body: str
    frequency: str
    deadline: dt.date | None
    status: TaskStatus
    leaders: tuple[str, ...]
    offices: tuple[str, ...]
    leaders_placeholder: bool
    offices_placeholder: bool
    children: list[TaskNode] = field(default_factory=list)
    year: int = 0
    sort_order: int = 0
    leader_ids: tuple[int, ...] = ()
    office_ids: tuple[int, ...] = ()
    progress: tuple[ProgressNote, ...] = ()
    overdue: bool = False  # deadline passed and not 已完成 (derived when loaded)
    version: int | None = None  # the stored version when loaded (edits send it back)
    leader_roles: tuple[str, ...] = ()  # parallel to leaders/leader_ids
    office_roles: tuple[str, ...] = ()  # parallel to offices/office_ids
    outside_units: tuple[NamedRole, ...] = ()
    deadline_text: str = ""  # 完成时限 as written; `deadline` is the date it means
    score: Decimal | None = None

    @property
    def is_section(self) -> bool:
        return bool(self.children)

    # --- roles as they are shown and printed --------------------------------------------------
    def leaders_with_roles(self) -> tuple[tuple[str, str], ...]:
        """(name, role) of every leader, in the unit's order."""
        return tuple(zip(self.leaders, roles_of(self.leaders, self.leader_roles), strict=True))

    def units_with_roles(self) -> tuple[tuple[str, str], ...]:
        """(name, role) of every office of ours, then every unit outside."""
        offices = zip(self.offices, roles_of(self.offices, self.office_roles), strict=True)
        return (*offices, *((u.name, u.role) for u in self.outside_units))

    def role_of_leader(self, person_id: int) -> str:
        roles = roles_of(self.leader_ids, self.leader_roles)
        return roles[self.leader_ids.index(person_id)] if person_id in self.leader_ids else ""

    def role_of_office(self, office_id: int) -> str:
        roles = roles_of(self.office_ids, self.office_roles)
        return roles[self.office_ids.index(office_id)] if office_id in self.office_ids else ""

    @property
    def has_roles(self) -> bool:
        """Whether anything here is more than 责任领导 / 责任股室 (a role, a unit outside)."""
        roles = (*self.leader_roles, *self.office_roles)
        return bool(self.outside_units) or any(role != RESPONSIBLE for role in roles)

    def leaders_shown(self) -> str:
        """The leaders as 张三（牵头）、李四 (牵头 first), with （待填写） when to be filled."""
        named = in_role_order(self.leaders_with_roles(), LEADER_ORDER)
        names = [marked(name, role) for name, role in named]
        return "、".join([*names, *([TO_BE_FILLED_MARK] if self.leaders_placeholder else [])])

    def units_shown(self) -> str:
        """The units as 宣传办（牵头）、党政办、各村（社区）（配合）, with （待填写） when to be
        filled."""
        named = in_role_order(self.units_with_roles(), UNIT_ORDER)
        names = [marked(name, role) for name, role in named]
        return "、".join([*names, *([TO_BE_FILLED_MARK] if self.offices_placeholder else [])])

    @property
    def deadline_shown(self) -> str:
        """The 完成时限 as written, else the date (2020-06-30), else nothing."""
        if self.deadline_text:
            return self.deadline_text
        return f"{self.deadline:%Y-%m-%d}" if self.deadline else ""

    def responsibility_parts(self) -> list[tuple[str, str]]:
        """The （…） after a task in a document, as (label, names) in the documents' order;
        names "" where a field is still to be filled. A task with only 责任领导 and offices
        of ours as 责任股室 reads as before roles existed: both fields, each filled or marked.
        A 完成时限 as written comes last."""
        parts: list[tuple[str, str]] = []
        leaders, units = self.leaders_with_roles(), self.units_with_roles()
        anyone = leaders or units or self.leaders_placeholder or self.offices_placeholder
        if anyone and not self.has_roles:
            parts = [("责任领导", "、".join(self.leaders)), ("责任股室", "、".join(self.offices))]
        elif anyone:
            for role, names in by_role(leaders, LEADER_ORDER):
                parts.append((leader_role_label(role), "、".join(names)))
            if self.leaders_placeholder and not leaders:
                parts.append((leader_role_label(RESPONSIBLE), ""))
            for role, names in by_role(units, UNIT_ORDER):
                parts.append((unit_role_label(role), "、".join(names)))
            if self.offices_placeholder and not units:
                parts.append((unit_role_label(RESPONSIBLE), ""))
        if self.deadline_text:
            parts.append(("完成时限", self.deadline_text))
        return parts

    @property
    def effective_status(self) -> TaskStatus:
        """The status to show: 逾期 when overdue, else the status the user set."""
        return TaskStatus.OVERDUE if self.overdue else self.status

    @property
    def to_be_filled(self) -> bool:
        return self.leaders_placeholder or self.offices_placeholder

    def iter_nodes(self) -> Iterator[TaskNode]:
        """This node and its descendants, in display order."""
        yield self
        for child in self.children:
            yield from child.iter_nodes()


def iter_tree(roots: Iterable[TaskNode]) -> Iterator[TaskNode]:
    for root in roots:
        yield from root.iter_nodes()


@dataclass(frozen=True)
class TaskDraft:
    """A task or section as entered by the user; `id` None means a new one."""

    text: str
    parent_id: int | None = None
    body: str = ""
    leader_ids: tuple[int, ...] = ()
    office_ids: tuple[int, ...] = ()
    frequency: str = ""
    deadline: dt.date | None = None
    status: TaskStatus = TaskStatus.NOT_STARTED
    leaders_placeholder: bool = False
    offices_placeholder: bool = False
    progress: tuple[ProgressNote, ...] | None = None  # None: leave the saved notes alone
    id: int | None = None
    # The version the task was loaded at: a save from an older one is an EditConflict (None:
    # a new task, or a caller that does not edit a loaded copy).
    version: int | None = None
    # Roles parallel to leader_ids / office_ids; empty: all 责任领导 / 责任单位.
    leader_roles: tuple[str, ...] = ()
    office_roles: tuple[str, ...] = ()
    outside_units: tuple[NamedRole, ...] = ()
    # 完成时限 as written; when it means a date and `deadline` is None, the save fills it.
    deadline_text: str = ""
    score: Decimal | None = None

    @property
    def leaders_in_roles(self) -> tuple[tuple[int, str], ...]:
        """(person id, role) of every leader (a change of either is a change of the leaders)."""
        return tuple(
            zip(self.leader_ids, roles_of(self.leader_ids, self.leader_roles), strict=True)
        )

    @property
    def offices_in_roles(self) -> tuple[tuple[int, str], ...]:
        return tuple(
            zip(self.office_ids, roles_of(self.office_ids, self.office_roles), strict=True)
        )

    @classmethod
    def of(cls, node: TaskNode) -> TaskDraft:
        return cls(
            id=node.id,
            parent_id=node.parent_id,
            text=node.text,
            body=node.body,
            leader_ids=node.leader_ids,
            office_ids=node.office_ids,
            frequency=node.frequency,
            deadline=node.deadline,
            status=node.status,
            leaders_placeholder=node.leaders_placeholder,
            offices_placeholder=node.offices_placeholder,
            version=node.version,
            leader_roles=roles_of(node.leader_ids, node.leader_roles),
            office_roles=roles_of(node.office_ids, node.office_roles),
            outside_units=node.outside_units,
            deadline_text=node.deadline_text,
            score=node.score,
        )


@dataclass(frozen=True)
class TaskSnapshot:
    """Everything of a deleted task and its subtree, enough to put it back."""

    text: str
    body: str
    frequency: str
    deadline: dt.date | None
    status: TaskStatus
    leaders_placeholder: bool
    offices_placeholder: bool
    leader_ids: tuple[int, ...]
    office_ids: tuple[int, ...]
    progress: tuple[ProgressNote, ...]
    children: tuple[TaskSnapshot, ...] = ()
    leader_roles: tuple[str, ...] = ()  # parallel to leader_ids
    office_roles: tuple[str, ...] = ()  # parallel to office_ids
    outside_units: tuple[NamedRole, ...] = ()
    deadline_text: str = ""
    score: Decimal | None = None
    # Put back under it, the task is found again by what names it by uid (its 佐证材料).
    uid: str = ""

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


@dataclass(frozen=True)
class DeletedTasks:
    """The undo token of a delete: where the subtree was and what it held."""

    year: int
    parent_id: int | None
    position: int  # index among its siblings
    snapshot: TaskSnapshot

    @property
    def count(self) -> int:
        return self.snapshot.count()

    @property
    def label(self) -> str:
        text = self.snapshot.text
        return text if len(text) <= 20 else text[:20] + "…"


@dataclass(frozen=True)
class TaskFilter:
    """Search and filters of the matrix; empty fields do not filter."""

    text: str = ""
    leader_id: int | None = None
    office_id: int | None = None
    status: TaskStatus | None = None  # compared with the effective status (逾期 included)
    to_be_filled: bool = False

    @property
    def is_empty(self) -> bool:
        return self == TaskFilter()

    def matches(self, node: TaskNode) -> bool:
        wanted = self.text.strip().casefold()
        if wanted and wanted not in f"{node.text}\n{node.body}".casefold():
            return False
        if self.leader_id is not None and self.leader_id not in node.leader_ids:
            return False
        if self.office_id is not None and self.office_id not in node.office_ids:
            return False
        if self.status is not None and node.effective_status != self.status:
            return False
        return not self.to_be_filled or node.to_be_filled


def filter_tree(roots: Sequence[TaskNode], task_filter: TaskFilter) -> list[TaskNode]:
    """The nodes that match, with their ancestors kept (for context) and other nodes dropped."""
    if task_filter.is_empty:
        return list(roots)
    return _kept(roots, task_filter.matches)


def _kept(nodes: Sequence[TaskNode], matches: Callable[[TaskNode], bool]) -> list[TaskNode]:
    kept: list[TaskNode] = []
    for node in nodes:
        children = _kept(node.children, matches) if node.children else []
        if children or matches(node):
            kept.append(replace(node, children=children))
    return kept
