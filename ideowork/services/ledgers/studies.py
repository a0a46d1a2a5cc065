"""学习日历: study sessions and meetings, and the quota status they add up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from ideowork.db.models import Attendance, QuotaRule, StudySession
from ideowork.domain.periods import Period
from ideowork.domain.quota import RuleResult, RuleSpec, SessionFact, evaluate
from ideowork.domain.quota_defaults import DEFAULT_RULES
from ideowork.domain.vocab import SessionStatus, StudyKind
from ideowork.services.queries import ids_of
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


def _view(row: StudySession, attendee_count: int) -> SessionView:
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
        attendee_count=attendee_count,
    )


# Present attendees counted in SQL, so a year's sessions do not load 24 000 attendance rows.
_PRESENT = (
    select(func.count())
    .where(Attendance.session_id == StudySession.id, Attendance.present.is_(True))
    .correlate(StudySession)
    .scalar_subquery()
)
SESSION_SORT_KEYS: dict[str, InstrumentedAttribute[Any]] = {
    "held_on": StudySession.held_on,
    "kind": StudySession.kind,
    "meeting_name": StudySession.meeting_name,
    "topic": StudySession.topic,
    "ideology_related": StudySession.ideology_related,
    "hours": StudySession.hours,
    "status": StudySession.status,
}
DEFAULT_SESSION_SORT = ("held_on", False)
MAX_IDS_PER_FETCH = 5_000


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

    def session_ids(
        self, period: Period, sort: tuple[str, bool] = DEFAULT_SESSION_SORT
    ) -> list[int]:
        """The ids of the period's sessions, in the order asked for."""
        key, descending = sort
        column = SESSION_SORT_KEYS.get(key)
        if column is None:
            raise ValueError(f"unknown sort key {key!r}")
        order = (column.desc(), StudySession.id.desc()) if descending else (column, StudySession.id)
        with self.runtime.read() as session:
            return ids_of(
                session,
                select(StudySession.id)
                .where(StudySession.held_on.between(period.start, period.end))
                .order_by(*order),
            )

    def sessions_by_ids(self, ids: Sequence[int]) -> list[SessionView]:
        """The sessions with these ids (any order; ids deleted meanwhile are left out)."""
        if len(ids) > MAX_IDS_PER_FETCH:
            raise ValueError(f"fetch at most {MAX_IDS_PER_FETCH} sessions at a time")
        with self.runtime.read() as session:
            rows = session.execute(
                select(StudySession, _PRESENT)
                .where(StudySession.id.in_(ids))
                .options(selectinload(StudySession.host))
            )
            return [_view(row, int(present or 0)) for row, present in rows]

    def sessions_in(self, period: Period) -> list[SessionView]:
        """A period's sessions in date order (a report, a printout)."""
        ids = self.session_ids(period)
        views = {
            view.id: view
            for start in range(0, len(ids), MAX_IDS_PER_FETCH)
            for view in self.sessions_by_ids(ids[start : start + MAX_IDS_PER_FETCH])
        }
        return [views[i] for i in ids if i in views]

    def count_in(self, period: Period) -> int:
        with self.runtime.read() as session:
            return int(
                session.scalar(
                    select(func.count()).where(
                        StudySession.held_on.between(period.start, period.end)
                    )
                )
                or 0
            )

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
            # Plain columns, not ORM objects: a year of sessions is read in one cheap query.
            facts = [
                SessionFact(*row)
                for row in session.execute(
                    select(
                        StudySession.held_on,
                        StudySession.kind,
                        StudySession.ideology_related,
                        StudySession.status,
                        StudySession.counts_toward_quota,
                    ).where(StudySession.held_on.between(period.start, period.end))
                )
            ]
        return evaluate(rules, year, facts, self.runtime.today())
