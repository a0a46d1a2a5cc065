"""公文: drafting reports from the built-in templates, rendering them, archiving them with 文号.

A template is Jinja2 in resources/templates producing the document markup of
ideowork.documents.markup; its context is the unit, the period and the figures of
ideowork.services.reports.figures. Drafts are re-made for the same template and period under the
same 文号, so regenerating does not use up numbers.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.engine import Database
from ideowork.db.models import GeneratedDocument, Person, Setting, StudySession, Unit
from ideowork.documents.checks import Issue, check_document
from ideowork.documents.fonts import FontError
from ideowork.documents.markup import escape_cell, escape_line, parse_markup
from ideowork.documents.render import render_document
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period, PeriodKind
from ideowork.domain.vocab import PersonRole, StudyKind
from ideowork.paths import resources_dir
from ideowork.services.system import audit
from ideowork.services.matrix.service import MatrixService, TaskNode
from ideowork.services.reports.figures import ReportFigures, gather
from ideowork.services.system.settings import SettingsService
from ideowork.services.unit import UnitInfo, unit_info


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    name: str
    description: str
    period_kinds: tuple[PeriodKind, ...]
    title: Callable[[UnitInfo, Period], str]
    enclosed_title: Callable[[UnitInfo, Period], str] | None = None
    numbered: bool = True  # carries a 文号 (and so uses one up)


def _organ(unit: UnitInfo) -> str:
    return unit.organ_kind or "党组"


TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        "quarterly-implementation",
        "意识形态工作落实情况报告",
        "季度（或半年、全年）落实情况报告，数字取自学习日历、舆情台账和研判整改",
        (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR),
        lambda u, p: f"{p.label}{_organ(u)}意识形态工作落实情况报告",
        numbered=False,
    ),
    TemplateSpec(
        "quarterly-analysis",
        "意识形态工作分析研判报告（含上报报告）",
        "季度分析研判报告，附上报用的报告和文号",
        (PeriodKind.QUARTER, PeriodKind.HALF),
        lambda u, p: f"关于上报《{p.label}意识形态工作分析研判报告》的报告",
        lambda u, p: f"{p.label}意识形态工作分析研判报告",
    ),
    TemplateSpec(
        "implementation-plan",
        "落实意识形态工作责任制实施方案（印发通知）",
        "由责任清单生成的年度实施方案，每项任务注明责任领导和责任股室",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{p.year}年落实意识形态工作责任制实施方案》的通知",
        lambda u, p: f"{p.year}年落实意识形态工作责任制实施方案",
    ),
    TemplateSpec(
        "implementation-measures",
        "落实意识形态工作责任制实施办法（印发通知）",
        "责任制实施办法，学习、研究、汇报、通报的次数取自任务指标",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{_organ(u)}落实意识形态工作责任制实施办法》的通知",
        lambda u, p: f"{_organ(u)}落实意识形态工作责任制实施办法",
    ),
    TemplateSpec(
        "annual-points",
        "年度落实意识形态工作责任制要点（印发通知）",
        "年度工作要点，主要任务取自该年度责任清单",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{p.year}年{_organ(u)}落实意识形态工作责任制要点》的通知",
        lambda u, p: f"{p.year}年{_organ(u)}落实意识形态工作责任制要点",
    ),
    TemplateSpec(
        "duty-list",
        "意识形态工作责任清单（一岗双责，印发通知）",
        "按责任领导列出各自负责的任务和责任股室，取自该年度责任清单",
        (PeriodKind.YEAR,),
        lambda u, p: f"关于印发《{p.year}年意识形态工作责任清单》的通知",
        lambda u, p: f"{p.year}年意识形态工作责任清单",
    ),
)
TEMPLATE_IDS = {spec.id: spec for spec in TEMPLATES}


@dataclass(frozen=True)
class Draft:
    template: str
    period: str
    title: str
    doc_number: str
    markup: str


@dataclass(frozen=True)
class MadeReport:
    draft: Draft
    files: dict[str, Path]
    issues: list[Issue]
    archive_id: int


def template_spec(template_id: str) -> TemplateSpec:
    spec = TEMPLATE_IDS.get(template_id)
    if spec is None:
        names = "、".join(TEMPLATE_IDS)
        raise UserError(f"没有名为“{template_id}”的模板。可用模板：{names}（见 report list）。")
    return spec


def sentence(text: str) -> str:
    """A run-in heading ends with a full stop: 严把正确政治导向。"""
    return text if not text or text[-1] in "。！？；：" else text + "。"


_SENTENCE_END = re.compile(r"^(.+?[。；])(.+)$")
_CHINESE_COUNTS = "零一两三四五六七八九十"


def split_sentence(text: str) -> tuple[str, str]:
    """A long task becomes a run-in heading: its first sentence, then the rest."""
    match = _SENTENCE_END.match(text)
    return (match.group(1), match.group(2)) if match else (text, "")


def plain_item(node: TaskNode) -> bool:
    """A child that is only an enumerated case (情形), not a task with responsibilities."""
    return not (
        node.children
        or node.body
        or node.leaders
        or node.offices
        or node.leaders_placeholder
        or node.offices_placeholder
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def one_line(text: str) -> str:
    """Data for a heading or a list item, which the markup keeps on one line."""
    return "".join(_lines(text))


def continued(text: str) -> str:
    """Data inside a paragraph: a line break the user typed starts a new, literal paragraph."""
    lines = _lines(text)
    return "\n".join(lines[:1] + [escape_line(line) for line in lines[1:]])


def paragraphs(text: str) -> str:
    """Data that starts its own paragraphs: every line literal, never read as markup."""
    return "\n".join(escape_line(line) for line in _lines(text))


def cell(text: str) -> str:
    """Data for one table cell (one line, | escaped)."""
    return escape_cell(" ".join(_lines(text)))


def cn_count(number: int) -> str:
    """Counts in the prose of rules: 两次, 六次, 24次."""
    return _CHINESE_COUNTS[number] if 0 <= number <= 10 else str(number)


@functools.cache
def _environment() -> Environment:
    """One environment per process, so each template is compiled once."""
    environment = Environment(
        loader=FileSystemLoader(resources_dir() / "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is document markup, not HTML
    )
    environment.tests["plain_item"] = plain_item
    environment.filters.update(
        sentence=sentence,
        split_sentence=split_sentence,
        one_line=one_line,
        continued=continued,
        paragraph=paragraphs,
        cell=cell,
        cn_count=cn_count,
    )
    return environment


def ordinal(period: Period) -> str:
    """How the narrative names the period: 第3季度, 上半年, 全年, 9月."""
    if period.kind is PeriodKind.QUARTER:
        return f"第{period.index}季度"
    return period.short_label


def _doc_number_pattern(prefix: str, year: int) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}〔{year}〕(\d+)号$")


def next_doc_number(session: Session, prefix: str, year: int) -> str:
    """The next free 文号 of the year: after the archive's highest, or the configured start."""
    if not prefix:
        return ""
    pattern = _doc_number_pattern(prefix, year)
    used = [
        int(match.group(1))
        for number in session.scalars(select(GeneratedDocument.doc_number))
        if number and (match := pattern.match(number))
    ]
    setting = session.get(Setting, f"doc_number.next.{year}")
    start = int(json.loads(setting.value)) if setting else 1
    return f"{prefix}〔{year}〕{max([start - 1, *used]) + 1}号"


def _default_date(session: Session, template: str, period: Period, today: dt.date) -> dt.date:
    """The 成文日期: the period's analysis meeting for an analysis, else the period's end."""
    if template == "quarterly-analysis":
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
    def __init__(self, db: Database) -> None:
        self.db = db

    def templates(self) -> tuple[TemplateSpec, ...]:
        return TEMPLATES

    def draft(
        self,
        template_id: str,
        period: Period,
        *,
        date: dt.date | None = None,
        doc_number: str | None = None,
        today: dt.date | None = None,
    ) -> Draft:
        spec = template_spec(template_id)
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
        today = today or dt.date.today()
        with self.db.session() as session:
            unit_row = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
            unit = unit_info(unit_row) if unit_row else UnitInfo(full_name="【待填写：单位名称】")
            figures = gather(session, period, today)
            archived = self._archived(session, template_id, period)
            date = date or _default_date(session, template_id, period, today)
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
            # Computed only by the templates that call it.
            "duties": lambda: MatrixService(self.db).all_leader_duties(period.year),
        }
        markup = _environment().get_template(f"{template_id}.j2").render(context)
        return Draft(template_id, str(period), title, number, _tidy(markup))

    @staticmethod
    def _archived(session: Session, template_id: str, period: Period) -> GeneratedDocument | None:
        return session.scalars(
            select(GeneratedDocument).where(
                GeneratedDocument.template == template_id,
                GeneratedDocument.period == str(period),
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
    ) -> MadeReport:
        """Draft (or take the user's edited markup), render the files, and archive them."""
        draft = self.draft(template_id, period, date=date, doc_number=doc_number)
        if markup is not None:
            draft = Draft(draft.template, draft.period, draft.title, draft.doc_number, markup)
        document = parse_markup(draft.markup)
        stem = _file_stem(draft)
        settings = SettingsService(self.db)
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
        with self.db.session() as session:
            row = self._archived(session, template_id, period)
            before = None
            if row is None:
                row = GeneratedDocument(template=template_id, period=str(period))
                session.add(row)
            else:
                before = {"doc_number": row.doc_number, "title": row.title}
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
    stem = f"{draft.period}-{draft.title}"
    return re.sub(r'[\\/:*?"<>|\s]+', "", stem)[:80]


def _tidy(markup: str) -> str:
    """Drop the blank lines template logic leaves behind; markup ignores them anyway."""
    lines = [line.rstrip() for line in markup.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


__all__ = ["TEMPLATES", "Draft", "MadeReport", "ReportFigures", "ReportService"]
