"""The year's 检查考核 as the documents tell it: who was assessed, their totals and grades,
what points were lost and why, the 专题督查 and their findings, the 责任追究 cases.

`year_assessment(session, year)` reads it all in the caller's session: the 考核结果通报
(assessment-results) uses it, and so may the year's summary and the 述职 (annual-summary)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import AccountabilityCase, Finding, Inspection
from ideowork.domain.accountability import SITUATIONS
from ideowork.domain.vocab import FindingStatus
from ideowork.services.assessment.assessments import summarise, year_assessment_rows
from ideowork.services.assessment.checklist import year_rows
from ideowork.services.assessment.grading import GRADES, read_thresholds, shown_points

_ENDINGS = "。；;，,、 "


@dataclass(frozen=True)
class Deduction:
    group: str
    item: str
    lost: Decimal
    reason: str

    @property
    def lost_text(self) -> str:
        return shown_points(self.lost)


@dataclass(frozen=True)
class AssessedRow:
    name: str
    is_office: bool
    total: Decimal
    grade: str  # "" while not every item is scored
    scored: int
    items: int
    deductions: tuple[Deduction, ...]

    @property
    def total_text(self) -> str:
        return shown_points(self.total)

    @property
    def complete(self) -> bool:
        return self.items > 0 and self.scored == self.items


@dataclass(frozen=True)
class InspectionSummary:
    checked_on: dt.date
    subject: str
    inspectors: str
    office: str
    summary: str
    findings: tuple[str, ...]
    open_findings: int


@dataclass(frozen=True)
class CaseSummary:
    occurred_on: dt.date
    person: str
    office: str
    situation: int
    situation_text: str
    facts: str
    action: str
    decided_on: dt.date | None
    decided_by: str


@dataclass(frozen=True)
class GroupLoss:
    """Points lost under one group of the checklist, over all assessments, and why."""

    group: str
    lost: Decimal
    reasons: tuple[str, ...]  # "党政办公室：…", in the offices' order

    @property
    def lost_text(self) -> str:
        return shown_points(self.lost)


@dataclass(frozen=True)
class YearAssessment:
    year: int
    groups: int  # of the checklist
    items: int
    full_points: Decimal
    thresholds: str  # 90分及以上为“好”…
    rows: tuple[AssessedRow, ...]
    assessed_on: dt.date | None  # the last day of assessment
    assessors: str
    inspections: tuple[InspectionSummary, ...]
    cases: tuple[CaseSummary, ...]

    @property
    def full_points_text(self) -> str:
        return shown_points(self.full_points)

    @property
    def complete_rows(self) -> tuple[AssessedRow, ...]:
        return tuple(r for r in self.rows if r.complete)

    @property
    def unfinished(self) -> tuple[AssessedRow, ...]:
        return tuple(r for r in self.rows if not r.complete)

    @property
    def grade_counts(self) -> list[tuple[str, int]]:
        """(grade, how many) for each grade given, best first."""
        counts = Counter(r.grade for r in self.complete_rows)
        return [(grade, counts[grade]) for grade in GRADES if counts[grade]]

    @property
    def average_text(self) -> str:
        rows = self.complete_rows
        if not rows:
            return ""
        average = sum((r.total for r in rows), Decimal(0)) / len(rows)
        return shown_points(average.quantize(Decimal("0.1")))

    @property
    def losses(self) -> tuple[GroupLoss, ...]:
        """Groups where points were lost, most first."""
        lost: dict[str, Decimal] = {}
        reasons: dict[str, dict[str, list[str]]] = {}  # group → who → why
        for row in self.rows:
            for d in row.deductions:
                lost[d.group] = lost.get(d.group, Decimal(0)) + d.lost
                why = d.reason.rstrip(_ENDINGS)
                if why:
                    reasons.setdefault(d.group, {}).setdefault(row.name, []).append(why)
        order = sorted(lost, key=lambda g: -lost[g])
        return tuple(
            GroupLoss(
                g,
                lost[g],
                tuple(f"{who}{'，'.join(whys)}" for who, whys in reasons.get(g, {}).items()),
            )
            for g in order
        )

    @property
    def finding_count(self) -> int:
        return sum(len(i.findings) for i in self.inspections)


def year_assessment(session: Session, year: int) -> YearAssessment:
    """Everything the year's 检查考核 says, read in `session` (empty parts when the tables
    hold nothing for the year)."""
    items = year_rows(session, year)
    thresholds = read_thresholds(session)
    rows: list[AssessedRow] = []
    dates: list[dt.date] = []
    assessors: list[str] = []
    for row in year_assessment_rows(session, year):
        info = summarise(row, items, thresholds)
        if row.assessed_on:
            dates.append(row.assessed_on)
        if row.assessors and row.assessors not in assessors:
            assessors.append(row.assessors)
        scores = {score.item_id: score for score in row.scores}
        deductions = []
        for item in items:
            score = scores.get(item.id)
            if score is not None and Decimal(score.score) < Decimal(item.points):
                lost = Decimal(item.points) - Decimal(score.score)
                deductions.append(Deduction(item.group_name, item.text, lost, score.reason))
        name = info.target
        if row.person is not None and row.person.post:
            name = f"{row.person.name}（{row.person.post}）"
        rows.append(
            AssessedRow(
                name,
                row.office_id is not None,
                info.total,
                info.grade,
                info.scored,
                info.items,
                tuple(deductions),
            )
        )
    return YearAssessment(
        year=year,
        groups=len({item.group_name for item in items}),
        items=len(items),
        full_points=sum((Decimal(i.points) for i in items), Decimal(0)),
        thresholds=thresholds.describe(),
        rows=tuple(rows),
        assessed_on=max(dates, default=None),
        assessors="、".join(dict.fromkeys("、".join(assessors).split("、"))) if assessors else "",
        inspections=_inspections(session, year),
        cases=_cases(session, year),
    )


def _inspections(session: Session, year: int) -> tuple[InspectionSummary, ...]:
    checks = session.scalars(
        select(Inspection)
        .where(Inspection.checked_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .options(selectinload(Inspection.office))
        .order_by(Inspection.checked_on, Inspection.id)
    )
    out = []
    for check in checks:
        findings = list(
            session.scalars(
                select(Finding)
                .where(Finding.inspection_id == check.id)
                .order_by(Finding.period, Finding.sort_order, Finding.id)
            )
        )
        out.append(
            InspectionSummary(
                checked_on=check.checked_on,
                subject=check.subject,
                inspectors=check.inspectors,
                office=check.office.name if check.office else "",
                summary=check.summary,
                findings=tuple(
                    f.problem_title or f.problem[:30] or f.measure_title for f in findings
                ),
                open_findings=sum(1 for f in findings if f.status is FindingStatus.OPEN),
            )
        )
    return tuple(out)


def _cases(session: Session, year: int) -> tuple[CaseSummary, ...]:
    cases = session.scalars(
        select(AccountabilityCase)
        .where(AccountabilityCase.occurred_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .options(selectinload(AccountabilityCase.person), selectinload(AccountabilityCase.office))
        .order_by(AccountabilityCase.occurred_on, AccountabilityCase.id)
    )
    return tuple(
        CaseSummary(
            occurred_on=case.occurred_on,
            person=case.person.name if case.person else case.person_name,
            office=case.office.name if case.office else "",
            situation=case.situation,
            situation_text=SITUATIONS[case.situation - 1]
            if 1 <= case.situation <= len(SITUATIONS)
            else "",
            facts=case.facts.rstrip(_ENDINGS),
            action=case.action.rstrip(_ENDINGS),
            decided_on=case.decided_on,
            decided_by=case.decided_by,
        )
        for case in cases
    )
