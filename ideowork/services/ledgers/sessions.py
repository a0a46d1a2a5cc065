"""Recording study sessions and meetings: new, edit, copy as the next one, delete with undo,
and who attended — everyone who belonged to the unit that day, present unless marked absent
with a reason. Also the days the unit marks on its calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from ideowork.db.models import Attendance, DayMark, Person, StudySession
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.validation import (
    check_date,
    optional_label,
    optional_text,
    required_label,
    required_text,
)
from ideowork.domain.vocab import SessionStatus, StudyKind
from ideowork.domain.workdays import WorkCalendar
from ideowork.services.choices import STUDY_KINDS, ChoiceService
from ideowork.services.concurrency import check_version, deleted_conflict
from ideowork.services.ledgers.studies import work_calendar
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

TOPIC_MAX, NOTE_MAX, MAX_HOURS = 2000, 2000, Decimal("24")


@dataclass(frozen=True)
class AttendanceMark:
    person_id: int
    present: bool = True
    reason: str = ""  # why absent: 公出, 病假, 事假 …


@dataclass(frozen=True)
class SessionDraft:
    """A session as entered in the form; `id` None records a new one."""

    held_on: dt.date
    kind: str
    topic: str
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    meeting_name: str = ""
    ideology_related: bool = False
    host_id: int | None = None
    lecturer: str = ""
    location: str = ""
    hours: Decimal = Decimal("0")
    materials: str = ""
    note: str = ""
    counts_toward_quota: bool = True
    status: SessionStatus = SessionStatus.HELD
    # None: a new session has everyone on the roster present; an edited one keeps its list.
    attendance: tuple[AttendanceMark, ...] | None = None
    id: int | None = None
    # The version the session was loaded at: a save from an older one is an EditConflict
    # (None: a new session, or a caller that does not edit a loaded copy).
    version: int | None = None


@dataclass(frozen=True)
class Attendee:
    person_id: int
    name: str
    post: str
    present: bool
    reason: str


@dataclass(frozen=True)
class SessionDetail:
    id: int
    uid: str
    draft: SessionDraft
    kind_label: str
    host_name: str
    attendees: tuple[Attendee, ...]

    @property
    def present_count(self) -> int:
        return sum(1 for a in self.attendees if a.present)

    @property
    def absent(self) -> tuple[Attendee, ...]:
        return tuple(a for a in self.attendees if not a.present)


@dataclass(frozen=True)
class DeletedSession:
    """The undo token of a delete: everything to put the session back, uid included."""

    uid: str
    draft: SessionDraft
    label: str


@dataclass(frozen=True)
class RosterEntry:
    person_id: int
    name: str
    post: str


def belongs_on(day: dt.date) -> ColumnElement[bool]:
    """People on a day's roster: joined by then and not yet left; a person marked 不在岗
    without a leaving date is taken to have left already."""
    return and_(
        or_(Person.joined_on.is_(None), Person.joined_on <= day),
        or_(
            and_(Person.left_on.is_(None), Person.active.is_(True)),
            Person.left_on >= day,
        ),
    )


def roster(session: Session, day: dt.date) -> list[Person]:
    return list(
        session.scalars(
            select(Person).where(belongs_on(day)).order_by(Person.sort_order, Person.id)
        )
    )


def _hours(value: Decimal | float | str) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"学时“{value}”不是数字，请填写如 1.5。", field="hours") from None
    if not Decimal("0") <= hours <= MAX_HOURS:
        raise ValidationError(f"学时应在0到{MAX_HOURS}之间，现为{hours}。", field="hours")
    return hours


def _label(draft: SessionDraft) -> str:
    topic = draft.topic if len(draft.topic) <= 20 else draft.topic[:20] + "…"
    return f"{draft.held_on:%Y-%m-%d} {topic}"


class SessionService:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    # --- reading ----------------------------------------------------------------------------
    def detail(self, session_id: int) -> SessionDetail:
        with self.runtime.read() as session:
            row = self._get(session, session_id)
            return self._detail(session, row)

    def id_of(self, uid: str) -> int | None:
        with self.runtime.read() as session:
            return session.scalar(select(StudySession.id).where(StudySession.uid == uid))

    def roster(self, day: dt.date) -> list[RosterEntry]:
        """Who belonged to the unit on `day`, in the unit's order (the attendance list)."""
        with self.runtime.read() as session:
            return [RosterEntry(p.id, p.name, p.post) for p in roster(session, day)]

    def new_draft(self, day: dt.date | None = None) -> SessionDraft:
        """A blank form for `day` (default today): planned if in the future, else held."""
        day = day or self.runtime.today()
        status = SessionStatus.PLANNED if day > self.runtime.today() else SessionStatus.HELD
        return SessionDraft(
            held_on=day,
            kind=StudyKind.COLLECTIVE,
            topic="",
            start_time=dt.time(9, 0),
            end_time=dt.time(10, 30),
            hours=Decimal("1.5"),
            status=status,
        )

    def copy_as_next(self, session_id: int) -> SessionDraft:
        """The same kind of session a week later, planned, on the next working day: the form
        of a recurring meeting (the user changes the date and topic as needed)."""
        detail = self.detail(session_id)
        calendar = self.calendar(detail.draft.held_on.year, detail.draft.held_on.year + 1)
        day = detail.draft.held_on + dt.timedelta(days=7)
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        status = SessionStatus.PLANNED if day > self.runtime.today() else SessionStatus.HELD
        return replace(
            detail.draft, id=None, version=None, held_on=day, status=status, attendance=None
        )

    def calendar(self, *years: int) -> WorkCalendar:
        with self.runtime.read() as session:
            return work_calendar(session, years)

    # --- writing ----------------------------------------------------------------------------
    def save(self, draft: SessionDraft) -> SessionDetail:
        cleaned = self._clean(draft)
        with self.runtime.write() as session:
            if cleaned.id is None:
                row = StudySession(topic="")
                session.add(row)
                before = None
            else:
                row = self._get(session, cleaned.id, cleaned.version)
                before = snapshot(row)
            self._apply(session, row, cleaned)
            if before is not None:  # an attendance-only edit counts the version up too
                flag_modified(row, "topic")
            session.flush()
            audit.record(
                session,
                "update" if before else "create",
                "study_session",
                row.id,
                f"{'修改' if before else '记录'}学习活动：{_label(cleaned)}",
                before,
                snapshot(row),
            )
            return self._detail(session, row)

    def delete(self, session_id: int, version: int | None = None) -> DeletedSession:
        """Delete a session with its attendance; the token puts it back (`undo_delete`).
        `version`: the one the user saw; changed since, the delete asks again (EditConflict)."""
        with self.runtime.write() as session:
            row = self._get(session, session_id, version, deleting=True)
            detail = self._detail(session, row)
            token = DeletedSession(row.uid, detail.draft, _label(detail.draft))
            before = snapshot(row)
            session.delete(row)
            audit.record(
                session,
                "delete",
                "study_session",
                session_id,
                f"删除学习活动：{token.label}",
                before,
            )
            return token

    def undo_delete(self, token: DeletedSession) -> SessionDetail:
        """Put a deleted session back, with its attendance and its uid (a new id)."""
        with self.runtime.write() as session:
            row = StudySession(topic="", uid=token.uid)
            session.add(row)
            self._apply(session, row, replace(token.draft, id=None, version=None))
            session.flush()
            audit.record(
                session,
                "restore",
                "study_session",
                row.id,
                f"撤销删除，恢复学习活动：{token.label}",
                None,
                snapshot(row),
            )
            return self._detail(session, row)

    def mark_day(self, day: dt.date, kind: str, name: str) -> None:
        """Mark a day of the unit's own: a day off ("holiday") or a working day ("workday")."""
        if kind not in ("holiday", "workday"):
            raise ValidationError("请选择“放假”或“上班”。", field="kind")
        check_date(day, "标记的日期", "day")
        text = required_label(name, "说明", 30, "name")
        with self.runtime.write("day_mark") as session:
            row = session.get(DayMark, day) or DayMark(day=day)
            before = {"kind": row.kind, "name": row.name} if row.kind else None
            row.kind, row.name = kind, text
            session.add(row)
            what = "放假" if kind == "holiday" else "上班"
            audit.record(
                session,
                "update" if before else "create",
                "day_mark",
                None,
                f"标记{day:%Y-%m-%d}为{what}：{text}",
                before,
                {"kind": kind, "name": text},
            )

    def unmark_day(self, day: dt.date) -> None:
        with self.runtime.write("day_mark") as session:
            row = session.get(DayMark, day)
            if row is None:
                return
            before = {"kind": row.kind, "name": row.name}
            session.delete(row)
            audit.record(session, "delete", "day_mark", None, f"取消{day:%Y-%m-%d}的标记", before)

    # --- helpers ----------------------------------------------------------------------------
    def _clean(self, draft: SessionDraft) -> SessionDraft:
        if not isinstance(draft.held_on, dt.date):
            raise ValidationError("请填写日期。", field="held_on")
        check_date(draft.held_on, "日期", "held_on")
        if draft.kind not in self.choices.labels(STUDY_KINDS):
            raise ValidationError("请选择类别。", field="kind")
        status = SessionStatus(draft.status)
        if status is SessionStatus.HELD and draft.held_on > self.runtime.today():
            raise ValidationError(
                f"{draft.held_on:%Y-%m-%d}还没到，不能记为“已开展”；请改为“计划”，或核对日期。",
                field="status",
            )
        if draft.start_time and draft.end_time and draft.end_time <= draft.start_time:
            raise ValidationError(
                f"结束时间（{draft.end_time:%H:%M}）应晚于开始时间（{draft.start_time:%H:%M}）。",
                field="end_time",
            )
        for mark in draft.attendance or ():
            optional_text(mark.reason, "缺席原因", 100, "attendance")
        return replace(
            draft,
            topic=required_text(draft.topic, "学习内容（主题）", TOPIC_MAX, "topic"),
            # One-line names: folded to one spelling (no line breaks, no invisible characters).
            meeting_name=optional_label(draft.meeting_name, "会议名称", 100, "meeting_name"),
            lecturer=optional_label(draft.lecturer, "主讲人", 100, "lecturer"),
            location=optional_label(draft.location, "地点", 100, "location"),
            materials=optional_text(draft.materials, "学习材料", TOPIC_MAX, "materials"),
            note=optional_text(draft.note, "备注", NOTE_MAX, "note"),
            hours=_hours(draft.hours),
            status=status,
        )

    def _apply(self, session: Session, row: StudySession, draft: SessionDraft) -> None:
        with session.no_autoflush:  # a new row is still empty: looking up must not flush it
            host = session.get(Person, draft.host_id) if draft.host_id is not None else None
        if draft.host_id is not None and host is None:
            raise ValidationError("所选的主持人已不存在，请重新选择。", field="host")
        row.held_on, row.kind, row.topic = draft.held_on, draft.kind, draft.topic
        row.start_time, row.end_time = draft.start_time, draft.end_time
        row.meeting_name, row.ideology_related = draft.meeting_name, draft.ideology_related
        row.host_id, row.lecturer, row.location = draft.host_id, draft.lecturer, draft.location
        row.hours, row.materials, row.note = draft.hours, draft.materials, draft.note
        row.counts_toward_quota, row.status = draft.counts_toward_quota, draft.status
        if draft.attendance is None and row.id is not None and row.attendance:
            return  # edited without touching the list: it stays as recorded
        marks = {m.person_id: m for m in draft.attendance or ()}
        belonging = roster(session, draft.held_on)
        known = {p.id for p in belonging}
        # Someone outside the day's roster may still be on the list (a guest, a late change).
        extra = [pid for pid in marks if pid not in known]
        people = belonging + [p for p in (session.get(Person, pid) for pid in extra) if p]
        row.attendance = [
            Attendance(
                person_id=person.id,
                present=marks[person.id].present if person.id in marks else True,
                absence_reason=(
                    marks[person.id].reason
                    if person.id in marks and not marks[person.id].present
                    else ""
                ),
            )
            for person in people
        ]

    def _detail(self, session: Session, row: StudySession) -> SessionDetail:
        kinds = self.choices.labels(STUDY_KINDS)
        marks = tuple(
            AttendanceMark(a.person_id, a.present, a.absence_reason) for a in row.attendance
        )
        people = {
            p.id: p
            for p in session.scalars(
                select(Person).where(Person.id.in_([a.person_id for a in row.attendance]))
            )
        }
        attendees = sorted(
            (
                Attendee(
                    a.person_id,
                    people[a.person_id].name,
                    people[a.person_id].post,
                    a.present,
                    a.absence_reason,
                )
                for a in row.attendance
                if a.person_id in people
            ),
            key=lambda a: (people[a.person_id].sort_order, a.person_id),
        )
        draft = SessionDraft(
            id=row.id,
            held_on=row.held_on,
            kind=row.kind,
            topic=row.topic,
            start_time=row.start_time,
            end_time=row.end_time,
            meeting_name=row.meeting_name,
            ideology_related=row.ideology_related,
            host_id=row.host_id,
            lecturer=row.lecturer,
            location=row.location,
            hours=row.hours,
            materials=row.materials,
            note=row.note,
            counts_toward_quota=row.counts_toward_quota,
            status=row.status,
            attendance=marks,
            version=row.version,
        )
        return SessionDetail(
            id=row.id,
            uid=row.uid,
            draft=draft,
            kind_label=kinds.get(row.kind, row.kind),
            host_name=row.host.name if row.host else "",
            attendees=tuple(attendees),
        )

    @staticmethod
    def _get(
        session: Session, session_id: int, version: int | None = None, *, deleting: bool = False
    ) -> StudySession:
        """The session; given the version the user loaded, one changed or deleted since is
        an EditConflict."""
        row = session.scalar(
            select(StudySession)
            .where(StudySession.id == session_id)
            .options(selectinload(StudySession.attendance), selectinload(StudySession.host))
        )
        if row is None:
            if version is not None:
                raise deleted_conflict(session, StudySession, session_id, deleting=deleting)
            raise NotFoundError(
                f"找不到该学习活动（编号 {session_id}），可能已被删除，请刷新后重试。"
            )
        check_version(session, row, version, deleting=deleting)
        return row
