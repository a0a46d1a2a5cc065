"""公文: drafting reports from the built-in templates, rendering them, archiving them with 文号.

A template is Jinja2 in resources/templates producing the document markup of
ideowork.documents.markup; its context is the unit, the period and the figures of
ideowork.services.reports.figures. Drafts are re-made for the same template and period under the
same 文号, so regenerating does not use up numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import GeneratedDocument, Person, StudySession, Unit
from ideowork.documents.checks import Issue, check_document
from ideowork.documents.fonts import FontError
from ideowork.documents.markup import parse_markup
from ideowork.documents.render import render_document
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.vocab import PersonRole, StudyKind
from ideowork.services.choices import STUDY_KINDS, ChoiceService
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
from ideowork.services.reports.doc_numbers import next_doc_number
from ideowork.services.reports.figures import ReportFigures, gather
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
        whose uid is `subject`); personal data appears unmasked only with `personal`."""
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
        with self.runtime.read() as session:
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
        }
        markup = render_template(template_id, context)
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
        """Draft (or take the user's edited markup), render the files, and archive them."""
        draft = self.draft(
            template_id,
            period,
            date=date,
            doc_number=doc_number,
            subject=subject,
            personal=personal,
        )
        if markup is not None:
            draft = replace(draft, markup=markup)
        period = Period.parse(draft.period)
        document = parse_markup(draft.markup)
        stem = _file_stem(draft)
        settings = SettingsService(self.runtime)
        try:
            files = render_document(
                document,
                out_dir,
                stem,
                formats,
                fonts=settings.pdf_fonts(),
                docx_font_names=settings.docx_names(),
            )
        except FontError as error:
            raise UserError(f"{error}。请在“系统”页的“公文字体”中重新选择或恢复默认。") from error
        with self.runtime.write() as session:
            row = self._archived(session, template_id, period, draft.subject)
            before = None
            if row is None:
                row = GeneratedDocument(
                    template=template_id,
                    period=str(period),
                    subject=draft.subject,
                    created_at=self.runtime.now(),
                )
                session.add(row)
            else:
                before = {"doc_number": row.doc_number, "title": row.title}
            row.updated_at = self.runtime.now()
            row.title = document.title.replace("\n", "")
            row.doc_number = document.header.doc_number or None
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
            archive_id = row.id
        return MadeReport(draft, files, check_document(document), archive_id)


def _file_stem(draft: Draft) -> str:
    stem = f"{draft.period}-{draft.title}" + (f"-{draft.subject[:8]}" if draft.subject else "")
    return re.sub(r'[\\/:*?"<>|\s]+', "", stem)[:80]


__all__ = ["Draft", "MadeReport", "ReportFigures", "ReportService", "TemplateSpec"]
