"""The positions (阵地) the unit runs: kind, name, 主管股室, 管理员/责任人, reviewer, members or
followers, opened and closed — add, edit, close, delete, with versions and the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Position, PositionReview
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.names import label_form
from ideowork.domain.positions import POSITION_KINDS
from ideowork.domain.validation import optional_text, required_label
from ideowork.services.concurrency import get_for_edit
from ideowork.services.positions.common import (
    checked_audience,
    checked_day,
    checked_office,
    checked_person,
)
from ideowork.services.positions.kinds import KindLists, seed_lists
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

OPEN, CLOSED = "open", "closed"


@dataclass(frozen=True)
class PositionInfo:
    id: int | None
    kind: str
    name: str
    office_id: int | None = None
    manager_id: int | None = None
    reviewer_id: int | None = None
    audience: int | None = None
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    note: str = ""
    sort_order: int = 0
    # Shown, not saved: the names of the codes and ids above, and the review log's count.
    kind_label: str = ""
    office_name: str = ""
    manager_name: str = ""
    reviewer_name: str = ""
    review_count: int = 0
    last_reviewed_on: dt.date | None = None
    version: int | None = None  # as loaded: a save from an older one is an EditConflict

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    @property
    def state_text(self) -> str:
        return f"已关停（{self.closed_on:%Y-%m-%d}）" if self.closed_on else "在用"


@dataclass(frozen=True)
class PositionQuery:
    kind: str | None = None
    office_id: int | None = None
    state: str = ""  # OPEN, CLOSED or "" for both


def _info(
    row: Position, labels: dict[str, str], reviews: dict[int, tuple[int, dt.date | None]]
) -> PositionInfo:
    count, last = reviews.get(row.id, (0, None))
    return PositionInfo(
        id=row.id,
        kind=row.kind,
        name=row.name,
        office_id=row.office_id,
        manager_id=row.manager_id,
        reviewer_id=row.reviewer_id,
        audience=row.audience,
        opened_on=row.opened_on,
        closed_on=row.closed_on,
        note=row.note,
        sort_order=row.sort_order,
        kind_label=labels.get(row.kind, row.kind),
        office_name=row.office.name if row.office else "",
        manager_name=row.manager.name if row.manager else "",
        reviewer_name=row.reviewer.name if row.reviewer else "",
        review_count=count,
        last_reviewed_on=last,
        version=row.version,
    )


def review_counts(session: Session) -> dict[int, tuple[int, dt.date | None]]:
    """Per position: how many reviews, and the latest one's date."""
    rows = session.execute(
        select(
            PositionReview.position_id,
            func.count(PositionReview.id),
            func.max(PositionReview.reviewed_on),
        ).group_by(PositionReview.position_id)
    )
    return {position_id: (int(count), last) for position_id, count, last in rows}


def _validated(info: PositionInfo, kinds: KindLists) -> PositionInfo:
    cleaned = replace(
        info,
        kind=kinds.check(POSITION_KINDS, info.kind, "kind"),
        name=required_label(info.name, "阵地名称", 100, "name"),
        note=optional_text(info.note, "备注", 2000, "note"),
        audience=checked_audience(info.audience, "成员（关注）人数"),
        opened_on=checked_day(info.opened_on, "开通日期", "opened_on"),
        closed_on=checked_day(info.closed_on, "关停日期", "closed_on"),
    )
    if cleaned.manager_id is None:
        raise ValidationError(
            "请选择管理员（责任人）：按“谁主管谁负责”，每个阵地都要有具体的负责人。",
            field="manager",
        )
    if cleaned.opened_on and cleaned.closed_on and cleaned.closed_on < cleaned.opened_on:
        raise ValidationError(
            f"关停日期（{cleaned.closed_on:%Y-%m-%d}）早于开通日期"
            f"（{cleaned.opened_on:%Y-%m-%d}），请检查。",
            field="closed_on",
        )
    return cleaned


def _get(
    session: Session, position_id: int, version: int | None = None, *, deleting: bool = False
) -> Position:
    row: Position = get_for_edit(
        session,
        Position,
        position_id,
        version,
        lambda: NotFoundError(f"找不到该阵地（编号 {position_id}），可能已被删除，请刷新后重试。"),
        deleting=deleting,
    )
    return row


class PositionService:
    def __init__(self, runtime: Runtime, kinds: KindLists) -> None:
        self.runtime = runtime
        self.kinds = kinds

    def find(self, query: PositionQuery = PositionQuery()) -> list[PositionInfo]:
        statement = select(Position).options(
            selectinload(Position.office),
            selectinload(Position.manager),
            selectinload(Position.reviewer),
        )
        if query.kind:
            statement = statement.where(Position.kind == query.kind)
        if query.office_id is not None:
            statement = statement.where(Position.office_id == query.office_id)
        if query.state == OPEN:
            statement = statement.where(Position.closed_on.is_(None))
        elif query.state == CLOSED:
            statement = statement.where(Position.closed_on.is_not(None))
        labels = self.kinds.labels(POSITION_KINDS)
        with self.runtime.read() as session:
            reviews = review_counts(session)
            rows = session.scalars(statement.order_by(Position.sort_order, Position.id))
            return [_info(r, labels, reviews) for r in rows]

    def get(self, position_id: int) -> PositionInfo:
        labels = self.kinds.labels(POSITION_KINDS)
        with self.runtime.read() as session:
            row = _get(session, position_id)
            return _info(row, labels, review_counts(session))

    def save(self, info: PositionInfo) -> PositionInfo:
        cleaned = _validated(info, self.kinds)
        with self.runtime.write() as session:
            seed_lists(session)
            checked_office(session, cleaned.office_id)
            checked_person(session, cleaned.manager_id, "管理员（责任人）", "manager")
            checked_person(session, cleaned.reviewer_id, "审核人", "reviewer")
            self._check_unique(session, cleaned)
            if cleaned.id is None:
                order = session.scalar(select(func.max(Position.sort_order))) or 0
                row = Position(kind=cleaned.kind, name=cleaned.name, sort_order=order + 1)
                session.add(row)
                before = None
            else:
                row = _get(session, cleaned.id, cleaned.version)
                before = snapshot(row)
            row.kind, row.name, row.note = cleaned.kind, cleaned.name, cleaned.note
            row.office_id, row.manager_id = cleaned.office_id, cleaned.manager_id
            row.reviewer_id, row.audience = cleaned.reviewer_id, cleaned.audience
            row.opened_on, row.closed_on = cleaned.opened_on, cleaned.closed_on
            session.flush()
            session.refresh(row)
            kind = self.kinds.label(POSITION_KINDS, row.kind)
            audit.record(
                session,
                "update" if before else "create",
                "ideology_position",
                row.id,
                f"{'修改' if before else '新增'}阵地：{kind}“{row.name}”",
                before,
                snapshot(row),
            )
            return _info(row, self.kinds.labels(POSITION_KINDS), review_counts(session))

    def close(
        self, position_id: int, closed_on: dt.date | None, version: int | None = None
    ) -> PositionInfo:
        """Mark a position closed (关停, 解散) on `closed_on` (today if None), or reopen it
        with `closed_on` None after `reopen`."""
        info = self.get(position_id)
        if version is not None:
            info = replace(info, version=version)
        return self.save(replace(info, closed_on=closed_on or self.runtime.today()))

    def reopen(self, position_id: int, version: int | None = None) -> PositionInfo:
        info = self.get(position_id)
        if version is not None:
            info = replace(info, version=version)
        return self.save(replace(info, closed_on=None))

    def delete(self, position_id: int, version: int | None = None) -> int:
        """Delete a position entered by mistake, with its review log; how many reviews went
        with it. (A position no longer used is closed, not deleted: its records stay.)"""
        with self.runtime.write("position_review") as session:
            row = _get(session, position_id, version, deleting=True)
            before = snapshot(row)
            # Row by row, not one bulk DELETE: each goes through the ORM's change tracking.
            reviews = list(
                session.scalars(
                    select(PositionReview).where(PositionReview.position_id == position_id)
                )
            )
            for review in reviews:
                session.delete(review)
            session.delete(row)
            extra = f"（连同审核记录{len(reviews)}条）" if reviews else ""
            audit.record(
                session,
                "delete",
                "ideology_position",
                position_id,
                f"删除阵地：“{row.name}”{extra}",
                before,
            )
            return len(reviews)

    @staticmethod
    def _check_unique(session: Session, info: PositionInfo) -> None:
        """Two positions in use of one kind with one name are one entered twice."""
        if info.closed_on is not None:
            return
        key = label_form(info.name).casefold()
        others = session.scalars(
            select(Position.name).where(
                Position.kind == info.kind,
                Position.closed_on.is_(None),
                Position.id != (info.id or -1),
            )
        )
        if any(label_form(name).casefold() == key for name in others):
            raise ValidationError(
                f"已有同类型的在用阵地“{info.name}”，请检查是否重复登记，或换一个名称。",
                field="name",
            )
