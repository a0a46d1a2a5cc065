"""The review log of what was published on a position: when, what, by whom, with what result
(通过, 修改后发布, 不予发布 …)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Position, PositionReview
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.positions import POSITION_KINDS
from ideowork.domain.validation import check_date, optional_label, optional_text, required_text
from ideowork.services.concurrency import get_for_edit
from ideowork.services.positions.common import checked_person
from ideowork.services.positions.kinds import KindLists
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

# What a form offers for the result (any other text may be typed).
RESULTS = ("通过", "修改后发布", "不予发布", "已删除")


@dataclass(frozen=True)
class ReviewInfo:
    id: int | None
    position_id: int | None
    reviewed_on: dt.date
    title: str
    reviewer_id: int | None = None
    result: str = "通过"
    note: str = ""
    # Shown, not saved.
    position_name: str = ""
    position_kind_label: str = ""
    reviewer_name: str = ""
    version: int | None = None  # as loaded: a save from an older one is an EditConflict


@dataclass(frozen=True)
class ReviewQuery:
    period: Period | None = None
    position_id: int | None = None


def review_info(row: PositionReview, labels: dict[str, str]) -> ReviewInfo:
    return ReviewInfo(
        id=row.id,
        position_id=row.position_id,
        reviewed_on=row.reviewed_on,
        title=row.title,
        reviewer_id=row.reviewer_id,
        result=row.result,
        note=row.note,
        position_name=row.position.name,
        position_kind_label=labels.get(row.position.kind, row.position.kind),
        reviewer_name=row.reviewer.name if row.reviewer else "",
        version=row.version,
    )


def reviews_in(session: Session, query: ReviewQuery, labels: dict[str, str]) -> list[ReviewInfo]:
    statement = select(PositionReview).options(
        selectinload(PositionReview.position), selectinload(PositionReview.reviewer)
    )
    if query.period is not None:
        statement = statement.where(
            PositionReview.reviewed_on.between(query.period.start, query.period.end)
        )
    if query.position_id is not None:
        statement = statement.where(PositionReview.position_id == query.position_id)
    rows = session.scalars(statement.order_by(PositionReview.reviewed_on, PositionReview.id))
    return [review_info(r, labels) for r in rows]


def _get(
    session: Session, review_id: int, version: int | None = None, *, deleting: bool = False
) -> PositionReview:
    row: PositionReview = get_for_edit(
        session,
        PositionReview,
        review_id,
        version,
        lambda: NotFoundError(
            f"找不到该审核记录（编号 {review_id}），可能已被删除，请刷新后重试。"
        ),
        deleting=deleting,
    )
    return row


class ReviewService:
    def __init__(self, runtime: Runtime, kinds: KindLists) -> None:
        self.runtime = runtime
        self.kinds = kinds

    def find(self, query: ReviewQuery = ReviewQuery()) -> list[ReviewInfo]:
        labels = self.kinds.labels(POSITION_KINDS)
        with self.runtime.read() as session:
            return reviews_in(session, query, labels)

    def get(self, review_id: int) -> ReviewInfo:
        labels = self.kinds.labels(POSITION_KINDS)
        with self.runtime.read() as session:
            return review_info(_get(session, review_id), labels)

    def save(self, info: ReviewInfo) -> ReviewInfo:
        cleaned = replace(
            info,
            title=required_text(info.title, "发布内容（标题）", 200, "title"),
            result=optional_label(info.result, "审核结果", 100, "result"),
            note=optional_text(info.note, "备注", 2000, "note"),
            reviewed_on=check_date(info.reviewed_on, "审核日期", "reviewed_on"),
        )
        if cleaned.position_id is None:
            raise ValidationError("请选择审核的是哪个阵地上发布的内容。", field="position")
        with self.runtime.write() as session:
            position = session.get(Position, cleaned.position_id)
            if position is None:
                raise ValidationError("所选的阵地已被删除，请重新选择。", field="position")
            checked_person(session, cleaned.reviewer_id, "审核人", "reviewer")
            if cleaned.id is None:
                row = PositionReview(
                    position_id=position.id, reviewed_on=cleaned.reviewed_on, title=cleaned.title
                )
                session.add(row)
                before = None
            else:
                row = _get(session, cleaned.id, cleaned.version)
                before = snapshot(row)
            row.position_id, row.reviewed_on = position.id, cleaned.reviewed_on
            row.title, row.reviewer_id = cleaned.title, cleaned.reviewer_id
            row.result, row.note = cleaned.result, cleaned.note
            session.flush()
            session.refresh(row)
            audit.record(
                session,
                "update" if before else "create",
                "position_review",
                row.id,
                f"{'修改' if before else '登记'}发布审核：{position.name}“{row.title}”",
                before,
                snapshot(row),
            )
            return review_info(row, self.kinds.labels(POSITION_KINDS))

    def delete(self, review_id: int, version: int | None = None) -> None:
        with self.runtime.write() as session:
            row = _get(session, review_id, version, deleting=True)
            before = snapshot(row)
            session.delete(row)
            audit.record(
                session,
                "delete",
                "position_review",
                review_id,
                f"删除发布审核记录：{row.title}",
                before,
            )
