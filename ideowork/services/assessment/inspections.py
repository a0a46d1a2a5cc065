"""专题督查: a check of the year (when, who checked, what and whom, what was seen), whose
findings go to 研判整改 as open findings of the quarter of the check, in the same write.

Once made, a finding is 研判整改's record (edited and closed there); the 督查 keeps the link
(Finding.inspection_id) and lists them. Deleting a 督查 leaves its findings in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ideowork.db.models import Finding, Inspection, Office
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.validation import check_date, check_year, optional_text, required_text
from ideowork.domain.vocab import FindingStatus
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit


@dataclass(frozen=True)
class InspectionFinding:
    """A finding of a 督查: the problem seen and, if known, the measure; the office responsible."""

    problem_title: str
    problem: str = ""
    measure_title: str = ""
    measure: str = ""
    office_id: int | None = None
    # Filled when read back from 研判整改:
    id: int | None = None
    period: str = ""
    office_name: str = ""
    status: FindingStatus = FindingStatus.OPEN


@dataclass(frozen=True)
class InspectionInfo:
    id: int | None
    checked_on: dt.date
    subject: str
    inspectors: str = ""
    office_id: int | None = None
    summary: str = ""
    office_name: str = ""
    findings: tuple[InspectionFinding, ...] = field(default_factory=tuple)
    version: int | None = None


def _finding(row: Finding) -> InspectionFinding:
    return InspectionFinding(
        problem_title=row.problem_title,
        problem=row.problem,
        measure_title=row.measure_title,
        measure=row.measure,
        office_id=row.office_id,
        id=row.id,
        period=row.period,
        office_name=row.office.name if row.office else "",
        status=row.status,
    )


def _info(session: Session, row: Inspection) -> InspectionInfo:
    findings = session.scalars(
        select(Finding)
        .where(Finding.inspection_id == row.id)
        .options(selectinload(Finding.office))
        .order_by(Finding.period, Finding.sort_order, Finding.id)
    )
    return InspectionInfo(
        id=row.id,
        checked_on=row.checked_on,
        subject=row.subject,
        inspectors=row.inspectors,
        office_id=row.office_id,
        summary=row.summary,
        office_name=row.office.name if row.office else "",
        findings=tuple(_finding(f) for f in findings),
        version=row.version,
    )


def _clean_finding(entry: InspectionFinding, number: int) -> InspectionFinding:
    label = f"第{number}个问题的"
    title = optional_text(entry.problem_title, label + "标题", 200, "problem_title")
    problem = optional_text(entry.problem, label + "具体表现", 2000, "problem")
    if not (title or problem):
        raise ValidationError(
            f"第{number}个问题没有填写内容，请填写问题，或删去这一行。", field="problem_title"
        )
    return InspectionFinding(
        problem_title=title,
        problem=problem,
        measure_title=optional_text(entry.measure_title, label + "整改措施", 200, "measure_title"),
        measure=optional_text(entry.measure, label + "措施内容", 2000, "measure"),
        office_id=entry.office_id,
    )


class InspectionService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def in_year(self, year: int) -> list[InspectionInfo]:
        check_year(year)
        with self.runtime.read() as session:
            rows = session.scalars(
                select(Inspection)
                .where(Inspection.checked_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
                .options(selectinload(Inspection.office))
                .order_by(Inspection.checked_on, Inspection.id)
            )
            return [_info(session, r) for r in rows]

    def get(self, inspection_id: int) -> InspectionInfo:
        with self.runtime.read() as session:
            row = session.get(Inspection, inspection_id)
            if row is None:
                raise NotFoundError("找不到该专题督查记录，可能已被删除，请刷新后重试。")
            return _info(session, row)

    def save(
        self, info: InspectionInfo, new_findings: Sequence[InspectionFinding] = ()
    ) -> InspectionInfo:
        """Save the 督查, and put `new_findings` into 研判整改 (open, in the quarter of the
        check, after the quarter's findings) in the same write."""
        checked_on = check_date(info.checked_on, "督查日期", "checked_on")
        subject = required_text(info.subject, "督查内容", 200, "subject")
        inspectors = optional_text(info.inspectors, "督查人员", 200, "inspectors")
        summary = optional_text(info.summary, "督查情况", 4000, "summary")
        findings = [_clean_finding(f, n) for n, f in enumerate(new_findings, start=1)]
        with self.runtime.write() as session:
            offices = {info.office_id} | {f.office_id for f in findings}
            for office_id in offices - {None}:
                if session.get(Office, office_id) is None:
                    raise ValidationError("所选的股室已不存在，请重新选择。", field="office")
            if info.id is None:
                row = Inspection()
                session.add(row)
                before = None
            else:
                row = get_for_edit(
                    session,
                    Inspection,
                    info.id,
                    info.version,
                    lambda: NotFoundError("找不到该专题督查记录，可能已被删除，请刷新后重试。"),
                )
                before = snapshot(row)
            row.checked_on, row.subject, row.inspectors = checked_on, subject, inspectors
            row.office_id, row.summary = info.office_id, summary
            session.flush()
            audit.record(
                session,
                "update" if before else "create",
                "inspection",
                row.id,
                f"{'修改' if before else '登记'}专题督查：{checked_on:%Y-%m-%d} {subject}",
                before,
                snapshot(row),
            )
            if findings:
                self._add_findings(session, row, findings)
            session.refresh(row)
            return _info(session, row)

    @staticmethod
    def _add_findings(
        session: Session, inspection: Inspection, findings: Sequence[InspectionFinding]
    ) -> None:
        period = str(Period.quarter_of(inspection.checked_on))
        last = session.scalar(
            select(func.coalesce(func.max(Finding.sort_order), 0)).where(Finding.period == period)
        )
        for order, entry in enumerate(findings, start=int(last or 0) + 1):
            row = Finding(
                period=period,
                sort_order=order,
                problem_title=entry.problem_title,
                problem=entry.problem,
                measure_title=entry.measure_title,
                measure=entry.measure,
                office_id=entry.office_id,
                status=FindingStatus.OPEN,
                inspection_id=inspection.id,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                "create",
                "finding",
                row.id,
                f"专题督查发现问题转研判整改（{period}）："
                f"{entry.problem_title or entry.problem[:20]}",
                None,
                snapshot(row),
            )

    def delete(self, inspection_id: int, version: int | None = None) -> None:
        """Delete the 督查 record; its findings stay in 研判整改 (unlinked)."""
        with self.runtime.write() as session:
            row: Inspection = get_for_edit(
                session,
                Inspection,
                inspection_id,
                version,
                lambda: NotFoundError("找不到该专题督查记录，可能已被删除，请刷新后重试。"),
                deleting=True,
            )
            before = snapshot(row)
            linked = list(session.scalars(select(Finding).where(Finding.inspection_id == row.id)))
            for finding in linked:
                finding.inspection_id = None
            session.delete(row)
            note = f"，{len(linked)}个问题保留在研判整改中" if linked else ""
            audit.record(
                session,
                "delete",
                "inspection",
                inspection_id,
                f"删除专题督查：{row.checked_on:%Y-%m-%d} {row.subject}{note}",
                before,
            )
