"""学习日历: finding sessions (for the calendar, the list and printouts), the quota status they
add up to at any date, and what is owed soon. Editing sessions is sessions.py; the rules
themselves quota_rules.py; the year's plan study_plan.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from ideowork.db.models import Attendance, DayMark, QuotaRule, StudySession
from ideowork.domain.periods import Period
from ideowork.domain.quota import QuotaStatus, RuleResult, RuleSpec, SessionFact, evaluate
from ideowork.domain.quota_defaults import DEFAULT_RULES
from ideowork.domain.validation import check_year
from ideowork.domain.vocab import SessionStatus
from ideowork.domain.workdays import DayMark as CalendarMark
from ideowork.domain.workdays import WorkCalendar
from ideowork.services.choices import STUDY_KINDS, ChoiceService
from ideowork.services.ledgers.years import years_with_rows
from ideowork.services.queries import ids_of, words_in
from ideowork.services.runtime import Runtime

# A rule whose current period ends within this many days, still owing, is "due soon".
ALERT_DAYS = 14


@dataclass(frozen=True)
class SessionView:
    id: int
    held_on: dt.date
    start_time: dt.time | None
    kind: str
    kind_label: str
    meeting_name: str
    topic: str
    ideology_related: bool
    host_name: str
    lecturer: str
    location: str
    hours: Decimal
    status: SessionStatus
    attendee_count: int


@dataclass(frozen=True)
class SessionQuery:
    """The list's filters; empty fields do not filter."""

    period: Period | None = None
    kind: str | None = None
    text: str = ""  # in the topic, the meeting's name, the lecturer, the place

    def matches(self, view: SessionView) -> bool:
        """The same test as the SQL of `_filters`, for sessions already loaded (a month)."""
        if self.period is not None and not self.period.contains(view.held_on):
            return False
        if self.kind is not None and view.kind != self.kind:
            return False
        fields = (view.topic, view.meeting_name, view.lecturer, view.location)
        return all(any(word.lower() in f.lower() for f in fields) for word in self.text.split())


def _view(row: StudySession, attendee_count: int, kinds: dict[str, str]) -> SessionView:
    return SessionView(
        id=row.id,
        held_on=row.held_on,
        start_time=row.start_time,
        kind=row.kind,
        kind_label=kinds.get(row.kind, row.kind),
        meeting_name=row.meeting_name,
        topic=row.topic,
        ideology_related=row.ideology_related,
        host_name=row.host.name if row.host else "",
        lecturer=row.lecturer,
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


def _filters(query: SessionQuery) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if query.period is not None:
        clauses.append(StudySession.held_on.between(query.period.start, query.period.end))
    if query.kind is not None:
        clauses.append(StudySession.kind == query.kind)
    clauses += words_in(
        query.text,
        StudySession.topic,
        StudySession.meeting_name,
        StudySession.lecturer,
        StudySession.location,
    )
    return clauses


def seed_default_rules(session: Session) -> None:
    """Give a unit the standard quota rules, unless it already has rules of its own."""
    if session.scalar(select(func.count()).select_from(QuotaRule)):
        return
    add_default_rules(session)


def add_default_rules(session: Session) -> None:
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
        kinds=frozenset(code for code in row.kinds.split(",") if code),
        ideology_only=row.ideology_only,
        period=row.period,
        required=row.required,
        parent_id=row.parent_id,
        sort_order=row.sort_order,
    )


def session_facts(session: Session, period: Period) -> list[SessionFact]:
    """The period's sessions as the quota rules see them: plain columns in one cheap query."""
    return [
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


def active_rules(session: Session) -> list[RuleSpec]:
    return [rule_spec(r) for r in session.scalars(select(QuotaRule).where(QuotaRule.active))]


def work_calendar(session: Session, years: Sequence[int]) -> WorkCalendar:
    """The statutory holidays and 调休 of `years`, with the days the unit marked over them."""
    marks = [
        CalendarMark(row.day, row.kind, row.name, "本单位")
        for row in session.scalars(select(DayMark))
        if row.day.year in years
    ]
    return WorkCalendar(years, marks)


@dataclass(frozen=True)
class QuotaAlert:
    """A rule owing sessions in a period that is over or ends soon, said in one line."""

    rule: str
    period: str
    owed: int
    end: dt.date
    overdue: bool

    @property
    def text(self) -> str:
        when = "已逾期" if self.overdue else f"{self.end.month}月{self.end.day}日前须完成"
        return f"{self.rule}（{self.period}）还差{self.owed}次，{when}"


class StudyService:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    # --- sessions ---------------------------------------------------------------------------
    def session_ids(
        self, query: SessionQuery | Period, sort: tuple[str, bool] = DEFAULT_SESSION_SORT
    ) -> list[int]:
        """The ids of the sessions that match, in the order asked for."""
        if isinstance(query, Period):
            query = SessionQuery(period=query)
        key, descending = sort
        column = SESSION_SORT_KEYS.get(key)
        if column is None:
            raise ValueError(f"unknown sort key {key!r}")
        order = (column.desc(), StudySession.id.desc()) if descending else (column, StudySession.id)
        with self.runtime.read() as session:
            return ids_of(session, select(StudySession.id).where(*_filters(query)).order_by(*order))

    def sessions_by_ids(self, ids: Sequence[int]) -> list[SessionView]:
        """The sessions with these ids (any order; ids deleted meanwhile are left out)."""
        if len(ids) > MAX_IDS_PER_FETCH:
            raise ValueError(f"fetch at most {MAX_IDS_PER_FETCH} sessions at a time")
        kinds = self.choices.labels(STUDY_KINDS)
        with self.runtime.read() as session:
            rows = session.execute(
                select(StudySession, _PRESENT)
                .where(StudySession.id.in_(ids))
                .options(selectinload(StudySession.host))
            )
            return [_view(row, int(present or 0), kinds) for row, present in rows]

    def sessions_in(self, period: Period) -> list[SessionView]:
        """A period's sessions in date order (a month of the calendar, a printout)."""
        ids = self.session_ids(period)
        views = {
            view.id: view
            for start in range(0, len(ids), MAX_IDS_PER_FETCH)
            for view in self.sessions_by_ids(ids[start : start + MAX_IDS_PER_FETCH])
        }
        return [views[i] for i in ids if i in views]

    def sessions_between(self, first: dt.date, last: dt.date) -> list[SessionView]:
        """The sessions from `first` to `last` in date and time order (a calendar month with
        the days around it: a few hundred at most)."""
        kinds = self.choices.labels(STUDY_KINDS)
        with self.runtime.read() as session:
            rows = session.execute(
                select(StudySession, _PRESENT)
                .where(StudySession.held_on.between(first, last))
                .options(selectinload(StudySession.host))
                .order_by(StudySession.held_on, StudySession.start_time, StudySession.id)
            )
            return [_view(row, int(present or 0), kinds) for row, present in rows]

    def counts_by_day(self, year: int) -> dict[dt.date, int]:
        """How many sessions each day of the year has (the year overview), grouped in SQL."""
        period = Period.year_of(year)
        with self.runtime.read() as session:
            rows = session.execute(
                select(StudySession.held_on, func.count())
                .where(
                    StudySession.held_on.between(period.start, period.end),
                    StudySession.status != SessionStatus.CANCELLED,
                )
                .group_by(StudySession.held_on)
            )
            return {day: int(count) for day, count in rows}

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
            return years_with_rows(session, StudySession.held_on)

    def calendar(self, *years: int) -> WorkCalendar:
        with self.runtime.read() as session:
            return work_calendar(session, years)

    # --- quotas ------------------------------------------------------------------------------
    def quota_status(self, year: int, at: dt.date | None = None) -> list[RuleResult]:
        """Every active rule of `year` as it stands on `at` (default today)."""
        check_year(year, "指标年度")
        with self.runtime.read() as session:
            rules = active_rules(session)
            facts = session_facts(session, Period.year_of(year))
        return evaluate(rules, year, facts, at or self.runtime.today())

    def quota_alerts(self, at: dt.date | None = None) -> list[QuotaAlert]:
        """What is owed in a period already over this year, or ending within 14 days."""
        today = at or self.runtime.today()
        alerts: list[QuotaAlert] = []

        def walk(results: list[RuleResult]) -> None:
            for result in results:
                periods = result.periods or ([result.current] if result.current else [])
                for period in periods:
                    if period.owed <= 0 or period.start is None or period.end is None:
                        continue
                    overdue = period.end < today
                    due_soon = today <= period.end <= today + dt.timedelta(days=ALERT_DAYS)
                    if overdue or due_soon:
                        alerts.append(
                            QuotaAlert(result.name, period.label, period.owed, period.end, overdue)
                        )
                walk(result.children)

        walk(self.quota_status(today.year, today))
        if today.month == 1 and today.day <= ALERT_DAYS:
            # The first days of a year: what the year just over left owing.
            walk(
                [r for r in self.quota_status(today.year - 1, today) if r.status is QuotaStatus.RED]
            )
        return alerts
