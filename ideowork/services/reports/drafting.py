"""公文: drafting reports from the built-in templates, rendering them, archiving them with 文号.

A template is Jinja2 in resources/templates producing the document markup of
ideowork.documents.markup; its context is the unit, the period and the figures of
ideowork.services.reports.figures. Drafts are re-made for the same template and period under the
same 文号, so regenerating does not use up numbers.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideowork.db.models import GeneratedDocument, Person, StudySession, Unit
from ideowork.documents.checks import Issue, check_document
from ideowork.documents.fonts import FontError
from ideowork.documents.markup import parse_markup, with_header_field
from ideowork.documents.model import Document
from ideowork.documents.numbering import parse_doc_number
from ideowork.documents.render import document_targets, stage_document
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.vocab import PersonRole, StudyKind
from ideowork.file_sets import FileSwap, new_token
from ideowork.services.choices import STUDY_KINDS, ChoiceService
from ideowork.services.error_messages import known_error_message
from ideowork.services.ledgers.case_sheet import case_sheet
from ideowork.services.ledgers.cases import CaseDetail, CaseService
from ideowork.services.ledgers.quota_rules import QuotaRuleService
from ideowork.services.ledgers.sentiment import SentimentService
from ideowork.services.ledgers.sessions import SessionDetail, SessionService
from ideowork.services.ledgers.study_sheets import (
    plan_rule_texts,
    session_sheet,
    study_ledger_rows,
    study_plan_rows,
)
from ideowork.services.matrix.service import MatrixService
from ideowork.services.reports.assessment_figures import year_assessment
from ideowork.services.reports.doc_numbers import (
    archived_number,
    clean_doc_number,
    holder_of,
    lock_numbering,
    next_doc_number,
    number_taken_message,
)
from ideowork.services.reports.document_files import (
    commit_marker,
    database_identity,
    live,
    recover,
    settle_after_commit_error,
)
from ideowork.services.reports.figures import ReportFigures, gather
from ideowork.services.reports.figures_review import review_figures
from ideowork.services.reports.position_figures import position_figures
from ideowork.services.reports.printing import with_printing_fields
from ideowork.services.reports.templates import (
    TEMPLATES,
    TemplateSpec,
    render_template,
    template_spec,
)
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit
from ideowork.services.system.settings import SettingsService
from ideowork.services.unit import UnitInfo, unit_info

T = TypeVar("T")


@dataclass(frozen=True)
class Draft:
    template: str
    period: str
    title: str
    doc_number: str
    markup: str
    subject: str = ""  # the uid of the record a per-record document is about


@dataclass(frozen=True)
class MadeReport:
    draft: Draft
    files: dict[str, Path]
    issues: list[Issue]
    archive_id: int


def ordinal(period: Period) -> str:
    """How the narrative names the period: 第3季度, 上半年, 全年, 9月."""
    if period.kind is PeriodKind.QUARTER:
        return f"第{period.index}季度"
    return period.short_label


def _default_date(session: Session, spec: TemplateSpec, period: Period, today: dt.date) -> dt.date:
    """The 成文日期: the period's analysis meeting for an analysis, else the period's end."""
    if spec.dated == "today":
        return today
    if spec.dated == "period_end":
        return min(period.end, today)
    if spec.id == "quarterly-analysis":
        meeting = session.scalars(
            select(StudySession.held_on)
            .where(
                StudySession.kind == StudyKind.ANALYSIS,
                StudySession.held_on.between(period.start, period.end),
            )
            .order_by(StudySession.held_on.desc())
        ).first()
        if meeting:
            return meeting
    if period.kind is PeriodKind.YEAR:
        # Plans, measures and points are issued early in their year.
        if period.contains(today):
            return today
        day = dt.date(period.year, 1, 4)
        while day.weekday() >= 5:  # a working day, not a weekend
            day += dt.timedelta(days=1)
        return day
    return min(period.end, today)


class ReportService:
    def __init__(
        self,
        runtime: Runtime,
        choices: ChoiceService,
        sentiment: SentimentService,
        cases: CaseService,
        sessions: SessionService,
    ) -> None:
        self.runtime = runtime
        self.choices = choices
        self.sentiment = sentiment
        self.cases = cases
        self.sessions = sessions

    def templates(self) -> tuple[TemplateSpec, ...]:
        return TEMPLATES

    def draft(
        self,
        template_id: str,
        period: Period,
        *,
        date: dt.date | None = None,
        doc_number: str | None = None,
        subject: str = "",
        personal: bool = False,
    ) -> Draft:
        """The template's markup for `period` (and, for a per-record template, the record
        whose uid is `subject`); personal data appears unmasked only with `personal`.

        The 文号 is the one given (checked by `clean_doc_number`), the archived one of this
        document, or the next free one, proposed: it is allocated only by `make`."""
        number = clean_doc_number(doc_number)
        with self.runtime.read() as session:
            return self._draft(session, template_id, period, date, number, subject, personal)

    def _draft(
        self,
        session: Session,
        template_id: str,
        period: Period,
        date: dt.date | None,
        doc_number: str | None,
        subject: str,
        personal: bool,
    ) -> Draft:
        """`draft`, reading the unit, the figures and the numbers in `session` (in `make`, the
        write transaction holding the numbering lock)."""
        spec = template_spec(template_id)
        case = self._subject_case(spec, subject)
        if case is not None:
            period = Period.quarter_of(case.received_on)  # filed under its quarter
        meeting = self._subject_session(spec, subject)
        if meeting is not None:
            period = Period.quarter_of(meeting.draft.held_on)
        if period.kind not in spec.period_kinds:
            kinds = "、".join(
                {
                    "quarter": "季度（如2020Q3）",
                    "half": "半年（如2020H1）",
                    "year": "全年（如2020）",
                    "month": "月",
                }[k]
                for k in spec.period_kinds
            )
            raise UserError(f"模板“{spec.name}”按{kinds}生成，不能用于“{period}”。")
        today = self.runtime.today()
        unit_row = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
        unit = unit_info(unit_row) if unit_row else UnitInfo(full_name="【待填写：单位名称】")
        figures = gather(session, period, today, self.choices.all_labels())
        archived = self._archived(session, template_id, period, subject)
        date = date or _default_date(session, spec, period, today)
        number = ""
        if spec.numbered:
            number = (
                doc_number
                or (archived.doc_number if archived else None)
                or next_doc_number(session, unit.doc_prefix, date.year)
            )
        leaders = {
            role.value: list(
                session.scalars(
                    select(Person.name)
                    .where(Person.role == role, Person.active.is_(True))
                    .order_by(Person.sort_order)
                )
            )
            for role in (PersonRole.SECRETARY, PersonRole.DEPUTY)
        }
        signer = next(iter(leaders["secretary"]), "")
        signer_post = session.scalars(
            select(Person.post).where(Person.name == signer, Person.active.is_(True)).limit(1)
        ).first()
        kind_labels = self.choices.labels(STUDY_KINDS)
        sheet = None if meeting is None else session_sheet(session, meeting)
        title = spec.title(unit, period)
        context: dict[str, Any] = {
            "unit": unit,
            "period": period,
            "ordinal": ordinal(period),
            "figures": figures,
            "date": date,
            "signer": signer,
            "signer_post": signer_post or "",
            "leaders": leaders,
            "doc_number": number or "【待填写：文号（请在单位信息中填写发文字号前缀）】",
            "title": title,
            "enclosed_title": spec.enclosed_title(unit, period) if spec.enclosed_title else "",
            # Computed only by the templates that call them.
            "duties": lambda: MatrixService(self.runtime).all_leader_duties(period.year),
            "ledger": lambda: self.sentiment.ledger_rows(period),
            "case": None if case is None else case_sheet(case, personal),
            "sheet": sheet,
            "study_ledger": lambda: self._read(lambda s: study_ledger_rows(s, period, kind_labels)),
            "plan_rows": lambda: self._read(lambda s: study_plan_rows(s, period.year, kind_labels)),
            "rules": lambda: plan_rule_texts(QuotaRuleService(self.runtime, self.choices).rules()),
            "assessment": lambda: year_assessment(session, period.year),  # 检查考核, read here
            "positions": lambda: position_figures(self.runtime, self.choices, period),
            # A half's or a year's look back (专题汇报, 通报, 总结, 述职), read in this session.
            "review": lambda: review_figures(session, period, today),
        }
        markup = with_printing_fields(
            render_template(template_id, context), SettingsService(self.runtime).printing()
        )
        if spec.subject:  # a per-record paper is titled after its record
            title = parse_markup(markup).title.replace("\n", "")
        return Draft(template_id, str(period), title, number, markup, subject)

    def _read(self, query: Callable[[Session], T]) -> T:
        with self.runtime.read() as session:
            return query(session)

    def _subject_case(self, spec: TemplateSpec, subject: str) -> CaseDetail | None:
        if spec.subject != "case" or not subject:
            return None  # without a case the form says which is still to be chosen
        case_id = self.cases.id_of(subject)
        if case_id is None:
            raise UserError("找不到要打印的舆情事项，可能已被删除，请刷新后重试。")
        return self.cases.detail(case_id)

    def _subject_session(self, spec: TemplateSpec, subject: str) -> SessionDetail | None:
        if spec.subject != "session" or not subject:
            return None
        session_id = self.sessions.id_of(subject)
        if session_id is None:
            raise UserError("找不到要打印的学习活动，可能已被删除，请刷新后重试。")
        return self.sessions.detail(session_id)

    @staticmethod
    def _archived(
        session: Session, template_id: str, period: Period, subject: str = ""
    ) -> GeneratedDocument | None:
        return session.scalars(
            select(GeneratedDocument).where(
                GeneratedDocument.template == template_id,
                GeneratedDocument.period == str(period),
                GeneratedDocument.subject == subject,
            )
        ).first()

    def make(
        self,
        template_id: str,
        period: Period,
        out_dir: Path,
        formats: frozenset[str] = frozenset({"docx", "pdf"}),
        *,
        markup: str | None = None,
        date: dt.date | None = None,
        doc_number: str | None = None,
        subject: str = "",
        personal: bool = False,
    ) -> MadeReport:
        """Draft (or take the user's edited markup), render the files, and archive them.

        The 文号, the archive row and the files are committed together or not at all, in one
        write transaction (see ideowork.services.reports.document_files). A `doc_number` given
        here replaces the 文号 line of `markup`; a 文号 another archived document carries is
        refused with a message naming it."""
        spec = template_spec(template_id)
        given = clean_doc_number(doc_number) if spec.numbered else None
        if markup is not None:
            if given is not None:
                markup = with_header_field(markup, "文号", given)
            parse_markup(markup)  # its mistakes are told before waiting for the write lock
        settings = SettingsService(self.runtime)
        fonts, docx_names = settings.pdf_fonts(), settings.docx_names()
        database = database_identity(self.runtime)
        out_dir = Path(out_dir).absolute()
        swap: FileSwap | None = None
        committing = False
        number: str | None = None
        archived_id: int | None = None
        with ExitStack() as making:
            try:
                with self.runtime.write() as session:
                    lock_numbering(session)
                    recover(session, [out_dir], database)
                    draft = self._draft(
                        session, template_id, period, date, given, subject, personal
                    )
                    if markup is not None:
                        draft = replace(draft, markup=markup)
                    document = parse_markup(draft.markup)
                    period = Period.parse(draft.period)
                    row = self._archived(session, template_id, period, draft.subject)
                    archived_id = row.id if row else None
                    number = _free_number(session, document, archived_id)
                    draft = replace(draft, doc_number=number or "")
                    stem = _file_stem(draft)
                    targets = document_targets(out_dir, stem, formats)
                    token = new_token()
                    making.enter_context(live(token))  # before its journal exists
                    swap = FileSwap.plan(list(targets.values()), database, token)
                    stage_document(
                        document, out_dir, stem, formats, fonts, docx_names, token=swap.token
                    )
                    row = self._archive(session, row, draft, document, targets)
                    archive_id = row.id
                    swap.mark(commit_marker(session, row))
                    swap.install()
                    committing = True  # what fails from here on may come after the commit
            except BaseException as error:
                if swap is not None:
                    if committing:
                        settle_after_commit_error(self.runtime, swap)
                    else:
                        swap.undo()
                explained = self._explain(error, number, archived_id)
                if explained is not None:
                    raise explained from error
                raise
            swap.finish()
        return MadeReport(draft, dict(targets), check_document(document), archive_id)

    def _archive(
        self,
        session: Session,
        row: GeneratedDocument | None,
        draft: Draft,
        document: Document,
        files: dict[str, Path],
    ) -> GeneratedDocument:
        """Write the archive row and its audit entry (flushed: a taken 文号 fails here)."""
        before = None
        if row is None:
            row = GeneratedDocument(
                template=draft.template,
                period=draft.period,
                subject=draft.subject,
                created_at=self.runtime.now(),
            )
            session.add(row)
        else:
            before = {"doc_number": row.doc_number, "title": row.title}
        row.updated_at = self.runtime.now()
        row.title = document.title.replace("\n", "")
        row.doc_number = draft.doc_number or None
        row.markup = draft.markup
        row.docx_path = str(files.get("docx", ""))
        row.pdf_path = str(files.get("pdf", ""))
        session.flush()
        audit.record(
            session,
            "update" if before else "create",
            "generated_document",
            row.id,
            f"生成公文：{row.title}（{row.doc_number or '无文号'}）",
            before,
            {"doc_number": row.doc_number, "title": row.title},
        )
        return row

    def _explain(
        self, error: BaseException, number: str | None, archived_id: int | None
    ) -> UserError | None:
        """The user's message for a failure of `make` that is not a bug (None: a bug)."""
        if isinstance(error, FontError):
            return UserError(f"{error}。请在“系统”页的“公文字体”中重新选择或恢复默认。")
        if isinstance(error, IntegrityError) and number and "doc_number" in str(error.orig):
            # Another writer that does not take the numbering lock (an older version of the
            # app on another PC) archived the number between our check and our flush.
            holder = self._read(lambda s: holder_of(s, number, archived_id))
            free = self._read(lambda s: _next_after(s, number))
            return UserError(number_taken_message(number, holder, free))
        if isinstance(error, OSError):
            if error.errno == errno.ENOSPC:
                return UserError(
                    "磁盘已满，公文文件没有写完；原有的文件和归档记录都保持原样。"
                    "请清理磁盘空间后重试。"
                )
            known = known_error_message(error)
            if known is not None:
                return UserError(known + "原有的公文文件和归档记录保持原样。")
        return None


def _free_number(session: Session, document: Document, archived_id: int | None) -> str | None:
    """The 文号 `document` is archived under, refused if another archived document has it."""
    number = archived_number(document.header.doc_number)
    if number is not None:
        holder = holder_of(session, number, archived_id)
        if holder is not None:
            raise UserError(number_taken_message(number, holder, _next_after(session, number)))
    return number


def _next_after(session: Session, number: str) -> str:
    """The next free 文号 in the series of `number` (empty if it is not in the standard form)."""
    parsed = parse_doc_number(number)
    return next_doc_number(session, parsed[0], parsed[1]) if parsed else ""


def _file_stem(draft: Draft) -> str:
    stem = f"{draft.period}-{draft.title}" + (f"-{draft.subject[:8]}" if draft.subject else "")
    return re.sub(r'[\\/:*?"<>|\s]+', "", stem)[:80]


__all__ = ["Draft", "MadeReport", "ReportFigures", "ReportService", "TemplateSpec"]
