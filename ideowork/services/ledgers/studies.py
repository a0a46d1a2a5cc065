"""学习日历: study sessions and meetings, and the quota status they add up to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import QuotaRule, StudySession
from ideowork.domain.periods import Period
from ideowork.domain.quota import RuleResult, RuleSpec, SessionFact, evaluate
from ideowork.domain.quota_defaults import DEFAULT_RULES
from ideowork.domain.vocab import SessionStatus, StudyKind
from ideowork.services.runtime import Runtime


@dataclass(frozen=True)
class SessionView:
    id: int
    held_on: dt.date
    kind: StudyKind
    meeting_name: str
    topic: str
    ideology_related: bool
    host_name: str
    location: str
    hours: Decimal
    status: SessionStatus
    attendee_count: int


def _view(row: StudySession) -> SessionView:
    return SessionView(
        id=row.id,
        held_on=row.held_on,
        kind=row.kind,
        meeting_name=row.meeting_name,
        topic=row.topic,
        ideology_related=row.ideology_related,
        host_name=row.host.name if row.host else "",
        location=row.location,
        hours=row.hours,
        status=row.status,
        attendee_count=sum(1 for a in row.attendance if a.present),
    )


def seed_default_rules(session: Session) -> None:
    """Give a unit the standard quota rules, unless it already has rules of its own."""
    if session.scalar(select(func.count()).select_from(QuotaRule)):
        return
    by_key: dict[str, QuotaRule] = {}
    for order, rule in enumerate(DEFAULT_RULES, start=1):
        parent = by_key.get(rule.parent_key) if rule.parent_key else None
        row = QuotaRule(
            name=rule.name,
            kinds=",".join(kind.value for kind in rule.kinds),
            ideology_only=rule.ideology_only,
            period=rule.period,
            required=rule.required,
            basis=rule.basis,
            sort_order=order,
            parent_id=parent.id if parent else None,
        )
        session.add(row)
        session.flush()
        by_key[rule.key] = row


def rule_spec(row: QuotaRule) -> RuleSpec:
    return RuleSpec(
        id=row.id,
        name=row.name,
        kinds=frozenset(StudyKind(code) for code in row.kinds.split(",") if code),
        ideology_only=row.ideology_only,
        period=row.period,
        required=row.required,
        parent_id=row.parent_id,
        sort_order=row.sort_order,
    )


class StudyService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def sessions_in(self, period: Period) -> list[SessionView]:
        with self.runtime.read() as session:
            rows = session.scalars(
                select(StudySession)
                .where(StudySession.held_on.between(period.start, period.end))
                .options(selectinload(StudySession.host), selectinload(StudySession.attendance))
                .order_by(StudySession.held_on, StudySession.id)
            )
            return [_view(r) for r in rows]

    def years(self) -> list[int]:
        with self.runtime.read() as session:
            year = extract("year", StudySession.held_on)
            return [int(y) for y in session.scalars(select(year).distinct().order_by(year))]

    def quota_status(self, year: int) -> list[RuleResult]:
        with self.runtime.read() as session:
            rules = [
                rule_spec(r) for r in session.scalars(select(QuotaRule).where(QuotaRule.active))
            ]
            period = Period.year_of(year)
            facts = [
                SessionFact(s.held_on, s.kind, s.ideology_related, s.status, s.counts_toward_quota)
                for s in session.scalars(
                    select(StudySession).where(
                        StudySession.held_on.between(period.start, period.end)
                    )
                )
            ]
        return evaluate(rules, year, facts, self.runtime.today())
