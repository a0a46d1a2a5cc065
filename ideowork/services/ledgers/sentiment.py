"""舆情台账: public-sentiment cases, their filters and statistics, counted in SQL.

A ledger holds 100 000 cases over ten years, so nothing here loads a period's cases to count
them: filters, sorting and statistics are SQL, built from the rules in ideowork.domain.cases
(tests check that the SQL and the Python rule agree). Pages hold the ids of the filtered rows
(`case_ids`) and fetch rows a page at a time (`cases_by_ids`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    extract,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from ideowork.db.models import Office, SentimentCase
from ideowork.domain.cases import (
    ANSWERED,
    DUE_SOON_DAYS,
    FINISHED_CASE_STATUSES,
    SATISFIED,
    case_is_due_soon,
    case_is_overdue,
)
from ideowork.domain.periods import Period
from ideowork.domain.vocab import CaseStatus, Satisfaction, Severity
from ideowork.services.choices import CASE_CATEGORIES, CASE_CHANNELS, ChoiceService
from ideowork.services.ledgers.monthly import MONTHS, MonthlyCases
from ideowork.services.ledgers.years import years_with_rows
from ideowork.services.queries import ids_of, words_in
from ideowork.services.runtime import Runtime

# SQLite allows 32 766 parameters; pages are far smaller, this bounds a careless caller.
MAX_IDS_PER_FETCH = 5_000


@dataclass(frozen=True)
class CaseView:
    """A row of the ledger's list (no personal data: lists never show it)."""

    id: int
    case_no: str
    channel: str
    channel_label: str
    received_on: dt.date
    title: str
    category_label: str
    severity: Severity
    office_name: str
    deadline: dt.date | None
    status: CaseStatus
    satisfaction: Satisfaction | None
    overdue: bool
    due_soon: bool


@dataclass(frozen=True)
class LedgerRow:
    """A line of the printed 舆情台账 (no personal data)."""

    received_on: dt.date
    case_no: str
    channel_label: str
    title: str
    office_name: str
    closed_on: dt.date | None
    result: str
    satisfaction: str
    status: str


@dataclass(frozen=True)
class CaseQuery:
    """The filters of the ledger; empty fields do not filter."""

    period: Period | None = None
    channel: str | None = None
    status: CaseStatus | None = None
    severity: Severity | None = None
    category: str | None = None
    office_id: int | None = None
    overdue_only: bool = False
    due_soon_only: bool = False
    text: str = ""  # in the summary, the content or the reply


# What the page's columns sort by; every order ends with the id so it is total and stable.
SORT_KEYS: dict[str, InstrumentedAttribute[Any]] = {
    "case_no": SentimentCase.case_no,
    "channel": SentimentCase.channel,
    "received_on": SentimentCase.received_on,
    "title": SentimentCase.title,
    "category": SentimentCase.category,
    "severity": SentimentCase.severity,
    "office": Office.name,
    "deadline": SentimentCase.deadline,
    "status": SentimentCase.status,
    "satisfaction": SentimentCase.satisfaction,
}
DEFAULT_SORT = ("received_on", True)


def is_overdue(case_row: SentimentCase, today: dt.date) -> bool:
    return case_is_overdue(case_row.status, case_row.deadline, case_row.handled_on, today)


def overdue_clause(today: dt.date) -> ColumnElement[bool]:
    """`domain.cases.case_is_overdue` as SQL."""
    finished = SentimentCase.status.in_(FINISHED_CASE_STATUSES)
    return and_(
        SentimentCase.deadline.is_not(None),
        or_(
            and_(
                finished,
                SentimentCase.handled_on.is_not(None),
                SentimentCase.handled_on > SentimentCase.deadline,
            ),
            and_(not_(finished), SentimentCase.deadline < today),
        ),
    )


def due_soon_clause(today: dt.date) -> ColumnElement[bool]:
    """`domain.cases.case_is_due_soon` as SQL."""
    return and_(
        SentimentCase.status.not_in(FINISHED_CASE_STATUSES),
        SentimentCase.deadline.between(today, today + dt.timedelta(days=DUE_SOON_DAYS)),
    )


def in_time_clause() -> ColumnElement[bool]:
    """Finished on or before the deadline (the 按时办结率's numerator)."""
    return and_(
        SentimentCase.status.in_(FINISHED_CASE_STATUSES),
        SentimentCase.deadline.is_not(None),
        SentimentCase.handled_on.is_not(None),
        SentimentCase.handled_on <= SentimentCase.deadline,
    )


def with_deadline_clause() -> ColumnElement[bool]:
    """Finished with a deadline and a date (the 按时办结率's denominator)."""
    return and_(
        SentimentCase.status.in_(FINISHED_CASE_STATUSES),
        SentimentCase.deadline.is_not(None),
        SentimentCase.handled_on.is_not(None),
    )


def _in_period(period: Period) -> ColumnElement[bool]:
    return SentimentCase.received_on.between(period.start, period.end)


def _filters(query: CaseQuery, today: dt.date) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if query.period is not None:
        clauses.append(_in_period(query.period))
    if query.channel is not None:
        clauses.append(SentimentCase.channel == query.channel)
    if query.status is not None:
        clauses.append(SentimentCase.status == query.status)
    if query.severity is not None:
        clauses.append(SentimentCase.severity == query.severity)
    if query.category is not None:
        clauses.append(SentimentCase.category == query.category)
    if query.office_id is not None:
        clauses.append(SentimentCase.office_id == query.office_id)
    if query.overdue_only:
        clauses.append(overdue_clause(today))
    if query.due_soon_only:
        clauses.append(due_soon_clause(today))
    clauses += words_in(
        query.text,
        SentimentCase.title,
        SentimentCase.content,
        SentimentCase.result,
        SentimentCase.case_no,
    )
    return clauses


def _office_rank(session: Session) -> ColumnElement[Any]:
    """Offices in name order as a CASE over office_id: sorting 100 000 cases by office needs
    no join (the unit has a few dozen offices; cases without one come last)."""
    names = session.execute(select(Office.id).order_by(Office.name, Office.id)).scalars()
    ranks = {office_id: rank for rank, office_id in enumerate(names)}
    if not ranks:
        return SentimentCase.office_id.expression
    return case(ranks, value=SentimentCase.office_id, else_=len(ranks))


def _ids_query(
    session: Session, query: CaseQuery, today: dt.date, sort: tuple[str, bool]
) -> Select[tuple[int]]:
    key, descending = sort
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")
    column = _office_rank(session) if key == "office" else SORT_KEYS[key].expression
    statement = select(SentimentCase.id).where(*_filters(query, today))
    if descending:
        return statement.order_by(column.desc(), SentimentCase.id.desc())
    return statement.order_by(column.asc(), SentimentCase.id.asc())


def _view(
    row: SentimentCase, today: dt.date, channels: dict[str, str], categories: dict[str, str]
) -> CaseView:
    return CaseView(
        id=row.id,
        case_no=row.case_no,
        channel=row.channel,
        channel_label=channels.get(row.channel, row.channel),
        received_on=row.received_on,
        title=row.title,
        category_label=categories.get(row.category, row.category),
        severity=row.severity,
        office_name=row.office.name if row.office else "",
        deadline=row.deadline,
        status=row.status,
        satisfaction=row.satisfaction,
        overdue=is_overdue(row, today),
        due_soon=case_is_due_soon(row.status, row.deadline, today),
    )


@dataclass(frozen=True)
class SentimentStats:
    """A period's figures. The dictionaries are keyed by label, in the lists' order."""

    period: str
    label: str
    total: int
    by_channel: dict[str, int]
    by_status: dict[str, int]
    by_severity: dict[str, int]
    by_category: dict[str, int]
    by_office: dict[str, int]
    handled: int
    overdue: int
    revisited: int
    satisfied: int
    satisfaction_rate: float | None
    handled_in_time: int
    handled_with_deadline: int
    handled_in_time_rate: float | None
    reported_upward: int

    @property
    def all_handled(self) -> bool:
        return self.total == self.handled


NO_CATEGORY, NO_OFFICE = "未分类", "未交办"


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def period_stats(
    session: Session,
    period: Period,
    today: dt.date,
    channels: dict[str, str],
    categories: dict[str, str],
) -> SentimentStats:
    """The period's statistics in one pass over its cases (grouped in SQL)."""
    finished = SentimentCase.status.in_(FINISHED_CASE_STATUSES)

    def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    rows = session.execute(
        select(
            SentimentCase.channel,
            SentimentCase.status,
            SentimentCase.severity,
            SentimentCase.category,
            SentimentCase.office_id,
            func.count(),
            flag(finished),
            flag(overdue_clause(today)),
            flag(SentimentCase.satisfaction.in_(ANSWERED)),
            flag(SentimentCase.satisfaction.in_(SATISFIED)),
            flag(in_time_clause()),
            flag(with_deadline_clause()),
            flag(SentimentCase.reported_upward.is_(True)),
        )
        .where(_in_period(period))
        .group_by(
            SentimentCase.channel,
            SentimentCase.status,
            SentimentCase.severity,
            SentimentCase.category,
            SentimentCase.office_id,
        )
    ).all()
    office_names = dict(session.execute(select(Office.id, Office.name)).tuples().all())
    by_channel: Counter[str] = Counter()
    statuses: Counter[CaseStatus] = Counter()
    severities: Counter[Severity] = Counter()
    by_category: Counter[str] = Counter()
    by_office: Counter[str] = Counter()
    sums = [0] * 7  # handled, overdue, revisited, satisfied, in time, with deadline, reported
    for channel, status, severity, category, office_id, count, *flags in rows:
        by_channel[channel] += count
        statuses[status] += count
        severities[severity] += count
        by_category[category] += count
        by_office[office_names.get(office_id, NO_OFFICE) if office_id else NO_OFFICE] += count
        sums = [total + int(value or 0) for total, value in zip(sums, flags, strict=True)]
    handled, overdue, revisited, satisfied, in_time, with_deadline, reported = sums
    return SentimentStats(
        period=str(period),
        label=period.label,
        total=sum(by_channel.values()),
        # In the lists' own order, so reports and JSON list them the same way each time.
        by_channel=_in_order(by_channel, channels),
        by_status={s.label: statuses[s] for s in CaseStatus if statuses[s]},
        by_severity={s.label: severities[s] for s in Severity if severities[s]},
        by_category=_in_order(by_category, categories, NO_CATEGORY),
        by_office=dict(
            sorted(by_office.items(), key=lambda item: (item[0] == NO_OFFICE, -item[1]))
        ),
        handled=handled,
        overdue=overdue,
        revisited=revisited,
        satisfied=satisfied,
        satisfaction_rate=_rate(satisfied, revisited),
        handled_in_time=in_time,
        handled_with_deadline=with_deadline,
        handled_in_time_rate=_rate(in_time, with_deadline),
        reported_upward=reported,
    )


def _in_order(counts: Counter[str], labels: dict[str, str], blank: str = "") -> dict[str, int]:
    """Counts by code → by label, in the list's order; codes not in the list last."""
    ordered = [code for code in labels if counts[code]]
    ordered += sorted(code for code in counts if counts[code] and code not in labels)
    return {(labels.get(code, code) or blank): counts[code] for code in ordered}


def channel_counts(session: Session, period: Period) -> dict[str, int]:
    rows = session.execute(
        select(SentimentCase.channel, func.count())
        .where(_in_period(period))
        .group_by(SentimentCase.channel)
    )
    return {channel: int(count) for channel, count in rows}


class SentimentService:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    def case_ids(self, query: CaseQuery, sort: tuple[str, bool] = DEFAULT_SORT) -> list[int]:
        """The ids of the cases that match, in the order asked for."""
        with self.runtime.read() as session:
            return ids_of(session, _ids_query(session, query, self.runtime.today(), sort))

    def cases_by_ids(self, ids: Sequence[int]) -> list[CaseView]:
        """The cases with these ids (any order; ids deleted meanwhile are left out)."""
        if len(ids) > MAX_IDS_PER_FETCH:
            raise ValueError(f"fetch at most {MAX_IDS_PER_FETCH} cases at a time")
        today = self.runtime.today()
        with self.runtime.read() as session:
            rows = session.scalars(
                select(SentimentCase)
                .where(SentimentCase.id.in_(ids))
                .options(selectinload(SentimentCase.office))
            )
            channels = self.choices.labels(CASE_CHANNELS)
            categories = self.choices.labels(CASE_CATEGORIES)
            return [_view(row, today, channels, categories) for row in rows]

    def cases_in(self, period: Period) -> list[CaseView]:
        """A period's cases in date order (small periods: a report, a printout)."""
        ids = self.case_ids(CaseQuery(period=period), ("received_on", False))
        by_id = {
            view.id: view
            for start in range(0, len(ids), MAX_IDS_PER_FETCH)
            for view in self.cases_by_ids(ids[start : start + MAX_IDS_PER_FETCH])
        }
        return [by_id[i] for i in ids if i in by_id]

    def ledger_rows(self, period: Period) -> list[LedgerRow]:
        """The period's cases in date order, as the printed ledger lists them."""
        labels = self.choices.labels(CASE_CHANNELS)
        today = self.runtime.today()
        with self.runtime.read() as session:
            rows = session.scalars(
                select(SentimentCase)
                .where(_in_period(period))
                .options(selectinload(SentimentCase.office))
                .order_by(SentimentCase.received_on, SentimentCase.id)
            )
            return [
                LedgerRow(
                    received_on=row.received_on,
                    case_no=row.case_no,
                    channel_label=labels.get(row.channel, row.channel),
                    title=row.title,
                    office_name=row.office.name if row.office else "",
                    closed_on=row.closed_on or row.handled_on,
                    result=row.result,
                    satisfaction=row.satisfaction.label if row.satisfaction else "",
                    status=row.status.label + ("（逾期）" if is_overdue(row, today) else ""),
                )
                for row in rows
            ]

    def years(self) -> list[int]:
        with self.runtime.read() as session:
            return years_with_rows(session, SentimentCase.received_on)

    def stats(self, period: Period) -> SentimentStats:
        channels = self.choices.labels(CASE_CHANNELS)
        categories = self.choices.labels(CASE_CATEGORIES)
        with self.runtime.read() as session:
            return period_stats(session, period, self.runtime.today(), channels, categories)

    def monthly(self, year: int) -> MonthlyCases:
        """Cases per month by channel, and each month's satisfaction rate, for the chart."""
        period = Period.year_of(year)
        month = func.cast(extract("month", SentimentCase.received_on), Integer)
        with self.runtime.read() as session:
            rows = session.execute(
                select(
                    month,
                    SentimentCase.channel,
                    func.count(),
                    func.sum(case((SentimentCase.satisfaction.in_(ANSWERED), 1), else_=0)),
                    func.sum(case((SentimentCase.satisfaction.in_(SATISFIED), 1), else_=0)),
                )
                .where(_in_period(period))
                .group_by(month, SentimentCase.channel)
            ).all()
        counts: dict[str, list[int]] = {}
        answered, satisfied = [0] * MONTHS, [0] * MONTHS
        for number, channel, count, answers, happy in rows:
            counts.setdefault(channel, [0] * MONTHS)[int(number) - 1] += int(count)
            answered[int(number) - 1] += int(answers or 0)
            satisfied[int(number) - 1] += int(happy or 0)
        labels = self.choices.labels(CASE_CHANNELS)
        order = [code for code in labels if code in counts] + sorted(
            code for code in counts if code not in labels
        )
        return MonthlyCases(
            year=year,
            series=tuple((labels.get(code, code), tuple(counts[code])) for code in order),
            satisfaction=tuple(_rate(satisfied[m], answered[m]) for m in range(MONTHS)),
        )

    def query_stats(self, query: CaseQuery) -> FilteredStats:
        """Counts of the filtered set, for the page's statistics strip."""
        today = self.runtime.today()
        finished = SentimentCase.status.in_(FINISHED_CASE_STATUSES)
        statement = select(
            func.count(),
            func.sum(case((finished, 1), else_=0)),
            func.sum(case((overdue_clause(today), 1), else_=0)),
            func.sum(case((SentimentCase.satisfaction.in_(ANSWERED), 1), else_=0)),
            func.sum(case((SentimentCase.satisfaction.in_(SATISFIED), 1), else_=0)),
        ).where(*_filters(query, today))
        with self.runtime.read() as session:
            total, handled, overdue, revisited, satisfied = session.execute(statement).one()
        return FilteredStats(
            int(total or 0),
            int(handled or 0),
            int(overdue or 0),
            int(revisited or 0),
            int(satisfied or 0),
        )


@dataclass(frozen=True)
class FilteredStats:
    total: int
    handled: int
    overdue: int
    revisited: int
    satisfied: int

    @property
    def satisfaction_rate(self) -> float | None:
        return round(self.satisfied / self.revisited, 4) if self.revisited else None
