"""责任清单: the responsibility matrix as a tree of sections and tasks for a year.

Overdue is derived, not stored: a task whose deadline has passed and that is not 已完成 shows
as 逾期 (`TaskNode.effective_status`). Storing it would need a job that rewrites rows every day,
would leave a stale 逾期 behind when a deadline is moved, and would lose the status the user
set (推进中 or 未开始) that an Excel round trip or carry-forward should keep. The user can still
set 逾期 by hand, e.g. for a task without a deadline that is clearly late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Office, Person, Task, TaskProgress
from ideowork.domain.errors import NotFoundError, UserError, ValidationError
from ideowork.domain.tasks import TASK_WORKFLOW, task_is_overdue
from ideowork.domain.validation import optional_text, required_text
from ideowork.domain.vocab import TaskStatus
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

TEXT_MAX, BODY_MAX, FREQUENCY_MAX, NOTE_MAX = 2000, 5000, 30, 2000


# --- what the service hands out -------------------------------------------------------------


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
    kept: list[TaskNode] = []
    for node in roots:
        children = filter_tree(node.children, task_filter)
        if children or task_filter.matches(node):
            kept.append(replace(node, children=children))
    return kept


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


@dataclass(frozen=True)
class CarryForwardResult:
    from_year: int
    to_year: int
    tasks: int

    @property
    def summary(self) -> str:
        return (
            f"已将{self.from_year}年责任清单结转为{self.to_year}年，共{self.tasks}项；"
            "状态已重置为“未开始”，完成时限顺延一年，进展记录未带入。"
        )


# --- reading ----------------------------------------------------------------------------------


def _node(row: Task, today: dt.date) -> TaskNode:
    return TaskNode(
        id=row.id,
        parent_id=row.parent_id,
        text=row.text,
        body=row.body,
        frequency=row.frequency,
        deadline=row.deadline,
        status=row.status,
        leaders=tuple(p.name for p in row.leaders),
        offices=tuple(o.name for o in row.offices),
        leaders_placeholder=row.leaders_placeholder,
        offices_placeholder=row.offices_placeholder,
        year=row.year,
        sort_order=row.sort_order,
        leader_ids=tuple(p.id for p in row.leaders),
        office_ids=tuple(o.id for o in row.offices),
        progress=tuple(ProgressNote(p.noted_on, p.note, p.id) for p in row.progress),
        overdue=task_is_overdue(row.deadline, row.status, today),
    )


def _rows(session: Session, year: int) -> Sequence[Task]:
    return session.scalars(
        select(Task)
        .where(Task.year == year)
        .options(
            selectinload(Task.leaders), selectinload(Task.offices), selectinload(Task.progress)
        )
        .order_by(Task.sort_order, Task.id)
    ).all()


def load_tree(session: Session, year: int, today: dt.date) -> list[TaskNode]:
    rows = _rows(session, year)
    nodes = {row.id: _node(row, today) for row in rows}
    roots: list[TaskNode] = []
    for row in rows:
        node = nodes[row.id]
        parent = nodes.get(row.parent_id) if row.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots


def _find(roots: Iterable[TaskNode], task_id: int) -> TaskNode | None:
    return next((node for node in iter_tree(roots) if node.id == task_id), None)


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


def _duty_groups(
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


# --- writing helpers --------------------------------------------------------------------------


def _audit_state(row: Task) -> dict[str, Any]:
    state = snapshot(row)
    state["leaders"] = [p.name for p in row.leaders]
    state["offices"] = [o.name for o in row.offices]
    return state


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _get_task(session: Session, task_id: int) -> Task:
    row = session.get(Task, task_id)
    if row is None:
        raise NotFoundError(f"找不到该任务（编号 {task_id}），可能已被删除，请刷新后重试。")
    return row


def _siblings(session: Session, year: int, parent_id: int | None) -> list[Task]:
    parent_clause = Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id
    return list(
        session.scalars(
            select(Task).where(Task.year == year, parent_clause).order_by(Task.sort_order, Task.id)
        )
    )


def _renumber(rows: Sequence[Task]) -> None:
    for order, row in enumerate(rows, start=1):
        row.sort_order = order


def _descendant_ids(session: Session, task_id: int) -> set[int]:
    found: set[int] = set()
    frontier = [task_id]
    while frontier:
        children = list(session.scalars(select(Task.id).where(Task.parent_id.in_(frontier))))
        frontier = [c for c in children if c not in found]
        found.update(frontier)
    return found


_Chosen = TypeVar("_Chosen", Person, Office)


def _chosen(
    session: Session, model: type[_Chosen], ids: Sequence[int], label: str, field: str
) -> list[_Chosen]:
    """The rows the user ticked, in order, each once; one that vanished meanwhile is an error."""
    found: list[_Chosen] = []
    for row_id in dict.fromkeys(ids):
        row = session.get(model, row_id)
        if row is None:
            raise ValidationError(
                f"所选的{label}（编号 {row_id}）已不存在，请刷新后重新选择。", field=field
            )
        found.append(row)
    return found


def _people(session: Session, ids: Sequence[int]) -> list[Person]:
    return _chosen(session, Person, ids, "责任领导", "leaders")


def _offices(session: Session, ids: Sequence[int]) -> list[Office]:
    return _chosen(session, Office, ids, "责任股室", "offices")


def task_count(session: Session, year: int) -> int:
    return int(session.scalar(select(func.count()).where(Task.year == year)) or 0)


def clear_year_for_import(session: Session, year: int, replace: bool, source: str) -> int:
    """Make room for an imported matrix: refuse a year that has one unless replacing it.

    Returns how many tasks were replaced. Call inside the import's own transaction.
    """
    existing = task_count(session, year)
    if existing and not replace:
        raise UserError(
            f"{year}年已有责任清单（{existing}项）。如要用{source}替换，请选择“替换”；"
            "也可以导入到其他年度。"
        )
    if existing:
        session.execute(delete(Task).where(Task.year == year, Task.parent_id.is_(None)))
    return existing


def _clean_progress(notes: Sequence[ProgressNote]) -> list[ProgressNote]:
    cleaned: list[ProgressNote] = []
    for note in notes:
        if not isinstance(note.noted_on, dt.date):
            raise ValidationError("进展记录缺少日期，请为每条进展填写日期。", field="progress")
        text = required_text(note.note, "进展内容", NOTE_MAX, "progress")
        cleaned.append(replace(note, note=text))
    return cleaned


def _clean_draft(draft: TaskDraft) -> TaskDraft:
    try:
        status = TaskStatus(draft.status)
    except ValueError:
        choices = "、".join(s.label for s in TaskStatus)
        raise ValidationError(f"状态“{draft.status}”无效，可选：{choices}。", "status") from None
    if draft.deadline is not None and not isinstance(draft.deadline, dt.date):
        raise ValidationError("完成时限不是有效的日期，请重新选择。", field="deadline")
    return replace(
        draft,
        text=required_text(draft.text, "任务内容", TEXT_MAX, "text"),
        body=optional_text(draft.body, "说明", BODY_MAX, "body"),
        frequency=optional_text(draft.frequency, "频次", FREQUENCY_MAX, "frequency"),
        status=status,
        # A placeholder ("to be filled") is settled as soon as real names are chosen.
        leaders_placeholder=draft.leaders_placeholder and not draft.leader_ids,
        offices_placeholder=draft.offices_placeholder and not draft.office_ids,
        progress=None if draft.progress is None else tuple(_clean_progress(draft.progress)),
    )


def _apply(session: Session, row: Task, draft: TaskDraft) -> None:
    row.text, row.body, row.frequency = draft.text, draft.body, draft.frequency
    row.deadline, row.status = draft.deadline, draft.status
    row.leaders = _people(session, draft.leader_ids)
    row.offices = _offices(session, draft.office_ids)
    row.leaders_placeholder = draft.leaders_placeholder
    row.offices_placeholder = draft.offices_placeholder
    if draft.progress is not None:
        _sync_progress(row, draft.progress)


def _sync_progress(row: Task, notes: Sequence[ProgressNote]) -> None:
    existing = {p.id: p for p in row.progress}
    kept: list[TaskProgress] = []
    for note in notes:
        saved = existing.get(note.id) if note.id is not None else None
        if saved is None:
            saved = TaskProgress(noted_on=note.noted_on, note=note.note)
        else:
            saved.noted_on, saved.note = note.noted_on, note.note
        kept.append(saved)
    row.progress = sorted(kept, key=lambda p: p.noted_on)


def _check_parent(session: Session, year: int, parent_id: int | None, moving: int | None) -> None:
    if parent_id is None:
        return
    parent = _get_task(session, parent_id)
    if parent.year != year:
        raise ValidationError(
            f"上级任务属于{parent.year}年的责任清单，不能放到{year}年的清单下。", field="parent"
        )
    if moving is not None and (
        parent_id == moving or parent_id in _descendant_ids(session, moving)
    ):
        raise ValidationError(
            "不能把任务移到它自己或它的下级任务之下，请选择其他上级。", field="parent"
        )


def _take_snapshot(row: Task, session: Session) -> TaskSnapshot:
    children = _siblings(session, row.year, row.id)
    return TaskSnapshot(
        text=row.text,
        body=row.body,
        frequency=row.frequency,
        deadline=row.deadline,
        status=row.status,
        leaders_placeholder=row.leaders_placeholder,
        offices_placeholder=row.offices_placeholder,
        leader_ids=tuple(p.id for p in row.leaders),
        office_ids=tuple(o.id for o in row.offices),
        progress=tuple(ProgressNote(p.noted_on, p.note) for p in row.progress),
        children=tuple(_take_snapshot(child, session) for child in children),
    )


def _restore(
    session: Session, shot: TaskSnapshot, year: int, parent_id: int | None, order: int
) -> Task:
    leaders = [p for p in (session.get(Person, i) for i in shot.leader_ids) if p is not None]
    offices = [o for o in (session.get(Office, i) for i in shot.office_ids) if o is not None]
    row = Task(
        year=year,
        parent_id=parent_id,
        sort_order=order,
        text=shot.text,
        body=shot.body,
        frequency=shot.frequency,
        deadline=shot.deadline,
        status=shot.status,
        # Someone deleted in the meantime leaves the field "to be filled" instead of empty.
        leaders_placeholder=shot.leaders_placeholder or len(leaders) < len(shot.leader_ids),
        offices_placeholder=shot.offices_placeholder or len(offices) < len(shot.office_ids),
        leaders=leaders,
        offices=offices,
        progress=[TaskProgress(noted_on=p.noted_on, note=p.note) for p in shot.progress],
    )
    session.add(row)
    session.flush()
    for child_order, child in enumerate(shot.children, start=1):
        _restore(session, child, year, row.id, child_order)
    return row


def _shift_year(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


# --- the service ------------------------------------------------------------------------------


class MatrixService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.today = runtime.today

    # --- reading ----------------------------------------------------------------------------
    def tree(self, year: int) -> list[TaskNode]:
        with self.runtime.read() as session:
            return load_tree(session, year, self.today())

    def years(self) -> list[int]:
        with self.runtime.read() as session:
            return list(session.scalars(select(Task.year).distinct().order_by(Task.year)))

    def get(self, task_id: int) -> TaskNode:
        with self.runtime.read() as session:
            row = _get_task(session, task_id)
            node = _find(load_tree(session, row.year, self.today()), task_id)
        assert node is not None
        return node

    def search(self, year: int, task_filter: TaskFilter) -> list[TaskNode]:
        """The year's tree pruned to the matching tasks and their ancestors."""
        return filter_tree(self.tree(year), task_filter)

    def leader_duties(self, year: int, person_id: int) -> DutyView:
        """一岗双责: every task the person answers for as 责任领导, grouped by section."""
        return self._duties(year, Person, person_id, lambda node: person_id in node.leader_ids)

    def office_duties(self, year: int, office_id: int) -> DutyView:
        """Every task the office answers for as 责任股室, grouped by section."""
        return self._duties(year, Office, office_id, lambda node: office_id in node.office_ids)

    def _duties(
        self,
        year: int,
        model: type[Person] | type[Office],
        owner_id: int,
        owns: Callable[[TaskNode], bool],
    ) -> DutyView:
        with self.runtime.read() as session:
            owner: Person | Office | None = (
                session.get(Person, owner_id) if model is Person else session.get(Office, owner_id)
            )
            if owner is None:
                label = "人员" if model is Person else "股室"
                raise NotFoundError(f"找不到该{label}（编号 {owner_id}），请刷新后重试。")
            roots = load_tree(session, year, self.today())
            return DutyView(
                kind="leader" if isinstance(owner, Person) else "office",
                owner_id=owner.id,
                owner_name=owner.name,
                owner_post=owner.post if isinstance(owner, Person) else "",
                year=year,
                groups=_duty_groups(roots, owns),
            )

    def all_leader_duties(self, year: int) -> list[DutyView]:
        """The 一岗双责 list of every person with at least one task, in the unit's order."""
        with self.runtime.read() as session:
            people = session.scalars(select(Person).order_by(Person.sort_order, Person.id)).all()
            ids = [p.id for p in people]
        views = [self.leader_duties(year, person_id) for person_id in ids]
        return [view for view in views if view.groups]

    def all_office_duties(self, year: int) -> list[DutyView]:
        with self.runtime.read() as session:
            ids = list(session.scalars(select(Office.id).order_by(Office.sort_order, Office.id)))
        views = [self.office_duties(year, office_id) for office_id in ids]
        return [view for view in views if view.groups]

    # --- creating and editing ---------------------------------------------------------------
    def create_task(self, year: int, draft: TaskDraft) -> TaskNode:
        """Add a task or section at the end of its parent's children (or of the top level)."""
        cleaned = _clean_draft(draft)
        with self.runtime.write() as session:
            _check_parent(session, year, cleaned.parent_id, None)
            order = len(_siblings(session, year, cleaned.parent_id)) + 1
            row = Task(year=year, parent_id=cleaned.parent_id, sort_order=order, text="")
            session.add(row)
            _apply(session, row, cleaned)
            session.flush()
            audit.record(
                session,
                "create",
                "task",
                row.id,
                f"新增{year}年责任任务：{_short(cleaned.text)}",
                None,
                _audit_state(row),
            )
            task_id = row.id
        return self.get(task_id)

    def update_task(self, draft: TaskDraft) -> TaskNode:
        """Save an edited task; a changed `parent_id` moves it to the end of the new parent."""
        if draft.id is None:
            raise ValidationError("要修改的任务没有编号，请从列表中选择后再修改。")
        cleaned = _clean_draft(draft)
        with self.runtime.write() as session:
            row = _get_task(session, draft.id)
            TASK_WORKFLOW.check_move(row.status, cleaned.status)
            before = _audit_state(row)
            if cleaned.parent_id != row.parent_id:
                self._reparent(session, row, cleaned.parent_id, None)
            _apply(session, row, cleaned)
            session.flush()
            audit.record(
                session,
                "update",
                "task",
                row.id,
                f"修改责任任务：{_short(cleaned.text)}",
                before,
                _audit_state(row),
            )
        return self.get(draft.id)

    def set_text(self, task_id: int, text: str) -> TaskNode:
        node = self.get(task_id)
        return self.update_task(replace(TaskDraft.of(node), text=text))

    def set_status(self, task_id: int, status: TaskStatus) -> TaskNode:
        node = self.get(task_id)
        return self.update_task(replace(TaskDraft.of(node), status=status))

    def add_progress(self, task_id: int, noted_on: dt.date, note: str) -> ProgressNote:
        [cleaned] = _clean_progress([ProgressNote(noted_on, note)])
        with self.runtime.write() as session:
            row = _get_task(session, task_id)
            saved = TaskProgress(task_id=row.id, noted_on=cleaned.noted_on, note=cleaned.note)
            session.add(saved)
            session.flush()
            audit.record(
                session,
                "create",
                "task_progress",
                saved.id,
                f"记录进展（{cleaned.noted_on:%Y-%m-%d}）：{_short(row.text)}",
                None,
                snapshot(saved),
            )
            return ProgressNote(saved.noted_on, saved.note, saved.id)

    def delete_progress(self, note_id: int) -> None:
        with self.runtime.write() as session:
            saved = session.get(TaskProgress, note_id)
            if saved is None:
                raise NotFoundError("找不到该进展记录，可能已被删除，请刷新后重试。")
            before = snapshot(saved)
            session.delete(saved)
            audit.record(session, "delete", "task_progress", note_id, "删除进展记录", before, None)

    # --- moving -----------------------------------------------------------------------------
    def move_up(self, task_id: int) -> bool:
        return self._move_among_siblings(task_id, -1)

    def move_down(self, task_id: int) -> bool:
        return self._move_among_siblings(task_id, +1)

    def _move_among_siblings(self, task_id: int, offset: int) -> bool:
        """Swap with the previous/next sibling; False when already first/last."""
        with self.runtime.write() as session:
            row = _get_task(session, task_id)
            siblings = _siblings(session, row.year, row.parent_id)
            index = siblings.index(row)
            target = index + offset
            if not 0 <= target < len(siblings):
                return False
            siblings[index], siblings[target] = siblings[target], siblings[index]
            _renumber(siblings)
            audit.record(
                session,
                "move",
                "task",
                row.id,
                f"{'上移' if offset < 0 else '下移'}责任任务：{_short(row.text)}",
                {"position": index + 1},
                {"position": target + 1},
            )
            return True

    def move_to(self, task_id: int, parent_id: int | None, position: int | None = None) -> None:
        """Put a task (with its subtree) under another parent, at `position` (default: last)."""
        with self.runtime.write() as session:
            row = _get_task(session, task_id)
            before = {"parent_id": row.parent_id, "sort_order": row.sort_order}
            self._reparent(session, row, parent_id, position)
            audit.record(
                session,
                "move",
                "task",
                row.id,
                f"移动责任任务：{_short(row.text)}",
                before,
                {"parent_id": row.parent_id, "sort_order": row.sort_order},
            )

    @staticmethod
    def _reparent(session: Session, row: Task, parent_id: int | None, position: int | None) -> None:
        _check_parent(session, row.year, parent_id, row.id)
        old = [s for s in _siblings(session, row.year, row.parent_id) if s is not row]
        _renumber(old)
        new = [s for s in _siblings(session, row.year, parent_id) if s is not row]
        at = len(new) if position is None else max(0, min(position, len(new)))
        new.insert(at, row)
        row.parent_id = parent_id
        _renumber(new)
        session.flush()

    # --- deleting and undoing ---------------------------------------------------------------
    def delete(self, task_id: int) -> DeletedTasks:
        """Delete a task with its subtree; the returned token restores it (`undo_delete`)."""
        with self.runtime.write() as session:
            row = _get_task(session, task_id)
            siblings = _siblings(session, row.year, row.parent_id)
            token = DeletedTasks(
                year=row.year,
                parent_id=row.parent_id,
                position=siblings.index(row),
                snapshot=_take_snapshot(row, session),
            )
            before = _audit_state(row)
            session.execute(delete(Task).where(Task.id == task_id))  # the subtree by cascade
            session.expunge_all()
            _renumber(_siblings(session, token.year, token.parent_id))
            suffix = f"（含下级{token.count - 1}项）" if token.count > 1 else ""
            audit.record(
                session,
                "delete",
                "task",
                task_id,
                f"删除责任任务：{token.label}{suffix}",
                before,
                None,
            )
            return token

    def undo_delete(self, token: DeletedTasks) -> TaskNode:
        """Put a deleted subtree back where it was, with its leaders, offices and progress.

        The ids are new. When its parent has been deleted since, it goes to the top level.
        """
        with self.runtime.write() as session:
            parent_id, position = token.parent_id, token.position
            if parent_id is not None and session.get(Task, parent_id) is None:
                parent_id, position = None, len(_siblings(session, token.year, None))
            siblings = _siblings(session, token.year, parent_id)
            row = _restore(session, token.snapshot, token.year, parent_id, 0)
            siblings.insert(min(position, len(siblings)), row)
            _renumber(siblings)
            audit.record(
                session,
                "restore",
                "task",
                row.id,
                f"撤销删除，恢复责任任务：{token.label}（共{token.count}项）",
                None,
                _audit_state(row),
            )
            task_id = row.id
        return self.get(task_id)

    # --- the next year ----------------------------------------------------------------------
    def carry_forward(self, from_year: int, to_year: int) -> CarryForwardResult:
        """Copy a year's matrix into another year: same tasks and responsibilities, status
        未开始, no progress notes, deadlines moved on by the same number of years."""
        if to_year == from_year:
            raise UserError("结转的目标年度与原年度相同，请选择另一个年度。")
        with self.runtime.write() as session:
            existing = task_count(session, to_year)
            if existing:
                raise UserError(
                    f"{to_year}年已有责任清单（{existing}项），不能结转，以免重复。"
                    f"如确需重新结转，请先删除{to_year}年的清单，或直接在{to_year}年中修改。"
                )
            roots = load_tree(session, from_year, self.today())
            if not roots:
                raise UserError(f"{from_year}年还没有责任清单，没有可结转的内容。")
            shift = to_year - from_year
            count = 0

            def copy(node: TaskNode, parent_id: int | None, order: int) -> None:
                nonlocal count
                row = Task(
                    year=to_year,
                    parent_id=parent_id,
                    sort_order=order,
                    text=node.text,
                    body=node.body,
                    frequency=node.frequency,
                    deadline=_shift_year(node.deadline, shift),
                    status=TaskStatus.NOT_STARTED,
                    leaders_placeholder=node.leaders_placeholder,
                    offices_placeholder=node.offices_placeholder,
                    leaders=_people(session, node.leader_ids),
                    offices=_offices(session, node.office_ids),
                )
                session.add(row)
                session.flush()
                count += 1
                for child_order, child in enumerate(node.children, start=1):
                    copy(child, row.id, child_order)

            for order, root in enumerate(roots, start=1):
                copy(root, None, order)
            result = CarryForwardResult(from_year, to_year, count)
            audit.record(
                session,
                "carry",
                "task",
                None,
                result.summary,
                None,
                {"from_year": from_year, "to_year": to_year, "tasks": count},
            )
            return result
