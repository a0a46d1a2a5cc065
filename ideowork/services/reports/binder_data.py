"""What the binder (台账汇编) of a period holds, read in one transaction as plain data: the
year's responsibility matrix, the period's study sessions with their attendance, its cases,
its findings, its archived reports, and the evidence files attached to each of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import (
    Finding,
    GeneratedDocument,
    SentimentCase,
    StudySession,
    Task,
    Unit,
)
from ideowork.domain.errors import ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import SessionStatus
from ideowork.services.attachments.service import AttachmentInfo, AttachmentService
from ideowork.services.choices import CASE_CHANNELS, STUDY_KINDS, ChoiceService
from ideowork.services.matrix.model import TaskNode
from ideowork.services.matrix.tree import load_tree
from ideowork.services.runtime import Runtime

# The order files of a record are bound in: the sign-in sheet first, then the photos, the
# minutes and records, the rest.
KIND_ORDER = {"sign_in": 0, "photo": 1, "record": 2, "other": 3}


EvidenceFile = AttachmentInfo


@dataclass(frozen=True)
class TaskRow:
    """A line of the matrix: a section (no leaders) or a task, with its depth in the tree."""

    uid: str
    number: str
    text: str
    leaders: str
    offices: str
    deadline: str
    status: str
    depth: int
    is_section: bool


@dataclass(frozen=True)
class SessionRecord:
    uid: str
    held_on: dt.date
    time_text: str
    kind_label: str
    meeting_name: str
    topic: str
    host: str
    lecturer: str
    location: str
    hours: Decimal
    present: tuple[str, ...]
    absent: tuple[tuple[str, str], ...]  # (name, reason)
    materials: str
    note: str

    @property
    def title(self) -> str:
        """As the contents name it: 2020年7月15日 中心组学习：主题."""
        day = f"{self.held_on.year}年{self.held_on.month}月{self.held_on.day}日"
        return f"{day} {self.kind_label}：{self.topic}"


@dataclass(frozen=True)
class CaseRecord:
    uid: str
    received_on: dt.date
    case_no: str
    channel: str
    title: str
    office: str
    closed_on: dt.date | None
    status: str
    satisfaction: str
    result: str


@dataclass(frozen=True)
class FindingRecord:
    uid: str
    period_label: str
    problem: str
    measure: str
    office: str
    status: str
    closed_on: dt.date | None


@dataclass(frozen=True)
class DocumentRecord:
    uid: str
    title: str
    doc_number: str
    period_label: str
    created_at: dt.datetime
    pdf_path: str


@dataclass(frozen=True)
class BinderData:
    unit_name: str
    period: Period
    made_on: dt.date
    tasks: list[TaskRow]
    sessions: list[SessionRecord]
    cases: list[CaseRecord]
    findings: list[FindingRecord]
    documents: list[DocumentRecord]
    # (owner table, owner uid) → its files in binding order
    files: dict[tuple[str, str], list[EvidenceFile]] = field(default_factory=dict)

    def files_of(self, table: str, uid: str) -> list[EvidenceFile]:
        return self.files.get((table, uid), [])


def within(text: str, period: Period) -> bool:
    """Whether the period written as `text` (a finding's, a document's) lies inside `period`."""
    try:
        inner = Period.parse(text)
    except ValidationError:
        return False
    return period.start <= inner.start and inner.end <= period.end


def _day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _names(names: Sequence[str], placeholder: bool) -> str:
    return "、".join(names) or ("待填写" if placeholder else "")


def _task_rows(nodes: Sequence[TaskNode], uids: dict[int, str]) -> list[TaskRow]:
    rows: list[TaskRow] = []

    def walk(children: Sequence[TaskNode], prefix: str, depth: int) -> None:
        for index, node in enumerate(children, 1):
            number = f"{prefix}{index}"
            rows.append(
                TaskRow(
                    uid=uids.get(node.id, ""),
                    number=number,
                    text=node.text,
                    leaders="、".join(node.leaders)
                    or ("待填写" if node.leaders_placeholder else ""),
                    offices="、".join(node.offices)
                    or ("待填写" if node.offices_placeholder else ""),
                    deadline=_day(node.deadline) or node.frequency,
                    status="" if node.is_section else node.effective_status.label,
                    depth=depth,
                    is_section=node.is_section,
                )
            )
            walk(node.children, f"{number}.", depth + 1)

    walk(nodes, "", 0)
    return rows


def _sessions(session: Session, period: Period, kinds: dict[str, str]) -> list[SessionRecord]:
    rows = session.scalars(
        select(StudySession)
        .where(
            StudySession.held_on >= period.start,
            StudySession.held_on <= period.end,
            StudySession.status == SessionStatus.HELD,
        )
        .options(selectinload(StudySession.attendance), selectinload(StudySession.host))
        .order_by(StudySession.held_on, StudySession.start_time, StudySession.id)
    )
    out = []
    for row in rows:
        people = sorted(row.attendance, key=lambda a: (a.person.sort_order, a.person.id))
        start = row.start_time.strftime("%H:%M") if row.start_time else ""
        end = row.end_time.strftime("%H:%M") if row.end_time else ""
        out.append(
            SessionRecord(
                uid=row.uid,
                held_on=row.held_on,
                time_text=f"{start}—{end}" if start and end else start,
                kind_label=kinds.get(row.kind, row.kind),
                meeting_name=row.meeting_name,
                topic=row.topic,
                host=row.host.name if row.host else "",
                lecturer=row.lecturer,
                location=row.location,
                hours=row.hours,
                present=tuple(a.person.name for a in people if a.present),
                absent=tuple((a.person.name, a.absence_reason) for a in people if not a.present),
                materials=row.materials,
                note=row.note,
            )
        )
    return out


def _cases(session: Session, period: Period, channels: dict[str, str]) -> list[CaseRecord]:
    rows = session.scalars(
        select(SentimentCase)
        .where(SentimentCase.received_on >= period.start, SentimentCase.received_on <= period.end)
        .options(selectinload(SentimentCase.office))
        .order_by(SentimentCase.received_on, SentimentCase.id)
    )
    return [
        CaseRecord(
            uid=row.uid,
            received_on=row.received_on,
            case_no=row.case_no,
            channel=channels.get(row.channel, row.channel),
            title=row.title,
            office=row.office.name if row.office else "",
            closed_on=row.closed_on,
            status=row.status.label,
            satisfaction=row.satisfaction.label if row.satisfaction else "",
            result=row.result,
        )
        for row in rows
    ]


def _findings(session: Session, period: Period) -> list[FindingRecord]:
    rows = session.scalars(
        select(Finding).options(selectinload(Finding.office)).order_by(Finding.sort_order)
    )
    found = [row for row in rows if within(row.period, period)]
    found.sort(key=lambda row: (Period.parse(row.period).start, row.sort_order, row.id))
    return [
        FindingRecord(
            uid=row.uid,
            period_label=Period.parse(row.period).label,
            problem="：".join(t for t in (row.problem_title, row.problem) if t),
            measure="：".join(t for t in (row.measure_title, row.measure) if t),
            office=row.office.name if row.office else "",
            status=row.status.label,
            closed_on=row.closed_on,
        )
        for row in found
    ]


def _documents(session: Session, period: Period) -> list[DocumentRecord]:
    rows = session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.created_at))
    return [
        DocumentRecord(
            uid=row.uid,
            title=row.title,
            doc_number=row.doc_number or "",
            period_label=Period.parse(row.period).label,
            created_at=row.created_at,
            pdf_path=row.pdf_path,
        )
        for row in rows
        if within(row.period, period)
    ]


def _files(
    attachments: AttachmentService, owners: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[EvidenceFile]]:
    by_table: dict[str, list[str]] = {}
    for table, uid in owners:
        if uid:
            by_table.setdefault(table, []).append(uid)
    out: dict[tuple[str, str], list[EvidenceFile]] = {}
    for table, uids in by_table.items():
        for uid, files in attachments.of_records(table, uids).items():
            out[(table, uid)] = sorted(
                files, key=lambda f: (KIND_ORDER.get(f.kind, 9), f.sort_order, f.id)
            )
    return out


def load(
    runtime: Runtime, choices: ChoiceService, attachments: AttachmentService, period: Period
) -> BinderData:
    kinds, channels = choices.labels(STUDY_KINDS), choices.labels(CASE_CHANNELS)
    with runtime.read() as session:
        unit = session.scalars(select(Unit)).first()
        nodes = load_tree(session, period.year, runtime.today())
        uids = {
            int(row.id): str(row.uid)
            for row in session.execute(select(Task.id, Task.uid).where(Task.year == period.year))
        }
        data = BinderData(
            unit_name=unit.full_name if unit else "",
            period=period,
            made_on=runtime.today(),
            tasks=_task_rows(nodes, uids),
            sessions=_sessions(session, period, kinds),
            cases=_cases(session, period, channels),
            findings=_findings(session, period),
            documents=_documents(session, period),
        )
    owners = [
        *(("task", t.uid) for t in data.tasks),
        *(("study_session", s.uid) for s in data.sessions),
        *(("sentiment_case", c.uid) for c in data.cases),
        *(("finding", f.uid) for f in data.findings),
        *(("generated_document", d.uid) for d in data.documents),
    ]
    data.files.update(_files(attachments, owners))
    return data
