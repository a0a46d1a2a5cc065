"""舆情台账: public-sentiment cases and their statistics per period and channel."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import extract, select
from sqlalchemy.orm import selectinload

from ideowork.db.models import SentimentCase
from ideowork.domain.periods import Period
from ideowork.domain.vocab import CaseStatus, Channel, Satisfaction, Severity
from ideowork.services.runtime import Runtime

_FINISHED = (CaseStatus.HANDLED, CaseStatus.CLOSED)


@dataclass(frozen=True)
class CaseView:
    id: int
    case_no: str
    channel: Channel
    received_on: dt.date
    title: str
    severity: Severity
    office_name: str
    deadline: dt.date | None
    status: CaseStatus
    satisfaction: Satisfaction | None
    overdue: bool


def is_overdue(case: SentimentCase, today: dt.date) -> bool:
    """Past its deadline and not yet handled, or handled only after the deadline."""
    if case.deadline is None:
        return False
    if case.status in _FINISHED:
        return case.handled_on is not None and case.handled_on > case.deadline
    return today > case.deadline


@dataclass(frozen=True)
class SentimentStats:
    period: str
    label: str
    total: int
    by_channel: dict[str, int]
    by_status: dict[str, int]
    by_severity: dict[str, int]
    handled: int
    overdue: int
    revisited: int
    satisfied: int
    satisfaction_rate: float | None
    reported_upward: int

    @property
    def all_handled(self) -> bool:
        return self.total == self.handled

    def count(self, channel: Channel) -> int:
        return self.by_channel.get(channel.label, 0)


def compute_stats(cases: list[SentimentCase], period: Period, today: dt.date) -> SentimentStats:
    by_channel = Counter(c.channel.label for c in cases)
    revisited = [c for c in cases if c.satisfaction is not None]
    satisfied = sum(
        1 for c in revisited if c.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
    )
    return SentimentStats(
        period=str(period),
        label=period.label,
        total=len(cases),
        # Channels in their fixed order, so reports and JSON list them the same way each time.
        by_channel={ch.label: by_channel[ch.label] for ch in Channel if by_channel[ch.label]},
        by_status={st.label: n for st in CaseStatus if (n := sum(c.status is st for c in cases))},
        by_severity={sv.label: n for sv in Severity if (n := sum(c.severity is sv for c in cases))},
        handled=sum(1 for c in cases if c.status in _FINISHED),
        overdue=sum(1 for c in cases if is_overdue(c, today)),
        revisited=len(revisited),
        satisfied=satisfied,
        satisfaction_rate=round(satisfied / len(revisited), 4) if revisited else None,
        reported_upward=sum(1 for c in cases if c.reported_upward),
    )


class SentimentService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def cases_in(self, period: Period) -> list[CaseView]:
        today = self.runtime.today()
        with self.runtime.read() as session:
            rows = session.scalars(
                select(SentimentCase)
                .where(SentimentCase.received_on.between(period.start, period.end))
                .options(selectinload(SentimentCase.office))
                .order_by(SentimentCase.received_on, SentimentCase.id)
            )
            return [
                CaseView(
                    id=r.id,
                    case_no=r.case_no,
                    channel=r.channel,
                    received_on=r.received_on,
                    title=r.title,
                    severity=r.severity,
                    office_name=r.office.name if r.office else "",
                    deadline=r.deadline,
                    status=r.status,
                    satisfaction=r.satisfaction,
                    overdue=is_overdue(r, today),
                )
                for r in rows
            ]

    def years(self) -> list[int]:
        with self.runtime.read() as session:
            year = extract("year", SentimentCase.received_on)
            return [int(y) for y in session.scalars(select(year).distinct().order_by(year))]

    def stats(self, period: Period) -> SentimentStats:
        with self.runtime.read() as session:
            cases = list(
                session.scalars(
                    select(SentimentCase).where(
                        SentimentCase.received_on.between(period.start, period.end)
                    )
                )
            )
            return compute_stats(cases, period, self.runtime.today())
