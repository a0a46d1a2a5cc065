"""报送日历: the documents the unit owes — which template, to whom, how often, how long after
its period — edited in the app, and what of it is owed on a day.

The calendar starts from the defaults of the reference rules (domain.report_calendar), written
the first time it is read by someone who may change it (in one write with its audit entry);
a reader who may not (a 只读 account, a viewing window) sees the defaults without storing them.
A period counts as handed up once an archived document (a `GeneratedDocument`, which only
`ReportService.make` writes, with its files) of the template and period exists.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ideowork.db.models import (
    Finding,
    GeneratedDocument,
    ReportDue,
    SentimentCase,
    StudySession,
    Task,
    Unit,
)
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.report_calendar import (
    DEFAULT_CALENDAR,
    MAX_DUE_DAYS,
    PROPAGANDA,
    SUPERIOR,
    YEARS_LOOKED_BACK,
    Cadence,
    due_text,
    periods_owed,
)
from ideowork.domain.validation import optional_text, required_label
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit
from ideowork.services.system.permissions import DOCUMENTS

DEFAULT_HORIZON_DAYS = 14
_TEMPLATE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


def template_names() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The built-in templates: id → (name, the period kinds it drafts for).

    Imported when asked: the template registry brings Jinja2, which the window's start does
    not need (the home page asks on the worker thread)."""
    from ideowork.services.reports.templates import TEMPLATES

    return {spec.id: (spec.name, tuple(k.value for k in spec.period_kinds)) for spec in TEMPLATES}


@dataclass(frozen=True)
class DueDraft:
    """One line of the calendar as entered."""

    template: str
    name: str
    cadence: Cadence
    due_days: int
    recipient: str = ""
    basis: str = ""
    active: bool = True
    id: int | None = None
    # The version the line was loaded at: a save from an older one is an EditConflict.
    version: int | None = None


@dataclass(frozen=True)
class DueInfo:
    draft: DueDraft
    sort_order: int
    # Whether the template exists (a line naming one that does not cannot start a draft).
    template_known: bool

    @property
    def id(self) -> int | None:
        return self.draft.id

    @property
    def cadence_label(self) -> str:
        return self.draft.cadence.label

    @property
    def rule_text(self) -> str:
        return due_text(self.draft.cadence, self.draft.due_days)


@dataclass(frozen=True)
class OwedReport:
    """A document owed for one period: overdue (`days_late` > 0) or due within the horizon."""

    due_id: int | None
    template: str
    name: str
    recipient: str
    period: str
    period_label: str
    due: dt.date
    days_late: int
    draftable: bool

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


def _draft(row: ReportDue) -> DueDraft:
    return DueDraft(
        template=row.template,
        name=row.name,
        cadence=Cadence(row.cadence),
        due_days=row.due_days,
        recipient=row.recipient,
        basis=row.basis,
        active=row.active,
        id=row.id,
        version=row.version,
    )


def default_drafts(unit: Unit | None) -> list[DueDraft]:
    """The default calendar, its recipients named after the unit's superior bodies if known."""
    superior = (unit.superior_committee if unit else "") or "上级党委"
    propaganda = (unit.propaganda_dept if unit else "") or "上级党委宣传部"
    named = {SUPERIOR: superior, PROPAGANDA: propaganda}
    return [
        DueDraft(
            template=item.template,
            name=item.name,
            cadence=item.cadence,
            due_days=item.due_days,
            recipient=named.get(item.recipient, item.recipient),
            basis=item.basis,
        )
        for item in DEFAULT_CALENDAR
    ]


def add_default_calendar(session: Session) -> int:
    """Write the default calendar (the caller audits it); the number of lines."""
    unit = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
    drafts = default_drafts(unit)
    for order, draft in enumerate(drafts, start=1):
        session.add(
            ReportDue(
                template=draft.template,
                name=draft.name,
                recipient=draft.recipient,
                cadence=draft.cadence.value,
                due_days=draft.due_days,
                basis=draft.basis,
                sort_order=order,
                active=True,
            )
        )
    session.flush()
    return len(drafts)


def seed_calendar(session: Session) -> bool:
    """Give the unit the default calendar unless it has one (the demo, a first read)."""
    if session.scalar(select(func.count()).select_from(ReportDue)):
        return False
    count = add_default_calendar(session)
    audit.record(session, "create", "report_due", None, f"建立默认报送日历（{count}项）")
    return True


def first_record_day(session: Session) -> dt.date | None:
    """The day the unit's records begin: its earliest session, case, task year, finding or
    archived document (None: it has none). Two queries, minima taken in SQL."""
    dates = session.execute(
        select(
            select(func.min(StudySession.held_on)).scalar_subquery(),
            select(func.min(SentimentCase.received_on)).scalar_subquery(),
            select(func.min(Task.year)).scalar_subquery(),
            select(func.min(GeneratedDocument.created_at)).scalar_subquery(),
        )
    ).one()
    held, received, task_year, archived = dates
    days: list[dt.date] = [d for d in (held, received) if d is not None]
    if task_year is not None:
        days.append(dt.date(int(task_year), 1, 1))
    if archived is not None:
        days.append(archived.date() if isinstance(archived, dt.datetime) else archived)
    # Finding periods are text of several kinds (2020Q3, 2020H1): compared as dates.
    for text in session.scalars(select(Finding.period).distinct()):
        try:
            days.append(Period.parse(text).start)
        except ValidationError:
            continue
    return min(days) if days else None


def handed_up(session: Session, templates: set[str], since_year: int) -> dict[str, frozenset[str]]:
    """The periods (as text) each template has an archived document for, from `since_year`."""
    rows = session.execute(
        select(GeneratedDocument.template, GeneratedDocument.period)
        .where(
            GeneratedDocument.template.in_(sorted(templates)),
            GeneratedDocument.subject == "",
        )
        .distinct()
    )
    found: dict[str, set[str]] = {}
    for template, period in rows:
        if period[:4].isdigit() and int(period[:4]) >= since_year:
            found.setdefault(template, set()).add(period)
    return {template: frozenset(periods) for template, periods in found.items()}


class ReportCalendarService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    # --- reading -------------------------------------------------------------------------------
    def entries(self) -> list[DueInfo]:
        """The calendar in the unit's order; the defaults are stored on the first read by
        someone who may change 公文 (others see them unstored, without ids)."""
        with self.runtime.read() as session:
            drafts = self._stored_or_default(session)
        if drafts is None:
            with self.runtime.write() as session:
                seed_calendar(session)
            with self.runtime.read() as session:
                drafts = self._stored_or_default(session) or []
        known = template_names()
        return [
            DueInfo(draft, order, draft.template in known)
            for order, draft in enumerate(drafts, start=1)
        ]

    def _may_seed(self) -> bool:
        return not self.runtime.read_only and self.runtime.may_change(DOCUMENTS)

    def _stored_or_default(self, session: Session) -> list[DueDraft] | None:
        """The stored lines; None when there are none and this actor should store the
        defaults; the unstored defaults when it may not."""
        rows = list(session.scalars(select(ReportDue).order_by(ReportDue.sort_order, ReportDue.id)))
        if rows:
            return [_draft(row) for row in rows]
        if self._may_seed():
            return None
        unit = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
        return default_drafts(unit)

    def owed(
        self, today: dt.date | None = None, horizon_days: int = DEFAULT_HORIZON_DAYS
    ) -> list[OwedReport]:
        """What is overdue, and what falls due within `horizon_days`, oldest due first."""
        if not 0 <= horizon_days <= MAX_DUE_DAYS:
            raise ValidationError(
                f"提前提醒的天数应在0到{MAX_DUE_DAYS}之间，现为{horizon_days}。", field="days"
            )
        today = today or self.runtime.today()
        lines = [info for info in self.entries() if info.draft.active]
        with self.runtime.read() as session:
            first = first_record_day(session)
            done = handed_up(
                session, {info.draft.template for info in lines}, today.year - YEARS_LOOKED_BACK
            )
        known = template_names()
        owed: list[OwedReport] = []
        for info in lines:
            draft = info.draft
            kinds = known.get(draft.template, ("", ()))[1]
            for item in periods_owed(
                draft.cadence,
                draft.due_days,
                today,
                horizon_days,
                first,
                done.get(draft.template, frozenset()),
            ):
                owed.append(
                    OwedReport(
                        due_id=draft.id,
                        template=draft.template,
                        name=draft.name,
                        recipient=draft.recipient,
                        period=str(item.period),
                        period_label=item.period.label,
                        due=item.due,
                        days_late=item.days_late(today),
                        draftable=draft.cadence.period_kind.value in kinds,
                    )
                )
        owed.sort(key=lambda o: (o.due, o.period, o.name))
        return owed

    # --- editing -------------------------------------------------------------------------------
    def save(self, draft: DueDraft) -> DueInfo:
        cleaned = self._clean(draft)
        with self.runtime.write() as session:
            seed_calendar(session)  # a first edit keeps the defaults it was made among
            twin = session.scalars(
                select(ReportDue).where(
                    ReportDue.template == cleaned.template,
                    ReportDue.cadence == cleaned.cadence.value,
                )
            ).first()
            if twin is not None and twin.id != cleaned.id:
                raise ValidationError(
                    f"报送日历中已有“{twin.name}”（{Cadence(twin.cadence).label}，"
                    "同一模板），请修改那一项，或换一个模板。",
                    field="template",
                )
            if cleaned.id is None:
                order = session.scalar(select(func.coalesce(func.max(ReportDue.sort_order), 0)))
                row = ReportDue(sort_order=int(order or 0) + 1)
                session.add(row)
                before = None
            else:
                row = self._get(session, cleaned.id, cleaned.version)
                before = snapshot(row)
            row.template, row.name = cleaned.template, cleaned.name
            row.recipient, row.basis = cleaned.recipient, cleaned.basis
            row.cadence, row.due_days = cleaned.cadence.value, cleaned.due_days
            row.active = cleaned.active
            session.flush()
            rule = due_text(cleaned.cadence, cleaned.due_days) + ("" if row.active else "，已停用")
            audit.record(
                session,
                "update" if before else "create",
                "report_due",
                row.id,
                f"{'修改' if before else '新增'}报送事项：{row.name}"
                f"（{cleaned.cadence.label}，{rule}）",
                before,
                snapshot(row),
            )
            saved_id = row.id
        return next(info for info in self.entries() if info.id == saved_id)

    def set_active(self, due_id: int, active: bool, version: int | None = None) -> DueInfo:
        """Turn a line off (the unit does not owe it) or on again."""
        info = next((i for i in self.entries() if i.id == due_id), None)
        if info is None:
            raise NotFoundError("找不到该报送事项，可能已被删除，请刷新后重试。")
        draft = info.draft if version is None else replace(info.draft, version=version)
        return self.save(replace(draft, active=active))

    def delete(self, due_id: int, version: int | None = None) -> None:
        with self.runtime.write() as session:
            row = self._get(session, due_id, version, deleting=True)
            before = snapshot(row)
            session.delete(row)
            audit.record(
                session, "delete", "report_due", due_id, f"删除报送事项：{row.name}", before
            )

    def restore_defaults(self) -> None:
        """Replace every line with the defaults (the archive is not touched)."""
        with self.runtime.write() as session:
            count = int(session.scalar(select(func.count()).select_from(ReportDue)) or 0)
            session.execute(delete(ReportDue))
            added = add_default_calendar(session)
            audit.record(
                session,
                "update",
                "report_due",
                None,
                f"报送日历恢复为默认（原有{count}项，现{added}项）",
            )

    def _clean(self, draft: DueDraft) -> DueDraft:
        template = draft.template.strip()
        if not template:
            raise ValidationError("请选择该事项用哪个公文模板起草。", field="template")
        if not _TEMPLATE_ID.match(template):
            raise ValidationError(
                f"模板编号“{template[:20]}”无效：只能由小写字母、数字和连字符组成，"
                "如 quarterly-analysis。请从列表中选择模板。",
                field="template",
            )
        try:
            cadence = Cadence(draft.cadence)
        except ValueError:
            labels = "、".join(c.label for c in Cadence)
            raise ValidationError(
                f"报送周期“{draft.cadence}”无效，请选择：{labels}。", field="cadence"
            ) from None
        known = template_names().get(template)
        if known is not None and cadence.period_kind.value not in known[1]:
            raise ValidationError(
                f"模板“{known[0]}”不能按“{cadence.label}”起草，请换一个报送周期或模板。",
                field="cadence",
            )
        if not 0 <= draft.due_days <= MAX_DUE_DAYS:
            raise ValidationError(
                f"报送期限应为期间结束后0到{MAX_DUE_DAYS}天，现为{draft.due_days}天。",
                field="due_days",
            )
        return replace(
            draft,
            template=template,
            cadence=cadence,
            name=required_label(draft.name, "事项名称", 100, "name"),
            recipient=optional_text(draft.recipient, "报送对象", 100, "recipient"),
            basis=optional_text(draft.basis, "依据", 500, "basis"),
        )

    @staticmethod
    def _get(
        session: Session, due_id: int, version: int | None = None, *, deleting: bool = False
    ) -> ReportDue:
        row: ReportDue = get_for_edit(
            session,
            ReportDue,
            due_id,
            version,
            lambda: NotFoundError("找不到该报送事项，可能已被删除，请刷新后重试。"),
            deleting=deleting,
        )
        return row
