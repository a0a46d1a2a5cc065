"""工作台's year at a glance: quota progress per rule, cases per quarter, tasks by status.

Counted in SQL: the cases of a quarter in one query for the whole year (a unit may have
100 000), the tasks grouped by status with 逾期 derived in the same query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from ideowork.db.models import SentimentCase, Task, task_leader, task_office
from ideowork.domain.cases import FINISHED_CASE_STATUSES
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.quota import QuotaStatus, RuleResult, evaluate
from ideowork.domain.vocab import QuotaPeriod, TaskStatus
from ideowork.services.ledgers.sentiment import overdue_clause
from ideowork.services.ledgers.studies import active_rules, session_facts


@dataclass(frozen=True)
class RuleProgress:
    name: str
    depth: int  # 0 for a rule, 1 for a "其中" rule under it
    period_label: str  # 全年 / 每半年 / 每季度
    done: int
    required: int
    status: QuotaStatus
    reason: str

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.required) if self.required else 1.0


@dataclass(frozen=True)
class QuarterCases:
    label: str  # 第一季度
    received: int
    finished: int
    overdue: int


@dataclass(frozen=True)
class StatusCount:
    status: TaskStatus
    count: int

    @property
    def label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class YearGlance:
    year: int
    rules: list[RuleProgress]
    quarters: list[QuarterCases]
    tasks: list[StatusCount]  # every status, in workflow order, 逾期 derived

    @property
    def task_total(self) -> int:
        return sum(s.count for s in self.tasks)

    @property
    def case_total(self) -> int:
        return sum(q.received for q in self.quarters)


_PERIOD_LABELS = {
    QuotaPeriod.YEAR: "全年",
    QuotaPeriod.HALF: "每半年",
    QuotaPeriod.QUARTER: "每季度",
}


def rule_progress(session: Session, year: int, today: dt.date) -> list[RuleProgress]:
    rules = active_rules(session)
    if not rules:
        return []
    results = evaluate(rules, year, session_facts(session, Period.year_of(year)), today)
    shown: list[RuleProgress] = []

    def walk(items: list[RuleResult], depth: int) -> None:
        for r in items:
            shown.append(
                RuleProgress(
                    r.name,
                    depth,
                    _PERIOD_LABELS[r.period],
                    r.done,
                    r.required,
                    r.status,
                    r.reason,
                )
            )
            walk(r.children, depth + 1)

    walk(results, 0)
    return shown


def quarter_cases(session: Session, year: int, today: dt.date) -> list[QuarterCases]:
    """Cases received in each quarter of `year`, finished and overdue: one query."""
    quarters = Period.year_of(year).subperiods(PeriodKind.QUARTER)
    finished = SentimentCase.status.in_(FINISHED_CASE_STATUSES)
    late = overdue_clause(today)
    columns = []
    for q in quarters:
        inside = SentimentCase.received_on.between(q.start, q.end)
        for condition in (inside, and_(inside, finished), and_(inside, late)):
            columns.append(func.coalesce(func.sum(case((condition, 1), else_=0)), 0))
    year_period = Period.year_of(year)
    row = session.execute(
        select(*columns).where(
            SentimentCase.received_on.between(year_period.start, year_period.end)
        )
    ).one()
    return [
        QuarterCases(q.short_label, int(row[3 * i]), int(row[3 * i + 1]), int(row[3 * i + 2]))
        for i, q in enumerate(quarters)
    ]


def _answerable() -> ColumnElement[bool]:
    """A task someone answers for, as the 责任清单 counts them (a heading or a plain list item
    nobody answers for is not one): the SQL of the tree's status_text."""
    child = aliased(Task)
    has_children = exists(select(child.id).where(child.parent_id == Task.id))
    return or_(
        exists(select(task_leader.c.task_id).where(task_leader.c.task_id == Task.id)),
        exists(select(task_office.c.task_id).where(task_office.c.task_id == Task.id)),
        Task.leaders_placeholder.is_(True),
        Task.offices_placeholder.is_(True),
        Task.deadline.is_not(None),
        Task.status != TaskStatus.NOT_STARTED,
        and_(Task.frequency != "", Task.parent_id.is_not(None), not_(has_children)),
    )


def task_statuses(session: Session, year: int, today: dt.date) -> list[StatusCount]:
    """The year's tasks by status, 逾期 for those past their deadline and not done."""
    late = and_(Task.deadline.is_not(None), Task.deadline < today, Task.status != TaskStatus.DONE)
    # Grouped by the stored status only (PostgreSQL does not match a CASE with bound
    # parameters in SELECT to the same one in GROUP BY); the late ones summed alongside.
    rows = session.execute(
        select(Task.status, func.count(), func.sum(case((late, 1), else_=0)))
        .where(Task.year == year, _answerable())
        .group_by(Task.status)
    )
    counts = dict.fromkeys(TaskStatus, 0)
    for status, count, late_count in rows:
        overdue = int(late_count or 0)
        counts[TaskStatus(status)] += int(count) - overdue
        counts[TaskStatus.OVERDUE] += overdue
    return [StatusCount(status, counts[status]) for status in TaskStatus]


def year_glance(session: Session, year: int, today: dt.date) -> YearGlance:
    return YearGlance(
        year,
        rule_progress(session, year, today),
        quarter_cases(session, year, today),
        task_statuses(session, year, today),
    )
