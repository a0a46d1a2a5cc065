"""年度考核: each year, every office (or a leader) scored against the year's 考核细则.

An assessment gives each item a score (0 … the item's points); a score below the points is a
deduction and needs its reason; the records of the ledgers that bear a score out are linked as
evidence ({"table", "uid", "label"}: a study session, a case, a task, a finding …). The total is
the sum of the scores; the grade (好/较好/一般/差) follows from it under the unit's thresholds
once every item is scored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from ideowork.db.models import (
    Assessment,
    AssessmentScore,
    ChecklistItem,
    Finding,
    Inspection,
    Office,
    Person,
    PositionEvent,
    SentimentCase,
    StudySession,
    Task,
)
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.validation import check_date, check_year, optional_text
from ideowork.services.assessment.checklist import ensure_checklist, year_rows
from ideowork.services.assessment.grading import (
    Thresholds,
    parse_points,
    read_thresholds,
    shown_points,
)
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

# The ledgers whose records may bear out a score, as the evidence list names them.
EVIDENCE_KINDS: dict[str, str] = {
    "study_session": "学习活动",
    "sentiment_case": "舆情事项",
    "task": "责任任务",
    "finding": "研判整改",
    "position_event": "阵地活动",
    "inspection": "专题督查",
}


@dataclass(frozen=True)
class EvidenceLink:
    table: str
    uid: str
    label: str

    @property
    def shown(self) -> str:
        return f"{EVIDENCE_KINDS.get(self.table, self.table)}：{self.label}"


@dataclass(frozen=True)
class AssessmentInfo:
    id: int | None
    year: int
    office_id: int | None = None
    person_id: int | None = None
    assessed_on: dt.date | None = None
    assessors: str = ""
    note: str = ""
    # Derived when read:
    target: str = ""  # the office's or the person's name
    total: Decimal = Decimal(0)
    full_points: Decimal = Decimal(0)
    scored: int = 0
    items: int = 0
    grade: str = ""  # "" until every item is scored
    deductions: int = 0
    version: int | None = None

    @property
    def complete(self) -> bool:
        return self.items > 0 and self.scored == self.items

    @property
    def state(self) -> str:
        """考核 state as a list shows it: 好 / 评分中（已评12/20项） / 未评分."""
        if self.complete:
            return self.grade
        if self.scored:
            return f"评分中（已评{self.scored}/{self.items}项）"
        return "未评分"


@dataclass(frozen=True)
class ScoreLine:
    """One checklist item as the assessment scored it (score None: not yet)."""

    item_id: int
    group_name: str
    text: str
    points: Decimal
    basis: str = ""
    score: Decimal | None = None
    reason: str = ""
    evidence: tuple[EvidenceLink, ...] = ()

    @property
    def deducted(self) -> Decimal:
        return Decimal(0) if self.score is None else self.points - self.score


@dataclass(frozen=True)
class ScoreEntry:
    """What the user entered for one item: a score as typed ("" or None: not scored)."""

    item_id: int
    score: Decimal | str | None
    reason: str = ""
    evidence: tuple[EvidenceLink, ...] = ()


@dataclass(frozen=True)
class AssessmentSheet:
    info: AssessmentInfo
    lines: tuple[ScoreLine, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class OverviewRow:
    """An office of the unit (or a leader with an assessment) and its assessment, if any."""

    name: str
    office_id: int | None
    person_id: int | None
    assessment: AssessmentInfo | None


def evidence_of(text: str) -> tuple[EvidenceLink, ...]:
    if not text:
        return ()
    try:
        data = json.loads(text)
        return tuple(
            EvidenceLink(str(e["table"]), str(e["uid"]), str(e.get("label", ""))) for e in data
        )
    except (ValueError, KeyError, TypeError):
        return ()


def _evidence_text(links: Sequence[EvidenceLink]) -> str:
    if not links:
        return ""
    unique = list(dict.fromkeys(links))
    return json.dumps(
        [{"table": e.table, "uid": e.uid, "label": e.label} for e in unique], ensure_ascii=False
    )


def summarise(
    row: Assessment, items: Sequence[ChecklistItem], thresholds: Thresholds
) -> AssessmentInfo:
    """The assessment with its total, progress and grade against the year's `items`."""
    present = {item.id: item for item in items}
    scores = [s for s in row.scores if s.item_id in present]
    total = sum((Decimal(s.score) for s in scores), Decimal(0))
    full = sum((Decimal(i.points) for i in items), Decimal(0))
    scored = len(scores)
    complete = bool(items) and scored == len(items)
    deductions = sum(1 for s in scores if Decimal(s.score) < Decimal(present[s.item_id].points))
    return AssessmentInfo(
        id=row.id,
        year=row.year,
        office_id=row.office_id,
        person_id=row.person_id,
        assessed_on=row.assessed_on,
        assessors=row.assessors,
        note=row.note,
        target=row.office.name if row.office else (row.person.name if row.person else ""),
        total=total,
        full_points=full,
        scored=scored,
        items=len(items),
        grade=thresholds.grade(total) if complete else "",
        deductions=deductions,
        version=row.version,
    )


def year_assessment_rows(session: Session, year: int) -> list[Assessment]:
    """The year's assessments: offices in their order, then leaders in theirs."""
    rows = session.scalars(
        select(Assessment)
        .where(Assessment.year == year)
        .options(
            selectinload(Assessment.scores),
            selectinload(Assessment.office),
            selectinload(Assessment.person),
        )
    )

    def order(row: Assessment) -> tuple[int, int, int]:
        if row.office is not None:
            return (0, row.office.sort_order, row.office.id)
        return (1, row.person.sort_order if row.person else 0, row.id)

    return sorted(rows, key=order)


def _lines(row: Assessment, items: Sequence[ChecklistItem]) -> tuple[ScoreLine, ...]:
    given = {s.item_id: s for s in row.scores}
    lines = []
    for item in items:
        score = given.get(item.id)
        lines.append(
            ScoreLine(
                item_id=item.id,
                group_name=item.group_name,
                text=item.text,
                points=Decimal(item.points),
                basis=item.basis,
                score=None if score is None else Decimal(score.score),
                reason=score.reason if score else "",
                evidence=evidence_of(score.evidence) if score else (),
            )
        )
    return tuple(lines)


def _not_found(assessment_id: int) -> NotFoundError:
    return NotFoundError(f"找不到该考核（编号 {assessment_id}），可能已被删除，请刷新后重试。")


def _get(
    session: Session, assessment_id: int, version: int | None, *, deleting: bool = False
) -> Assessment:
    row: Assessment = get_for_edit(
        session,
        Assessment,
        assessment_id,
        version,
        lambda: _not_found(assessment_id),
        deleting=deleting,
    )
    return row


def _cleaned_score(entry: ScoreEntry, item: ChecklistItem, number: int) -> Decimal | None:
    raw = entry.score
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    label = f"第{number}项的得分"
    score = parse_points(raw, label, "score")
    points = Decimal(item.points)
    if score < 0 or score > points:
        raise ValidationError(
            f"{label}“{shown_points(score)}”不在0至{shown_points(points)}分之间"
            f"（该项满分{shown_points(points)}分），请改正。",
            field="score",
        )
    return score


class AssessmentService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    # --- reading ---------------------------------------------------------------------------
    def years(self) -> list[int]:
        with self.runtime.read() as session:
            years = set(session.scalars(select(Assessment.year).distinct()))
            years |= set(session.scalars(select(ChecklistItem.year).distinct()))
        return sorted(years)

    def in_year(self, year: int) -> list[AssessmentInfo]:
        with self.runtime.read() as session:
            items = year_rows(session, year)
            thresholds = read_thresholds(session)
            return [summarise(r, items, thresholds) for r in year_assessment_rows(session, year)]

    def overview(self, year: int) -> list[OverviewRow]:
        """Every office of the unit with its assessment of `year` (None: not assessed yet),
        then the leaders who were assessed."""
        assessments = self.in_year(year)
        by_office = {a.office_id: a for a in assessments if a.office_id is not None}
        with self.runtime.read() as session:
            offices = list(session.scalars(select(Office).order_by(Office.sort_order, Office.id)))
        rows = [OverviewRow(o.name, o.id, None, by_office.get(o.id)) for o in offices]
        rows += [
            OverviewRow(a.target, None, a.person_id, a) for a in assessments if a.office_id is None
        ]
        return rows

    def sheet(self, assessment_id: int) -> AssessmentSheet:
        with self.runtime.read() as session:
            row = session.get(Assessment, assessment_id)
            if row is None:
                raise _not_found(assessment_id)
            items = year_rows(session, row.year)
            info = summarise(row, items, read_thresholds(session))
            return AssessmentSheet(info, _lines(row, items))

    # --- editing ---------------------------------------------------------------------------
    def save(self, info: AssessmentInfo) -> AssessmentInfo:
        """Add an assessment of an office or a leader for a year (the year's checklist made
        first if it has none), or change its date, assessors and note."""
        check_year(info.year)
        if (info.office_id is None) == (info.person_id is None):
            raise ValidationError("请选择被考核的股室或领导（二者选其一）。", field="target")
        assessed_on = info.assessed_on
        if assessed_on is not None:
            check_date(assessed_on, "考核日期", "assessed_on")
        assessors = optional_text(info.assessors, "考核人员", 200, "assessors")
        note = optional_text(info.note, "考核意见", 2000, "note")
        with self.runtime.write() as session:
            if info.id is None:
                target = self._target_name(session, info)
                same = select(Assessment.id).where(Assessment.year == info.year)
                same = (
                    same.where(Assessment.office_id == info.office_id)
                    if info.office_id is not None
                    else same.where(Assessment.person_id == info.person_id)
                )
                if session.scalar(same) is not None:
                    raise ValidationError(
                        f"{info.year}年已有对“{target}”的考核，请在列表中打开它修改评分。",
                        field="target",
                    )
                items = ensure_checklist(session, info.year)
                row = Assessment(year=info.year, office_id=info.office_id, person_id=info.person_id)
                session.add(row)
                before = None
            else:
                row = _get(session, info.id, info.version)
                before = snapshot(row)
                target = row.office.name if row.office else (row.person.name if row.person else "")
                items = year_rows(session, row.year)
            row.assessed_on, row.assessors, row.note = assessed_on, assessors, note
            session.flush()
            session.refresh(row)
            audit.record(
                session,
                "update" if before else "create",
                "assessment",
                row.id,
                f"{'修改' if before else '新建'}{row.year}年意识形态工作责任制考核：{target}",
                before,
                snapshot(row),
            )
            return summarise(row, items, read_thresholds(session))

    @staticmethod
    def _target_name(session: Session, info: AssessmentInfo) -> str:
        if info.office_id is not None:
            office = session.get(Office, info.office_id)
            if office is None:
                raise ValidationError("所选的股室已不存在，请重新选择。", field="target")
            return office.name
        person = session.get(Person, info.person_id)
        if person is None:
            raise ValidationError("所选的领导已不存在，请重新选择。", field="target")
        return person.name

    def save_scores(
        self, assessment_id: int, entries: Sequence[ScoreEntry], version: int | None = None
    ) -> AssessmentSheet:
        """Save the scores of the items in `entries` (others keep theirs): each between 0 and
        the item's points, a deduction with its reason. One write; the assessment's version
        moves on, so two people scoring the same sheet do not overwrite each other."""
        with self.runtime.write() as session:
            row = _get(session, assessment_id, version)
            items = year_rows(session, row.year)
            by_id = {item.id: (number, item) for number, item in enumerate(items, start=1)}
            given = {s.item_id: s for s in row.scores}
            changed: list[str] = []
            for entry in entries:
                if entry.item_id not in by_id:
                    raise ValidationError(
                        "有一项考核细则已被删除或移到别的年度，请关闭后重新打开这次考核再评分。",
                        field="score",
                    )
                number, item = by_id[entry.item_id]
                score = _cleaned_score(entry, item, number)
                reason = optional_text(entry.reason, f"第{number}项的扣分理由", 1000, "reason")
                evidence = _evidence_text(entry.evidence)
                existing = given.get(item.id)
                if score is None:
                    if existing is not None:
                        row.scores.remove(existing)
                        changed.append(f"第{number}项取消评分")
                    continue
                if score < Decimal(item.points) and not reason:
                    raise ValidationError(
                        f"第{number}项扣了{shown_points(Decimal(item.points) - score)}分，"
                        "请填写扣分理由（考核结果通报和被考核股室都要看到）。",
                        field="reason",
                    )
                if existing is None:
                    row.scores.append(
                        AssessmentScore(
                            item_id=item.id, score=score, reason=reason, evidence=evidence
                        )
                    )
                    changed.append(f"第{number}项{shown_points(score)}分")
                elif (Decimal(existing.score), existing.reason, existing.evidence) != (
                    score,
                    reason,
                    evidence,
                ):
                    existing.score, existing.reason, existing.evidence = score, reason, evidence
                    changed.append(f"第{number}项{shown_points(score)}分")
            if not changed:
                return AssessmentSheet(
                    summarise(row, items, read_thresholds(session)), _lines(row, items)
                )
            flag_modified(row, "note")  # the sheet as a whole has a new version
            session.flush()
            session.refresh(row)
            info = summarise(row, items, read_thresholds(session))
            audit.record(
                session,
                "update",
                "assessment",
                row.id,
                f"{row.year}年考核评分：{info.target}，"
                + "、".join(changed[:10])
                + (f"等{len(changed)}项" if len(changed) > 10 else "")
                + f"，合计{shown_points(info.total)}分",
                after={"total": str(info.total), "scored": info.scored},
            )
            return AssessmentSheet(info, _lines(row, items))

    def fill_full_marks(self, assessment_id: int, version: int | None = None) -> AssessmentSheet:
        """Give every item not yet scored its full points: a start, deductions made after."""
        sheet = self.sheet(assessment_id)
        entries = [
            ScoreEntry(line.item_id, line.points) for line in sheet.lines if line.score is None
        ]
        return self.save_scores(assessment_id, entries, version or sheet.info.version)

    def delete(self, assessment_id: int, version: int | None = None) -> None:
        with self.runtime.write() as session:
            row = _get(session, assessment_id, version, deleting=True)
            before = snapshot(row)
            target = row.office.name if row.office else (row.person.name if row.person else "")
            scores = len(row.scores)
            session.delete(row)
            audit.record(
                session,
                "delete",
                "assessment",
                assessment_id,
                f"删除{before['year']}年考核：{target}（含{scores}项评分）",
                before,
            )

    # --- evidence ----------------------------------------------------------------------------
    def evidence_choices(self, year: int, table: str) -> list[EvidenceLink]:
        """The records of `table` from `year` that may be linked as evidence."""
        with self.runtime.read() as session:
            return evidence_records(session, year, table)


def evidence_link(row: Any) -> EvidenceLink:
    """How a ledger's record is linked and named as evidence."""
    if isinstance(row, StudySession | PositionEvent):
        return EvidenceLink(row.__tablename__, row.uid, f"{row.held_on:%Y-%m-%d} {row.topic}")
    if isinstance(row, SentimentCase):
        return EvidenceLink(row.__tablename__, row.uid, f"{row.received_on:%Y-%m-%d} {row.title}")
    if isinstance(row, Task):
        return EvidenceLink(row.__tablename__, row.uid, row.text[:60])
    if isinstance(row, Finding):
        title = row.problem_title or row.measure_title or row.problem[:30]
        return EvidenceLink(row.__tablename__, row.uid, f"{row.period} {title}")
    if isinstance(row, Inspection):
        return EvidenceLink(row.__tablename__, row.uid, f"{row.checked_on:%Y-%m-%d} {row.subject}")
    raise TypeError(f"not a record that can be evidence: {row!r}")


# The dated kinds of evidence: the model and the date that places a record in its year.
_DATED_EVIDENCE: dict[str, tuple[type[Any], Any]] = {
    "study_session": (StudySession, StudySession.held_on),
    "sentiment_case": (SentimentCase, SentimentCase.received_on),
    "position_event": (PositionEvent, PositionEvent.held_on),
    "inspection": (Inspection, Inspection.checked_on),
}


def evidence_records(session: Session, year: int, table: str) -> list[EvidenceLink]:
    """The records of `table` from `year` that may be linked as evidence, oldest first."""
    rows: list[Any]
    if table in _DATED_EVIDENCE:
        model, day = _DATED_EVIDENCE[table]
        rows = list(
            session.scalars(
                select(model)
                .where(day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
                .order_by(day, model.id)
            )
        )
    elif table == "task":
        tasks = list(
            session.scalars(
                select(Task).where(Task.year == year).order_by(Task.sort_order, Task.id)
            )
        )
        parents = {t.parent_id for t in tasks}  # sections: not tasks to point at
        rows = [t for t in tasks if t.id not in parents]
    elif table == "finding":
        rows = list(
            session.scalars(
                select(Finding)
                .where(Finding.period.like(f"{year}%"))
                .order_by(Finding.period, Finding.sort_order, Finding.id)
            )
        )
    else:
        raise ValidationError(f"不能把“{table}”的记录作为佐证。", field="evidence")
    return [evidence_link(row) for row in rows]


def with_scores(sheet: AssessmentSheet, entries: Sequence[ScoreEntry]) -> AssessmentSheet:
    """The sheet as it would read with `entries` (for a preview), without saving."""
    given = {e.item_id: e for e in entries}
    lines = []
    for line in sheet.lines:
        entry = given.get(line.item_id)
        if entry is None:
            lines.append(line)
            continue
        try:
            score: Decimal | None = Decimal(str(entry.score).strip())
        except InvalidOperation:  # not scored, or not a number yet: shown as not scored
            score = None
        if score is not None and not score.is_finite():
            score = None
        lines.append(replace(line, score=score, reason=entry.reason, evidence=entry.evidence))
    return replace(sheet, lines=tuple(lines))
