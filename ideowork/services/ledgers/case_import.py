"""Importing cases from the platforms' exports (12345, 信访, mailboxes) and from this app's own
舆情台账 workbook: preview first (which columns were mapped, which were not, which rows are
duplicates or bad), then write the new cases in one transaction, each with its history.

A case is a duplicate when its channel already has a case with the same reference number
(looked up in SQL, whatever the size of the ledger) or when the file repeats it. Numbers and
names arrive in their one spelling (importers.platform_export); offices and handlers are found
by key (ideowork.domain.names), so "办公室\ufeff" in a file is the unit's 办公室.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person, SentimentCase
from ideowork.domain.errors import UserError
from ideowork.domain.names import office_key, person_key
from ideowork.domain.vocab import CaseAction, CaseCategory, CaseStatus, Satisfaction, Severity
from ideowork.importers.platform_export import (
    ImportedCase,
    PlatformSheet,
    platform_fields,
    read_platform_export,
)
from ideowork.importers.workbook import RowProblem
from ideowork.services.choices import CASE_CATEGORIES, CASE_CHANNELS, ChoiceService
from ideowork.services.ledgers.cases import add_event, record_derived_history
from ideowork.services.runtime import NoProgress, ProgressSink, Runtime
from ideowork.services.system import audit

# How platforms word a 回访 answer, and a category, beyond the labels themselves.
SATISFACTION_WORDS = (
    ("不满意", Satisfaction.UNSATISFIED),
    ("基本满意", Satisfaction.BASICALLY),
    ("比较满意", Satisfaction.BASICALLY),
    ("满意", Satisfaction.SATISFIED),
    ("未回访", Satisfaction.NOT_REACHED),
    ("无法联系", Satisfaction.NOT_REACHED),
    ("联系不上", Satisfaction.NOT_REACHED),
    ("拒绝", Satisfaction.NOT_REACHED),
)
CATEGORY_WORDS = (
    ("咨询", CaseCategory.CONSULTATION),
    ("投诉", CaseCategory.COMPLAINT),
    ("举报", CaseCategory.COMPLAINT),
    ("建议", CaseCategory.SUGGESTION),
    ("意见", CaseCategory.SUGGESTION),
    ("求助", CaseCategory.HELP),
    ("舆情", CaseCategory.NEGATIVE),
)
FINISHED_WORDS = ("办结", "已完成", "已办理", "已答复", "已回复", "归档")
SAMPLE_ROWS = 30
LISTED_DUPLICATES = 50


@dataclass(frozen=True)
class CaseImportPreview:
    """What an import would do, for the user to check before anything is written."""

    file_name: str
    platform: str
    mapped: tuple[tuple[str, str], ...]  # (the file's header, the ledger field it fills)
    unmapped: tuple[str, ...]
    missing: tuple[str, ...]
    rows: int
    new: int
    duplicates: tuple[str, ...]  # reference numbers already in the ledger or repeated
    problems: tuple[RowProblem, ...]
    unknown_offices: tuple[str, ...]
    sample: tuple[ImportedCase, ...] = field(default=())
    channel_needed: bool = False  # no channel column: the user must choose one

    @property
    def summary(self) -> str:
        parts = [f"“{self.file_name}”（{self.platform}）共{self.rows}行，可导入{self.new}件"]
        if self.duplicates:
            parts.append(f"编号重复、跳过{len(self.duplicates)}件")
        if self.problems:
            parts.append(f"有问题的{len(self.problems)}行不导入")
        return "，".join(parts) + "。"


@dataclass(frozen=True)
class CaseImportResult:
    file_name: str
    added: int
    duplicates: tuple[str, ...]
    problems: int

    @property
    def summary(self) -> str:
        text = f"已从“{self.file_name}”导入舆情事项{self.added}件"
        if self.duplicates:
            shown = "、".join(self.duplicates[:10]) + ("等" if len(self.duplicates) > 10 else "")
            text += f"；编号重复、已跳过{len(self.duplicates)}件（{shown}）"
        if self.problems:
            text += f"；有问题未导入{self.problems}行"
        return text + "。"


def _satisfaction(text: str) -> Satisfaction | None:
    wanted = text.strip()
    if not wanted:
        return None
    for word, value in SATISFACTION_WORDS:
        if word in wanted:
            return value
    try:
        return Satisfaction.from_label(wanted)
    except ValueError:
        return None


def _severity(text: str) -> Severity:
    """重大 and 较大 by their labels; platforms' 特急/紧急 count as 较大."""
    if Severity.CRITICAL.label in text:
        return Severity.CRITICAL
    if Severity.MAJOR.label in text or any(word in text for word in ("特急", "紧急")):
        return Severity.MAJOR
    return Severity.NORMAL


class _Resolver:
    """Turns a row's texts into the ledger's codes and records (per import, cached)."""

    def __init__(self, session: Session, choices: ChoiceService, channel: str | None) -> None:
        self.choices, self.channel = choices, channel
        self.offices: dict[str, Office] = {}  # by office_key; the first of look-alikes wins
        for office in session.scalars(select(Office).order_by(Office.id)):
            self.offices.setdefault(office_key(office.name), office)
        self.people: dict[str, Person] = {}  # by person_key
        for person in session.scalars(select(Person).order_by(Person.sort_order, Person.id)):
            self.people.setdefault(person_key(person.name), person)

    def channel_of(self, row: ImportedCase) -> str | None:
        if row.channel_text:
            code = self.choices.code_for(CASE_CHANNELS, row.channel_text)
            if code is not None:
                return code
            for code, label in self.choices.labels(CASE_CHANNELS).items():
                if label in row.channel_text or row.channel_text in label:
                    return code
        return self.channel

    def category_of(self, text: str) -> str:
        if not text:
            return ""
        code = self.choices.code_for(CASE_CATEGORIES, text)
        if code is not None:
            return code
        return next((c.value for word, c in CATEGORY_WORDS if word in text), "")

    def office_of(self, text: str) -> Office | None:
        if not text:
            return None
        key = office_key(text)
        if not key or key in self.offices:
            return self.offices.get(key)
        return next(
            (o for name, o in self.offices.items() if name and (name in key or key in name)), None
        )

    def person_of(self, text: str) -> Person | None:
        return self.people.get(person_key(text)) if text else None


def _status(row: ImportedCase, office: Office | None) -> CaseStatus:
    if row.closed_on is not None or any(w in row.status_text for w in FINISHED_WORDS):
        return CaseStatus.CLOSED
    if office is not None or row.assigned_on is not None:
        return CaseStatus.ASSIGNED
    return CaseStatus.RECEIVED


def _case(row: ImportedCase, resolver: _Resolver, channel: str) -> SentimentCase:
    office = resolver.office_of(row.office_text)
    category = resolver.category_of(row.category_text)
    notes = [row.note]
    if row.office_text and office is None:
        notes.append(f"承办单位：{row.office_text}")
    if row.category_text and not category:
        notes.append(f"原分类：{row.category_text}")
    if row.address:
        notes.append(f"地址：{row.address}")
    status = _status(row, office)
    closed = row.closed_on
    satisfaction = _satisfaction(row.satisfaction_text)
    reported = row.reported_text.strip() in ("是", "已上报", "已报告") or bool(row.reported_to)
    return SentimentCase(
        case_no=row.case_no[:40],
        channel=channel,
        received_on=row.received_on,
        received_time=row.received_time,
        title=row.title[:200],
        content=row.content,
        link=row.link[:500],
        reporter=row.reporter[:100],
        phone=row.phone[:30],
        category=category,
        severity=_severity(row.severity_text),
        office=office,
        handler=resolver.person_of(row.handler),
        assigned_on=row.assigned_on or (row.received_on if office else None),
        reply_deadline=row.reply_deadline,
        deadline=row.deadline,
        handled_on=closed,
        closed_on=closed,
        result=row.result,
        revisited_on=row.revisited_on if satisfaction else None,
        revisit_result=row.revisit_result,
        satisfaction=satisfaction,
        status=status,
        reported_upward=reported,
        reported_to=row.reported_to[:100],
        reported_on=row.reported_on,
        note="；".join(n for n in notes if n),
    )


def _existing_numbers(session: Session, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(channel, reference number) pairs already in the ledger, asked in chunks."""
    wanted = sorted(set(keys))
    found: set[tuple[str, str]] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        numbers = {number for _, number in chunk}
        rows = session.execute(
            select(SentimentCase.channel, SentimentCase.case_no).where(
                SentimentCase.case_no.in_(numbers)
            )
        )
        found.update((channel, number) for channel, number in rows)
    return found & set(wanted)


@dataclass
class _Plan:
    sheet: PlatformSheet
    new: list[tuple[ImportedCase, str]]
    duplicates: list[str]
    problems: list[RowProblem]
    unknown_offices: list[str]


class CaseImportService:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    def preview(self, path: Path, channel: str | None = None) -> CaseImportPreview:
        """Read the file and say what importing it would do; writes nothing."""
        with self.runtime.read() as session:
            plan = self._plan(session, read_platform_export(path), channel)
        sheet = plan.sheet
        names = platform_fields()
        has_channel = any(m.field == "channel_text" for m in sheet.mapped)
        return CaseImportPreview(
            file_name=sheet.file_name,
            platform=sheet.platform,
            mapped=tuple((m.header, names.get(m.field, m.field)) for m in sheet.mapped),
            unmapped=sheet.unmapped,
            missing=sheet.missing,
            rows=len(sheet.rows) + len(sheet.problems),
            new=len(plan.new),
            duplicates=tuple(plan.duplicates),
            problems=tuple(plan.problems),
            unknown_offices=tuple(plan.unknown_offices),
            sample=tuple(row for row, _ in plan.new[:SAMPLE_ROWS]),
            channel_needed=not has_channel and channel is None,
        )

    def import_file(
        self, path: Path, channel: str | None = None, progress: ProgressSink | None = None
    ) -> CaseImportResult:
        """Write the file's new cases (duplicates and bad rows skipped) in one transaction."""
        sheet = read_platform_export(path)
        progress = progress or NoProgress()
        with self.runtime.write() as session:
            plan = self._plan(session, sheet, channel)
            resolver = _Resolver(session, self.choices, channel)
            total = len(plan.new)
            for number, (row, code) in enumerate(plan.new, start=1):
                if number % 200 == 1:
                    progress.check_cancelled()
                    progress.report(number - 1, total, f"正在导入第{number}件，共{total}件")
                case = _case(row, resolver, code)
                session.add(case)
                session.flush()
                add_event(session, case, CaseAction.IMPORT, f"从“{sheet.file_name}”导入")
                record_derived_history(session, case)
            result = CaseImportResult(
                sheet.file_name, len(plan.new), tuple(plan.duplicates), len(plan.problems)
            )
            audit.record(
                session,
                "import",
                "sentiment_case",
                None,
                result.summary,
                after={
                    "file": sheet.file_name,
                    "platform": sheet.platform,
                    "added": result.added,
                    "duplicates": list(plan.duplicates[:LISTED_DUPLICATES]),
                    "problems": len(plan.problems),
                },
            )
        return result

    def _plan(self, session: Session, sheet: PlatformSheet, channel: str | None) -> _Plan:
        if sheet.missing:
            raise UserError(
                f"“{sheet.file_name}”中找不到{'、'.join(sheet.missing)}列，无法导入。"
                "请确认表头中有这些列（如“受理时间”“诉求内容”）。"
            )
        if channel is not None and channel not in self.choices.labels(CASE_CHANNELS):
            raise UserError("所选的受理渠道不存在，请重新选择。")
        resolver = _Resolver(session, self.choices, channel)
        problems = list(sheet.problems)
        rows: list[tuple[ImportedCase, str]] = []
        for row in sheet.rows:
            code = resolver.channel_of(row)
            if code is None:
                problems.append(
                    RowProblem(
                        row.row,
                        f"无法判断受理渠道（“{row.channel_text or '空'}”），"
                        "请在导入时选择渠道，或在“渠道和分类”中添加该渠道。",
                    )
                )
                continue
            if row.received_on is None:
                problems.append(RowProblem(row.row, "缺少受理日期。"))
                continue
            rows.append((row, code))
        existing = _existing_numbers(session, ((code, r.case_no) for r, code in rows if r.case_no))
        seen: set[tuple[str, str]] = set()
        new: list[tuple[ImportedCase, str]] = []
        duplicates: list[str] = []
        for row, code in rows:
            key = (code, row.case_no)
            if row.case_no and (key in existing or key in seen):
                duplicates.append(row.case_no)
                continue
            seen.add(key)
            new.append((row, code))
        unknown = sorted(
            {
                r.office_text
                for r, _ in new
                if r.office_text and resolver.office_of(r.office_text) is None
            }
        )
        return _Plan(sheet, new, duplicates, sorted(problems, key=lambda p: p.row), unknown)


def channel_choices(choices: ChoiceService) -> Sequence[tuple[str, str]]:
    """(code, label) of the channels an import can be filed under."""
    return [(c.code, c.label) for c in choices.entries(CASE_CHANNELS, active_only=True)]
