"""责任追究: the few cases where someone was called to account — which of the twelve 情形,
who, what happened, what was done about it, when and by whom."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ideowork.db.models import AccountabilityCase, Office, Person
from ideowork.domain.accountability import check_situation, situation_text
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.validation import (
    check_date,
    check_year,
    optional_text,
    person_name,
    required_text,
)
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit


@dataclass(frozen=True)
class AccountabilityInfo:
    id: int | None
    occurred_on: dt.date
    situation: int
    person_name: str = ""
    person_id: int | None = None
    office_id: int | None = None
    facts: str = ""
    action: str = ""
    decided_on: dt.date | None = None
    decided_by: str = ""
    note: str = ""
    office_name: str = ""
    version: int | None = None

    @property
    def situation_text(self) -> str:
        return situation_text(self.situation)


def _info(row: AccountabilityCase) -> AccountabilityInfo:
    return AccountabilityInfo(
        id=row.id,
        occurred_on=row.occurred_on,
        situation=row.situation,
        person_name=row.person.name if row.person else row.person_name,
        person_id=row.person_id,
        office_id=row.office_id,
        facts=row.facts,
        action=row.action,
        decided_on=row.decided_on,
        decided_by=row.decided_by,
        note=row.note,
        office_name=row.office.name if row.office else "",
        version=row.version,
    )


def _not_found() -> NotFoundError:
    return NotFoundError("找不到该责任追究记录，可能已被删除，请刷新后重试。")


class AccountabilityService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def in_year(self, year: int) -> list[AccountabilityInfo]:
        check_year(year)
        with self.runtime.read() as session:
            rows = session.scalars(
                select(AccountabilityCase)
                .where(
                    AccountabilityCase.occurred_on.between(
                        dt.date(year, 1, 1), dt.date(year, 12, 31)
                    )
                )
                .options(
                    selectinload(AccountabilityCase.person),
                    selectinload(AccountabilityCase.office),
                )
                .order_by(AccountabilityCase.occurred_on, AccountabilityCase.id)
            )
            return [_info(r) for r in rows]

    def save(self, info: AccountabilityInfo) -> AccountabilityInfo:
        situation = check_situation(info.situation)
        occurred_on = check_date(info.occurred_on, "发生日期", "occurred_on")
        decided_on = info.decided_on
        if decided_on is not None:
            check_date(decided_on, "处理日期", "decided_on")
            if decided_on < occurred_on:
                raise ValidationError(
                    f"处理日期{decided_on:%Y-%m-%d}早于发生日期{occurred_on:%Y-%m-%d}，请核对。",
                    field="decided_on",
                )
        facts = required_text(info.facts, "主要事实", 4000, "facts")
        action = optional_text(info.action, "处理方式", 1000, "action")
        if decided_on is not None and not action:
            raise ValidationError(
                "已填写处理日期，请同时填写处理方式（如批评教育、诫勉谈话）。", field="action"
            )
        decided_by = optional_text(info.decided_by, "处理机关", 100, "decided_by")
        note = optional_text(info.note, "备注", 2000, "note")
        with self.runtime.write() as session:
            name = ""
            if info.person_id is not None:
                person = session.get(Person, info.person_id)
                if person is None:
                    raise ValidationError("所选的人员已不存在，请重新选择。", field="person")
                name = person.name
            elif info.person_name.strip():
                name = person_name(info.person_name)
            else:
                raise ValidationError(
                    "请填写被追究责任的人员（从名单选择或直接填写姓名）。", field="person"
                )
            if info.office_id is not None and session.get(Office, info.office_id) is None:
                raise ValidationError("所选的股室已不存在，请重新选择。", field="office")
            if info.id is None:
                row = AccountabilityCase()
                session.add(row)
                before = None
            else:
                row = get_for_edit(session, AccountabilityCase, info.id, info.version, _not_found)
                before = snapshot(row)
            row.occurred_on, row.situation = occurred_on, situation
            row.person_id, row.person_name, row.office_id = info.person_id, name, info.office_id
            row.facts, row.action = facts, action
            row.decided_on, row.decided_by, row.note = decided_on, decided_by, note
            session.flush()
            session.refresh(row)
            audit.record(
                session,
                "update" if before else "create",
                "accountability_case",
                row.id,
                f"{'修改' if before else '登记'}责任追究：{name}（第{situation}项情形）",
                before,
                snapshot(row),
            )
            return _info(row)

    def delete(self, case_id: int, version: int | None = None) -> None:
        with self.runtime.write() as session:
            row = get_for_edit(
                session, AccountabilityCase, case_id, version, _not_found, deleting=True
            )
            before = snapshot(row)
            session.delete(row)
            audit.record(
                session,
                "delete",
                "accountability_case",
                case_id,
                f"删除责任追究记录：{row.person_name}（{row.occurred_on:%Y-%m-%d}）",
                before,
            )
