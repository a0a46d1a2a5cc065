"""研判整改 (first form): each period's findings — a weakness, the measure against it, the office
responsible — which the reports' 薄弱环节 and 措施 are drawn from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Finding, Office
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.findings import (
    FINDING_WORKFLOW,
    finding_is_carried_over,
    finding_is_overdue,
)
from ideowork.domain.periods import Period
from ideowork.domain.validation import optional_text
from ideowork.domain.vocab import FindingStatus
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit


@dataclass(frozen=True)
class FindingInfo:
    id: int | None
    period: str
    problem_title: str = ""
    problem: str = ""
    measure_title: str = ""
    measure: str = ""
    office_id: int | None = None
    office_name: str = ""
    status: FindingStatus = FindingStatus.OPEN
    closed_on: dt.date | None = None
    sort_order: int = 0
    overdue: bool = False  # open past its rectification date (derived when read)
    # The version the finding was loaded at: a save from an older one is an EditConflict
    # (None: a new finding, or a caller that does not edit a loaded copy).
    version: int | None = None


def _info(row: Finding, today: dt.date) -> FindingInfo:
    return FindingInfo(
        id=row.id,
        period=row.period,
        problem_title=row.problem_title,
        problem=row.problem,
        measure_title=row.measure_title,
        measure=row.measure,
        office_id=row.office_id,
        office_name=row.office.name if row.office else "",
        status=row.status,
        closed_on=row.closed_on,
        sort_order=row.sort_order,
        overdue=finding_is_overdue(Period.parse(row.period), row.status, today),
        version=row.version,
    )


def _validated(info: FindingInfo) -> FindingInfo:
    period = str(Period.parse(info.period))
    cleaned = replace(
        info,
        period=period,
        problem_title=optional_text(info.problem_title, "问题标题", 200, "problem_title"),
        problem=optional_text(info.problem, "问题表现", 2000, "problem"),
        measure_title=optional_text(info.measure_title, "措施标题", 200, "measure_title"),
        measure=optional_text(info.measure, "整改措施", 2000, "measure"),
    )
    if not (cleaned.problem_title or cleaned.problem or cleaned.measure_title or cleaned.measure):
        raise ValidationError("请至少填写问题或整改措施中的一项。", field="problem_title")
    return cleaned


def _get(
    session: Session, finding_id: int, version: int | None = None, *, deleting: bool = False
) -> Finding:
    """The finding; given the version the user loaded, one changed or deleted since is an
    EditConflict."""
    row: Finding = get_for_edit(
        session,
        Finding,
        finding_id,
        version,
        lambda: NotFoundError(
            f"找不到该研判问题（编号 {finding_id}），可能已被删除，请刷新后重试。"
        ),
        deleting=deleting,
    )
    return row


def open_findings_before(session: Session, period: Period) -> list[Finding]:
    """Open findings of periods that ended before `period` began, oldest first."""
    rows = session.scalars(
        select(Finding)
        .where(Finding.status == FindingStatus.OPEN)
        .options(selectinload(Finding.office))
        .order_by(Finding.period, Finding.sort_order)
    )
    # Periods of different kinds (2020Q2, 2020H2) do not sort as text: compare dates.
    return [r for r in rows if finding_is_carried_over(Period.parse(r.period), r.status, period)]


class FindingService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def in_period(self, period: Period) -> list[FindingInfo]:
        with self.runtime.read() as session:
            rows = session.scalars(
                select(Finding)
                .where(Finding.period == str(period))
                .options(selectinload(Finding.office))
                .order_by(Finding.sort_order, Finding.id)
            )
            return [_info(r, self.runtime.today()) for r in rows]

    def latest_period(self) -> Period | None:
        """The most recent period that has findings."""
        with self.runtime.read() as session:
            periods = [Period.parse(p) for p in session.scalars(select(Finding.period).distinct())]
        return max(periods, key=lambda p: (p.end, -p.months), default=None)

    def open_before(self, period: Period) -> list[FindingInfo]:
        """Findings of earlier periods not yet put right: carried over until closed."""
        with self.runtime.read() as session:
            today = self.runtime.today()
            return [_info(r, today) for r in open_findings_before(session, period)]

    def save(self, info: FindingInfo) -> FindingInfo:
        cleaned = _validated(info)
        with self.runtime.write() as session:
            if cleaned.office_id is not None and session.get(Office, cleaned.office_id) is None:
                raise ValidationError("所选的责任股室已不存在，请重新选择。", field="office")
            if cleaned.id is None:
                order = session.scalar(
                    select(func.coalesce(func.max(Finding.sort_order), 0)).where(
                        Finding.period == cleaned.period
                    )
                )
                row = Finding(period=cleaned.period, sort_order=int(order or 0) + 1)
                session.add(row)
                before = None
            else:
                row = _get(session, cleaned.id, cleaned.version)
                before = snapshot(row)
                row.period = cleaned.period
            row.problem_title, row.problem = cleaned.problem_title, cleaned.problem
            row.measure_title, row.measure = cleaned.measure_title, cleaned.measure
            if before is not None:
                FINDING_WORKFLOW.check_move(row.status, cleaned.status)
            row.office_id, row.status = cleaned.office_id, cleaned.status
            closed = cleaned.status is FindingStatus.CLOSED
            row.closed_on = (cleaned.closed_on or self.runtime.today()) if closed else None
            session.flush()
            session.refresh(row)
            title = row.problem_title or row.measure_title or row.problem[:20]
            audit.record(
                session,
                "update" if before else "create",
                "finding",
                row.id,
                f"保存{row.period}研判问题：{title}",
                before,
                snapshot(row),
            )
            return _info(row, self.runtime.today())

    def delete(self, finding_id: int, version: int | None = None) -> None:
        """`version`: the one the user saw; changed since, the delete asks again (EditConflict)."""
        with self.runtime.write() as session:
            row = _get(session, finding_id, version, deleting=True)
            before = snapshot(row)
            session.delete(row)
            title = row.problem_title or row.measure_title or row.problem[:20]
            audit.record(session, "delete", "finding", finding_id, f"删除研判问题：{title}", before)
