"""单位信息: the unit, its people and its offices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ideowork.db.models import Office, Person, Task, Unit, task_leader, task_office
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.names import office_key, office_name_form
from ideowork.domain.validation import (
    doc_prefix,
    office_name,
    optional_label,
    optional_text,
    person_name,
    required_label,
)
from ideowork.domain.vocab import PersonRole
from ideowork.services.concurrency import check_version, get_for_edit
from ideowork.services.ledgers.studies import seed_default_rules
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

M = TypeVar("M", Office, Person)


@dataclass(frozen=True)
class UnitInfo:
    full_name: str
    short_name: str = ""
    organ_kind: str = "党组"
    issuer_mark: str = ""
    doc_prefix: str = ""
    superior_committee: str = ""
    propaganda_dept: str = ""
    signature: str = ""
    printing_office: str = ""
    # The stored version this was loaded at (None: not loaded for editing, never refused).
    version: int | None = None

    @property
    def display_signature(self) -> str:
        return self.signature or self.full_name


@dataclass(frozen=True)
class OfficeInfo:
    id: int | None
    name: str
    sort_order: int = 0
    note: str = ""
    version: int | None = None  # as loaded; a save from an older one is an EditConflict


@dataclass(frozen=True)
class PersonInfo:
    id: int | None
    name: str
    post: str = ""
    role: PersonRole = PersonRole.STAFF
    office_id: int | None = None
    office_name: str = ""
    sort_order: int = 0
    active: bool = True
    note: str = ""
    joined_on: dt.date | None = None  # when they joined the unit (None: as far as known)
    left_on: dt.date | None = None  # when they left it (None: still here, or unknown)
    version: int | None = None  # as loaded; a save from an older one is an EditConflict


def unit_info(row: Unit) -> UnitInfo:
    return UnitInfo(
        full_name=row.full_name,
        short_name=row.short_name,
        organ_kind=row.organ_kind,
        issuer_mark=row.issuer_mark,
        doc_prefix=row.doc_prefix,
        superior_committee=row.superior_committee,
        propaganda_dept=row.propaganda_dept,
        signature=row.signature,
        printing_office=row.printing_office,
        version=row.version,
    )


def _person_info(row: Person) -> PersonInfo:
    return PersonInfo(
        id=row.id,
        name=row.name,
        post=row.post,
        role=row.role,
        office_id=row.office_id,
        office_name=row.office.name if row.office else "",
        sort_order=row.sort_order,
        active=row.active,
        note=row.note,
        joined_on=row.joined_on,
        left_on=row.left_on,
        version=row.version,
    )


def _office_info(row: Office) -> OfficeInfo:
    return OfficeInfo(
        id=row.id, name=row.name, sort_order=row.sort_order, note=row.note, version=row.version
    )


def validate_unit(info: UnitInfo) -> UnitInfo:
    return replace(
        info,
        full_name=required_label(info.full_name, "单位全称", 100, "full_name"),
        short_name=optional_label(info.short_name, "单位简称", 50, "short_name"),
        organ_kind=optional_label(info.organ_kind, "组织类别", 20, "organ_kind") or "党组",
        issuer_mark=optional_label(info.issuer_mark, "发文机关标志", 100, "issuer_mark"),
        doc_prefix=doc_prefix(info.doc_prefix),
        superior_committee=optional_label(
            info.superior_committee, "上级党委", 100, "superior_committee"
        ),
        propaganda_dept=optional_label(info.propaganda_dept, "宣传部门", 100, "propaganda_dept"),
        signature=optional_label(info.signature, "署名", 100, "signature"),
        printing_office=optional_label(info.printing_office, "印发机关", 100, "printing_office"),
    )


class UnitService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    # --- the unit -------------------------------------------------------------------------
    def get_unit(self) -> UnitInfo | None:
        with self.runtime.read() as session:
            row = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
            return unit_info(row) if row else None

    def save_unit(self, info: UnitInfo) -> UnitInfo:
        cleaned = validate_unit(info)
        with self.runtime.write() as session:
            row = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
            before = snapshot(row) if row else None
            if row is None:
                row = Unit(full_name=cleaned.full_name)
                session.add(row)
                seed_default_rules(session)  # a new unit starts with the standard 任务指标
            else:
                check_version(session, row, info.version)
            for key, value in cleaned.__dict__.items():
                if key != "version":  # counted by SQLAlchemy, never set from a form
                    setattr(row, key, value)
            session.flush()
            audit.record(
                session,
                "update" if before else "create",
                "unit",
                row.id,
                f"保存单位信息：{cleaned.full_name}",
                before,
                snapshot(row),
            )
            return unit_info(row)

    # --- offices --------------------------------------------------------------------------
    def list_offices(self) -> list[OfficeInfo]:
        with self.runtime.read() as session:
            rows = session.scalars(select(Office).order_by(Office.sort_order, Office.id))
            return [_office_info(r) for r in rows]

    def save_office(self, info: OfficeInfo) -> OfficeInfo:
        name = office_name(info.name)
        note = optional_text(info.note, "备注", 500, "note")
        with self.runtime.write() as session:
            # Compared by key, so "办公室\ufeff" or "ＡＢＣ股" saved by an older version clash too.
            key = office_key(name)
            clash = next(
                (
                    o
                    for o in session.scalars(select(Office).where(Office.id != (info.id or -1)))
                    if office_key(o.name) == key
                ),
                None,
            )
            if clash:
                shown = office_name_form(clash.name)  # without the invisible characters
                same = f"（已有的写作“{shown}”）" if shown != name else ""
                raise ValidationError(
                    f"已有名为“{name}”的股室{same}，请换一个名称，或直接使用已有的股室。",
                    field="name",
                )
            if info.id is None:
                sort_order = info.sort_order or _next_order(session, Office)
                row = Office(name=name, sort_order=sort_order, note=note)
                session.add(row)
                before = None
            else:
                row = _get(session, Office, info.id, "股室", info.version)
                before = snapshot(row)
                row.name, row.note, row.sort_order = name, note, info.sort_order
            session.flush()
            audit.record(
                session,
                "update" if before else "create",
                "office",
                row.id,
                f"保存股室：{name}",
                before,
                snapshot(row),
            )
            return _office_info(row)

    def delete_office(self, office_id: int, version: int | None = None) -> None:
        """`version`: the one the user saw; changed since, the delete asks again (EditConflict)."""
        with self.runtime.write() as session:
            row = _get(session, Office, office_id, "股室", version, deleting=True)
            in_use = session.scalar(
                select(func.count())
                .select_from(task_office)
                .where(task_office.c.office_id == office_id)
            )
            if in_use:
                raise ValidationError(
                    f"股室“{row.name}”是{in_use}项责任任务的责任股室，请先在责任清单中改由其他股室负责。"
                )
            before = snapshot(row)
            session.delete(row)
            audit.record(session, "delete", "office", office_id, f"删除股室：{row.name}", before)

    # --- people ---------------------------------------------------------------------------
    def list_people(self, active_only: bool = False) -> list[PersonInfo]:
        with self.runtime.read() as session:
            # Each person's office in the same query, not one query per office.
            query = (
                select(Person)
                .options(joinedload(Person.office))
                .order_by(Person.sort_order, Person.id)
            )
            if active_only:
                query = query.where(Person.active.is_(True))
            return [_person_info(r) for r in session.scalars(query)]

    def save_person(self, info: PersonInfo) -> PersonInfo:
        name = person_name(info.name)
        post = optional_text(info.post, "职务", 100, "post")
        note = optional_text(info.note, "备注", 500, "note")
        with self.runtime.write() as session:
            if info.office_id is not None:
                _get(session, Office, info.office_id, "股室")
            if info.id is None:
                row = Person(name=name, sort_order=info.sort_order or _next_order(session, Person))
                session.add(row)
                before = None
            else:
                row = _get(session, Person, info.id, "人员", info.version)
                before = snapshot(row)
                row.sort_order = info.sort_order
            row.name, row.post, row.role = name, post, PersonRole(info.role)
            row.office_id, row.active, row.note = info.office_id, info.active, note
            if info.joined_on and info.left_on and info.left_on < info.joined_on:
                raise ValidationError("离开日期不能早于加入日期。", field="left_on")
            row.joined_on, row.left_on = info.joined_on, info.left_on
            session.flush()
            session.refresh(row)
            audit.record(
                session,
                "update" if before else "create",
                "person",
                row.id,
                f"保存人员：{name}（{post or PersonRole(info.role).label}）",
                before,
                snapshot(row),
            )
            return _person_info(row)

    def delete_person(self, person_id: int, version: int | None = None) -> None:
        """`version`: the one the user saw; changed since, the delete asks again (EditConflict)."""
        with self.runtime.write() as session:
            row = _get(session, Person, person_id, "人员", version, deleting=True)
            in_use = session.scalar(
                select(func.count())
                .select_from(task_leader)
                .where(task_leader.c.person_id == person_id)
            )
            if in_use:
                raise ValidationError(
                    f"“{row.name}”是{in_use}项责任任务的责任领导，不能删除。"
                    "如已调离，请取消“在岗”，或先在责任清单中更换责任领导。"
                )
            before = snapshot(row)
            session.delete(row)
            audit.record(session, "delete", "person", person_id, f"删除人员：{row.name}", before)


def _next_order(session: Session, model: type[Office] | type[Person] | type[Task]) -> int:
    return int(session.scalar(select(func.coalesce(func.max(model.sort_order), 0))) or 0) + 1


def _get(
    session: Session,
    model: type[M],
    row_id: int,
    label: str,
    version: int | None = None,
    *,
    deleting: bool = False,
) -> M:
    """The row, checked against the version the user loaded (if one is given)."""
    found: M = get_for_edit(
        session,
        model,
        row_id,
        version,
        lambda: NotFoundError(f"找不到该{label}（编号 {row_id}），可能已被删除，请刷新后重试。"),
        deleting=deleting,
    )
    return found
