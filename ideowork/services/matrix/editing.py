"""Writing the matrix: validating drafts, placing tasks among their siblings, snapshots for
undo. Functions on an open session; the service wraps them in transactions with audit entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ideowork.db.models import (
    Office,
    Person,
    Task,
    TaskLeader,
    TaskOffice,
    TaskOutsideUnit,
    TaskProgress,
)
from ideowork.domain.deadlines import deadline_date
from ideowork.domain.errors import NotFoundError, UserError, ValidationError
from ideowork.domain.roles import (
    LEADER_ROLES,
    RESPONSIBLE,
    UNIT_ROLES,
    NamedRole,
)
from ideowork.domain.validation import check_date, clean_text, optional_text, required_text
from ideowork.domain.vocab import TaskStatus
from ideowork.services.concurrency import get_for_edit
from ideowork.services.matrix.model import (
    ProgressNote,
    TaskDraft,
    TaskSnapshot,
    marked,
    roles_of,
)
from ideowork.services.matrix.tree import leader_links, office_links, outside_units
from ideowork.services.snapshot import snapshot

TEXT_MAX, BODY_MAX, FREQUENCY_MAX, NOTE_MAX = 2000, 5000, 30, 2000
DEADLINE_TEXT_MAX, OUTSIDE_UNIT_MAX, OUTSIDE_UNITS_MAX = 50, 100, 50
SCORE_MAX = Decimal("1000")


def audit_state(row: Task) -> dict[str, Any]:
    state = snapshot(row)
    state["leaders"] = [marked(link.person.name, link.role) for link in leader_links(row)]
    state["offices"] = [marked(link.office.name, link.role) for link in office_links(row)]
    if row.outside_units:
        state["outside_units"] = [marked(u.name, u.role) for u in row.outside_units]
    return state


def short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def get_task(
    session: Session, task_id: int, version: int | None = None, *, deleting: bool = False
) -> Task:
    """The task; given the version the user loaded, one changed or deleted since is an
    EditConflict."""
    row: Task = get_for_edit(
        session,
        Task,
        task_id,
        version,
        lambda: NotFoundError(f"找不到该任务（编号 {task_id}），可能已被删除，请刷新后重试。"),
        deleting=deleting,
    )
    return row


def siblings_of(session: Session, year: int, parent_id: int | None) -> list[Task]:
    parent_clause = Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id
    return list(
        session.scalars(
            select(Task).where(Task.year == year, parent_clause).order_by(Task.sort_order, Task.id)
        )
    )


def renumber(rows: Sequence[Task]) -> None:
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


def people_by_ids(session: Session, ids: Sequence[int]) -> list[Person]:
    return _chosen(session, Person, ids, "责任领导", "leaders")


def offices_by_ids(session: Session, ids: Sequence[int]) -> list[Office]:
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


def clean_progress(notes: Sequence[ProgressNote]) -> list[ProgressNote]:
    cleaned: list[ProgressNote] = []
    for note in notes:
        if not isinstance(note.noted_on, dt.date):
            raise ValidationError("进展记录缺少日期，请为每条进展填写日期。", field="progress")
        check_date(note.noted_on, "进展记录的日期", "progress")
        text = required_text(note.note, "进展内容", NOTE_MAX, "progress")
        cleaned.append(replace(note, note=text))
    return cleaned


def clean_draft(draft: TaskDraft) -> TaskDraft:
    try:
        status = TaskStatus(draft.status)
    except ValueError:
        choices = "、".join(s.label for s in TaskStatus)
        raise ValidationError(f"状态“{draft.status}”无效，可选：{choices}。", "status") from None
    if draft.deadline is not None and not isinstance(draft.deadline, dt.date):
        raise ValidationError("完成时限不是有效的日期，请重新选择。", field="deadline")
    if draft.deadline is not None:
        check_date(draft.deadline, "完成时限", "deadline")
    leaders = clean_roles(draft.leader_ids, draft.leader_roles, LEADER_ROLES, "领导", "leaders")
    offices = clean_roles(draft.office_ids, draft.office_roles, UNIT_ROLES, "股室", "offices")
    outside = clean_outside_units(draft.outside_units)
    return replace(
        draft,
        text=required_text(draft.text, "任务内容", TEXT_MAX, "text"),
        body=optional_text(draft.body, "说明", BODY_MAX, "body"),
        frequency=optional_text(draft.frequency, "频次", FREQUENCY_MAX, "frequency"),
        status=status,
        leader_ids=tuple(leaders),
        leader_roles=tuple(leaders.values()),
        office_ids=tuple(offices),
        office_roles=tuple(offices.values()),
        outside_units=outside,
        deadline_text=optional_text(draft.deadline_text, "完成时限", DEADLINE_TEXT_MAX, "deadline"),
        score=clean_score(draft.score),
        # A placeholder ("to be filled") is settled as soon as real names are chosen.
        leaders_placeholder=draft.leaders_placeholder and not draft.leader_ids,
        offices_placeholder=draft.offices_placeholder and not (draft.office_ids or outside),
        progress=None if draft.progress is None else tuple(clean_progress(draft.progress)),
    )


def clean_roles(
    ids: Sequence[int], roles: Sequence[str], known: Mapping[str, str], who: str, field: str
) -> dict[int, str]:
    """id → role, each id once (its first role); no roles given means all 责任."""
    if roles and len(roles) != len(ids):
        raise ValidationError(
            f"所选{who}与其职责的数目不一致（{len(ids)}个{who}，{len(roles)}个职责），"
            "请重新选择后保存。",
            field=field,
        )
    chosen: dict[int, str] = {}
    for row_id, role in zip(ids, roles_of(ids, roles), strict=True):
        if role not in known:
            choices = "、".join(known.values())
            raise ValidationError(f"职责“{role}”无效，可选：{choices}。", field=field)
        chosen.setdefault(row_id, role)
    return chosen


def clean_outside_units(units: Sequence[NamedRole]) -> tuple[NamedRole, ...]:
    """Units outside (各村（社区）…): each named once, with a known role."""
    cleaned: dict[str, NamedRole] = {}
    for unit in units:
        name = clean_text(unit.name)
        if not name:
            raise ValidationError(
                "有一个其他单位没有填写名称，请填写（如“各村（社区）”）或删除该行。",
                field="outside_units",
            )
        if len(name) > OUTSIDE_UNIT_MAX:
            raise ValidationError(
                f"单位名称“{name[:10]}…”过长，最多{OUTSIDE_UNIT_MAX}字。", field="outside_units"
            )
        if unit.role not in UNIT_ROLES:
            choices = "、".join(UNIT_ROLES.values())
            raise ValidationError(
                f"单位“{name}”的职责“{unit.role}”无效，可选：{choices}。", field="outside_units"
            )
        cleaned.setdefault(name, NamedRole(name, unit.role))
    if len(cleaned) > OUTSIDE_UNITS_MAX:
        raise ValidationError(
            f"其他单位过多（{len(cleaned)}个），最多{OUTSIDE_UNITS_MAX}个，请合并为“各……”。",
            field="outside_units",
        )
    return tuple(cleaned.values())


def clean_score(score: Decimal | float | int | str | None) -> Decimal | None:
    """A 考核 score: 0 to 1000 points, at most one decimal place."""
    if score is None or (isinstance(score, str) and not score.strip()):
        return None
    try:
        value = Decimal(str(score).strip().removesuffix("分"))
    except InvalidOperation:
        raise ValidationError(
            f"分值“{score}”不是数字，请填写如“3”或“2.5”，没有分值请留空。", field="score"
        ) from None
    if not value.is_finite() or not Decimal(0) <= value <= SCORE_MAX:
        raise ValidationError(f"分值应在0至{SCORE_MAX}分之间，请检查是否写错。", field="score")
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(f"分值“{score}”最多保留一位小数（如“2.5”），请修改。", field="score")
    return value.quantize(Decimal("0.1"))


def set_leaders(row: Task, people: Sequence[Person], roles: Sequence[str]) -> None:
    """The task's leaders with their roles; links kept are updated, not made again."""
    kept = {link.person_id: link for link in row.leader_links if link.person_id}
    links: list[TaskLeader] = []
    for person, role in zip(people, roles_of(people, roles), strict=True):
        link = kept.get(person.id) if person.id else None
        link = link or TaskLeader(person=person)
        link.role = role
        links.append(link)
    row.leader_links = links


def set_offices(row: Task, offices: Sequence[Office], roles: Sequence[str]) -> None:
    kept = {link.office_id: link for link in row.office_links if link.office_id}
    links: list[TaskOffice] = []
    for office, role in zip(offices, roles_of(offices, roles), strict=True):
        link = kept.get(office.id) if office.id else None
        link = link or TaskOffice(office=office)
        link.role = role
        links.append(link)
    row.office_links = links


def set_outside_units(row: Task, units: Sequence[NamedRole]) -> None:
    kept = {unit.name: unit for unit in row.outside_units}
    rows: list[TaskOutsideUnit] = []
    for order, unit in enumerate(units, start=1):
        saved = kept.pop(unit.name, None) or TaskOutsideUnit(name=unit.name)
        saved.role, saved.sort_order = unit.role, order
        rows.append(saved)
    row.outside_units = rows


def apply_draft(session: Session, row: Task, draft: TaskDraft) -> None:
    row.text, row.body, row.frequency = draft.text, draft.body, draft.frequency
    row.deadline_text, row.score = draft.deadline_text, draft.score
    # A deadline written as text ("6月底") means a date in the task's year, where it means one.
    row.deadline = draft.deadline
    if draft.deadline is None and draft.deadline_text:
        row.deadline = deadline_date(draft.deadline_text, row.year)
    row.status = draft.status
    set_leaders(row, people_by_ids(session, draft.leader_ids), draft.leader_roles)
    set_offices(row, offices_by_ids(session, draft.office_ids), draft.office_roles)
    set_outside_units(row, draft.outside_units)
    row.leaders_placeholder = draft.leaders_placeholder
    row.offices_placeholder = draft.offices_placeholder
    if draft.progress is not None:
        _sync_progress(row, draft.progress)
    # Every save counts the task's version up, also one that changed only its leaders, offices
    # or notes (rows of other tables): another PC editing from the old version is refused.
    if inspect(row).persistent:
        flag_modified(row, "text")


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


def check_parent(session: Session, year: int, parent_id: int | None, moving: int | None) -> None:
    if parent_id is None:
        return
    parent = get_task(session, parent_id)
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


def take_snapshot(row: Task, session: Session) -> TaskSnapshot:
    children = siblings_of(session, row.year, row.id)
    return TaskSnapshot(
        text=row.text,
        body=row.body,
        frequency=row.frequency,
        deadline=row.deadline,
        status=row.status,
        leaders_placeholder=row.leaders_placeholder,
        offices_placeholder=row.offices_placeholder,
        leader_ids=tuple(link.person_id for link in leader_links(row)),
        office_ids=tuple(link.office_id for link in office_links(row)),
        progress=tuple(ProgressNote(p.noted_on, p.note) for p in row.progress),
        children=tuple(take_snapshot(child, session) for child in children),
        leader_roles=tuple(link.role for link in leader_links(row)),
        office_roles=tuple(link.role for link in office_links(row)),
        outside_units=outside_units(row),
        deadline_text=row.deadline_text,
        score=row.score,
        uid=row.uid,
    )


def _role_map(ids: Sequence[int], roles: Sequence[str]) -> dict[int, str]:
    return dict(zip(ids, roles_of(ids, roles), strict=True))


def restore_snapshot(
    session: Session, shot: TaskSnapshot, year: int, parent_id: int | None, order: int
) -> Task:
    leader_roles = dict(
        zip(shot.leader_ids, roles_of(shot.leader_ids, shot.leader_roles), strict=True)
    )
    office_roles = dict(
        zip(shot.office_ids, roles_of(shot.office_ids, shot.office_roles), strict=True)
    )
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
        deadline_text=shot.deadline_text,
        score=shot.score,
        progress=[TaskProgress(noted_on=p.noted_on, note=p.note) for p in shot.progress],
    )
    if shot.uid:
        row.uid = shot.uid
    set_leaders(row, leaders, [leader_roles.get(p.id, RESPONSIBLE) for p in leaders])
    set_offices(row, offices, [office_roles.get(o.id, RESPONSIBLE) for o in offices])
    set_outside_units(row, shot.outside_units)
    session.add(row)
    session.flush()
    for child_order, child in enumerate(shot.children, start=1):
        restore_snapshot(session, child, year, row.id, child_order)
    return row
