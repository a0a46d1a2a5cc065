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
    "开始时间",
    "结束时间",
    "类别",
    "会议形式",
    "内容",
    "意识形态",
    "主持人",
    "主讲人",
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
# The ledger's own workbook: (header, column width); it imports back through case_import.
CASE_COLUMNS = (
    ("编号", 16),
    ("渠道", 10),
    ("受理日期", 12),
    ("受理时间", 8),
    ("事项", 30),
    ("内容", 40),
    ("事项分类", 10),
    ("严重程度", 8),
    ("链接", 20),
    ("反映人", 10),
    ("联系电话", 14),
    ("承办股室", 12),
    ("承办人", 8),
    ("交办日期", 12),
    ("首次答复时限", 12),
    ("办理时限", 12),
    ("办结日期", 12),
    ("办理结果", 36),
    ("回访日期", 12),
    ("满意度", 8),
    ("回访情况", 20),
    ("状态", 8),
    ("是否逾期", 8),
    ("已向上报告", 8),
    ("报告对象", 12),
    ("报告日期", 12),
    ("备注", 20),
)
CASE_HEADERS = tuple(header for header, _ in CASE_COLUMNS)
CASE_WIDTHS = dict(CASE_COLUMNS)
PERSONAL_HEADERS = frozenset({"反映人", "联系电话"})
DATE_HEADERS = frozenset(
    {"受理日期", "交办日期", "首次答复时限", "办理时限", "办结日期", "回访日期", "报告日期"}
)


def export_studies(runtime: Runtime, kinds: dict[str, str], period: Period, path: Path) -> int:
    sheet = new_sheet(
        f"{period.label}学习台账",
        STUDY_HEADERS,
        (12, 8, 8, 12, 18, 46, 8, 8, 10, 20, 6, 6, 6, 24, 8, 8, 20, 20),
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
                    f"{s.start_time:%H:%M}" if s.start_time else "",
                    f"{s.end_time:%H:%M}" if s.end_time else "",
                    kinds.get(s.kind, s.kind),
                    s.meeting_name,
                    s.topic,
                    "是" if s.ideology_related else "否",
                    s.host.name if s.host else "",
                    s.lecturer,
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
    save_workbook(sheet, path)
    return count


def export_sentiment(
    runtime: Runtime,
    labels: dict[str, dict[str, str]],
    period: Period,
    path: Path,
    with_personal: bool,
) -> int:
    """The period's cases in the ledger's own workbook, which imports back (see case_import).

    The complainant's name and phone are left out unless `with_personal`; `labels` are the
    channel and category lists' labels by code."""
    today = runtime.today()
    headers = [h for h in CASE_HEADERS if with_personal or h not in PERSONAL_HEADERS]
    sheet = new_sheet(f"{period.label}舆情台账", headers, [CASE_WIDTHS[h] for h in headers])
    channels, categories = labels["channel"], labels["category"]
    with runtime.read() as session:
        rows = session.scalars(
            select(SentimentCase)
            .where(SentimentCase.received_on.between(period.start, period.end))
            .options(selectinload(SentimentCase.office), selectinload(SentimentCase.handler))
            .order_by(SentimentCase.received_on, SentimentCase.id)
        )

        def values(c: SentimentCase) -> dict[str, object]:
            return {
                "编号": c.case_no,
                "渠道": channels.get(c.channel, c.channel),
                "受理日期": c.received_on,
                "受理时间": f"{c.received_time:%H:%M}" if c.received_time else "",
                "事项": c.title,
                "内容": c.content,
                "事项分类": categories.get(c.category, c.category),
                "严重程度": c.severity.label,
                "链接": c.link,
                "反映人": c.reporter,
                "联系电话": c.phone,
                "承办股室": c.office.name if c.office else "",
                "承办人": c.handler.name if c.handler else "",
                "交办日期": c.assigned_on,
                "首次答复时限": c.reply_deadline,
                "办理时限": c.deadline,
                "办结日期": c.closed_on or c.handled_on,
                "办理结果": c.result,
                "回访日期": c.revisited_on,
                "满意度": c.satisfaction.label if c.satisfaction else "",
                "回访情况": c.revisit_result,
                "状态": c.status.label,
                "是否逾期": "是" if is_overdue(c, today) else "否",
                "已向上报告": "是" if c.reported_upward else "否",
                "报告对象": c.reported_to,
                "报告日期": c.reported_on,
                "备注": c.note,
            }

        count = append_rows(
            sheet,
            ([row[h] for h in headers] for row in map(values, rows)),  # each case read once
            date_columns=[i for i, h in enumerate(headers, start=1) if h in DATE_HEADERS],
        )
    save_workbook(sheet, path)
    return count
