"""Carrying a year's matrix into the next: same tasks and responsibilities (with their roles and
the units outside), status 未开始, no progress notes, deadlines moved on by the same number of
years — the date and the years written in the 完成时限 text ("2020年6月底" → "2021年6月底")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ideowork.db.models import Task
from ideowork.domain.errors import UserError
from ideowork.domain.validation import check_year
from ideowork.domain.vocab import TaskStatus
from ideowork.services.matrix.editing import (
    offices_by_ids,
    people_by_ids,
    set_leaders,
    set_offices,
    set_outside_units,
    task_count,
)
from ideowork.services.matrix.model import TaskNode
from ideowork.services.matrix.tree import load_tree


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


def shift_year(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


_WRITTEN_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*[年\-./／])")


def shift_text_years(text: str, years: int) -> str:
    """The years written in a 完成时限 moved on: "2020年6月底" → "2021年6月底"; "6月" as is."""
    return _WRITTEN_YEAR.sub(lambda m: str(int(m.group(1)) + years), text)


def carry_forward(session: Session, from_year: int, to_year: int, today: dt.date) -> int:
    """Copy `from_year`'s tree into `to_year` (which must be empty); returns the tasks made."""
    check_year(from_year, "结转的原年度")
    check_year(to_year, "结转的目标年度")
    if to_year == from_year:
        raise UserError("结转的目标年度与原年度相同，请选择另一个年度。")
    existing = task_count(session, to_year)
    if existing:
        raise UserError(
            f"{to_year}年已有责任清单（{existing}项），不能结转，以免重复。"
            f"如确需重新结转，请先删除{to_year}年的清单，或直接在{to_year}年中修改。"
        )
    roots = load_tree(session, from_year, today)
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
            deadline=shift_year(node.deadline, shift),
            status=TaskStatus.NOT_STARTED,
            leaders_placeholder=node.leaders_placeholder,
            offices_placeholder=node.offices_placeholder,
            deadline_text=shift_text_years(node.deadline_text, shift),
            score=node.score,
        )
        set_leaders(row, people_by_ids(session, node.leader_ids), node.leader_roles)
        set_offices(row, offices_by_ids(session, node.office_ids), node.office_roles)
        set_outside_units(row, node.outside_units)
        session.add(row)
        session.flush()
        count += 1
        for child_order, child in enumerate(node.children, start=1):
            copy(child, row.id, child_order)

    for order, root in enumerate(roots, start=1):
        copy(root, None, order)
    return count
