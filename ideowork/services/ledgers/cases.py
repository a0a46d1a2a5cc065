"""舆情台账 workflow: register a case, then 交办, 处置, 办结, 回访, 上报, 重新办理 — each one
transaction that records who did it, when and with what note in the case's history, and an
audit entry. The rules (which action when, deadlines) are ideowork.domain.cases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from ideowork.db.models import CaseEvent, Office, Person, SentimentCase
from ideowork.domain.cases import (
    asks_to_report_upward,
    available_actions,
    case_is_due_soon,
    case_is_overdue,
    check_action,
    suggested_deadlines,
)
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.names import case_number_form, person_name_form
from ideowork.domain.validation import check_date, optional_text, required_text
from ideowork.domain.vocab import CaseAction, CaseStatus, Channel, Satisfaction, Severity
from ideowork.services.choices import CASE_CATEGORIES, CASE_CHANNELS, ChoiceService
from ideowork.services.concurrency import check_version, deleted_conflict
from ideowork.services.runtime import Runtime, write_context
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

TITLE_MAX, CONTENT_MAX, NOTE_MAX, CASE_NO_MAX = 200, 5000, 2000, 40
_PHONE = re.compile(r"^[0-9+\-－—()（）\s转]{3,30}$")
# Prefixes of suggested reference numbers: the platforms' own (12345-2020-0001, XF-2020-…).
CASE_NO_PREFIXES: dict[str, str] = {
    Channel.HOTLINE_12345: "12345",
    Channel.MAYOR_MAILBOX: "QZXX",
    Channel.SECRETARY_MAILBOX: "SJXX",
    Channel.ONLINE_PETITION: "XF",
    Channel.LETTER: "LX",
    Channel.VISIT: "LF",
    Channel.PETITION: "XF",
    Channel.NETWORK: "WL",
    Channel.MEDIA: "MT",
    Channel.CHAT_GROUP: "QL",
}


# --- what the service takes ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseDraft:
    """A case as entered in the 登记 form; `id` None registers a new one."""

    channel: str
    received_on: dt.date
    title: str
    received_time: dt.time | None = None
    case_no: str = ""
    link: str = ""
    reporter: str = ""
    phone: str = ""
    content: str = ""
    category: str = ""
    severity: Severity = Severity.NORMAL
    note: str = ""
    id: int | None = None
    # The version the case was loaded at: a save from an older one is an EditConflict
    # (None: a new case, or a caller that does not edit a loaded copy).
    version: int | None = None


@dataclass(frozen=True)
class Assignment:
    """交办: to which office and person, on which day, with which deadlines."""

    office_id: int | None
    assigned_on: dt.date
    deadline: dt.date | None
    reply_deadline: dt.date | None = None
    handler_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Closing:
    """办结: the reply given and the day."""

    closed_on: dt.date
    result: str


@dataclass(frozen=True)
class Revisit:
    """回访: the day, the answer, and what was said."""

    revisited_on: dt.date
    satisfaction: Satisfaction
    result: str = ""


@dataclass(frozen=True)
class UpwardReport:
    """上报: to whom and when."""

    reported_to: str
    reported_on: dt.date
    note: str = ""


# --- what it hands out --------------------------------------------------------------------


@dataclass(frozen=True)
class CaseEventView:
    at: dt.datetime
    action: CaseAction
    actor: str
    workstation: str
    note: str


@dataclass(frozen=True)
class CaseDetail:
    """Everything about one case for its detail pane, dialogs and printouts. `reporter` and
    `phone` are personal data: show them masked unless the user asks."""

    id: int
    uid: str
    case_no: str
    channel: str
    channel_label: str
    received_on: dt.date
    received_time: dt.time | None
    title: str
    content: str
    link: str
    reporter: str
    phone: str
    category: str
    category_label: str
    severity: Severity
    office_id: int | None
    office_name: str
    handler_id: int | None
    handler_name: str
    assigned_on: dt.date | None
    reply_deadline: dt.date | None
    deadline: dt.date | None
    handled_on: dt.date | None
    result: str
    closed_on: dt.date | None
    revisited_on: dt.date | None
    revisit_result: str
    satisfaction: Satisfaction | None
    status: CaseStatus
    reported_upward: bool
    reported_to: str
    reported_on: dt.date | None
    note: str
    overdue: bool
    due_soon: bool
    actions: tuple[CaseAction, ...]
    events: tuple[CaseEventView, ...]
    version: int | None = None  # as loaded: the edits and workflow steps send it back

    def draft(self) -> CaseDraft:
        """The 登记 form's fields, for editing."""
        return CaseDraft(
            channel=self.channel,
            received_on=self.received_on,
            title=self.title,
            received_time=self.received_time,
            case_no=self.case_no,
            link=self.link,
            reporter=self.reporter,
            phone=self.phone,
            content=self.content,
            category=self.category,
            severity=self.severity,
            note=self.note,
            id=self.id,
            version=self.version,
        )


# --- helpers on a session -----------------------------------------------------------------


def add_event(session: Session, case: SentimentCase, action: CaseAction, note: str) -> None:
    """One step of the case's history, by the acting user at the transaction's time."""
    context = write_context(session)
    session.add(
        CaseEvent(
            case_id=case.id,
            at=context.at,
            action=action,
            actor=context.actor.user,
            workstation=context.actor.workstation,
            note=note,
        )
    )


def derived_events(case: SentimentCase) -> Iterator[tuple[dt.date, CaseAction, str]]:
    """The steps a case recorded only by its dates went through (imports, the demo)."""
    yield case.received_on, CaseAction.REGISTER, "据台账记录登记"
    if case.assigned_on is not None:
        office = f"交办{case.office.name}" if case.office is not None else "交办"
        yield case.assigned_on, CaseAction.ASSIGN, office
    finished = case.closed_on or case.handled_on
    if finished is not None:
        yield finished, CaseAction.CLOSE, case.result
    if case.satisfaction is not None:
        yield (
            case.revisited_on or finished or case.received_on,
            CaseAction.REVISIT,
            (case.satisfaction.label + (f"：{case.revisit_result}" if case.revisit_result else "")),
        )
    if case.reported_upward:
        yield (
            case.reported_on or case.received_on,
            CaseAction.REPORT,
            (f"已向{case.reported_to}报告" if case.reported_to else "已向上级报告"),
        )


def record_derived_history(session: Session, case: SentimentCase) -> None:
    """Give a case made from a ledger row (not through the form) its history from its dates."""
    context = write_context(session)
    for day, action, note in derived_events(case):
        session.add(
            CaseEvent(
                case_id=case.id,
                at=dt.datetime.combine(day, dt.time()),
                action=action,
                actor=context.actor.user,
                workstation=context.actor.workstation,
                note=note,
            )
        )


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _audit_state(case: SentimentCase) -> dict[str, object]:
    state = snapshot(case)
    # Personal data stays out of the audit trail: it is read by whoever inspects the system.
    state.pop("reporter", None)
    state.pop("phone", None)
    return state


class CaseService:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    # --- reading ----------------------------------------------------------------------------
    def id_of(self, uid: str) -> int | None:
        """The case with this uid (documents and exchange packages name cases by uid)."""
        with self.runtime.read() as session:
            return session.scalar(select(SentimentCase.id).where(SentimentCase.uid == uid))

    def detail(self, case_id: int) -> CaseDetail:
        with self.runtime.read() as session:
            case = self._get(session, case_id, load=True)
            return self._detail(case)

    def suggest_deadlines(
        self, channel: str, severity: Severity, from_day: dt.date
    ) -> tuple[dt.date, dt.date]:
        """(first reply by, handled by) the rules of the channel and severity ask for."""
        return suggested_deadlines(channel, severity, from_day)

    def suggest_case_no(self, channel: str, day: dt.date) -> str:
        """The next free reference number of the channel in `day`'s year, as 12345-2020-0004."""
        prefix = CASE_NO_PREFIXES.get(channel, "QT")
        stem = f"{prefix}-{day.year}-"
        with self.runtime.read() as session:
            used = set(
                session.scalars(
                    select(SentimentCase.case_no).where(
                        SentimentCase.channel == channel, SentimentCase.case_no.like(f"{stem}%")
                    )
                )
            )
        number = len(used) + 1
        while f"{stem}{number:04d}" in used:
            number += 1
        return f"{stem}{number:04d}"

    def new_draft(self) -> CaseDraft:
        """A blank form: received now, by 12345, 一般."""
        now = self.runtime.now()
        return CaseDraft(
            channel=Channel.HOTLINE_12345,
            received_on=now.date(),
            received_time=now.time().replace(second=0),
            title="",
        )

    @staticmethod
    def asks_to_report(severity: Severity) -> bool:
        return asks_to_report_upward(severity)

    # --- registering and editing ------------------------------------------------------------
    def register(self, draft: CaseDraft) -> CaseDetail:
        cleaned = self._clean(draft)
        with self.runtime.write() as session:
            self._check_case_no(session, cleaned)
            case = SentimentCase(status=CaseStatus.RECEIVED, title="")
            self._apply(case, cleaned)
            session.add(case)
            session.flush()
            add_event(session, case, CaseAction.REGISTER, cleaned.note)
            audit.record(
                session,
                "create",
                "sentiment_case",
                case.id,
                f"登记舆情事项：{_short(case.title)}",
                None,
                _audit_state(case),
            )
            case_id = case.id
        return self.detail(case_id)

    def edit(self, draft: CaseDraft) -> CaseDetail:
        if draft.id is None:
            raise ValidationError("要修改的事项没有编号，请从台账中选择后再修改。")
        cleaned = self._clean(draft)
        with self.runtime.write() as session:
            case = self._get(session, draft.id, version=draft.version)
            self._check_case_no(session, cleaned)
            before = _audit_state(case)
            self._apply(case, cleaned)
            flag_modified(case, "title")  # counted as a change even if only the note was new
            add_event(session, case, CaseAction.EDIT, cleaned.note)
            session.flush()  # the entry records the version this change made (concurrency)
            audit.record(
                session,
                "update",
                "sentiment_case",
                case.id,
                f"修改舆情事项：{_short(case.title)}",
                before,
                _audit_state(case),
            )
        return self.detail(draft.id)

    def delete(self, case_id: int, version: int | None = None) -> None:
        """`version`: the one the user saw; changed since, the delete asks again (EditConflict)."""
        with self.runtime.write() as session:
            case = self._get(session, case_id, version=version, deleting=True)
            before = _audit_state(case)
            session.delete(case)
            audit.record(
                session,
                "delete",
                "sentiment_case",
                case_id,
                f"删除舆情事项：{_short(case.title)}（{case.case_no or '无编号'}）",
                before,
            )

    # --- the workflow -----------------------------------------------------------------------
    def assign(
        self, case_id: int, assignment: Assignment, version: int | None = None
    ) -> CaseDetail:
        """`version` (of every workflow step): the one the user saw; a case changed since
        is an EditConflict."""
        note = optional_text(assignment.note, "交办意见", NOTE_MAX, "note")
        with self.runtime.write() as session:
            case = self._get(session, case_id, version=version)
            status = check_action(CaseAction.ASSIGN, case.status)
            office = self._office(session, assignment.office_id)
            handler = self._person(session, assignment.handler_id)
            if office is None and handler is None:
                raise ValidationError("请选择承办股室或承办人。", field="office")
            self._not_before(assignment.assigned_on, case.received_on, "交办日期", "受理日期")
            self._not_future(assignment.assigned_on, "交办日期")
            if assignment.deadline is not None:
                self._not_before(
                    assignment.deadline, assignment.assigned_on, "办理时限", "交办日期"
                )
            if (
                assignment.reply_deadline is not None
                and assignment.deadline is not None
                and assignment.reply_deadline > assignment.deadline
            ):
                raise ValidationError("首次答复时限不能晚于办理时限。", field="reply_deadline")
            before = _audit_state(case)
            case.office, case.handler = office, handler
            case.assigned_on = assignment.assigned_on
            case.reply_deadline, case.deadline = assignment.reply_deadline, assignment.deadline
            # Re-assigning a case already in hand keeps it in hand.
            case.status = CaseStatus.HANDLING if case.status is CaseStatus.HANDLING else status
            who = "、".join(
                n for n in (office.name if office else "", handler.name if handler else "") if n
            )
            deadline = f"，{assignment.deadline:%Y-%m-%d}前办结" if assignment.deadline else ""
            add_event(
                session,
                case,
                CaseAction.ASSIGN,
                f"交办{who}{deadline}" + (f"。{note}" if note else ""),
            )
            self._audit(session, case, before, f"交办舆情事项：{_short(case.title)}→{who}")
        return self.detail(case_id)

    def start(self, case_id: int, note: str = "", version: int | None = None) -> CaseDetail:
        text = optional_text(note, "处置情况", NOTE_MAX, "note")
        with self.runtime.write() as session:
            case = self._get(session, case_id, version=version)
            before = _audit_state(case)
            case.status = check_action(CaseAction.START, case.status)
            add_event(session, case, CaseAction.START, text)
            self._audit(session, case, before, f"开始处置舆情事项：{_short(case.title)}")
        return self.detail(case_id)

    def close(self, case_id: int, closing: Closing, version: int | None = None) -> CaseDetail:
        result = required_text(closing.result, "办理结果（答复内容）", CONTENT_MAX, "result")
        with self.runtime.write() as session:
            case = self._get(session, case_id, version=version)
            status = check_action(CaseAction.CLOSE, case.status)
            self._not_before(closing.closed_on, case.received_on, "办结日期", "受理日期")
            self._not_future(closing.closed_on, "办结日期")
            before = _audit_state(case)
            case.status = status
            case.closed_on = case.handled_on = closing.closed_on
            case.result = result
            late = (
                f"（超过办理时限{(closing.closed_on - case.deadline).days}天）"
                if case.deadline and closing.closed_on > case.deadline
                else ""
            )
            add_event(session, case, CaseAction.CLOSE, result + late)
            self._audit(session, case, before, f"办结舆情事项：{_short(case.title)}")
        return self.detail(case_id)

    def revisit(self, case_id: int, revisit: Revisit, version: int | None = None) -> CaseDetail:
        text = optional_text(revisit.result, "回访情况", NOTE_MAX, "revisit_result")
        with self.runtime.write() as session:
            case = self._get(session, case_id, version=version)
            check_action(CaseAction.REVISIT, case.status)
            finished = case.closed_on or case.handled_on
            if finished is not None:
                self._not_before(revisit.revisited_on, finished, "回访日期", "办结日期")
            self._not_future(revisit.revisited_on, "回访日期")
            before = _audit_state(case)
            case.revisited_on = revisit.revisited_on
            case.satisfaction = Satisfaction(revisit.satisfaction)
            case.revisit_result = text
            add_event(
                session,
                case,
                CaseAction.REVISIT,
                case.satisfaction.label + (f"：{text}" if text else ""),
            )
            self._audit(
                session,
                case,
                before,
                f"回访舆情事项：{_short(case.title)}（{case.satisfaction.label}）",
            )
        return self.detail(case_id)

    def report(self, case_id: int, upward: UpwardReport, version: int | None = None) -> CaseDetail:
        to = required_text(upward.reported_to, "报告对象", 100, "reported_to")
        note = optional_text(upward.note, "报告内容", NOTE_MAX, "note")
        with self.runtime.write() as session:
            case = self._get(session, case_id, version=version)
            check_action(CaseAction.REPORT, case.status)
            self._not_before(upward.reported_on, case.received_on, "报告日期", "受理日期")
            self._not_future(upward.reported_on, "报告日期")
            before = _audit_state(case)
            case.reported_upward, case.reported_to = True, to
            case.reported_on = upward.reported_on
            add_event(
                session, case, CaseAction.REPORT, f"向{to}报告" + (f"：{note}" if note else "")
            )
            self._audit(session, case, before, f"上报舆情事项：{_short(case.title)}→{to}")
        return self.detail(case_id)

    def reopen(self, case_id: int, reason: str, version: int | None = None) -> CaseDetail:
        text = required_text(reason, "重新办理的原因", NOTE_MAX, "reason")
        with self.runtime.write() as session:
            case = self._get(session, case_id, version=version)
            before = _audit_state(case)
            case.status = check_action(CaseAction.REOPEN, case.status)
            # The reply so far stays in the history; the case is open again until closed anew.
            case.closed_on = case.handled_on = None
            add_event(session, case, CaseAction.REOPEN, text)
            self._audit(session, case, before, f"重新办理舆情事项：{_short(case.title)}")
        return self.detail(case_id)

    # --- helpers ----------------------------------------------------------------------------
    def _detail(self, case: SentimentCase) -> CaseDetail:
        today = self.runtime.today()
        return CaseDetail(
            id=case.id,
            uid=case.uid,
            case_no=case.case_no,
            channel=case.channel,
            channel_label=self.choices.label(CASE_CHANNELS, case.channel),
            received_on=case.received_on,
            received_time=case.received_time,
            title=case.title,
            content=case.content,
            link=case.link,
            reporter=case.reporter,
            phone=case.phone,
            category=case.category,
            category_label=self.choices.label(CASE_CATEGORIES, case.category),
            severity=case.severity,
            office_id=case.office_id,
            office_name=case.office.name if case.office else "",
            handler_id=case.handler_id,
            handler_name=case.handler.name if case.handler else "",
            assigned_on=case.assigned_on,
            reply_deadline=case.reply_deadline,
            deadline=case.deadline,
            handled_on=case.handled_on,
            result=case.result,
            closed_on=case.closed_on,
            revisited_on=case.revisited_on,
            revisit_result=case.revisit_result,
            satisfaction=case.satisfaction,
            status=case.status,
            reported_upward=case.reported_upward,
            reported_to=case.reported_to,
            reported_on=case.reported_on,
            note=case.note,
            overdue=case_is_overdue(case.status, case.deadline, case.handled_on, today),
            due_soon=case_is_due_soon(case.status, case.deadline, today),
            actions=tuple(a for a in available_actions(case.status) if a is not CaseAction.EDIT),
            events=tuple(
                CaseEventView(e.at, e.action, e.actor, e.workstation, e.note) for e in case.events
            ),
            version=case.version,
        )

    def _clean(self, draft: CaseDraft) -> CaseDraft:
        if not isinstance(draft.received_on, dt.date):
            raise ValidationError("请填写受理日期。", field="received_on")
        if draft.channel not in self.choices.labels(CASE_CHANNELS):
            raise ValidationError("请选择受理渠道。", field="channel")
        if draft.category and draft.category not in self.choices.labels(CASE_CATEGORIES):
            raise ValidationError("所选的事项分类已不存在，请重新选择。", field="category")
        check_date(draft.received_on, "受理日期", "received_on")
        self._not_future(draft.received_on, "受理日期")
        phone = optional_text(draft.phone, "联系电话", 30, "phone")
        if phone and not _PHONE.match(phone):
            raise ValidationError(
                f"联系电话“{phone}”不像电话号码，请只填数字（可带区号“-”和“转”分机）。",
                field="phone",
            )
        return replace(
            draft,
            title=required_text(draft.title, "事项（摘要）", TITLE_MAX, "title"),
            case_no=case_number_form(optional_text(draft.case_no, "编号", CASE_NO_MAX, "case_no")),
            link=optional_text(draft.link, "链接或来源", 500, "link"),
            reporter=person_name_form(optional_text(draft.reporter, "反映人", 100, "reporter")),
            phone=phone,
            content=optional_text(draft.content, "内容", CONTENT_MAX, "content"),
            note=optional_text(draft.note, "备注", NOTE_MAX, "note"),
            severity=Severity(draft.severity),
        )

    @staticmethod
    def _apply(case: SentimentCase, draft: CaseDraft) -> None:
        case.channel, case.case_no = draft.channel, draft.case_no
        case.received_on, case.received_time = draft.received_on, draft.received_time
        case.title, case.content, case.link = draft.title, draft.content, draft.link
        case.reporter, case.phone = draft.reporter, draft.phone
        case.category, case.severity, case.note = draft.category, draft.severity, draft.note

    def _check_case_no(self, session: Session, draft: CaseDraft) -> None:
        if not draft.case_no:
            return
        clash = session.scalar(
            select(func.count()).where(
                SentimentCase.channel == draft.channel,
                SentimentCase.case_no == draft.case_no,
                SentimentCase.id != (draft.id or -1),
            )
        )
        if clash:
            channel = self.choices.label(CASE_CHANNELS, draft.channel)
            raise ValidationError(
                f"{channel}渠道已有编号为“{draft.case_no}”的事项，请核对编号（可用建议的编号）。",
                field="case_no",
            )

    def _not_future(self, day: dt.date, label: str) -> None:
        if day > self.runtime.today():
            raise ValidationError(f"{label}（{day:%Y-%m-%d}）晚于今天，请核对。", field="date")

    @staticmethod
    def _not_before(day: dt.date, earliest: dt.date, label: str, other: str) -> None:
        check_date(day, label, "date")
        if day < earliest:
            raise ValidationError(
                f"{label}（{day:%Y-%m-%d}）早于{other}（{earliest:%Y-%m-%d}），请核对。",
                field="date",
            )

    @staticmethod
    def _get(
        session: Session,
        case_id: int,
        load: bool = False,
        *,
        version: int | None = None,
        deleting: bool = False,
    ) -> SentimentCase:
        """The case; given the version the user loaded, one changed or deleted since is an
        EditConflict."""
        if load:
            case = session.scalar(
                select(SentimentCase)
                .where(SentimentCase.id == case_id)
                .options(
                    selectinload(SentimentCase.events),
                    selectinload(SentimentCase.office),
                    selectinload(SentimentCase.handler),
                )
            )
        else:
            case = session.get(SentimentCase, case_id)
        if case is None:
            if version is not None:
                raise deleted_conflict(session, SentimentCase, case_id, deleting=deleting)
            raise NotFoundError(f"找不到该舆情事项（编号 {case_id}），可能已被删除，请刷新后重试。")
        check_version(session, case, version, deleting=deleting)
        return case

    @staticmethod
    def _office(session: Session, office_id: int | None) -> Office | None:
        if office_id is None:
            return None
        office = session.get(Office, office_id)
        if office is None:
            raise ValidationError("所选的承办股室已不存在，请重新选择。", field="office")
        return office

    @staticmethod
    def _person(session: Session, person_id: int | None) -> Person | None:
        if person_id is None:
            return None
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError("所选的承办人已不存在，请重新选择。", field="handler")
        return person

    @staticmethod
    def _audit(
        session: Session, case: SentimentCase, before: dict[str, object], summary: str
    ) -> None:
        flag_modified(case, "status")  # every step counts the version up (PCs see it moved)
        session.flush()
        audit.record(
            session, "update", "sentiment_case", case.id, summary, before, _audit_state(case)
        )
