"""工作台's agenda: what is overdue and what falls due soon, across every module.

- 报送公文: the reporting calendar's documents not yet archived (report_calendar.owed);
- 任务指标: quota rules behind pace (预警/滞后) in a period begun, or owing in one that ends
  soon or is over (this year's; in the first days of January also last year's);
- 责任清单: tasks of this or last year past their deadline, or due soon, and not 已完成;
- 舆情办理: cases not yet finished past their handling deadline, or due soon;
- 舆情回访: finished cases of this or last year never revisited (回访 is due within
  REVISIT_DAYS of the 办结);
- 研判整改: open findings past their rectification date (the end of the next period of the
  same kind), or due soon.

Every kind is counted in SQL (a unit may have 100 000 cases) and only its first
`MAX_ITEMS_PER_KIND` lines are read; the counts say how many more there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ideowork.db.models import Finding, Office, SentimentCase, Task
from ideowork.domain.cases import FINISHED_CASE_STATUSES
from ideowork.domain.errors import ValidationError
from ideowork.domain.findings import rectification_due
from ideowork.domain.periods import Period
from ideowork.domain.quota import QuotaStatus, RuleResult, evaluate
from ideowork.domain.vocab import FindingStatus, TaskStatus
from ideowork.services.ledgers.studies import active_rules, session_facts
from ideowork.services.workbench.report_calendar import OwedReport

MAX_ITEMS_PER_KIND = 30
# A finished case is to be revisited (回访) within this many days of being finished.
REVISIT_DAYS = 7
_SHORT = 40


class AgendaKind(StrEnum):
    REPORT = "report"
    QUOTA = "quota"
    TASK = "task"
    CASE = "case"
    REVISIT = "revisit"
    FINDING = "finding"

    @property
    def label(self) -> str:
        return {
            AgendaKind.REPORT: "报送公文",
            AgendaKind.QUOTA: "任务指标",
            AgendaKind.TASK: "责任清单",
            AgendaKind.CASE: "舆情办理",
            AgendaKind.REVISIT: "舆情回访",
            AgendaKind.FINDING: "研判整改",
        }[self]


@dataclass(frozen=True)
class Target:
    """Where a line leads: a page and its record (`record_id`), the year or period to show,
    or for a report the template and period to draft (`draftable` False: no template yet)."""

    page: str  # "documents", "studies", "matrix", "sentiment", "findings"
    record_id: int | None = None
    year: int | None = None
    period: str = ""
    template: str = ""
    draftable: bool = True


@dataclass(frozen=True)
class AgendaItem:
    kind: AgendaKind
    what: str
    due: dt.date
    days_late: int  # positive: overdue by so many days; 0: due today; negative: days left
    target: Target
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def when(self) -> str:
        """逾期12天 / 今天到期 / 还有5天 (10月10日)."""
        day = f"{self.due.month}月{self.due.day}日"
        if self.days_late > 0:
            return f"逾期{self.days_late}天（{day}）"
        if self.days_late == 0:
            return f"今天到期（{day}）"
        return f"还有{-self.days_late}天（{day}）"


@dataclass(frozen=True)
class KindCount:
    overdue: int = 0
    due_soon: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon


@dataclass(frozen=True)
class Agenda:
    today: dt.date
    horizon_days: int
    items: list[AgendaItem]  # overdue first (oldest first), then by due date
    counts: dict[AgendaKind, KindCount] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.counts.values())

    @property
    def due_soon(self) -> int:
        return sum(c.due_soon for c in self.counts.values())

    def not_listed(self, kind: AgendaKind) -> int:
        """How many of a kind the list leaves out (beyond MAX_ITEMS_PER_KIND)."""
        listed = sum(1 for item in self.items if item.kind is kind)
        return self.counts.get(kind, KindCount()).total - listed


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SHORT else line[: _SHORT - 1] + "…"


def _days_late(today: dt.date, due: dt.date) -> int:
    return (today - due).days


def _counted(items: list[AgendaItem]) -> KindCount:
    overdue = sum(1 for item in items if item.overdue)
    return KindCount(overdue, len(items) - overdue)


# --- reports -----------------------------------------------------------------------------------
def report_items(owed: Iterable[OwedReport]) -> list[AgendaItem]:
    return [
        AgendaItem(
            AgendaKind.REPORT,
            f"{o.period_label}{o.name}",
            o.due,
            o.days_late,
            Target("documents", period=o.period, template=o.template, draftable=o.draftable),
            note=(f"报送{o.recipient}" if o.recipient else "")
            + ("" if o.draftable else "（尚无此模板，请另行起草）"),
        )
        for o in owed
    ]


# --- quota rules -------------------------------------------------------------------------------
def quota_items(
    session: Session, today: dt.date, horizon_days: int, first_record: dt.date | None
) -> list[AgendaItem]:
    """Rules owing sessions in a begun period that is behind pace, ends within the horizon or
    is over (this year; in the first `horizon_days` of January, last year's shortfalls too)."""
    if first_record is None:
        return []
    rules = active_rules(session)
    if not rules:
        return []
    last = today + dt.timedelta(days=horizon_days)
    years = [today.year]
    if today <= dt.date(today.year, 1, 1) + dt.timedelta(days=horizon_days):
        years.insert(0, today.year - 1)
    items: list[AgendaItem] = []

    def walk(results: list[RuleResult], year: int) -> None:
        for result in results:
            periods = result.periods or ([result.current] if result.current else [])
            for p in periods:
                if p.owed <= 0 or p.start is None or p.end is None:
                    continue
                if p.start > today or p.end < first_record:
                    continue
                behind = p.status is not QuotaStatus.GREEN
                if year < today.year and p.end >= today:
                    continue
                if not (p.end < today or behind or p.end <= last):
                    continue
                items.append(
                    AgendaItem(
                        AgendaKind.QUOTA,
                        f"{result.name}（{p.label}）还差{p.owed}次",
                        p.end,
                        _days_late(today, p.end),
                        Target("studies", year=year),
                        note=p.reason,
                    )
                )
            walk(result.children, year)

    for year in years:
        facts = session_facts(session, Period.year_of(year))
        walk(evaluate(rules, year, facts, today), year)
    items.sort(key=lambda item: item.due)
    return items


# --- tasks -------------------------------------------------------------------------------------
def task_items(
    session: Session, today: dt.date, horizon_days: int
) -> tuple[list[AgendaItem], KindCount]:
    last = today + dt.timedelta(days=horizon_days)
    clauses = (
        Task.deadline.is_not(None),
        Task.deadline <= last,
        Task.status != TaskStatus.DONE,
        Task.year >= today.year - 1,
    )
    overdue, total = session.execute(
        select(func.sum(case((Task.deadline < today, 1), else_=0)), func.count()).where(*clauses)
    ).one()
    rows = session.execute(
        select(Task.id, Task.text, Task.deadline, Task.year, Task.status)
        .where(*clauses)
        .order_by(Task.deadline, Task.id)
        .limit(MAX_ITEMS_PER_KIND)
    )
    items = [
        AgendaItem(
            AgendaKind.TASK,
            _short(text),
            deadline,
            _days_late(today, deadline),
            Target("matrix", record_id=task_id, year=year),
            note=f"{year}年责任清单，{TaskStatus(status).label}",
        )
        for task_id, text, deadline, year, status in rows
    ]
    return items, KindCount(int(overdue or 0), int(total or 0) - int(overdue or 0))


# --- cases -------------------------------------------------------------------------------------
def case_items(
    session: Session, today: dt.date, horizon_days: int
) -> tuple[list[AgendaItem], KindCount]:
    """Cases not finished whose handling deadline has passed or comes within the horizon."""
    last = today + dt.timedelta(days=horizon_days)
    clauses = (
        SentimentCase.status.not_in(FINISHED_CASE_STATUSES),
        SentimentCase.deadline.is_not(None),
        SentimentCase.deadline <= last,
    )
    overdue, total = session.execute(
        select(func.sum(case((SentimentCase.deadline < today, 1), else_=0)), func.count()).where(
            *clauses
        )
    ).one()
    rows = session.execute(
        select(
            SentimentCase.id,
            SentimentCase.case_no,
            SentimentCase.title,
            SentimentCase.deadline,
            SentimentCase.status,
            Office.name,
        )
        .outerjoin(Office, Office.id == SentimentCase.office_id)
        .where(*clauses)
        .order_by(SentimentCase.deadline, SentimentCase.id)
        .limit(MAX_ITEMS_PER_KIND)
    )
    items = [
        AgendaItem(
            AgendaKind.CASE,
            _short(f"{case_no} {title}".strip()),
            deadline,
            _days_late(today, deadline),
            Target("sentiment", record_id=case_id),
            note="，".join(part for part in (status.label, office or "") if part),
        )
        for case_id, case_no, title, deadline, status, office in rows
    ]
    return items, KindCount(int(overdue or 0), int(total or 0) - int(overdue or 0))


def revisit_items(
    session: Session, today: dt.date, horizon_days: int
) -> tuple[list[AgendaItem], KindCount]:
    """Finished cases of this or last year not yet revisited: due REVISIT_DAYS after their
    办结, so every one is overdue or due within the horizon (if that is REVISIT_DAYS or more)."""
    finished_on = func.coalesce(
        SentimentCase.handled_on, SentimentCase.closed_on, SentimentCase.received_on
    )
    latest_soon = today + dt.timedelta(days=horizon_days - REVISIT_DAYS)
    overdue_before = today - dt.timedelta(days=REVISIT_DAYS)
    clauses = (
        SentimentCase.status.in_(FINISHED_CASE_STATUSES),
        SentimentCase.revisited_on.is_(None),
        SentimentCase.received_on >= dt.date(today.year - 1, 1, 1),
        finished_on <= latest_soon,
    )
    overdue, total = session.execute(
        select(func.sum(case((finished_on < overdue_before, 1), else_=0)), func.count()).where(
            *clauses
        )
    ).one()
    rows = session.execute(
        select(SentimentCase.id, SentimentCase.case_no, SentimentCase.title, finished_on)
        .where(*clauses)
        .order_by(finished_on, SentimentCase.id)
        .limit(MAX_ITEMS_PER_KIND)
    )
    items = []
    for case_id, case_no, title, finished in rows:
        due = finished + dt.timedelta(days=REVISIT_DAYS)
        items.append(
            AgendaItem(
                AgendaKind.REVISIT,
                _short(f"{case_no} {title}".strip()),
                due,
                _days_late(today, due),
                Target("sentiment", record_id=case_id),
                note=f"{finished.month}月{finished.day}日办结，尚未回访",
            )
        )
    return items, KindCount(int(overdue or 0), int(total or 0) - int(overdue or 0))


# --- findings ----------------------------------------------------------------------------------
def finding_items(session: Session, today: dt.date, horizon_days: int) -> list[AgendaItem]:
    """Open findings past, or within the horizon of, their rectification date. Open findings
    are few (a unit's dozens): their periods, text of several kinds, are compared in Python."""
    last = today + dt.timedelta(days=horizon_days)
    rows = session.execute(
        select(
            Finding.id,
            Finding.period,
            Finding.problem_title,
            Finding.problem,
            Finding.measure_title,
            Office.name,
        )
        .outerjoin(Office, Office.id == Finding.office_id)
        .where(Finding.status == FindingStatus.OPEN)
    )
    items = []
    for finding_id, period_text, problem_title, problem, measure_title, office in rows:
        try:
            period = Period.parse(period_text)
        except ValidationError:
            continue
        due = rectification_due(period)
        if due > last:
            continue
        items.append(
            AgendaItem(
                AgendaKind.FINDING,
                _short(problem_title or problem or measure_title),
                due,
                _days_late(today, due),
                Target("findings", record_id=finding_id, period=str(period)),
                note=f"{period.label}研判发现" + (f"，{office}负责整改" if office else ""),
            )
        )
    items.sort(key=lambda item: (item.due, item.what))
    return items


def build_agenda(
    session: Session,
    today: dt.date,
    horizon_days: int,
    owed: list[OwedReport],
    first_record: dt.date | None,
) -> Agenda:
    """Every kind read in `session`: a handful of queries whatever the size of the ledgers."""
    reports = report_items(owed)
    quotas = quota_items(session, today, horizon_days, first_record)
    tasks, task_count = task_items(session, today, horizon_days)
    cases, case_count = case_items(session, today, horizon_days)
    revisits, revisit_count = revisit_items(session, today, horizon_days)
    findings = finding_items(session, today, horizon_days)
    counts = {
        AgendaKind.REPORT: _counted(reports),
        AgendaKind.QUOTA: _counted(quotas),
        AgendaKind.TASK: task_count,
        AgendaKind.CASE: case_count,
        AgendaKind.REVISIT: revisit_count,
        AgendaKind.FINDING: _counted(findings),
    }
    listed = [
        *reports[:MAX_ITEMS_PER_KIND],
        *quotas[:MAX_ITEMS_PER_KIND],
        *tasks,
        *cases,
        *revisits,
        *findings[:MAX_ITEMS_PER_KIND],
    ]
    listed.sort(key=lambda item: (not item.overdue, item.due))
    return Agenda(today, horizon_days, listed, counts)


__all__ = [
    "Agenda",
    "AgendaItem",
    "AgendaKind",
    "KindCount",
    "Target",
    "build_agenda",
]
