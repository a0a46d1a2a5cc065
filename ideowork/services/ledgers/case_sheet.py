"""What a case's 处置单 prints: its fields as display text, personal data masked unless asked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ideowork.documents.numbering import format_date
from ideowork.domain.privacy import mask_name, mask_phone
from ideowork.services.ledgers.cases import CaseDetail


def _day(day: dt.date | None) -> str:
    return format_date(day) if day else ""


@dataclass(frozen=True)
class SheetStep:
    when: str
    action: str
    note: str
    who: str


@dataclass(frozen=True)
class CaseSheet:
    """The printed form of a case: every value is text ready for a table cell."""

    title: str
    rows: tuple[tuple[str, str], ...]
    steps: tuple[SheetStep, ...]
    personal_shown: bool


def case_sheet(case: CaseDetail, personal: bool) -> CaseSheet:
    reporter = case.reporter if personal else mask_name(case.reporter)
    phone = case.phone if personal else mask_phone(case.phone)
    received = _day(case.received_on) + (
        f" {case.received_time:%H:%M}" if case.received_time else ""
    )
    reported = (
        f"{_day(case.reported_on)} 已向{case.reported_to}报告" if case.reported_upward else "否"
    )
    revisit = (
        f"{_day(case.revisited_on)} {case.satisfaction.label}"
        + (f"。{case.revisit_result}" if case.revisit_result else "")
        if case.satisfaction
        else "未回访"
    )
    rows = (
        ("编号", case.case_no),
        ("受理渠道", case.channel_label),
        ("受理时间", received),
        ("反映人", reporter or "（未留姓名）"),
        ("联系电话", phone or "（未留电话）"),
        ("链接或来源", case.link),
        ("事项分类", case.category_label or "未分类"),
        ("严重程度", case.severity.label),
        ("反映事项", case.title),
        ("具体内容", case.content),
        ("承办股室", case.office_name or "未交办"),
        ("承办人", case.handler_name),
        ("交办日期", _day(case.assigned_on)),
        ("首次答复时限", _day(case.reply_deadline)),
        ("办理时限", _day(case.deadline)),
        ("办结日期", _day(case.closed_on)),
        ("办理结果", case.result),
        ("回访情况", revisit),
        (
            "向上报告",
            reported,
        ),
        ("当前状态", case.status.label + ("（逾期）" if case.overdue else "")),
    )
    steps = tuple(
        SheetStep(f"{event.at:%Y-%m-%d %H:%M}", event.action.label, event.note, event.actor)
        for event in case.events
    )
    return CaseSheet(case.title, tuple((k, v or "—") for k, v in rows), steps, personal)
