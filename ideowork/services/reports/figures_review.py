"""The figures a half-year or annual review states beyond those of `figures.gather`.

The 专题汇报, the 党内通报, the year's 总结 and the secretary's 述职报告 look back on a half or a
whole year: how far each quota rule got, the cases of each quarter, the 研判 findings of every
period inside it and how many were put right, the matrix's tasks by status and by leader, and
(where the unit keeps them) the 阵地, the 专题督查, the year's 检查考核 and the 责任追究. Every
table is read directly and may be empty: the templates then leave the sentence out or mark it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import (
    AccountabilityCase,
    Assessment,
    AssessmentScore,
    ChecklistItem,
    Finding,
    Inspection,
    Person,
    Position,
    PositionEvent,
    PositionReview,
    SentimentCase,
    StudySession,
)
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.quota import RuleResult, evaluate
from ideowork.domain.vocab import (
    FindingStatus,
    QuotaPeriod,
    SessionStatus,
    Severity,
    StudyKind,
    TaskStatus,
)
from ideowork.services.ledgers.studies import active_rules, session_facts
from ideowork.services.matrix.model import TaskNode, iter_tree
from ideowork.services.matrix.tree import load_tree


def as_of(period: Period) -> str:
    """How a sentence dates a running total: 截至6月底, 截至12月底."""
    return f"截至{period.end.month}月底"


def percent(part: int | Decimal, whole: int | Decimal) -> int:
    """A whole percentage, as the reports write it (0 when there is nothing to divide by)."""
    return round(100 * part / whole) if whole else 0


@dataclass(frozen=True)
class QuotaLine:
    """One quota rule over the review's period: what it asks and what was held."""

    name: str
    span: str  # 全年, 上半年: the stretch `required` applies to
    required: int
    done: int
    short: bool  # a (sub-)period inside the review's period ended owing sessions
    nested: bool  # a rule under another (其中意识形态专题学习)

    @property
    def text(self) -> str:
        """集中学习全年不少于24次，已开展16次."""
        return f"{self.name}{self.span}不少于{self.required}次，已开展{self.done}次"

    @property
    def progress(self) -> int:
        return percent(self.done, self.required)


@dataclass(frozen=True)
class FindingLine:
    """A 研判 finding: the weakness and the measure, each a heading and (maybe) its text."""

    period_label: str
    problem: str
    problem_detail: str  # the text under the heading, when there is a heading as well
    measure: str
    measure_detail: str
    office: str
    closed: bool
    closed_on: dt.date | None


@dataclass(frozen=True)
class LeaderLine:
    """A leader's share of the matrix: the tasks he answers for, by status."""

    name: str
    post: str
    tasks: int
    done: int
    in_progress: int
    not_started: int
    overdue: int

    @property
    def text(self) -> str:
        """杨昌波（党委书记）牵头4项，已完成1项、推进中2项、逾期1项."""
        parts = [
            f"{label}{n}项"
            for label, n in (
                ("已完成", self.done),
                ("推进中", self.in_progress),
                ("未开始", self.not_started),
                ("逾期", self.overdue),
            )
            if n
        ]
        who = f"{self.name}（{self.post}）" if self.post else self.name
        return f"{who}牵头{self.tasks}项，" + "、".join(parts)


@dataclass(frozen=True)
class TaskFigures:
    total: int
    done: int
    in_progress: int
    not_started: int
    overdue: int
    leaders: tuple[LeaderLine, ...]
    notes: tuple[str, ...]  # the period's progress notes: "9月30日，前三季度集中学习16次"

    @property
    def done_rate(self) -> int:
        return percent(self.done, self.total)


@dataclass(frozen=True)
class AssessmentLine:
    """One assessment of the year: whom, the score against the full points, the deductions."""

    subject: str
    of_office: bool  # an office assessed (else a leader)
    score: Decimal
    full: Decimal
    deductions: tuple[str, ...]  # "理论学习扣2分（少学习1次）"

    @property
    def score_text(self) -> str:
        return points_text(self.score)


@dataclass(frozen=True)
class AccountabilityLine:
    occurred_on: dt.date
    situation: int
    who: str
    facts: str
    action: str


@dataclass(frozen=True)
class PositionFigures:
    positions: int  # open during the period
    events: int  # 报告会、研讨会、讲座论坛 held in the period
    events_filed: int  # of them, filed with the 宣传部
    reviews: int  # content reviews recorded in the period


@dataclass(frozen=True)
class ReviewFigures:
    period: Period
    as_of: str
    quota: tuple[QuotaLine, ...]
    analysis_meetings: int
    special_reports: int  # 向上级党委专题汇报 held in the period
    party_briefings: int  # 党内通报 held in the period
    hosted: dict[str, int]  # sessions held in the period, by the name of who chaired them
    major_cases: int  # cases of the period graded 重大 or 特别重大
    cases_by_quarter: tuple[tuple[str, int], ...]
    findings: tuple[FindingLine, ...]
    tasks: TaskFigures
    positions: PositionFigures
    inspections: tuple[str, ...]  # "9月15日对宣传办开展专题督查（网络阵地管理）"
    checklist_points: Decimal  # the full points of the year's 考核细则 (0: none kept)
    assessments: tuple[AssessmentLine, ...]
    accountability: tuple[AccountabilityLine, ...]

    @property
    def quota_short(self) -> tuple[QuotaLine, ...]:
        return tuple(line for line in self.quota if line.short)

    @property
    def checklist_points_text(self) -> str:
        return points_text(self.checklist_points)

    @property
    def assessed(self) -> str:
        """Who was assessed, counted: 6个股室, 2名班子成员, 5个股室和1名班子成员."""
        offices = sum(1 for a in self.assessments if a.of_office)
        people = len(self.assessments) - offices
        parts = ([f"{offices}个股室"] if offices else []) + (
            [f"{people}名班子成员"] if people else []
        )
        return "和".join(parts)

    @property
    def deductions(self) -> tuple[str, ...]:
        """Every assessment's deductions, in the assessments' order."""
        return tuple(d for line in self.assessments for d in line.deductions)

    @property
    def findings_closed(self) -> int:
        return sum(1 for f in self.findings if f.closed)

    @property
    def findings_open(self) -> int:
        return len(self.findings) - self.findings_closed

    @property
    def problems(self) -> tuple[FindingLine, ...]:
        return tuple(f for f in self.findings if f.problem)

    @property
    def measures(self) -> tuple[FindingLine, ...]:
        return tuple(f for f in self.findings if f.measure)


def _inside(inner: Period, outer: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def quota_lines(session: Session, period: Period, today: dt.date) -> tuple[QuotaLine, ...]:
    """Each active rule as it stood at the period's end (or today, within it): a yearly rule
    counts the year up to then; a half-yearly or quarterly one its sub-periods inside."""
    at = min(today, period.end)
    year = Period.year_of(period.year)
    facts = [f for f in session_facts(session, year) if f.held_on <= period.end]
    lines: list[QuotaLine] = []

    def walk(results: list[RuleResult], nested: bool) -> None:
        for result in results:
            if result.period is QuotaPeriod.YEAR:
                span, required, done = "全年", result.required, result.done
                short = period.end == year.end and done < required
            else:
                inside = [p for p in result.periods if _inside(Period.parse(p.period), period)]
                span = period.short_label
                required = sum(p.required for p in inside)
                done = sum(p.done for p in inside)
                # Surplus in one quarter does not pay what another owes.
                short = any(p.owed and p.end is not None and p.end <= at for p in inside)
            lines.append(QuotaLine(result.name, span, required, done, short, nested))
            walk(result.children, True)

    walk(evaluate(active_rules(session), period.year, facts, at), False)
    return tuple(lines)


def _count_held(session: Session, period: Period, kind: str) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                StudySession.kind == kind,
                StudySession.status == SessionStatus.HELD,
                StudySession.held_on.between(period.start, period.end),
            )
        )
        or 0
    )


def _hosted(session: Session, period: Period) -> dict[str, int]:
    rows = session.execute(
        select(Person.name, func.count())
        .join(StudySession, StudySession.host_id == Person.id)
        .where(
            StudySession.status == SessionStatus.HELD,
            StudySession.held_on.between(period.start, period.end),
        )
        .group_by(Person.name)
    )
    return {name: int(count) for name, count in rows}


def _major_cases(session: Session, period: Period) -> int:
    count = session.scalar(
        select(func.count()).where(
            SentimentCase.received_on.between(period.start, period.end),
            SentimentCase.severity.in_((Severity.MAJOR, Severity.CRITICAL)),
        )
    )
    return int(count or 0)


def _cases_by_quarter(session: Session, period: Period) -> tuple[tuple[str, int], ...]:
    out = []
    for quarter in period.subperiods(PeriodKind.QUARTER):
        count = session.scalar(
            select(func.count()).where(
                SentimentCase.received_on.between(quarter.start, quarter.end)
            )
        )
        out.append((quarter.short_label, int(count or 0)))
    return tuple(out)


def _findings(session: Session, period: Period) -> tuple[FindingLine, ...]:
    """The findings of every period inside `period` (its quarters, halves, months, itself)."""
    rows = session.scalars(
        select(Finding)
        .where(Finding.period.like(f"{period.year}%"))
        .options(selectinload(Finding.office))
        .order_by(Finding.sort_order, Finding.id)
    )
    found: list[tuple[Period, FindingLine]] = []
    for row in rows:
        try:
            found_in = Period.parse(row.period)
        except UserError:
            continue  # not a period this app writes; the finding is shown on its own page
        if not _inside(found_in, period):
            continue
        found.append(
            (
                found_in,
                FindingLine(
                    period_label=found_in.short_label,
                    problem=row.problem_title or row.problem,
                    problem_detail=row.problem if row.problem_title else "",
                    measure=row.measure_title or row.measure,
                    measure_detail=row.measure if row.measure_title else "",
                    office=row.office.name if row.office else "",
                    closed=row.status is FindingStatus.CLOSED,
                    closed_on=row.closed_on,
                ),
            )
        )
    # Oldest period first, each period's own order kept (the sort is stable).
    found.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return tuple(line for _period, line in found)


def _tasks(session: Session, period: Period, today: dt.date) -> TaskFigures:
    """The year's tasks (nodes with leaders or offices) by status as at the period's end."""
    at = min(today, period.end)
    nodes = [n for n in iter_tree(load_tree(session, period.year, at)) if n.leaders or n.offices]
    statuses = Counter(n.effective_status for n in nodes)
    posts = {
        name: post
        for name, post in session.execute(
            select(Person.name, Person.post).order_by(Person.sort_order, Person.id)
        )
    }
    by_leader: dict[str, list[TaskNode]] = {}
    for node in nodes:
        for name in node.leaders:
            by_leader.setdefault(name, []).append(node)
    order = list(posts)
    leaders = []
    for name in sorted(by_leader, key=lambda n: order.index(n) if n in order else len(order)):
        mine = Counter(n.effective_status for n in by_leader[name])
        leaders.append(
            LeaderLine(
                name=name,
                post=posts.get(name, ""),
                tasks=len(by_leader[name]),
                done=mine[TaskStatus.DONE],
                in_progress=mine[TaskStatus.IN_PROGRESS],
                not_started=mine[TaskStatus.NOT_STARTED],
                overdue=mine[TaskStatus.OVERDUE],
            )
        )
    notes = sorted(
        (note.noted_on, note.note)
        for node in nodes
        for note in node.progress
        if period.contains(note.noted_on) and note.note.strip()
    )
    return TaskFigures(
        total=len(nodes),
        done=statuses[TaskStatus.DONE],
        in_progress=statuses[TaskStatus.IN_PROGRESS],
        not_started=statuses[TaskStatus.NOT_STARTED],
        overdue=statuses[TaskStatus.OVERDUE],
        leaders=tuple(leaders),
        # Joined into one sentence by the templates: without their own full stops.
        notes=tuple(
            f"{day.month}月{day.day}日，{text.strip().rstrip('。；;.')}" for day, text in notes
        ),
    )


def _positions(session: Session, period: Period) -> PositionFigures:
    positions = session.scalar(
        select(func.count()).where(
            (Position.opened_on.is_(None)) | (Position.opened_on <= period.end),
            (Position.closed_on.is_(None)) | (Position.closed_on >= period.start),
        )
    )
    in_period = PositionEvent.held_on.between(period.start, period.end)
    events = session.scalar(select(func.count()).where(in_period))
    filed = session.scalar(
        select(func.count()).where(in_period, PositionEvent.filed_on.is_not(None))
    )
    reviews = session.scalar(
        select(func.count()).where(PositionReview.reviewed_on.between(period.start, period.end))
    )
    return PositionFigures(
        int(positions or 0), int(events or 0), int(filed or 0), int(reviews or 0)
    )


def _inspections(session: Session, period: Period) -> tuple[str, ...]:
    rows = session.scalars(
        select(Inspection)
        .where(Inspection.checked_on.between(period.start, period.end))
        .options(selectinload(Inspection.office))
        .order_by(Inspection.checked_on, Inspection.id)
    )
    return tuple(
        f"{row.checked_on.month}月{row.checked_on.day}日"
        + (f"对{row.office.name}" if row.office else "")
        + (
            f"开展{row.subject}"
            if row.subject.endswith("督查")
            else f"开展专题督查（{row.subject}）"
        )
        for row in rows
    )


def _assessments(session: Session, year: int) -> tuple[Decimal, tuple[AssessmentLine, ...]]:
    full = session.scalar(
        select(func.coalesce(func.sum(ChecklistItem.points), 0)).where(ChecklistItem.year == year)
    )
    full = Decimal(full or 0)
    rows = session.scalars(
        select(Assessment)
        .where(Assessment.year == year)
        .options(
            selectinload(Assessment.office),
            selectinload(Assessment.person),
            selectinload(Assessment.scores).selectinload(AssessmentScore.item),
        )
        .order_by(Assessment.id)
    )
    lines = []
    for row in rows:
        subject = row.office.name if row.office else (row.person.name if row.person else "")
        if not subject or not row.scores:
            continue  # an assessment not yet scored says nothing
        scored = {score.item_id for score in row.scores}
        deductions = []
        for score in sorted(row.scores, key=lambda s: (s.item.sort_order, s.item.id)):
            lost = score.item.points - score.score
            if lost > 0:
                reason = f"（{score.reason.strip()}）" if score.reason.strip() else ""
                deductions.append(f"{score.item.text}扣{points_text(lost)}分{reason}")
        # An item the assessment left unscored counts in full: the rules deduct, not award.
        total = sum((s.score for s in row.scores), Decimal(0))
        unscored = session.scalar(
            select(func.coalesce(func.sum(ChecklistItem.points), 0)).where(
                ChecklistItem.year == year, ChecklistItem.id.not_in(scored)
            )
        )
        lines.append(
            AssessmentLine(
                subject,
                row.office is not None,
                total + Decimal(unscored or 0),
                full or sum((s.item.points for s in row.scores), Decimal(0)),
                tuple(deductions),
            )
        )
    return full, tuple(lines)


def points_text(value: Decimal) -> str:
    """95.0 → 95, 2.5 → 2.5."""
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _accountability(session: Session, period: Period) -> tuple[AccountabilityLine, ...]:
    rows = session.scalars(
        select(AccountabilityCase)
        .where(AccountabilityCase.occurred_on.between(period.start, period.end))
        .options(selectinload(AccountabilityCase.person), selectinload(AccountabilityCase.office))
        .order_by(AccountabilityCase.occurred_on, AccountabilityCase.id)
    )
    return tuple(
        AccountabilityLine(
            occurred_on=row.occurred_on,
            situation=row.situation,
            who=(row.person.name if row.person else row.person_name)
            or (row.office.name if row.office else ""),
            # Phrased into one sentence by the templates: without their own full stops.
            facts=row.facts.strip().rstrip("。；;."),
            action=row.action.strip().rstrip("。；;."),
        )
        for row in rows
    )


def review_figures(session: Session, period: Period, today: dt.date) -> ReviewFigures:
    full, assessments = _assessments(session, period.year)
    return ReviewFigures(
        period=period,
        as_of=as_of(period),
        quota=quota_lines(session, period, today),
        analysis_meetings=_count_held(session, period, StudyKind.ANALYSIS),
        special_reports=_count_held(session, period, StudyKind.SPECIAL_REPORT),
        party_briefings=_count_held(session, period, StudyKind.PARTY_BRIEFING),
        hosted=_hosted(session, period),
        major_cases=_major_cases(session, period),
        cases_by_quarter=_cases_by_quarter(session, period),
        findings=_findings(session, period),
        tasks=_tasks(session, period, today),
        positions=_positions(session, period),
        inspections=_inspections(session, period),
        checklist_points=full,
        assessments=assessments,
        accountability=_accountability(session, period),
    )


__all__ = ["ReviewFigures", "percent", "review_figures"]
