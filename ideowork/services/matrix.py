"""责任清单: the responsibility matrix as a tree of sections and tasks for a year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.engine import Database
from ideowork.db.models import Task
from ideowork.domain.vocab import TaskStatus


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

    @property
    def is_section(self) -> bool:
        return bool(self.children)


def _node(row: Task) -> TaskNode:
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
    )


def load_tree(session: Session, year: int) -> list[TaskNode]:
    rows = session.scalars(
        select(Task)
        .where(Task.year == year)
        .options(selectinload(Task.leaders), selectinload(Task.offices))
        .order_by(Task.sort_order, Task.id)
    ).all()
    nodes = {row.id: _node(row) for row in rows}
    roots: list[TaskNode] = []
    for row in rows:
        node = nodes[row.id]
        parent = nodes.get(row.parent_id) if row.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots


class MatrixService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def tree(self, year: int) -> list[TaskNode]:
        with self.db.session() as session:
            return load_tree(session, year)

    def years(self) -> list[int]:
        with self.db.session() as session:
            return list(session.scalars(select(Task.year).distinct().order_by(Task.year)))
