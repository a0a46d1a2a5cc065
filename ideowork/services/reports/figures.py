"""The figures a report states, gathered from the ledgers for one period.

Templates phrase these; they never type a figure of their own. Sentences whose wording depends
on the data (a list of channels, the dates of activities) are built here so that every
template says them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Finding, QuotaRule, SentimentCase, StudySession
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.vocab import Channel, SessionStatus, StudyKind
from ideowork.services.choices import ListLabels
from ideowork.services.findings import open_findings_before
from ideowork.services.ledgers.sentiment import SentimentStats, channel_counts, period_stats
from ideowork.services.matrix.model import TaskNode, iter_tree
from ideowork.services.matrix.tree import load_tree

STUDY_KINDS = (StudyKind.COLLECTIVE, StudyKind.CENTER_GROUP)

# How a report names each channel's cases: "12345群众投诉咨询3件".
CHANNEL_PHRASES: dict[str, str] = {
    Channel.ONLINE_PETITION: "网上信访{n}件",
    Channel.PETITION: "来信来访{n}件",
    Channel.HOTLINE_12345: "12345群众投诉咨询{n}件",
    Channel.MAYOR_MAILBOX: "区长信箱咨询问题{n}件",
    Channel.SECRETARY_MAILBOX: "书记信箱来信{n}件",
    Channel.LETTER: "群众来信{n}件",
    Channel.VISIT: "群众来访{n}件",
    Channel.NETWORK: "网络舆情{n}件",
    Channel.CHAT_GROUP: "微信群、QQ群反映问题{n}件",
    Channel.MEDIA: "媒体关注事项{n}件",
    Channel.OTHER: "其他渠道反映问题{n}件",
}


def _phrase_order(channels: dict[str, str]) -> dict[str, str]:
    """The references name 网上信访, then 12345, then the mailboxes: their order first."""
    ordered = {code: channels[code] for code in CHANNEL_PHRASES if code in channels}
    return ordered | {code: label for code, label in channels.items() if code not in ordered}


def month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


@dataclass(frozen=True)
class Activity:
    """Sessions of one activity held on one or more days (in batches)."""

    name: str
    topic: str
    location: str
    dates: tuple[dt.date, ...]

    @property
    def dates_text(self) -> str:
        return "、".join(month_day(d) for d in self.dates)

    @property
    def batches(self) -> int:
        return len(self.dates)


@dataclass(frozen=True)
class StudyFigures:
    study_count: int
    study_meeting_names: tuple[str, ...]
    ideology_count: int
    special_meetings: tuple[tuple[str, int], ...]
    topics: tuple[str, ...]
    activities: tuple[Activity, ...]
    by_kind: dict[str, int]
    hours: float

    @property
    def special_meetings_text(self) -> str:
        return "，".join(f"{name}{count}次" for name, count in self.special_meetings)


@dataclass(frozen=True)
class FindingItem:
    problem_title: str
    problem: str
    measure_title: str
    measure: str
    office: str


@dataclass(frozen=True)
class MatrixFigures:
    year: int
    sections: list[TaskNode]
    task_count: int
    leader_count: int
    office_count: int
    to_be_filled: int


@dataclass(frozen=True)
class ReportFigures:
    period: Period
    studies: StudyFigures
    studies_year_to_date: StudyFigures
    sentiment: SentimentStats
    sentiment_phrases: tuple[str, ...]
    reported_cases: tuple[tuple[str, str], ...]
    findings: tuple[FindingItem, ...]
    matrix: MatrixFigures
    quota: dict[str, int] = field(default_factory=dict)
    open_findings: tuple[str, ...] = ()  # problems of earlier years not yet put right

    @property
    def year_to_date_label(self) -> str:
        """The span a quarterly analysis looks back on: 1-9月份."""
        return f"1-{self.period.end.month}月份"

    @property
    def problems(self) -> tuple[FindingItem, ...]:
        return tuple(f for f in self.findings if f.problem_title or f.problem)

    @property
    def measures(self) -> tuple[FindingItem, ...]:
        return tuple(f for f in self.findings if f.measure_title or f.measure)


def _held(session: Session, period: Period) -> list[StudySession]:
    return list(
        session.scalars(
            select(StudySession)
            .where(
                StudySession.held_on.between(period.start, period.end),
                StudySession.status == SessionStatus.HELD,
            )
            .order_by(StudySession.held_on, StudySession.id)
        )
    )


def study_figures(sessions: list[StudySession], kinds: dict[str, str]) -> StudyFigures:
    """The figures of the sessions held; `kinds` are the labels of the unit's kind codes."""
    study = [s for s in sessions if s.kind in STUDY_KINDS]
    special = Counter(
        s.meeting_name or kinds.get(s.kind, s.kind)
        for s in sessions
        if s.kind == StudyKind.SPECIAL_MEETING
    )
    activities: dict[tuple[str, str], list[StudySession]] = {}
    for s in sessions:
        if s.kind == StudyKind.EDUCATION:
            # Batches of one activity share their topic; their names differ by （第N批）.
            activities.setdefault((s.topic, s.location), []).append(s)
    return StudyFigures(
        study_count=len(study),
        study_meeting_names=tuple(dict.fromkeys(s.meeting_name for s in study if s.meeting_name)),
        ideology_count=sum(1 for s in study if s.ideology_related),
        special_meetings=tuple(special.items()),
        topics=tuple(dict.fromkeys(s.topic for s in study)),
        activities=tuple(
            Activity(
                name=group[0].meeting_name.split("（")[0],
                topic=topic,
                location=location,
                dates=tuple(s.held_on for s in group),
            )
            for (topic, location), group in activities.items()
        ),
        by_kind={
            kinds.get(code, code): n
            for code in kinds
            if (n := sum(1 for s in sessions if s.kind == code))
        },
        hours=float(sum(s.hours for s in sessions)),
    )


def channel_phrases(counts: dict[str, int], labels: dict[str, str]) -> tuple[str, ...]:
    """ "网上信访1件，12345群众投诉咨询3件…": built-in channels in the references' wording,
    a channel the unit added by its own name, in the order of the unit's list."""
    return tuple(
        CHANNEL_PHRASES.get(code, "{label}反映问题{n}件").format(n=counts[code], label=label)
        for code, label in labels.items()
        if counts.get(code)
    )


def gather(session: Session, period: Period, today: dt.date, labels: ListLabels) -> ReportFigures:
    channels, categories = labels.channels, labels.categories
    sessions = _held(session, period)
    ytd = Period(period.year, PeriodKind.YEAR)
    ytd_sessions = [s for s in _held(session, ytd) if s.held_on <= period.end]
    stats = period_stats(session, period, today, channels, categories)
    phrases = channel_phrases(channel_counts(session, period), _phrase_order(channels))
    reported = session.execute(
        select(SentimentCase.title, SentimentCase.result)
        .where(
            SentimentCase.received_on.between(period.start, period.end),
            SentimentCase.reported_upward.is_(True),
        )
        .order_by(SentimentCase.received_on, SentimentCase.id)
    ).all()
    findings = session.scalars(
        select(Finding)
        .where(Finding.period == str(period))
        .options(selectinload(Finding.office))
        .order_by(Finding.sort_order, Finding.id)
    )
    tree = load_tree(session, period.year, today)
    nodes = list(iter_tree(tree))
    rules = {r.name: r.required for r in session.scalars(select(QuotaRule))}
    return ReportFigures(
        period=period,
        studies=study_figures(sessions, labels.kinds),
        studies_year_to_date=study_figures(ytd_sessions, labels.kinds),
        sentiment=stats,
        sentiment_phrases=phrases,
        reported_cases=tuple((title, result) for title, result in reported),
        findings=tuple(
            FindingItem(
                f.problem_title,
                f.problem,
                f.measure_title,
                f.measure,
                f.office.name if f.office else "",
            )
            for f in findings
        ),
        matrix=MatrixFigures(
            year=period.year,
            sections=tree,
            task_count=sum(1 for n in nodes if n.leaders or n.offices),
            leader_count=len({name for n in nodes for name in n.leaders}),
            office_count=len({name for n in nodes for name in n.offices}),
            to_be_filled=sum(1 for n in nodes if n.leaders_placeholder or n.offices_placeholder),
        ),
        quota=rules,
        open_findings=tuple(
            f.problem_title or f.problem
            for f in open_findings_before(session, Period.year_of(period.year))
            if f.problem_title or f.problem
        ),
    )
