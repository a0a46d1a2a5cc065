"""Two people editing the same record on two PCs: the second save is refused, never silently
overwriting the first.

Every editable record carries a version, counted up at each UPDATE (SQLAlchemy's
`version_id_col`, see db.models.Travelling). What the GUI loads carries that version and the
save sends it back; `check_version` compares it with the stored one before the edit is
applied, and a record changed since raises `EditConflict`: whose change it was and when (from
the newest audit entry of that record), and the record's values as they are now. Two saves
that check at the very same moment both pass the check, but the second's UPDATE then matches
no row (`WHERE version = :old`) and SQLAlchemy raises StaleDataError; `Runtime.write` turns
that into an `EditConflict` too (`stale_target`, `conflict_for`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ideowork.db.models import (
    TRAVELLING_MODELS,
    AuditEntry,
    CaseEvent,
    Choice,
    Finding,
    GeneratedDocument,
    Office,
    Person,
    QuotaRule,
    SentimentCase,
    StudySession,
    Task,
    TaskProgress,
    Travelling,
    Unit,
)
from ideowork.domain.errors import UserError
from ideowork.services.snapshot import snapshot

# What a record is called in a message, by its table (= its audit entity), and the field
# that names the record itself.
_KINDS: dict[str, tuple[str, str]] = {
    Unit.__tablename__: ("单位信息", "full_name"),
    Office.__tablename__: ("股室", "name"),
    Person.__tablename__: ("人员", "name"),
    Task.__tablename__: ("责任任务", "text"),
    TaskProgress.__tablename__: ("进展记录", "note"),
    StudySession.__tablename__: ("学习活动", "topic"),
    QuotaRule.__tablename__: ("任务指标", "name"),
    SentimentCase.__tablename__: ("舆情事项", "title"),
    CaseEvent.__tablename__: ("办理记录", "note"),
    Choice.__tablename__: ("选项", "label"),
    Finding.__tablename__: ("研判问题", "problem_title"),
    GeneratedDocument.__tablename__: ("公文", "title"),
    "report_due": ("报送事项", "name"),
    "attachment": ("佐证材料", "file_name"),
    "ideology_position": ("阵地", "name"),
    "position_event": ("活动", "topic"),
    "position_review": ("审核记录", "title"),
    "checklist_item": ("考核细则", "text"),
    "assessment": ("考核", "note"),
    "assessment_score": ("考核评分", "reason"),
    "inspection": ("专题督查", "subject"),
    "accountability_case": ("责任追究", "person_name"),
}
_SECOND_NAME = {Finding.__tablename__: "measure_title"}  # a finding may carry only a measure
_NAME_MAX = 20
# Columns that say nothing to the user about what changed.
_INTERNAL = frozenset({"uid", "origin"})


def record_label(entity: str, values: Mapping[str, Any] | None) -> str:
    """舆情事项“某小区噪声扰民” — the kind of record and its name, for a message."""
    kind, name_field = _KINDS.get(entity, ("记录", ""))
    name = str((values or {}).get(name_field) or "").strip()
    if not name and entity in _SECOND_NAME:
        name = str((values or {}).get(_SECOND_NAME[entity]) or "").strip()
    name = " ".join(name.split())
    if len(name) > _NAME_MAX:
        name = name[:_NAME_MAX] + "…"
    return f"{kind}“{name}”" if name else kind


@dataclass(frozen=True)
class LastChange:
    """Who made the newest change of a record, on which PC, and when (from the audit trail);
    empty when the trail does not tell (a change made alongside another record's)."""

    actor: str = ""
    workstation: str = ""
    at: dt.datetime | None = None
    action: str = ""

    def by(self) -> str:
        """已被 张三（办公室电脑）于 2026-11-30 10:02 — who and when, for a message."""
        who = f" {self.actor}（{self.workstation}）" if self.workstation else f" {self.actor}"
        when = f"于 {self.at:%Y-%m-%d %H:%M} " if self.at else ""
        return "已被" + (who if self.actor else "其他用户") + when


class EditConflict(UserError):
    """A save or delete of a record someone else changed (or deleted) since it was loaded.

    `values` are the record's stored values now (empty when it was deleted), for the user to
    compare; `version` is its stored version, to edit from when the user chooses to go on."""

    def __init__(
        self,
        *,
        entity: str,
        record_id: int | None,
        label: str,
        last: LastChange,
        values: Mapping[str, Any],
        version: int | None,
        deleted: bool = False,
        deleting: bool = False,
    ) -> None:
        self.entity = entity
        self.record_id = record_id
        self.label = label
        self.last = last
        self.values = dict(values)
        self.version = version
        self.deleted = deleted
        self.deleting = deleting
        super().__init__(self._message())

    def _message(self) -> str:
        by = self.last.by()
        if self.deleted:
            undone = "没有删除（它已不存在）" if self.deleting else "您的修改没有保存"
            return f"{self.label}{by}删除，{undone}。如仍需要这条记录，请刷新后重新新增。"
        if self.deleting:
            return (
                f"{self.label}在您打开之后{by}修改，尚未删除。"
                "请先看一看修改后的内容，确认仍要删除后再删除。"
            )
        return f"{self.label}{by}修改，您的修改没有保存。请重新载入后再改，或对比两边的内容。"


def _decoded(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _newest_entry(session: Session, entity: str, record_id: int) -> AuditEntry | None:
    return session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()


def last_change(
    session: Session, entity: str, record_id: int, version: int | None = None
) -> LastChange:
    """The newest audit entry of the record. When `version` is given and that entry recorded
    another version, the record was changed alongside another one (its place renumbered when
    a sibling moved): then who did it is not known."""
    entry = _newest_entry(session, entity, record_id)
    if entry is None:
        return LastChange()
    recorded = _decoded(entry.after_json).get("version")
    if version is not None and isinstance(recorded, int) and recorded != version:
        return LastChange()
    return LastChange(entry.actor, entry.workstation, entry.at, entry.action)


def current_values(row: Travelling) -> dict[str, Any]:
    """The record's stored columns, without the internal ones."""
    return {k: v for k, v in snapshot(row).items() if k not in _INTERNAL}  # type: ignore[arg-type]


def _identity(row: Travelling) -> int | None:
    """The row's id as the session knows it (readable even after a failed flush)."""
    state = inspect(row)
    identity = state.identity if state is not None else None
    return int(identity[0]) if identity else None


def changed_conflict(session: Session, row: Travelling, *, deleting: bool = False) -> EditConflict:
    entity = row.__tablename__  # type: ignore[attr-defined]
    values = current_values(row)
    record_id = _identity(row) or 0
    return EditConflict(
        entity=entity,
        record_id=record_id,
        label=record_label(entity, values),
        last=last_change(session, entity, record_id, row.version),
        values=values,
        version=row.version,
        deleting=deleting,
    )


def deleted_conflict(
    session: Session, model: type[Travelling], record_id: int, *, deleting: bool = False
) -> EditConflict:
    """The record is gone: who deleted it and when, named as the trail last saw it."""
    entity = model.__tablename__  # type: ignore[attr-defined]
    entry = _newest_entry(session, entity, record_id)
    last, before = LastChange(), {}
    if entry is not None and entry.action == "delete":
        last = LastChange(entry.actor, entry.workstation, entry.at, entry.action)
        before = _decoded(entry.before_json)
    elif entry is not None:
        before = _decoded(entry.after_json)
    return EditConflict(
        entity=entity,
        record_id=record_id,
        label=record_label(entity, before),
        last=last,
        values={},
        version=None,
        deleted=True,
        deleting=deleting,
    )


def check_version(
    session: Session, row: Travelling, expected_version: int | None, *, deleting: bool = False
) -> None:
    """Refuse an edit (or delete) of `row` made from another version than the stored one.

    `expected_version` is the version the user loaded; None for callers that do not edit a
    loaded copy (the command line, importers, the demo), which are never refused."""
    if expected_version is None or row.version == expected_version:
        return
    raise changed_conflict(session, row, deleting=deleting)


def get_for_edit(
    session: Session,
    model: type[Travelling],
    record_id: int,
    expected_version: int | None,
    not_found: Callable[[], UserError],
    *,
    deleting: bool = False,
) -> Any:
    """The row to edit, checked against the version the user loaded. A row gone since it was
    loaded is an EditConflict (who deleted it); without a version, `not_found()` is raised."""
    row = session.get(model, record_id)
    if row is None:
        if expected_version is None:
            raise not_found()
        raise deleted_conflict(session, model, record_id, deleting=deleting)
    check_version(session, row, expected_version, deleting=deleting)
    return row


# --- the race: both checked at once, the second UPDATE matched no row ------------------------
_STALE_TABLE = re.compile(r"(UPDATE|DELETE) statement on table '(\w+)'")
# Session.info key: the versioned rows each flush is about to write, with the version each was
# loaded at. A failed flush forgets which rows were dirty; this says which one went stale.
_FLUSHING = "ideowork.versioned_flush"


@dataclass(frozen=True)
class Pending:
    model: type[Travelling]
    record_id: int
    version: int
    deleting: bool


@event.listens_for(Session, "before_flush")
def _note_versioned_rows(session: Session, _context: Any, _instances: Any) -> None:
    pending: list[Pending] = []
    for rows, deleting in ((session.dirty, False), (session.deleted, True)):
        for row in rows:
            if isinstance(row, Travelling) and (record_id := _identity(row)) is not None:
                pending.append(Pending(type(row), record_id, row.version, deleting))
    session.info[_FLUSHING] = pending


@dataclass(frozen=True)
class StaleTarget:
    """The rows a StaleDataError may be about (those of its table the failed flush wrote),
    taken from the failed session; `conflict_for` finds the one that changed."""

    model: type[Travelling] | None
    candidates: tuple[Pending, ...]
    deleting: bool


def stale_target(session: Session, error: StaleDataError) -> StaleTarget:
    match = _STALE_TABLE.search(str(error))
    if match is None:
        return StaleTarget(None, (), False)
    deleting, table = match.group(1) == "DELETE", match.group(2)
    model = next(
        (m for m in TRAVELLING_MODELS if m.__tablename__ == table),  # type: ignore[attr-defined]
        None,
    )
    candidates = tuple(
        p for p in session.info.get(_FLUSHING, []) if p.model is model and p.deleting == deleting
    )
    return StaleTarget(model, candidates, deleting)


def conflict_for(session: Session, target: StaleTarget) -> EditConflict:
    """The conflict a StaleDataError stands for, read in a fresh transaction: the first of
    the rows written that is gone or at another version than it was loaded at."""
    for pending in target.candidates:
        row = session.get(pending.model, pending.record_id)
        if row is None:
            return deleted_conflict(
                session, pending.model, pending.record_id, deleting=target.deleting
            )
        if row.version != pending.version:
            return changed_conflict(session, row, deleting=target.deleting)
    entity = "" if target.model is None else target.model.__tablename__  # type: ignore[attr-defined]
    return EditConflict(
        entity=entity,
        record_id=None,
        label=record_label(entity, None) if entity else "这条记录",
        last=LastChange(),
        values={},
        version=None,
        deleting=target.deleting,
    )
