"""检查考核: the checklist, assessments with totals and grades, 专题督查, 责任追究."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from ideowork.db.models import AuditEntry, Finding
from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Table
from ideowork.domain.accountability import SITUATIONS, situation_text
from ideowork.domain.checklist_defaults import DEFAULT_CHECKLIST, DEFAULT_TOTAL
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import FindingStatus
from ideowork.services.assessment.accountability import AccountabilityInfo
from ideowork.services.assessment.assessments import AssessmentInfo, EvidenceLink, ScoreEntry
from ideowork.services.assessment.checklist import ChecklistItemInfo
from ideowork.services.assessment.grading import Thresholds
from ideowork.services.assessment.inspections import InspectionFinding, InspectionInfo
from ideowork.services.concurrency import EditConflict
from ideowork.services.context import Services
from ideowork.services.reports.assessment_figures import year_assessment
from ideowork.services.unit import OfficeInfo


def _office(services: Services, name: str = "宣传办") -> int:
    saved = services.unit.save_office(OfficeInfo(id=None, name=name))
    assert saved.id is not None
    return saved.id


def test_the_default_checklist_sums_to_100_and_covers_the_rules_list() -> None:
    assert DEFAULT_TOTAL == 100
    groups = list(dict.fromkeys(item.group_name for item in DEFAULT_CHECKLIST))
    # 重点检查考核: 主体责任、组织领导、决策部署、分析研判、阵地管理、网络安全、舆论宣传、责任追究
    assert len(groups) == 8
    assert "加强意识形态阵地管理" in groups and "责任追究" in groups
    assert len(SITUATIONS) == 12
    assert situation_text(5).startswith("对所管理的党员干部公开发表")


def test_a_year_without_a_checklist_takes_the_default_then_the_previous_year(
    services: Services,
) -> None:
    checklist = services.assessment.checklist
    first = checklist.ensure(2020)
    assert len(first) == len(DEFAULT_CHECKLIST)
    assert sum(i.points for i in first) == 100
    changed = checklist.save(
        ChecklistItemInfo(None, 2020, "新增类别", "本年新增的考核内容", Decimal("2.5"))
    )
    assert changed.sort_order == len(first) + 1
    following = checklist.ensure(2021)
    assert [i.text for i in following] == [i.text for i in checklist.items(2020)]
    assert following[-1].points == Decimal("2.5")
    assert checklist.years() == [2020, 2021]


def test_checklist_items_are_edited_moved_and_validated(services: Services) -> None:
    checklist = services.assessment.checklist
    checklist.ensure(2020)
    groups = checklist.groups(2020)
    second_group = groups[1]
    first, second = second_group.items[0], second_group.items[1]
    checklist.move(second.id or 0, -1, second.version)
    reordered = checklist.groups(2020)[1].items
    assert [reordered[0].id, reordered[1].id] == [second.id, first.id]
    checklist.move_group(2020, second_group.name, -1)
    assert checklist.groups(2020)[0].name == second_group.name
    checklist.rename_group(2020, second_group.name, "组织领导")
    assert checklist.groups(2020)[0].name == "组织领导"
    # An item added to an existing group lands at that group's end, not the list's.
    added = checklist.save(ChecklistItemInfo(None, 2020, "组织领导", "新增一项", Decimal(1)))
    assert checklist.groups(2020)[0].items[-1].id == added.id
    with pytest.raises(ValidationError, match="大于0"):
        checklist.save(ChecklistItemInfo(None, 2020, "组织领导", "零分项", Decimal(0)))
    with pytest.raises(ValidationError, match="一位小数"):
        checklist.save(ChecklistItemInfo(None, 2020, "组织领导", "怪分", "1.25"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="考核内容"):
        checklist.save(ChecklistItemInfo(None, 2020, "组织领导", "  ", Decimal(1)))
    checklist.delete(added.id or 0, added.version)
    assert added.id not in {i.id for i in checklist.items(2020)}
    stale = checklist.items(2020)[0]
    checklist.save(ChecklistItemInfo(**{**stale.__dict__, "text": "改过一次"}))
    with pytest.raises(EditConflict):
        checklist.save(ChecklistItemInfo(**{**stale.__dict__, "text": "用旧版本再改"}))


def test_an_assessments_total_and_grade_follow_the_item_scores_and_thresholds(
    services: Services,
) -> None:
    """The issue's test: total = the sum of the item scores; grade from the thresholds."""
    office = _office(services)
    assessments = services.assessment.assessments
    created = assessments.save(
        AssessmentInfo(None, 2020, office_id=office, assessed_on=dt.date(2020, 12, 20))
    )
    assert created.id is not None
    assert created.state == "未评分" and created.grade == ""
    sheet = assessments.fill_full_marks(created.id, created.version)
    assert sheet.info.total == 100 and sheet.info.grade == "好" and sheet.info.complete
    lines = sheet.lines
    # Deduct 6 from the first item … 5 points? The first items carry 5 points: take 4 of one,
    # 2.5 of another, 5 of a third: 100 - 11.5 = 88.5, 较好 under the default thresholds.
    entries = [
        ScoreEntry(lines[0].item_id, "1", "未纳入党建工作责任制"),
        ScoreEntry(lines[3].item_id, "2.5", "全年只专题研究一次"),
        ScoreEntry(lines[5].item_id, "0", "未开展党内通报"),
    ]
    scored = assessments.save_scores(created.id, entries, sheet.info.version)
    assert scored.info.total == Decimal("88.5")
    assert scored.info.total == sum(line.score or 0 for line in scored.lines)
    assert scored.info.grade == "较好"
    assert scored.info.deductions == 3
    # The thresholds decide the grade: 88.5 is 好 once 好 starts at 88.
    services.assessment.grading.set_thresholds(Thresholds(Decimal(88), Decimal(75), Decimal(60)))
    assert assessments.sheet(created.id).info.grade == "好"
    services.assessment.grading.set_thresholds(Thresholds(Decimal(95), Decimal(89), Decimal(60)))
    assert assessments.sheet(created.id).info.grade == "一般"
    # An item no longer scored leaves the assessment without a grade.
    again = assessments.sheet(created.id)
    unscored = assessments.save_scores(
        created.id, [ScoreEntry(lines[1].item_id, "")], again.info.version
    )
    assert unscored.info.grade == "" and unscored.info.state == "评分中（已评19/20项）"
    assert unscored.info.total == Decimal("83.5")


def test_scores_are_checked_against_the_items_points_and_need_a_reason(
    services: Services,
) -> None:
    office = _office(services)
    assessments = services.assessment.assessments
    created = assessments.save(AssessmentInfo(None, 2020, office_id=office))
    assert created.id is not None
    sheet = assessments.sheet(created.id)
    item = sheet.lines[0]
    with pytest.raises(ValidationError, match="不在0至5分之间"):
        assessments.save_scores(created.id, [ScoreEntry(item.item_id, "6")])
    with pytest.raises(ValidationError, match="不在0至5分之间"):
        assessments.save_scores(created.id, [ScoreEntry(item.item_id, "-1")])
    with pytest.raises(ValidationError, match="扣分理由"):
        assessments.save_scores(created.id, [ScoreEntry(item.item_id, "3")])
    with pytest.raises(ValidationError, match="不是数字"):
        assessments.save_scores(created.id, [ScoreEntry(item.item_id, "五")])
    with pytest.raises(ValidationError, match="已有对“宣传办”的考核"):
        assessments.save(AssessmentInfo(None, 2020, office_id=office))
    with pytest.raises(ValidationError, match="二者选其一"):
        assessments.save(AssessmentInfo(None, 2020))
    # A checklist item's points cannot drop below a score already given.
    assessments.save_scores(created.id, [ScoreEntry(item.item_id, "5")])
    row = services.assessment.checklist.items(2020)[0]
    with pytest.raises(ValidationError, match="不能把分值改小"):
        services.assessment.checklist.save(
            ChecklistItemInfo(**{**row.__dict__, "points": Decimal(4)})
        )


def test_evidence_links_are_kept_with_the_score(demo_services: Services) -> None:
    assessments = demo_services.assessment.assessments
    sessions = assessments.evidence_choices(2020, "study_session")
    findings = assessments.evidence_choices(2020, "finding")
    assert sessions and findings
    office = demo_services.unit.list_offices()[0].id
    created = assessments.save(AssessmentInfo(None, 2021, office_id=office))
    assert created.id is not None
    line = assessments.sheet(created.id).lines[0]
    links = (sessions[0], findings[0], sessions[0])  # a link chosen twice is kept once
    assessments.save_scores(created.id, [ScoreEntry(line.item_id, "5", "", links)])
    kept = assessments.sheet(created.id).lines[0].evidence
    assert kept == (sessions[0], findings[0])
    assert kept[0].shown.startswith("学习活动：2020-")
    with pytest.raises(ValidationError):
        assessments.evidence_choices(2020, "user_account")
    assert isinstance(kept[0], EvidenceLink)


def test_thresholds_must_descend_within_0_to_100(services: Services) -> None:
    grading = services.assessment.grading
    assert grading.thresholds() == Thresholds()
    with pytest.raises(ValidationError, match="从高到低"):
        grading.set_thresholds(Thresholds(Decimal(80), Decimal(90), Decimal(60)))
    with pytest.raises(ValidationError, match="0至100"):
        grading.set_thresholds(Thresholds(Decimal(101), Decimal(90), Decimal(60)))
    saved = grading.set_thresholds(Thresholds(Decimal("92.5"), Decimal(85), Decimal(70)))
    assert grading.thresholds() == saved
    assert "92.5分及以上为“好”" in saved.describe()


def test_an_inspection_puts_its_findings_into_the_quarters_lists_in_one_write(
    services: Services, db: object
) -> None:
    office = _office(services, "组织办")
    inspections = services.assessment.inspections
    saved = inspections.save(
        InspectionInfo(
            None, dt.date(2020, 12, 15), "意识形态工作责任制落实情况专题督查", "赵立新、陈晓燕"
        ),
        [
            InspectionFinding("学习记录不完整", "部分集中学习缺少签到", office_id=office),
            InspectionFinding("阵地审核把关不严", measure_title="建立发布审核登记"),
        ],
    )
    assert [f.period for f in saved.findings] == ["2020Q4", "2020Q4"]
    assert all(f.status is FindingStatus.OPEN for f in saved.findings)
    q4 = services.findings.in_period(services.findings.latest_period())  # type: ignore[arg-type]
    assert {f.problem_title for f in q4} == {"学习记录不完整", "阵地审核把关不严"}
    # A bad finding refuses the whole write: neither the check nor any finding is saved.
    with pytest.raises(ValidationError, match="第2个问题没有填写内容"):
        inspections.save(
            InspectionInfo(None, dt.date(2020, 6, 1), "半年督查"),
            [InspectionFinding("有内容"), InspectionFinding("")],
        )
    assert [i.subject for i in inspections.in_year(2020)] == [saved.subject]
    assert saved.id is not None
    inspections.delete(saved.id, saved.version)
    assert inspections.in_year(2020) == []
    with services.runtime.read() as session:
        kept = session.scalars(select(Finding)).all()
        assert len(kept) == 2 and all(f.inspection_id is None for f in kept)


def test_accountability_cases_are_kept_with_their_situation(services: Services) -> None:
    cases = services.assessment.accountability
    saved = cases.save(
        AccountabilityInfo(
            None,
            dt.date(2020, 8, 3),
            6,
            person_name="王  五",
            facts="微信群转发未经核实的信息，未及时处置",
            action="批评教育",
            decided_on=dt.date(2020, 8, 10),
            decided_by="镇党委",
        )
    )
    assert saved.situation_text.startswith("所属舆论阵地")
    assert [c.person_name for c in cases.in_year(2020)] == [saved.person_name]
    with pytest.raises(ValidationError, match="第1至第12项"):
        cases.save(AccountabilityInfo(None, dt.date(2020, 8, 3), 13, person_name="甲乙", facts="x"))
    with pytest.raises(ValidationError, match="早于发生日期"):
        cases.save(
            AccountabilityInfo(
                None,
                dt.date(2020, 8, 3),
                1,
                person_name="甲乙",
                facts="x",
                action="提醒谈话",
                decided_on=dt.date(2020, 8, 1),
            )
        )
    with pytest.raises(ValidationError, match="被追究责任的人员"):
        cases.save(AccountabilityInfo(None, dt.date(2020, 8, 3), 1, facts="x"))
    assert saved.id is not None
    cases.delete(saved.id, saved.version)
    assert cases.in_year(2020) == []


def test_every_change_is_audited(services: Services) -> None:
    office = _office(services)
    created = services.assessment.assessments.save(AssessmentInfo(None, 2020, office_id=office))
    assert created.id is not None
    services.assessment.assessments.fill_full_marks(created.id)
    with services.runtime.read() as session:
        summaries = list(session.scalars(select(AuditEntry.summary)))
    assert any("建立2020年考核细则" in s for s in summaries)
    assert any("新建2020年意识形态工作责任制考核：宣传办" in s for s in summaries)
    assert any("合计100分" in s for s in summaries)


SAMPLE_RULES = """\
2020年意识形态工作责任制考核细则
一、组织领导（15分）
1.每年至少两次专题研究意识形态工作（5分）
2.每半年向上级党委专题汇报一次（5分）
3.每年至少一次党内通报（5分）
二、学习教育（10分）
1.集中学习不少于24次（6分）
2.意识形态专题学习不少于6次（4分）
三、阵地管理
1.报告会、讲座事先经党委批准（2.5分）
2.宣传栏、电子屏明确责任人（2.5分）
3.加强网络阵地引导
"""


def test_a_checklist_is_imported_from_text_through_the_plan_parser(services: Services) -> None:
    checklist = services.assessment.checklist
    draft = checklist.read_text(SAMPLE_RULES, 2020)
    assert [(i.group_name, i.text, i.points) for i in draft.items] == [
        ("组织领导", "每年至少两次专题研究意识形态工作", Decimal(5)),
        ("组织领导", "每半年向上级党委专题汇报一次", Decimal(5)),
        ("组织领导", "每年至少一次党内通报", Decimal(5)),
        ("学习教育", "集中学习不少于24次", Decimal(6)),
        ("学习教育", "意识形态专题学习不少于6次", Decimal(4)),
        ("阵地管理", "报告会、讲座事先经党委批准", Decimal("2.5")),
        ("阵地管理", "宣传栏、电子屏明确责任人", Decimal("2.5")),
    ]
    assert draft.total == 30
    assert any("没有标注分值" in w and "加强网络阵地引导" in w for w in draft.warnings)
    assert any("不是100分" in w for w in draft.warnings)
    saved = checklist.replace_year(2020, draft)
    assert [g.name for g in checklist.groups(2020)] == ["组织领导", "学习教育", "阵地管理"]
    assert len(saved) == 7
    # With scores given against it, the year's checklist is not replaced wholesale.
    office = _office(services)
    created = services.assessment.assessments.save(AssessmentInfo(None, 2020, office_id=office))
    assert created.id is not None
    services.assessment.assessments.fill_full_marks(created.id)
    with pytest.raises(UserError, match="已有考核评分"):
        checklist.replace_year(2020, draft)


def test_text_without_scored_items_is_refused(services: Services) -> None:
    with pytest.raises(UserError, match="没有找到标注分值的考核条目"):
        services.assessment.checklist.read_text("一、组织领导\n1.专题研究意识形态工作", 2020)


def test_the_results_notice_carries_scores_grades_problems_and_accountability(
    demo_services: Services, tmp_path: Path
) -> None:
    made = demo_services.reports.make(
        "assessment-results", Period.parse("2020"), tmp_path, frozenset({"pdf"})
    )
    document = parse_markup(made.draft.markup)
    assert document.title == "关于2020年度意识形态工作责任制考核结果的通报"
    assert made.draft.doc_number.startswith("完党字〔2020〕")
    [table] = [block for block in document.blocks if isinstance(block, Table)]
    assert table.rows[0] == ("1", "党政办公室", "97", "好")
    assert [row[3] for row in table.rows] == ["好", "好", "较好", "好", "较好", "一般"]
    markup = made.draft.markup
    assert "平均得分90.5分，其中评为“好”的3个，评为“较好”的2个，评为“一般”的1个" in markup
    assert "宣传办一场讲座举办后才补办党委审批手续" in markup  # a deduction's reason
    assert "发现问题2个：部分股室学习记录不完整" in markup  # the 专题督查
    assert "共对1人进行了责任追究" in markup and "约谈提醒、批评教育" in markup
    assert "【待填写" not in markup
    assert [str(i) for i in made.issues] == []  # GB/T 9704 checks: not even a warning
    with pdfplumber.open(made.files["pdf"]) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    assert "社会事务办" in text and "考核结果通报" in text


def test_the_results_notice_of_a_year_without_assessments_says_what_is_missing(
    services: Services,
) -> None:
    markup = services.reports.draft("assessment-results", Period.parse("2020")).markup
    assert "【待填写：2020年考核结果" in markup
    assert "2020年未发生需要追究意识形态工作责任的情形" in markup
    figures = services.assessment.assessments  # the figures B's summary reads: empty, no crash
    assert figures.in_year(2020) == []
    with services.runtime.read() as session:
        empty = year_assessment(session, 2020)
    assert empty.rows == () and empty.losses == () and empty.average_text == ""
