"""The study calendar and the sentiment ledger as Excel 台账 (export)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ideowork.db.models import SentimentCase, StudySession
from ideowork.domain.periods import Period
from ideowork.services.excel_writing import append_rows, new_sheet, save_workbook
from ideowork.services.ledgers.sentiment import is_overdue
from ideowork.services.runtime import Runtime

STUDY_HEADERS = (
    "日期",
    "类别",
    "会议形式",
    "内容",
    "意识形态",
    "主持人",
    "地点",
    "学时",
    "应到",
    "实到",
    "缺席人员及原因",
    "状态",
    "计入指标",
    "材料",
    "备注",
)
CASE_HEADERS = (
    "编号",
    "渠道",
    "受理日期",
    "事项",
    "内容",
    "反映人",
    "严重程度",
    "承办股室",
    "承办人",
    "交办日期",
    "办理时限",
    "办结日期",
    "办理结果",
    "回访日期",
    "满意度",
    "状态",
    "是否逾期",
    "已向上报告",
    "报告对象",
    "备注",
)


def export_studies(runtime: Runtime, period: Period, path: Path) -> int:
    book, sheet = new_sheet(
        f"{period.label}学习台账",
        STUDY_HEADERS,
        (12, 12, 18, 46, 8, 8, 20, 6, 6, 6, 24, 8, 8, 20, 20),
    )
    with runtime.read() as session:
        rows = session.scalars(
            select(StudySession)
            .where(StudySession.held_on.between(period.start, period.end))
            .options(selectinload(StudySession.host), selectinload(StudySession.attendance))
            .order_by(StudySession.held_on, StudySession.id)
        )
        count = append_rows(
            sheet,
            (
                (
                    s.held_on,
                    s.kind.label,
                    s.meeting_name,
                    s.topic,
                    "是" if s.ideology_related else "否",
                    s.host.name if s.host else "",
                    s.location,
                    float(s.hours),
                    len(s.attendance),
                    sum(1 for a in s.attendance if a.present),
                    "；".join(
                        f"{a.person.name}（{a.absence_reason or '缺席'}）"
                        for a in s.attendance
                        if not a.present
                    ),
                    s.status.label,
                    "是" if s.counts_toward_quota else "否",
                    s.materials,
                    s.note,
                )
                for s in rows
            ),
            date_columns=(1,),
        )
    save_workbook(book, path)
    return count


def export_sentiment(
    runtime: Runtime, labels: dict[str, str], period: Period, path: Path, with_personal: bool
) -> int:
    """The period's cases; the complainant's name is left out unless `with_personal`."""
    today = runtime.today()
    book, sheet = new_sheet(
        f"{period.label}舆情台账",
        CASE_HEADERS,
        (16, 10, 12, 30, 30, 10, 8, 12, 8, 12, 12, 12, 36, 12, 8, 8, 8, 8, 12, 20),
    )
    with runtime.read() as session:
        rows = session.scalars(
            select(SentimentCase)
            .where(SentimentCase.received_on.between(period.start, period.end))
            .options(selectinload(SentimentCase.office), selectinload(SentimentCase.handler))
            .order_by(SentimentCase.received_on, SentimentCase.id)
        )
        count = append_rows(
            sheet,
            (
                (
                    c.case_no,
                    labels.get(c.channel, c.channel),
                    c.received_on,
                    c.title,
                    c.content,
                    c.reporter if with_personal else "",
                    c.severity.label,
                    c.office.name if c.office else "",
                    c.handler.name if c.handler else "",
                    c.assigned_on,
                    c.deadline,
                    c.closed_on,
                    c.result,
                    c.revisited_on,
                    c.satisfaction.label if c.satisfaction else "未回访",
                    c.status.label,
                    "是" if is_overdue(c, today) else "否",
                    "是" if c.reported_upward else "否",
                    c.reported_to,
                    c.note,
                )
                for c in rows
            ),
            date_columns=(3, 10, 11, 12, 14),
        )
    save_workbook(book, path)
    return count
