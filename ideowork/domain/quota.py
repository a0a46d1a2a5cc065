"""Quota evaluation (任务指标): how many matching sessions each rule demands, has, and still owes.

Pure functions over plain data so the rules can be tested without a database. The pace of a
period, with its reason in words:
- green (正常): met; or on track — the held ones keep up with the even pace through the
  period, or held and planned together make up the quota;
- amber (预警): behind the even pace (fewer held than the share of the period gone demands), or
  a period not yet begun that has too little planned;
- red (滞后): the period is over and short, or fewer working days are left than sessions owed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum

from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.vocab import QuotaPeriod, SessionStatus

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
        return {"green": "正常", "amber": "预警", "red": "滞后"}[self.value]


@dataclass(frozen=True)
class RuleSpec:
    id: int
    name: str
    kinds: frozenset[str]  # kind codes (StudyKind members are codes too)
    ideology_only: bool
    period: QuotaPeriod
    required: int
    parent_id: int | None = None
    sort_order: int = 0


@dataclass(frozen=True)
class SessionFact:
    held_on: dt.date
    kind: str
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
    reason: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


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
    reason: str = ""
    current: PeriodResult | None = None  # the sub-period `today` falls in (or the next one)


def matches(rule: RuleSpec, session: SessionFact) -> bool:
    return (
        session.counts_toward_quota
        and session.kind in rule.kinds
        and (session.ideology_related or not rule.ideology_only)
    )


def working_days_left(period: Period, today: dt.date) -> int:
    """Monday-to-Friday days from `today` (included) to the period's end."""
    day = max(today, period.start)
    if day > period.end:
        return 0
    total = (period.end - day).days + 1
    weeks, rest = divmod(total, 7)
    tail = sum(1 for offset in range(rest) if (day.weekday() + offset) % 7 < 5)
    return weeks * 5 + tail


def period_status(
    required: int, done: int, planned: int, period: Period, today: dt.date
) -> tuple[QuotaStatus, str]:
    """The pace of one period and why, in words (see the module's docstring)."""
    owed = required - done
    if owed <= 0:
        return QuotaStatus.GREEN, f"已完成{done}次"
    if today > period.end:
        return QuotaStatus.RED, f"期间已结束，仍欠{owed}次"
    if today < period.start:
        if done + planned >= required:
            return QuotaStatus.GREEN, f"尚未开始，已计划{planned}次"
        return QuotaStatus.AMBER, f"尚未开始，还需安排{required - done - planned}次"
    left = working_days_left(period, today)
    if left < owed:
        return QuotaStatus.RED, f"只剩{left}个工作日，仍欠{owed}次，期内已无法完成"
    if done + planned >= required:
        return QuotaStatus.GREEN, f"已完成{done}次，另已计划{planned}次，可按期完成"
    due = math.floor(required * period.fraction_elapsed(today))
    if done >= due:
        return QuotaStatus.GREEN, f"已完成{done}次，按均衡进度应完成{due}次"
    return QuotaStatus.AMBER, f"低于均衡进度：按时间应已完成{due}次，实际{done}次"


def _evaluate_period(
    rule: RuleSpec, period: Period, sessions: list[SessionFact], today: dt.date
) -> PeriodResult:
    start, end = period.start, period.end  # once: a year has thousands of sessions
    inside = [s for s in sessions if start <= s.held_on <= end and matches(rule, s)]
    done = sum(1 for s in inside if s.status is SessionStatus.HELD)
    planned = sum(1 for s in inside if s.status is SessionStatus.PLANNED and s.held_on >= today)
    status, reason = period_status(rule.required, done, planned, period, today)
    return PeriodResult(
        period=str(period),
        label=period.label,
        required=rule.required,
        done=done,
        planned=planned,
        owed=max(0, rule.required - done),
        status=status,
        reason=reason,
        start=period.start,
        end=period.end,
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
    # The rule's status is that of the periods begun so far: a later quarter not yet planned
    # does not turn this quarter's good progress amber.
    begun = [r for r, p in zip(results, periods, strict=True) if p.start <= today] or results[:1]
    worst = _worst([r.status for r in begun])
    current = next(
        (r for r, p in zip(results, periods, strict=True) if p.end >= today), results[-1]
    )
    return RuleResult(
        rule_id=rule.id,
        name=rule.name,
        period=rule.period,
        required=sum(r.required for r in results),
        done=sum(r.done for r in results),
        planned=sum(r.planned for r in results),
        # Surplus in one half does not pay what another half owes.
        owed=sum(r.owed for r in results),
        status=worst,
        periods=results if rule.period is not QuotaPeriod.YEAR else [],
        reason=_reason(begun, worst),
        current=current,
    )


def _reason(results: list[PeriodResult], status: QuotaStatus) -> str:
    """The words for a rule: its one period's; when all is well the latest begun period's,
    else the first period at the worst status."""
    if len(results) == 1:
        return results[0].reason
    if status is QuotaStatus.GREEN:
        chosen = results[-1]
    else:
        chosen = next(r for r in results if r.status is status)
    return f"{chosen.label[5:] or chosen.label}：{chosen.reason}"


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
