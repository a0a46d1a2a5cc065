"""责任清单: what the matrix service hands out and takes in — plain, frozen data.

A year's matrix is a tree of TaskNode (sections are tasks with children). 逾期 is derived when
a tree is read (ideowork.domain.tasks), never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from ideowork.domain.vocab import TaskStatus


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

    @property
    def is_section(self) -> bool:
        return bool(self.children)

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
