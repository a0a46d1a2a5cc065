"""Reading a year's matrix from the database as a tree of TaskNode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Task, TaskLeader, TaskOffice
from ideowork.domain.tasks import task_is_overdue
from ideowork.services.matrix.model import ProgressNote, TaskNode, iter_tree


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
        version=row.version,
    )


def _rows(session: Session, year: int) -> Sequence[Task]:
    return session.scalars(
        select(Task)
        .where(Task.year == year)
        .options(
            selectinload(Task.leader_links).selectinload(TaskLeader.person),
            selectinload(Task.office_links).selectinload(TaskOffice.office),
            selectinload(Task.outside_units),
            selectinload(Task.progress),
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


def find_node(roots: Iterable[TaskNode], task_id: int) -> TaskNode | None:
    return next((node for node in iter_tree(roots) if node.id == task_id), None)
