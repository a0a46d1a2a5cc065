"""责任清单: the use cases of the responsibility matrix, each one transaction with its audit
entry. What they hand out is in matrix/model.py, reading in tree.py, 一岗双责 in duties.py,
the editing helpers in editing.py and the carry into a new year in carry.py.

Overdue is derived, not stored: a task whose deadline has passed and that is not 已完成 shows
as 逾期 (`TaskNode.effective_status`). Storing it would need a job that rewrites rows every day,
would leave a stale 逾期 behind when a deadline is moved, and would lose the status the user
set (推进中 or 未开始) that an Excel round trip or carry-forward should keep. The user can still
set 逾期 by hand, e.g. for a task without a deadline that is clearly late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person, Task, TaskProgress
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.tasks import TASK_WORKFLOW
from ideowork.domain.validation import check_year
from ideowork.domain.vocab import TaskStatus
from ideowork.services.matrix.carry import CarryForwardResult, carry_forward
from ideowork.services.matrix.duties import (
    DutyView,
    leader_view,
    leader_views,
    office_view,
    office_views,
)
from ideowork.services.matrix.editing import (
    apply_draft,
    audit_state,
    check_parent,
    clean_draft,
    clean_progress,
    get_task,
    renumber,
    restore_snapshot,
    short,
    siblings_of,
    take_snapshot,
)
from ideowork.services.matrix.model import (
    DeletedTasks,
    ProgressNote,
    TaskDraft,
    TaskFilter,
    TaskNode,
    filter_tree,
)
from ideowork.services.matrix.tree import find_node, load_tree
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit


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
            row = get_task(session, task_id)
            node = find_node(load_tree(session, row.year, self.today()), task_id)
        assert node is not None
        return node

    def search(self, year: int, task_filter: TaskFilter) -> list[TaskNode]:
        """The year's tree pruned to the matching tasks and their ancestors."""
        return filter_tree(self.tree(year), task_filter)

    def leader_duties(self, year: int, person_id: int) -> DutyView:
        """一岗双责: every task the person answers for (牵头, 责任 or 分管领导), by section."""
        with self.runtime.read() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError(f"找不到该人员（编号 {person_id}），请刷新后重试。")
            roots = load_tree(session, year, self.today())
            return leader_view(roots, year, person.id, person.name, person.post)

    def office_duties(self, year: int, office_id: int) -> DutyView:
        """Every task the office answers for (牵头, 责任 or 配合单位), by section."""
        with self.runtime.read() as session:
            office = session.get(Office, office_id)
            if office is None:
                raise NotFoundError(f"找不到该股室（编号 {office_id}），请刷新后重试。")
            roots = load_tree(session, year, self.today())
            return office_view(roots, year, office.id, office.name)

    def all_leader_duties(self, year: int) -> list[DutyView]:
        """The 一岗双责 list of every person with at least one task, in the unit's order.

        The year's tree is read once and walked once for everybody (500 people)."""
        with self.runtime.read() as session:
            roots = load_tree(session, year, self.today())
            people = session.execute(
                select(Person.id, Person.name, Person.post).order_by(Person.sort_order, Person.id)
            )
            return leader_views(roots, year, people.tuples())

    def all_office_duties(self, year: int) -> list[DutyView]:
        with self.runtime.read() as session:
            roots = load_tree(session, year, self.today())
            offices = session.execute(
                select(Office.id, Office.name).order_by(Office.sort_order, Office.id)
            )
            return office_views(roots, year, offices.tuples())

    # --- creating and editing ---------------------------------------------------------------
    def create_task(self, year: int, draft: TaskDraft) -> TaskNode:
        """Add a task or section at the end of its parent's children (or of the top level)."""
        check_year(year)
        cleaned = clean_draft(draft)
        with self.runtime.write() as session:
            check_parent(session, year, cleaned.parent_id, None)
            order = len(siblings_of(session, year, cleaned.parent_id)) + 1
            row = Task(year=year, parent_id=cleaned.parent_id, sort_order=order, text="")
            session.add(row)
            apply_draft(session, row, cleaned)
            session.flush()
            audit.record(
                session,
                "create",
                "task",
                row.id,
                f"新增{year}年责任任务：{short(cleaned.text)}",
                None,
                audit_state(row),
            )
            task_id = row.id
        return self.get(task_id)

    def update_task(self, draft: TaskDraft) -> TaskNode:
        """Save an edited task; a changed `parent_id` moves it to the end of the new parent."""
        if draft.id is None:
            raise ValidationError("要修改的任务没有编号，请从列表中选择后再修改。")
        cleaned = clean_draft(draft)
        with self.runtime.write() as session:
            row = get_task(session, draft.id, draft.version)
            TASK_WORKFLOW.check_move(row.status, cleaned.status)
            before = audit_state(row)
            if cleaned.parent_id != row.parent_id:
                self._reparent(session, row, cleaned.parent_id, None)
            apply_draft(session, row, cleaned)
            session.flush()
            audit.record(
                session,
                "update",
                "task",
                row.id,
                f"修改责任任务：{short(cleaned.text)}",
                before,
                audit_state(row),
            )
        return self.get(draft.id)

    def set_text(self, task_id: int, text: str, version: int | None = None) -> TaskNode:
        """`version`: the one the edited row showed (a change since is an EditConflict)."""
        node = self.get(task_id)
        return self.update_task(replace(TaskDraft.of(node), text=text, version=version))

    def set_status(self, task_id: int, status: TaskStatus, version: int | None = None) -> TaskNode:
        node = self.get(task_id)
        return self.update_task(replace(TaskDraft.of(node), status=status, version=version))

    def add_progress(self, task_id: int, noted_on: dt.date, note: str) -> ProgressNote:
        [cleaned] = clean_progress([ProgressNote(noted_on, note)])
        with self.runtime.write() as session:
            row = get_task(session, task_id)
            saved = TaskProgress(task_id=row.id, noted_on=cleaned.noted_on, note=cleaned.note)
            session.add(saved)
            session.flush()
            audit.record(
                session,
                "create",
                "task_progress",
                saved.id,
                f"记录进展（{cleaned.noted_on:%Y-%m-%d}）：{short(row.text)}",
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
            row = get_task(session, task_id)
            siblings = siblings_of(session, row.year, row.parent_id)
            index = siblings.index(row)
            target = index + offset
            if not 0 <= target < len(siblings):
                return False
            siblings[index], siblings[target] = siblings[target], siblings[index]
            renumber(siblings)
            audit.record(
                session,
                "move",
                "task",
                row.id,
                f"{'上移' if offset < 0 else '下移'}责任任务：{short(row.text)}",
                {"position": index + 1},
                {"position": target + 1},
            )
            return True

    def move_to(self, task_id: int, parent_id: int | None, position: int | None = None) -> None:
        """Put a task (with its subtree) under another parent, at `position` (default: last)."""
        with self.runtime.write() as session:
            row = get_task(session, task_id)
            before = {"parent_id": row.parent_id, "sort_order": row.sort_order}
            self._reparent(session, row, parent_id, position)
            audit.record(
                session,
                "move",
                "task",
                row.id,
                f"移动责任任务：{short(row.text)}",
                before,
                {"parent_id": row.parent_id, "sort_order": row.sort_order},
            )

    @staticmethod
    def _reparent(session: Session, row: Task, parent_id: int | None, position: int | None) -> None:
        check_parent(session, row.year, parent_id, row.id)
        old = [s for s in siblings_of(session, row.year, row.parent_id) if s is not row]
        renumber(old)
        new = [s for s in siblings_of(session, row.year, parent_id) if s is not row]
        at = len(new) if position is None else max(0, min(position, len(new)))
        new.insert(at, row)
        row.parent_id = parent_id
        renumber(new)
        session.flush()

    # --- deleting and undoing ---------------------------------------------------------------
    def delete(self, task_id: int, version: int | None = None) -> DeletedTasks:
        """Delete a task with its subtree; the returned token restores it (`undo_delete`).
        `version`: the one the user saw; changed since, the delete asks again (EditConflict)."""
        with self.runtime.write() as session:
            row = get_task(session, task_id, version, deleting=True)
            siblings = siblings_of(session, row.year, row.parent_id)
            token = DeletedTasks(
                year=row.year,
                parent_id=row.parent_id,
                position=siblings.index(row),
                snapshot=take_snapshot(row, session),
            )
            before = audit_state(row)
            session.execute(delete(Task).where(Task.id == task_id))  # the subtree by cascade
            session.expunge_all()
            renumber(siblings_of(session, token.year, token.parent_id))
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
                parent_id, position = None, len(siblings_of(session, token.year, None))
            siblings = siblings_of(session, token.year, parent_id)
            row = restore_snapshot(session, token.snapshot, token.year, parent_id, 0)
            siblings.insert(min(position, len(siblings)), row)
            renumber(siblings)
            audit.record(
                session,
                "restore",
                "task",
                row.id,
                f"撤销删除，恢复责任任务：{token.label}（共{token.count}项）",
                None,
                audit_state(row),
            )
            task_id = row.id
        return self.get(task_id)

    # --- the next year ----------------------------------------------------------------------
    def carry_forward(self, from_year: int, to_year: int) -> CarryForwardResult:
        """Copy a year's matrix into another year: same tasks and responsibilities, status
        未开始, no progress notes, deadlines moved on by the same number of years."""
        with self.runtime.write() as session:
            count = carry_forward(session, from_year, to_year, self.today())
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
