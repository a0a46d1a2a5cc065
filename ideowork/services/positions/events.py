"""报告会、研讨会、讲座、论坛、培训: each held only after the 党委 approved it and the 宣传部
was told. The check (ideowork.domain.positions.check_event) is made whenever an event is read,
so the page, the ledger and the reports flag the same events for the same reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import PositionEvent
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.positions import EVENT_KINDS, NO_CHECK, EventCheck, check_event
from ideowork.domain.validation import check_date, optional_label, optional_text, required_text
from ideowork.services.concurrency import get_for_edit
from ideowork.services.positions.common import checked_audience, checked_day, checked_office
from ideowork.services.positions.kinds import KindLists, seed_lists
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit


@dataclass(frozen=True)
class EventInfo:
    id: int | None
    kind: str
    topic: str
    held_on: dt.date
    speaker: str = ""
    speaker_unit: str = ""
    place: str = ""
    audience: int | None = None
    office_id: int | None = None
    approved_on: dt.date | None = None  # 党委审批
    approved_by: str = ""
    filed_on: dt.date | None = None  # 宣传部备案
    note: str = ""
    # Shown, not saved.
    kind_label: str = ""
    office_name: str = ""
    check: EventCheck = NO_CHECK
    version: int | None = None  # as loaded: a save from an older one is an EditConflict

    @property
    def flagged(self) -> bool:
        return self.check.flagged

    @property
    def flag_text(self) -> str:
        return self.check.text


@dataclass(frozen=True)
class EventQuery:
    period: Period | None = None  # None: every year
    kind: str | None = None
    office_id: int | None = None
    flagged_only: bool = False


def event_info(row: PositionEvent, labels: dict[str, str], today: dt.date) -> EventInfo:
    return EventInfo(
        id=row.id,
        kind=row.kind,
        topic=row.topic,
        held_on=row.held_on,
        speaker=row.speaker,
        speaker_unit=row.speaker_unit,
        place=row.place,
        audience=row.audience,
        office_id=row.office_id,
        approved_on=row.approved_on,
        approved_by=row.approved_by,
        filed_on=row.filed_on,
        note=row.note,
        kind_label=labels.get(row.kind, row.kind),
        office_name=row.office.name if row.office else "",
        check=check_event(row.held_on, row.approved_on, row.filed_on, today),
        version=row.version,
    )


def events_in(
    session: Session, query: EventQuery, labels: dict[str, str], today: dt.date
) -> list[EventInfo]:
    statement = select(PositionEvent).options(selectinload(PositionEvent.office))
    if query.period is not None:
        statement = statement.where(
            PositionEvent.held_on.between(query.period.start, query.period.end)
        )
    if query.kind:
        statement = statement.where(PositionEvent.kind == query.kind)
    if query.office_id is not None:
        statement = statement.where(PositionEvent.office_id == query.office_id)
    rows = session.scalars(statement.order_by(PositionEvent.held_on, PositionEvent.id))
    events = [event_info(r, labels, today) for r in rows]
    # A unit holds a few dozen events a year: the check is made here, not in SQL.
    return [e for e in events if e.flagged] if query.flagged_only else events


def _validated(info: EventInfo, kinds: KindLists) -> EventInfo:
    cleaned = replace(
        info,
        kind=kinds.check(EVENT_KINDS, info.kind, "kind"),
        topic=required_text(info.topic, "活动主题", 200, "topic"),
        speaker=optional_label(info.speaker, "报告人", 50, "speaker"),
        speaker_unit=optional_label(info.speaker_unit, "报告人单位", 100, "speaker_unit"),
        place=optional_label(info.place, "地点", 100, "place"),
        approved_by=optional_label(info.approved_by, "审批人", 100, "approved_by"),
        note=optional_text(info.note, "备注", 2000, "note"),
        audience=checked_audience(info.audience, "参加人数"),
        held_on=check_date(info.held_on, "举办日期", "held_on"),
        approved_on=checked_day(info.approved_on, "审批日期", "approved_on"),
        filed_on=checked_day(info.filed_on, "备案日期", "filed_on"),
    )
    if cleaned.approved_by and cleaned.approved_on is None:
        raise ValidationError(
            "填写了审批人，请同时填写党委审批的日期（见审批单或会议纪要）。", field="approved_on"
        )
    return cleaned


def _get(
    session: Session, event_id: int, version: int | None = None, *, deleting: bool = False
) -> PositionEvent:
    row: PositionEvent = get_for_edit(
        session,
        PositionEvent,
        event_id,
        version,
        lambda: NotFoundError(f"找不到该活动（编号 {event_id}），可能已被删除，请刷新后重试。"),
        deleting=deleting,
    )
    return row


class EventService:
    def __init__(self, runtime: Runtime, kinds: KindLists) -> None:
        self.runtime = runtime
        self.kinds = kinds

    def find(self, query: EventQuery = EventQuery()) -> list[EventInfo]:
        labels = self.kinds.labels(EVENT_KINDS)
        with self.runtime.read() as session:
            return events_in(session, query, labels, self.runtime.today())

    def get(self, event_id: int) -> EventInfo:
        labels = self.kinds.labels(EVENT_KINDS)
        with self.runtime.read() as session:
            return event_info(_get(session, event_id), labels, self.runtime.today())

    def years(self) -> list[int]:
        with self.runtime.read() as session:
            days = session.scalars(select(PositionEvent.held_on).distinct())
            return sorted({day.year for day in days})

    def save(self, info: EventInfo) -> EventInfo:
        cleaned = _validated(info, self.kinds)
        with self.runtime.write() as session:
            seed_lists(session)
            checked_office(session, cleaned.office_id, "组织股室")
            if cleaned.id is None:
                row = PositionEvent(kind=cleaned.kind, topic=cleaned.topic, held_on=cleaned.held_on)
                session.add(row)
                before = None
            else:
                row = _get(session, cleaned.id, cleaned.version)
                before = snapshot(row)
            row.kind, row.topic, row.held_on = cleaned.kind, cleaned.topic, cleaned.held_on
            row.speaker, row.speaker_unit = cleaned.speaker, cleaned.speaker_unit
            row.place, row.audience, row.office_id = (
                cleaned.place,
                cleaned.audience,
                cleaned.office_id,
            )
            row.approved_on, row.approved_by = cleaned.approved_on, cleaned.approved_by
            row.filed_on, row.note = cleaned.filed_on, cleaned.note
            session.flush()
            session.refresh(row)
            saved = event_info(row, self.kinds.labels(EVENT_KINDS), self.runtime.today())
            flagged = f"（{saved.flag_text}）" if saved.flagged else ""
            audit.record(
                session,
                "update" if before else "create",
                "position_event",
                row.id,
                f"{'修改' if before else '登记'}{saved.kind_label}：{row.topic}{flagged}",
                before,
                snapshot(row),
            )
            return saved

    def delete(self, event_id: int, version: int | None = None) -> None:
        with self.runtime.write() as session:
            row = _get(session, event_id, version, deleting=True)
            before = snapshot(row)
            session.delete(row)
            audit.record(
                session, "delete", "position_event", event_id, f"删除活动：{row.topic}", before
            )
