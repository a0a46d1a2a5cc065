"""The demo's 检查考核 of 2020: the default 考核细则, the year-end assessment of the six
offices (a few deductions, each with its reason and the ledger records behind it), the
year-end 专题督查 with the two problems it found (into 研判整改), and one mild 责任追究."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import (
    AccountabilityCase,
    Assessment,
    AssessmentScore,
    Finding,
    Inspection,
    Office,
    PositionEvent,
    SentimentCase,
    StudySession,
)
from ideowork.domain.periods import Period
from ideowork.domain.vocab import FindingStatus
from ideowork.services.assessment.assessments import evidence_link
from ideowork.services.assessment.checklist import make_checklist
from ideowork.services.demo import DemoBase

YEAR = 2020
ASSESSED_ON = dt.date(2020, 12, 28)
ASSESSORS = "赵立新、张志强、陈晓燕"

# Per office: (item number in the default checklist, points deducted, reason, evidence kind).
Deduction = tuple[int, str, str, str]
DEDUCTIONS: dict[str, tuple[Deduction, ...]] = {
    "党政办公室": (
        (3, "2", "班子成员述职报告中意识形态工作内容较简略，未列出具体措施", ""),
        (11, "1", "国庆、中秋节前未开展前瞻性专题分析研判", ""),
    ),
    "宣传办": (
        (13, "2", "一场讲座举办后才补办党委审批手续", "position_event"),
        (14, "1", "一个工作微信群发布内容未见审核记录", ""),
        (18, "3.5", "正面宣传稿件偏少，对群众关切回应不够及时", "sentiment_case"),
    ),
    "组织办": (
        (8, "4", "全年集中学习次数未达到24次，意识形态专题学习少1次", "study_session"),
        (12, "2", "第三季度研判发现的问题整改未按期完成", "finding"),
        (17, "3", "理论宣传形式单一，基层党员参与度不高", ""),
        (3, "2", "组织生活会对照检查中意识形态内容不够具体", ""),
    ),
    "纪检监察室": (
        (2, "2", "责任清单中两项任务未明确到具体责任人", ""),
        (19, "2.5", "一起反映苗头性问题的线索未及时约谈提醒", ""),
    ),
    "综治信访办": (
        (15, "4", "12345、书记信箱事项有逾期办结的情况", "sentiment_case"),
        (10, "2", "第二季度分析研判报告未结合信访形势", ""),
        (12, "3", "信访领域研判问题整改进度滞后", "finding"),
        (18, "2", "对群众反映的热点问题回应不够主动", ""),
    ),
    "社会事务办": (
        (17, "5", "全年未开展民生政策和社会主义核心价值观专题宣传活动", ""),
        (9, "4", "未按要求组织民法典宣传月活动", ""),
        (18, "3", "群众关切回应不及时，引发网上负面评论", "sentiment_case"),
        (11, "3", "节假日前未开展专题研判", ""),
        (14, "3", "宣传栏内容更新不及时，无专人负责审核", ""),
        (3, "3", "分管领导述职未涉及意识形态工作", ""),
    ),
}

INSPECTION_FINDINGS = (
    (
        "组织办",
        "部分股室学习记录不完整",
        "组织办、社会事务办的集中学习记录缺少签到表和学习心得，台账不够规范，"
        "个别学习活动只有通知没有记录。",
        "规范学习记录台账",
        "统一学习记录格式，每次学习留存签到表、记录和照片，组织办每季度检查一次台账。",
    ),
    (
        "宣传办",
        "宣传栏、电子屏内容更新和审核不及时",
        "村（社区）宣传栏部分内容超过半年未更新，电子屏滚动信息未经审核即发布。",
        "落实阵地发布审核制度",
        "宣传栏、电子屏明确专人负责，发布内容先审后发，宣传办每月抽查并登记审核记录。",
    ),
)


def _evidence(session: Session, kind: str, office: Office) -> str:
    """One or two records of the ledgers that bear out a deduction of `office`."""
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    rows: Sequence[object] = []
    if kind == "position_event":
        events = session.scalars(
            select(PositionEvent)
            .where(PositionEvent.held_on.between(start, end))
            .order_by(PositionEvent.held_on)
        ).all()
        unapproved = [e for e in events if e.approved_on is None or e.approved_on > e.held_on]
        rows = unapproved[:1]
    elif kind == "sentiment_case":
        cases = session.scalars(
            select(SentimentCase)
            .where(SentimentCase.received_on.between(start, end))
            .order_by(SentimentCase.received_on)
        ).all()
        # The office's cases handled late (closed after their deadline), else its own cases.
        own = [c for c in cases if c.office_id == office.id]
        late = [c for c in own if c.deadline and c.closed_on and c.closed_on > c.deadline]
        rows = (late or own)[:2]
    elif kind == "study_session":
        # The 学习记录 the count was taken from: the year's last session (the tally's end).
        rows = session.scalars(
            select(StudySession)
            .where(StudySession.held_on.between(start, end))
            .order_by(StudySession.held_on.desc())
            .limit(1)
        ).all()
    elif kind == "finding":
        of_office = session.scalars(
            select(Finding).where(Finding.period.like(f"{YEAR}%"), Finding.office_id == office.id)
        ).all()
        rows = (
            of_office[:1]
            or session.scalars(
                select(Finding).where(Finding.period.like(f"{YEAR}%")).limit(1)
            ).all()
        )
    links = [evidence_link(row) for row in rows]
    return (
        json.dumps(
            [{"table": e.table, "uid": e.uid, "label": e.label} for e in links], ensure_ascii=False
        )
        if links
        else ""
    )


def load_demo_part(session: Session, base: DemoBase) -> dict[str, int]:
    # The load is audited as a whole (load_demo): no entries of its own.
    items, _origin = make_checklist(session, YEAR)
    assessments = 0
    for name, deductions in DEDUCTIONS.items():
        office = base.offices.get(name)
        if office is None:
            continue
        taken = {number: (points, reason, kind) for number, points, reason, kind in deductions}
        assessment = Assessment(
            year=YEAR,
            office=office,
            assessed_on=ASSESSED_ON,
            assessors=ASSESSORS,
            note="按2020年考核细则逐项检查，查阅台账、听取汇报、个别谈话。",
        )
        for number, item in enumerate(items, start=1):
            points = Decimal(item.points)
            score, reason, evidence = points, "", ""
            if number in taken:
                deducted, reason, kind = taken[number]
                score = points - Decimal(deducted)
                evidence = _evidence(session, kind, office) if kind else ""
            assessment.scores.append(
                AssessmentScore(item=item, score=score, reason=reason, evidence=evidence)
            )
        session.add(assessment)
        assessments += 1

    inspection = Inspection(
        checked_on=dt.date(YEAR, 12, 15),
        subject="2020年度意识形态工作责任制落实情况专题督查",
        inspectors="赵立新、张志强",
        summary="督查组采取查阅台账、听取汇报、实地查看的方式，对机关六个股室和村（社区）"
        "宣传阵地进行了督查。各股室能够按照责任清单落实意识形态工作，学习、研判、舆情处置"
        "总体规范，但也发现学习记录和阵地审核方面的问题。",
    )
    session.add(inspection)
    session.flush()
    period = str(Period.quarter_of(inspection.checked_on))
    for order, (office_name, title, problem, measure_title, measure) in enumerate(
        INSPECTION_FINDINGS, start=1
    ):
        session.add(
            Finding(
                period=period,
                sort_order=order,
                problem_title=title,
                problem=problem,
                measure_title=measure_title,
                measure=measure,
                office=base.offices.get(office_name),
                status=FindingStatus.OPEN,
                inspection_id=inspection.id,
            )
        )

    person = base.people.get("刘洋")
    session.add(
        AccountabilityCase(
            occurred_on=dt.date(YEAR, 6, 18),
            situation=12,
            person=person,
            person_name=person.name if person else "刘洋",
            office=base.offices.get("宣传办"),
            facts="作为镇工作微信群管理员，对群内转发的未经核实的政策解读信息未及时提醒和处置，"
            "引起部分群众误解，经宣传办澄清后平息。",
            action="约谈提醒、批评教育，责令作出书面检查",
            decided_on=dt.date(YEAR, 6, 22),
            decided_by="中共完冒镇委员会",
            note="本人已提交书面检查，并完善了微信群信息发布审核登记。",
        )
    )
    session.flush()
    return {
        "checklist_items": len(items),
        "assessments": assessments,
        "inspections": 1,
        "inspection_findings": len(INSPECTION_FINDINGS),
        "accountability_cases": 1,
    }
