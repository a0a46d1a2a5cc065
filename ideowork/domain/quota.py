"""Quota evaluation (任务指标): how many matching sessions each rule demands, has, and still owes.

Pure functions over plain data so the rules can be tested without a database.
Status: green when the quota is met; red when a finished period fell short, or a running one is
behind its pro-rata pace even counting planned sessions; amber when still owed but on pace.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum

from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.vocab import QuotaPeriod, SessionStatus, StudyKind

_SUBPERIOD_KIND = {
    QuotaPeriod.YEAR: PeriodKind.YEAR,
    QuotaPeriod.HALF: PeriodKind.HALF,
    QuotaPeriod.QUARTER: PeriodKind.QUARTER,
}


class QuotaStatus(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return {"green": "已完成", "amber": "进行中", "red": "滞后"}[self.value]


@dataclass(frozen=True)
class RuleSpec:
    id: int
    name: str
    kinds: frozenset[StudyKind]
    ideology_only: bool
    period: QuotaPeriod
    required: int
    parent_id: int | None = None
    sort_order: int = 0


@dataclass(frozen=True)
class SessionFact:
    held_on: dt.date
    kind: StudyKind
    ideology_related: bool
    status: SessionStatus
    counts_toward_quota: bool = True


@dataclass(frozen=True)
class PeriodResult:
    period: str
    label: str
    required: int
    done: int
    planned: int
    owed: int
    status: QuotaStatus


@dataclass(frozen=True)
class RuleResult:
    rule_id: int
    name: str
    period: QuotaPeriod
    required: int
    done: int
    planned: int
    owed: int
    status: QuotaStatus
    periods: list[PeriodResult] = field(default_factory=list)
    children: list[RuleResult] = field(default_factory=list)


def matches(rule: RuleSpec, session: SessionFact) -> bool:
    return (
        session.counts_toward_quota
        and session.kind in rule.kinds
        and (session.ideology_related or not rule.ideology_only)
    )


def period_status(required: int, done: int, planned: int, fraction: float) -> QuotaStatus:
    if done >= required:
        return QuotaStatus.GREEN
    if fraction >= 1.0:
        return QuotaStatus.RED
    # Behind pace: fewer held than the share of the period already gone demands, and the
    # sessions on the calendar do not close the gap.
    due_by_now = math.floor(required * fraction)
    if done < due_by_now or (done + planned < required and fraction > 0.75):
        return QuotaStatus.RED
    return QuotaStatus.AMBER


def _evaluate_period(
    rule: RuleSpec, period: Period, sessions: list[SessionFact], today: dt.date
) -> PeriodResult:
    inside = [s for s in sessions if period.contains(s.held_on) and matches(rule, s)]
    done = sum(1 for s in inside if s.status is SessionStatus.HELD)
    planned = sum(1 for s in inside if s.status is SessionStatus.PLANNED and s.held_on >= today)
    status = period_status(rule.required, done, planned, period.fraction_elapsed(today))
    return PeriodResult(
        period=str(period),
        label=period.label,
        required=rule.required,
        done=done,
        planned=planned,
        owed=max(0, rule.required - done),
        status=status,
    )


def _worst(statuses: list[QuotaStatus]) -> QuotaStatus:
    for candidate in (QuotaStatus.RED, QuotaStatus.AMBER):
        if candidate in statuses:
            return candidate
    return QuotaStatus.GREEN


def evaluate_rule(
    rule: RuleSpec, year: int, sessions: list[SessionFact], today: dt.date
) -> RuleResult:
    periods = Period.year_of(year).subperiods(_SUBPERIOD_KIND[rule.period])
    results = [_evaluate_period(rule, p, sessions, today) for p in periods]
    return RuleResult(
        rule_id=rule.id,
        name=rule.name,
        period=rule.period,
        required=sum(r.required for r in results),
        done=sum(r.done for r in results),
        planned=sum(r.planned for r in results),
        # Surplus in one half does not pay what another half owes.
        owed=sum(r.owed for r in results),
        status=_worst([r.status for r in results]),
        periods=results if rule.period is not QuotaPeriod.YEAR else [],
    )


def evaluate(
    rules: list[RuleSpec], year: int, sessions: list[SessionFact], today: dt.date
) -> list[RuleResult]:
    """Evaluate every rule for `year`, children nested under their parent rule."""
    ordered = sorted(rules, key=lambda r: (r.sort_order, r.id))
    ids = {rule.id for rule in ordered}

    def build(parent_id: int | None) -> list[RuleResult]:
        built = []
        for rule in ordered:
            is_root = rule.parent_id is None or rule.parent_id not in ids
            if (parent_id is None and is_root) or (
                parent_id is not None and rule.parent_id == parent_id
            ):
                result = evaluate_rule(rule, year, sessions, today)
                result.children.extend(build(rule.id))
                built.append(result)
        return built

    return build(None)
