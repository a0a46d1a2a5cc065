"""Reading a year's matrix from the database as a tree of TaskNode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Task, TaskLeader, TaskOffice, TaskOutsideUnit
from ideowork.domain.roles import NamedRole
from ideowork.domain.tasks import task_is_overdue
from ideowork.services.matrix.model import ProgressNote, TaskNode, iter_tree


def leader_links(row: Task) -> list[TaskLeader]:
    """The task's leader links in the unit's order of people (the order `leaders` reads)."""
    return sorted(row.leader_links, key=lambda link: (link.person.sort_order or 0, link.person_id))


def office_links(row: Task) -> list[TaskOffice]:
    return sorted(row.office_links, key=lambda link: (link.office.sort_order or 0, link.office_id))


def outside_units(row: Task) -> tuple[NamedRole, ...]:
    units: list[TaskOutsideUnit] = row.outside_units
    return tuple(NamedRole(unit.name, unit.role) for unit in units)


def _node(row: Task, today: dt.date) -> TaskNode:
    leaders, offices = leader_links(row), office_links(row)
    return TaskNode(
        id=row.id,
        parent_id=row.parent_id,
        text=row.text,
        body=row.body,
        frequency=row.frequency,
        deadline=row.deadline,
        status=row.status,
        leaders=tuple(link.person.name for link in leaders),
        offices=tuple(link.office.name for link in offices),
        leaders_placeholder=row.leaders_placeholder,
        offices_placeholder=row.offices_placeholder,
        year=row.year,
        sort_order=row.sort_order,
        leader_ids=tuple(link.person_id for link in leaders),
        office_ids=tuple(link.office_id for link in offices),
        progress=tuple(ProgressNote(p.noted_on, p.note, p.id) for p in row.progress),
        overdue=task_is_overdue(row.deadline, row.status, today),
        version=row.version,
        leader_roles=tuple(link.role for link in leaders),
        office_roles=tuple(link.role for link in offices),
        outside_units=outside_units(row),
        deadline_text=row.deadline_text or "",
        score=row.score,
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
