"""What the study printouts show: a session's 签到表 and 会议记录, the period's 学习记录台账
and the year's 学习安排表 — every value as text ready for the document templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Person, StudySession
from ideowork.documents.numbering import format_date
from ideowork.domain.periods import Period
from ideowork.domain.vocab import SessionStatus
from ideowork.services.ledgers.quota_rules import RuleInfo
from ideowork.services.ledgers.sessions import SessionDetail, roster


def time_span(start: dt.time | None, end: dt.time | None) -> str:
    """9:00—10:30, 9:00 or nothing (GB/T 9704 writes a span with the em dash)."""
    if start is None:
        return ""
    first = f"{start.hour}:{start.minute:02d}"
    return f"{first}—{end.hour}:{end.minute:02d}" if end else first


def hours_text(hours: Decimal) -> str:
    return "" if not hours else f"{hours.normalize():f}"


def meeting_title(kind_label: str, meeting_name: str) -> str:
    """What the session is called on paper: its meeting's name, else its kind."""
    return meeting_name or kind_label


@dataclass(frozen=True)
class SheetPerson:
    name: str
    post: str
    present: bool
    reason: str  # why absent, as recorded


@dataclass(frozen=True)
class SessionSheet:
    """One session as its 签到表 and 会议记录 print it."""

    name: str
    kind_label: str
    day: str
    time: str
    location: str
    host: str
    lecturer: str
    topic: str
    materials: str
    note: str
    hours: str
    ideology_related: bool
    held: bool  # False: printed before the session, for the organiser to fill in by hand
    people: tuple[SheetPerson, ...]

    @property
    def expected(self) -> int:
        return len(self.people)

    @property
    def present(self) -> tuple[SheetPerson, ...]:
        return tuple(p for p in self.people if p.present)

    @property
    def absent(self) -> tuple[SheetPerson, ...]:
        return tuple(p for p in self.people if not p.present)


def session_sheet(session: Session, detail: SessionDetail) -> SessionSheet:
    draft = detail.draft
    held = draft.status is SessionStatus.HELD
    if detail.attendees:
        people = tuple(SheetPerson(a.name, a.post, a.present, a.reason) for a in detail.attendees)
    else:  # a planned session has no list yet: whoever belongs on its day
        belonging = roster(session, draft.held_on)
        people = tuple(SheetPerson(p.name, p.post, True, "") for p in belonging)
    return SessionSheet(
        name=meeting_title(detail.kind_label, draft.meeting_name),
        kind_label=detail.kind_label,
        day=format_date(draft.held_on),
        time=time_span(draft.start_time, draft.end_time),
        location=draft.location,
        host=detail.host_name,
        lecturer=draft.lecturer,
        topic=draft.topic,
        materials=draft.materials,
        note=draft.note,
        hours=hours_text(draft.hours),
        ideology_related=draft.ideology_related,
        held=held,
        people=people,
    )


@dataclass(frozen=True)
class StudyLedgerRow:
    held_on: dt.date
    time: str
    kind_label: str
    name: str
    topic: str
    host: str
    lecturer: str
    location: str
    expected: int
    present: int
    hours: str
    ideology_related: bool
    absentees: str  # 周敏（病假）、刘洋（公出）


def _absentees(row: StudySession, names: dict[int, str]) -> str:
    return "、".join(
        names.get(a.person_id, "") + (f"（{a.absence_reason}）" if a.absence_reason else "")
        for a in row.attendance
        if not a.present and a.person_id in names
    )


def study_ledger_rows(
    session: Session, period: Period, kinds: dict[str, str]
) -> list[StudyLedgerRow]:
    """The sessions held in the period, in date order, as the 学习记录台账 lists them."""
    rows = list(
        session.scalars(
            select(StudySession)
            .where(
                StudySession.held_on.between(period.start, period.end),
                StudySession.status == SessionStatus.HELD,
            )
            .options(selectinload(StudySession.attendance), selectinload(StudySession.host))
            .order_by(StudySession.held_on, StudySession.start_time, StudySession.id)
        )
    )
    wanted = {a.person_id for row in rows for a in row.attendance if not a.present}
    people = session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted)))
    names = {person_id: name for person_id, name in people}
    return [
        StudyLedgerRow(
            held_on=row.held_on,
            time=time_span(row.start_time, row.end_time),
            kind_label=kinds.get(row.kind, row.kind),
            name=row.meeting_name,
            topic=row.topic,
            host=row.host.name if row.host else "",
            lecturer=row.lecturer,
            location=row.location,
            expected=len(row.attendance),
            present=sum(1 for a in row.attendance if a.present),
            hours=hours_text(row.hours),
            ideology_related=row.ideology_related,
            absentees=_absentees(row, names),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class PlanRow:
    held_on: dt.date
    kind_label: str
    topic: str
    ideology_related: bool
    lecturer: str
    held: bool


def study_plan_rows(session: Session, year: int, kinds: dict[str, str]) -> list[PlanRow]:
    """The year's sessions that count toward the quotas, planned or held, not cancelled."""
    period = Period.year_of(year)
    rows = session.scalars(
        select(StudySession)
        .where(
            StudySession.held_on.between(period.start, period.end),
            StudySession.status != SessionStatus.CANCELLED,
            StudySession.counts_toward_quota.is_(True),
        )
        .order_by(StudySession.held_on, StudySession.start_time, StudySession.id)
    )
    return [
        PlanRow(
            held_on=row.held_on,
            kind_label=kinds.get(row.kind, row.kind),
            topic=row.topic,
            ideology_related=row.ideology_related,
            lecturer=row.lecturer,
            held=row.status is SessionStatus.HELD,
        )
        for row in rows
    ]


def _rule_text(rule: RuleInfo) -> str:
    """A quota rule as the plan states it: its basis, else what it asks in words."""
    draft = rule.draft
    if draft.basis:
        return draft.basis.rstrip("。；;")
    topic = "（意识形态相关内容）" if draft.ideology_only else ""
    what = "、".join(rule.kind_labels)
    return f"{draft.name}：{draft.period.label}{what}{topic}不少于{draft.required}次"


def plan_rule_texts(rules: Sequence[RuleInfo]) -> list[str]:
    """The active rules (as QuotaRuleService.rules orders them: each followed by its "其中"
    rules), those under an inactive rule left out with it."""
    texts: list[str] = []
    parent_active = True
    for rule in rules:
        if rule.depth == 0:
            parent_active = rule.draft.active
        if rule.draft.active and parent_active:
            texts.append(_rule_text(rule))
    return texts
