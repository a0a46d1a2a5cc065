"""The database schema: SQLAlchemy 2 typed declarative models.

Change a model only together with a new Alembic migration (tests/db/test_migrations.py checks
that the migrations produce exactly these models).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    event,
    select,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    declared_attr,
    mapped_column,
    relationship,
)

from ideowork.domain.vocab import (
    CaseAction,
    CaseStatus,
    FindingStatus,
    LabelledEnum,
    PersonRole,
    QuotaPeriod,
    Satisfaction,
    SessionStatus,
    Severity,
    TaskStatus,
)

# Deterministic constraint names, so SQLite batch migrations can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def code_enum(enum_class: type[LabelledEnum]) -> Enum:
    """Store the enum's code as a plain string (portable to PostgreSQL, no native enum type)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def new_uid() -> str:
    return str(uuid.uuid4())


class Travelling:
    """A record that can travel to another PC or unit (exchange packages, a shared server):
    a uid that never changes, and the uid of the unit it was made in.

    It also carries a version, counted up by SQLAlchemy at every UPDATE (`version_id_col`):
    a save names the version it was edited from, so when two people on two PCs edit the same
    record the second save is refused instead of silently overwriting the first."""

    uid: Mapped[str] = mapped_column(String(36), default=new_uid, unique=True)
    origin: Mapped[str] = mapped_column(String(36), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Unit(Travelling, Base):
    """The unit whose 意识形态工作责任制 this database keeps (one per database)."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(50), default="")
    organ_kind: Mapped[str] = mapped_column(String(20), default="党组")
    issuer_mark: Mapped[str] = mapped_column(String(100), default="")
    doc_prefix: Mapped[str] = mapped_column(String(20), default="")
    superior_committee: Mapped[str] = mapped_column(String(100), default="")
    propaganda_dept: Mapped[str] = mapped_column(String(100), default="")
    signature: Mapped[str] = mapped_column(String(100), default="")
    printing_office: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class Office(Travelling, Base):
    """A 股室/科室 of the unit."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class Person(Travelling, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), index=True)
    post: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[PersonRole] = mapped_column(code_enum(PersonRole), default=PersonRole.STAFF)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="SET NULL"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # Who belongs on a session's attendance list: people who joined or left during a year
    # appear only on the sessions of the time they belonged (None: always, as far as known).
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    office: Mapped[Office | None] = relationship()


class TaskLeader(Base):
    """A leader of a task with the role the plan gives them: 牵头领导 (lead), 责任领导
    (responsible) or 分管领导 (in_charge); see ideowork.domain.roles."""

    __tablename__ = "task_leader"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(
        String(16), default="responsible", server_default="responsible"
    )

    person: Mapped[Person] = relationship()


class TaskOffice(Base):
    """An office of ours on a task with its role: 牵头单位 (lead), 责任单位 (responsible) or
    配合单位 (cooperating)."""

    __tablename__ = "task_office"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
    )
    office_id: Mapped[int] = mapped_column(
        ForeignKey("office.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(
        String(16), default="responsible", server_default="responsible"
    )

    office: Mapped[Office] = relationship()


# The link tables as tables, for queries that count or clear links without loading tasks.
task_leader: Table = TaskLeader.__table__  # type: ignore[assignment]
task_office: Table = TaskOffice.__table__  # type: ignore[assignment]


class TaskOutsideUnit(Base):
    """A unit named on a task that is not an office of ours (各街道, 各村（社区）, 各相关单位):
    kept as the plan writes it, with its role, never made into an office."""

    __tablename__ = "task_outside_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16), default="responsible")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Task(Travelling, Base):
    """A section or task of the responsibility matrix (责任清单) for one year.

    Sections are tasks with children; a task's leaders and offices may each be several, each
    with a role (leader_links, office_links; outside units as text). `leaders` and `offices`
    list them all whatever their role. The *_placeholder flags keep an imported "xxx" as "to
    be filled" instead of a person. `deadline_text` is the 完成时限 as the plan writes it
    (2020年6月底, 长期, 每季度 …), `deadline` the date it means where it means one; `score` the
    points of a 考核细则 item ("（3分）").
    """

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(String(30), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[TaskStatus] = mapped_column(
        code_enum(TaskStatus), default=TaskStatus.NOT_STARTED
    )
    leaders_placeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    offices_placeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)

    deadline_text: Mapped[str] = mapped_column(String(50), default="", server_default="")
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))

    leader_links: Mapped[list[TaskLeader]] = relationship(
        cascade="all, delete-orphan", order_by=TaskLeader.person_id
    )
    office_links: Mapped[list[TaskOffice]] = relationship(
        cascade="all, delete-orphan", order_by=TaskOffice.office_id
    )
    outside_units: Mapped[list[TaskOutsideUnit]] = relationship(
        cascade="all, delete-orphan", order_by=TaskOutsideUnit.sort_order
    )
    progress: Mapped[list[TaskProgress]] = relationship(
        cascade="all, delete-orphan", order_by="TaskProgress.noted_on"
    )

    # Every leader and office whatever the role, in the unit's order (reads; write the links).
    @property
    def leaders(self) -> list[Person]:
        return sorted((link.person for link in self.leader_links), key=_person_order)

    @leaders.setter
    def leaders(self, people: list[Person]) -> None:
        """Set the leaders; those kept keep their role, new ones are 责任领导."""
        kept = {link.person_id: link for link in self.leader_links if link.person_id}
        self.leader_links = [
            kept.get(p.id) or TaskLeader(person=p, role="responsible") for p in people
        ]

    @property
    def offices(self) -> list[Office]:
        return sorted((link.office for link in self.office_links), key=_office_order)

    @offices.setter
    def offices(self, offices: list[Office]) -> None:
        """Set the offices; those kept keep their role, new ones are 责任单位."""
        kept = {link.office_id: link for link in self.office_links if link.office_id}
        self.office_links = [
            kept.get(o.id) or TaskOffice(office=o, role="responsible") for o in offices
        ]


def _person_order(person: Person) -> tuple[int, int]:
    return person.sort_order or 0, person.id or 0


def _office_order(office: Office) -> tuple[int, int]:
    return office.sort_order or 0, office.id or 0


class TaskProgress(Travelling, Base):
    """A dated progress note on a task."""

    __tablename__ = "task_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)


class StudySession(Travelling, Base):
    """A study session or meeting on the study calendar (学习日历).

    `kind` is a code of the unit's editable list of kinds (the `choice` table; the built-in
    ones are ideowork.domain.vocab.StudyKind)."""

    __tablename__ = "study_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    meeting_name: Mapped[str] = mapped_column(String(100), default="")
    topic: Mapped[str] = mapped_column(Text)
    ideology_related: Mapped[bool] = mapped_column(Boolean, default=False)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    lecturer: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(100), default="")
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1), default=Decimal("0.0"))
    materials: Mapped[str] = mapped_column(Text, default="")
    counts_toward_quota: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[SessionStatus] = mapped_column(
        code_enum(SessionStatus), default=SessionStatus.HELD
    )
    note: Mapped[str] = mapped_column(Text, default="")

    host: Mapped[Person | None] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(cascade="all, delete-orphan")


class Attendance(Base):
    """Who attended a session, or was absent and why."""

    __tablename__ = "attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("study_session.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    absence_reason: Mapped[str] = mapped_column(String(100), default="")

    person: Mapped[Person] = relationship()


class QuotaRule(Travelling, Base):
    """A 任务指标: at least `required` matching sessions per period.

    A child rule counts a subset of its parent (≥24 集中学习 a year, of which ≥6 on 意识形态).
    `kinds` is a comma-separated list of StudyKind codes.
    """

    __tablename__ = "quota_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("quota_rule.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    kinds: Mapped[str] = mapped_column(String(200))
    ideology_only: Mapped[bool] = mapped_column(Boolean, default=False)
    period: Mapped[QuotaPeriod] = mapped_column(code_enum(QuotaPeriod), default=QuotaPeriod.YEAR)
    required: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SentimentCase(Travelling, Base):
    """One case of the 舆情台账: from 登记 through 交办, handling, 办结 and 回访.

    `channel` and `category` are codes of the unit's editable lists (the `choice` table; the
    built-in ones are ideowork.domain.vocab.Channel and CaseCategory). `reporter` and `phone`
    are personal data. Every column the ledger sorts by is indexed: 100 000 cases sort by
    index, not in memory.
    """

    __tablename__ = "sentiment_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), default="", index=True)
    channel: Mapped[str] = mapped_column(String(32), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    received_time: Mapped[dt.time | None] = mapped_column(Time)
    title: Mapped[str] = mapped_column(String(200), index=True)
    content: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    reporter: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    category: Mapped[str] = mapped_column(String(32), default="", index=True)
    severity: Mapped[Severity] = mapped_column(
        code_enum(Severity), default=Severity.NORMAL, index=True
    )
    office_id: Mapped[int | None] = mapped_column(
        ForeignKey("office.id", ondelete="SET NULL"), index=True
    )
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    assigned_on: Mapped[dt.date | None] = mapped_column(Date)
    reply_deadline: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)
    handled_on: Mapped[dt.date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    revisited_on: Mapped[dt.date | None] = mapped_column(Date)
    revisit_result: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[Satisfaction | None] = mapped_column(code_enum(Satisfaction), index=True)
    status: Mapped[CaseStatus] = mapped_column(
        code_enum(CaseStatus), default=CaseStatus.RECEIVED, index=True
    )
    reported_upward: Mapped[bool] = mapped_column(Boolean, default=False)
    reported_to: Mapped[str] = mapped_column(String(100), default="")
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    office: Mapped[Office | None] = relationship()
    handler: Mapped[Person | None] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(
        cascade="all, delete-orphan", order_by="CaseEvent.id", back_populates="case"
    )


class CaseEvent(Travelling, Base):
    """One step in a case's history: who did what, when, with a note (交办 to whom, the reply,
    the 回访 result, to whom it was reported, why it was reopened)."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("sentiment_case.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    action: Mapped[CaseAction] = mapped_column(code_enum(CaseAction))
    actor: Mapped[str] = mapped_column(String(100), default="")
    workstation: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[SentimentCase] = relationship(back_populates="events")


class Choice(Travelling, Base):
    """An entry of one of the unit's editable lists (舆情渠道, 事项分类 …): a stable code, the
    label shown and printed, its place in the list, and whether it is still offered."""

    __tablename__ = "choice"
    __table_args__ = (UniqueConstraint("list", "code", name="uq_choice_list_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list: Mapped[str] = mapped_column(String(30), index=True)
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(50))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Finding(Travelling, Base):
    """A finding of a period's 分析研判: a weakness and/or the measure taken against it.

    Reports draw their 薄弱环节 (problem_*) and 措施 (measure_*) from these; a row may carry
    only a measure. Open findings are carried over until closed.
    """

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    problem_title: Mapped[str] = mapped_column(String(200), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    measure_title: Mapped[str] = mapped_column(String(200), default="")
    measure: Mapped[str] = mapped_column(Text, default="")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="SET NULL"))
    status: Mapped[FindingStatus] = mapped_column(
        code_enum(FindingStatus), default=FindingStatus.OPEN
    )
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # The 专题督查 that found it, if one did (its findings go to the 研判整改 lists).
    inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection.id", ondelete="SET NULL"), index=True
    )

    office: Mapped[Office | None] = relationship()


class GeneratedDocument(Travelling, Base):
    """A report drafted from a template, as edited by the user and archived with its 文号."""

    __tablename__ = "generated_document"
    __table_args__ = (UniqueConstraint("doc_number", name="uq_generated_document_doc_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    # The record a document is about, for per-record templates (a case's 处置单): its uid.
    subject: Mapped[str] = mapped_column(String(36), default="")
    doc_number: Mapped[str | None] = mapped_column(String(50))
    markup: Mapped[str] = mapped_column(Text)
    docx_path: Mapped[str] = mapped_column(String(500), default="")
    pdf_path: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    printed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """One change, written in the same transaction as the change itself.

    Entries form a hash chain (each hash covers the previous one); since scheme 3 each hash is
    an HMAC under a key kept outside the database, and the last entry of a transaction carries
    the digests of the rows it changed, so `check` can tell that the trail was not edited or
    cut, and that the records are as the trail last left them.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    workstation: Mapped[str] = mapped_column(String(100), default="")
    # Which fields the hash covers: 1 for entries of release 0.1 (no actor), 2 with the actor
    # (plain SHA-256), 3 sealed with the database's key (HMAC-SHA256) with the record states.
    scheme: Mapped[int] = mapped_column(Integer, default=3)
    # Scheme 3: the id of the key the entry is sealed with (the key itself is not here), and
    # a JSON document: the rows the transaction left behind ({"tables": …}), and on the first
    # entry under a key, the baseline of the tables or the key it follows ("rekey").
    key_id: Mapped[str] = mapped_column(String(36), default="")
    state: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))


class UserAccount(Base):
    """A person who logs in to the app (several PCs on one server; optional on one PC).

    Roles: 管理员 (admin: everything, and the users), 经办人 (clerk: edits the modules listed in
    `modules`, views and prints the rest), 只读 (viewer: views and prints). The password is
    stored as salted scrypt with its parameters, never in clear; wrong tries in a row and the
    time of the last one are kept here so that a restart does not cut the wait short."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[str] = mapped_column(String(20))  # "admin", "clerk" or "viewer"
    # Clerks: the modules they edit, comma-separated codes (matrix, studies, sentiment …).
    modules: Mapped[str] = mapped_column(String(200), default="")
    password: Mapped[str] = mapped_column(Text)  # JSON: scheme, parameters, salt, hash
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read once by the mapper)


class ServerAuditKey(Base):
    """The audit trail's key where the database is on a server shared by several PCs: every
    PC must seal and check with the same key, so it is kept with the data, guarded by the
    server's accounts (on one PC the key stays outside the database, see audit_key)."""

    __tablename__ = "server_audit_key"

    key_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    secret: Mapped[str] = mapped_column(String(100))  # base64 of the 32-byte key
    created_at: Mapped[str] = mapped_column(String(32), default="")


class DayMark(Base):
    """A day the unit marks on its calendar: a day off of its own (a local holiday) or a
    working day (a 调休 the holiday calendar does not know), over the statutory calendar."""

    __tablename__ = "day_mark"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "holiday" or "workday"
    name: Mapped[str] = mapped_column(String(30), default="")


class Setting(Base):
    """A user setting (font choices, backup rotation …) as a key and a JSON value."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- the reporting calendar (报送日历) ---------------------------------------------------------
class ReportDue(Travelling, Base):
    """A document the unit owes: which template, to whom, how often and how long after its
    period it is due. It counts as handed up for a period when an archived document of that
    template and period exists.

    `cadence`: "quarter", "half", "year" (due `due_days` after the period ends) or
    "year_start" (the year's plans: due `due_days` after 1 January)."""

    __tablename__ = "report_due"

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    recipient: Mapped[str] = mapped_column(String(100), default="")
    cadence: Mapped[str] = mapped_column(String(16))
    due_days: Mapped[int] = mapped_column(Integer, default=10)
    basis: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- evidence files (佐证材料) -----------------------------------------------------------------
class StoredFile(Base):
    """One file's content, kept once however many records refer to it (content-addressed by
    its SHA-256). On SQLite the bytes live in the data folder; on a server shared by several
    PCs, in `stored_file_chunk`."""

    __tablename__ = "stored_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100), default="")
    in_database: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class StoredFileChunk(Base):
    """A piece of a stored file's bytes, where files are kept in the database (a server):
    read and written a chunk at a time, so a large scan never sits whole in memory."""

    __tablename__ = "stored_file_chunk"

    sha256: Mapped[str] = mapped_column(
        ForeignKey("stored_file.sha256", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Travelling, Base):
    """A file attached to a record (a study session, a case, a task, a finding, an archived
    document …): the record by its table and uid, the file by its content.

    `kind` sorts it for the binder: "sign_in" (签到表), "photo" (影像), "record" (记录、纪要),
    "other"."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_table: Mapped[str] = mapped_column(String(40))
    owner_uid: Mapped[str] = mapped_column(String(36), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    caption: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    stored: Mapped[StoredFile] = relationship()


# --- ideology positions (阵地管理) -------------------------------------------------------------
class Position(Travelling, Base):
    """A position the unit runs: a 公众号, a 微信群/QQ群, a short-video account, a website, the
    宣传栏, an 电子屏 … (`kind`: a code of the unit's editable list "position_kind"), under an
    office and a named owner, with someone who reviews what is published."""

    __tablename__ = "ideology_position"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(100))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="SET NULL"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    audience: Mapped[int | None] = mapped_column(Integer)  # members or followers
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    office: Mapped[Office | None] = relationship()
    manager: Mapped[Person | None] = relationship(foreign_keys=[manager_id])
    reviewer: Mapped[Person | None] = relationship(foreign_keys=[reviewer_id])


class PositionEvent(Travelling, Base):
    """A 报告会、研讨会、讲座、论坛 or 培训 (`kind`: list "event_kind"): held only after the 党委
    approved it and the 宣传部 was told (谁主管谁负责、谁审批谁监督)."""

    __tablename__ = "position_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    speaker: Mapped[str] = mapped_column(String(50), default="")
    speaker_unit: Mapped[str] = mapped_column(String(100), default="")
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(100), default="")
    audience: Mapped[int | None] = mapped_column(Integer)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="SET NULL"))
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    approved_by: Mapped[str] = mapped_column(String(100), default="")
    filed_on: Mapped[dt.date | None] = mapped_column(Date)  # 宣传部备案
    note: Mapped[str] = mapped_column(Text, default="")

    office: Mapped[Office | None] = relationship()


class PositionReview(Travelling, Base):
    """A check of something published on a position: when, what, by whom, with what result."""

    __tablename__ = "position_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("ideology_position.id", ondelete="CASCADE"), index=True
    )
    reviewed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    result: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    position: Mapped[Position] = relationship()
    reviewer: Mapped[Person | None] = relationship()


# --- checks and assessment (检查考核), accountability (责任追究) --------------------------------
class ChecklistItem(Travelling, Base):
    """An item of a year's 考核细则 with its points, under a group (一、学习教育 …)."""

    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    group_name: Mapped[str] = mapped_column(String(100), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    points: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    basis: Mapped[str] = mapped_column(Text, default="")  # how it is checked, what to deduct


class Assessment(Travelling, Base):
    """One year's assessment of an office (or of a leader) against the year's checklist."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    assessors: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    office: Mapped[Office | None] = relationship()
    person: Mapped[Person | None] = relationship()
    scores: Mapped[list[AssessmentScore]] = relationship(
        cascade="all, delete-orphan", back_populates="assessment"
    )


class AssessmentScore(Travelling, Base):
    """The score an assessment gives one checklist item, the deduction's reason and the
    records that bear it out (`evidence`: JSON list of {"table", "uid", "label"})."""

    __tablename__ = "assessment_score"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item_id", name="uq_assessment_score_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_item.id", ondelete="CASCADE"))
    score: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="scores")
    item: Mapped[ChecklistItem] = relationship()


class Inspection(Travelling, Base):
    """A 专题督查: when, who checked, what and whom; what it found goes to 研判整改 (Finding)."""

    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_on: Mapped[dt.date] = mapped_column(Date, index=True)
    inspectors: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text, default="")

    office: Mapped[Office | None] = relationship()


class AccountabilityCase(Travelling, Base):
    """A 责任追究: which of the rules' 情形 (`situation`: its number in the list), who, what
    was done about it and when."""

    __tablename__ = "accountability_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    situation: Mapped[int] = mapped_column(Integer)
    person_name: Mapped[str] = mapped_column(String(50), default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="SET NULL"))
    facts: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person | None] = relationship()
    office: Mapped[Office | None] = relationship()


# --- identity of new travelling records ------------------------------------------------------
TRAVELLING_MODELS: tuple[type[Travelling], ...] = (
    Unit,
    Office,
    Person,
    Task,
    TaskProgress,
    StudySession,
    QuotaRule,
    SentimentCase,
    CaseEvent,
    Choice,
    Finding,
    GeneratedDocument,
    ReportDue,
    Attachment,
    Position,
    PositionEvent,
    PositionReview,
    ChecklistItem,
    Assessment,
    AssessmentScore,
    Inspection,
    AccountabilityCase,
)
_ORIGIN_KEY = "ideowork.origin_unit"


@event.listens_for(Session, "before_flush")
def _stamp_new_records(session: Session, _context: Any, _instances: Any) -> None:
    """Give each new record its uid and this database's unit as its origin."""
    new = [row for row in session.new if isinstance(row, Travelling)]
    if not new:
        return
    for row in new:
        row.uid = row.uid or new_uid()
    origin = session.info.get(_ORIGIN_KEY)
    if origin is None:
        with session.no_autoflush:
            origin = session.scalar(select(Unit.uid).order_by(Unit.id).limit(1))
        if origin is None:
            first_unit = next((row for row in new if isinstance(row, Unit)), None)
            if first_unit is None:
                return  # no unit yet: stamped when the unit is created (below)
            origin = first_unit.uid
            # Records made before the unit existed belong to it too.
            for model in TRAVELLING_MODELS:
                table = model.__table__  # type: ignore[attr-defined]
                session.connection().execute(
                    table.update().where(table.c.origin == "").values(origin=origin)
                )
        session.info[_ORIGIN_KEY] = origin
    for row in new:
        row.origin = row.origin or origin
