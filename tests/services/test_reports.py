"""Reports from templates: figures from the ledgers, 文号 handling, every template renders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfplumber
import pytest

from ideowork.cli import main
from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Heading, Table
from ideowork.documents.templating import split_sentence
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.ledgers.sentiment import CaseQuery
from ideowork.services.reports.templates import TEMPLATES
from ideowork.services.runtime import FixedClock

Q3 = Period.parse("2020Q3")
TODAY = dt.date(2026, 11, 26)


def period_for(template_id: str) -> Period:
    spec = next(t for t in TEMPLATES if t.id == template_id)
    kind = spec.period_kinds[0].value
    return {"quarter": Q3, "half": Period.parse("2020H2")}.get(kind, Period.parse("2020"))


@pytest.mark.parametrize("template_id", [t.id for t in TEMPLATES])
def test_every_template_renders_for_an_empty_unit(
    services: Services, clock: FixedClock, template_id: str
) -> None:
    clock.set(TODAY)
    draft = services.reports.draft(template_id, period_for(template_id))
    document = parse_markup(draft.markup)
    assert document.title
    assert "【待填写：" in draft.markup  # says what is missing instead of inventing it


@pytest.mark.parametrize("template_id", [t.id for t in TEMPLATES])
def test_every_template_renders_for_the_demo_unit(
    demo_services: Services, template_id: str, tmp_path: Path
) -> None:
    subject = ""
    if template_id == "case-sheet":  # a form of one case: the demo's 网络舆情 case
        ids = demo_services.sentiment.case_ids(CaseQuery(text="WL-2020-011"))
        subject = demo_services.cases.detail(ids[0]).uid
    if template_id in ("sign-in-sheet", "minutes"):  # forms of one session: 16 September 2020
        [held] = demo_services.studies.sessions_between(dt.date(2020, 9, 16), dt.date(2020, 9, 16))
        subject = demo_services.sessions.detail(held.id).uid
    made = demo_services.reports.make(
        template_id, period_for(template_id), tmp_path, frozenset({"pdf"}), subject=subject
    )
    assert "【待填写" not in made.draft.markup
    assert [str(i) for i in made.issues if i.severity.value == "错误"] == []
    with pdfplumber.open(made.files["pdf"]) as pdf:
        assert len(pdf.pages) >= 1


def test_quarterly_implementation_carries_the_reference_figures(demo_services: Services) -> None:
    markup = demo_services.reports.draft("quarterly-implementation", Q3).markup
    assert "第3季度累计召开党委扩大会议、干部职工大会进行政治理论、意识形态工作学习3次" in markup
    assert "专项工作研究部署会1次" in markup
    assert "网上信访1件，12345群众投诉咨询3件，区长信箱咨询问题7件" in markup
    assert "均表示满意和认可" in markup
    assert "7月31日、8月1日分2批" in markup and "8月27日" in markup
    assert markup.count("\n## ") >= 3 + 5 + 6  # four 落实 items, five problems, six measures


def test_quarterly_analysis_has_its_cover_and_number(demo_services: Services) -> None:
    draft = demo_services.reports.draft("quarterly-analysis", Q3)
    document = parse_markup(draft.markup)
    assert draft.doc_number == "完党字〔2020〕105号"
    assert document.header.signer == "杨昌波"
    assert document.recipients == "县委宣传部"
    assert document.date == dt.date(2020, 9, 9)  # the day of the quarter's 分析研判
    assert document.title == "关于上报《2020年第三季度意识形态工作分析研判报告》的报告"
    [enclosed] = document.parts
    assert enclosed.title == "2020年第三季度意识形态工作分析研判报告"
    assert "1-9月份以来共组织集中学习16次，其中意识形态专题学习6次" in draft.markup


def test_numbers_are_kept_for_a_regenerated_report(demo_services: Services, tmp_path: Path) -> None:
    service = demo_services.reports
    first = service.make("quarterly-analysis", Q3, tmp_path, frozenset({"docx"}))
    again = service.make("quarterly-analysis", Q3, tmp_path, frozenset({"docx"}))
    assert first.draft.doc_number == again.draft.doc_number == "完党字〔2020〕105号"
    assert first.archive_id == again.archive_id
    plan = service.make("implementation-plan", Period.parse("2020"), tmp_path, frozenset({"docx"}))
    assert plan.draft.doc_number == "完党字〔2020〕106号"
    assert [d.doc_number for d in demo_services.archive.documents()].count(
        "完党字〔2020〕105号"
    ) == 1


def test_edited_markup_is_what_gets_archived(demo_services: Services, tmp_path: Path) -> None:
    service = demo_services.reports
    draft = service.draft("quarterly-analysis", Q3)
    edited = draft.markup.replace("特此报告。", "请审阅。\n特此报告。")
    service.make("quarterly-analysis", Q3, tmp_path, frozenset({"docx"}), markup=edited)
    with demo_services.runtime.db.session() as session:
        from ideowork.db.models import GeneratedDocument

        [row] = session.query(GeneratedDocument).all()
        assert "请审阅。" in row.markup


def test_implementation_plan_lists_responsibilities(demo_services: Services) -> None:
    markup = demo_services.reports.draft("implementation-plan", Period.parse("2020")).markup
    assert "（责任领导：杨昌波；责任股室：党政办公室）" in markup
    assert "\n12. 其他未能切实履行工作职责" in markup  # cases are a list, not headings


def test_wrong_period_kind_and_unknown_template(demo_services: Services) -> None:
    service = demo_services.reports
    with pytest.raises(UserError, match="不能用于“2020”"):
        service.draft("quarterly-analysis", Period.parse("2020"))
    with pytest.raises(UserError, match="可用模板"):
        service.draft("no-such-template", Q3)


def test_split_sentence() -> None:
    assert split_sentence("甲乙。丙丁。") == ("甲乙。", "丙丁。")
    assert split_sentence("只有一句。") == ("只有一句。", "")


def test_cli_report_make_both_formats(
    capsys: pytest.CaptureFixture[str], db_target: str, tmp_path: Path
) -> None:
    assert main(["--db", db_target, "demo"]) == 0
    out_dir = tmp_path / "out"
    for template in ("quarterly-implementation", "quarterly-analysis"):
        code = main(
            [
                "--db",
                db_target,
                "report",
                "make",
                template,
                "--period",
                "2020Q3",
                "--out",
                str(out_dir),
                "--format",
                "docx,pdf",
            ]
        )
        assert code == 0
    assert len(list(out_dir.glob("*.docx"))) == 2 and len(list(out_dir.glob("*.pdf"))) == 2
    capsys.readouterr()
    assert (
        main(
            [
                "--db",
                db_target,
                "report",
                "make",
                "quarterly-analysis",
                "--period",
                "2020Q3",
                "--format",
                "odt",
            ]
        )
        == 2
    )
    assert "不支持的格式" in capsys.readouterr().err
    with pdfplumber.open(next(out_dir.glob("*落实情况报告.pdf"))) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "")
    assert "12345群众投诉咨询3件" in text


def test_annual_points_carry_over_open_findings(demo_services: Services) -> None:
    markup = demo_services.reports.draft("annual-points", Period.parse("2021")).markup
    # 5 open of the 2020Q3 analysis and the 2 of the year-end 专题督查 (2020Q4)
    assert "尚未整改到位的7个问题（干部职工受多元化思想影响较大；" in markup
    assert "全年集中学习不少于24次，其中意识形态专题学习不少于六次" in markup  # from the rules
    this_year = demo_services.reports.draft("annual-points", Period.parse("2020")).markup
    assert "尚未整改到位" not in this_year  # the 2020Q3 findings are not "earlier" than 2020


def test_duty_list_gives_each_leader_a_table(demo_services: Services) -> None:
    document = parse_markup(demo_services.reports.draft("duty-list", Period.parse("2020")).markup)
    [enclosed] = document.parts
    headings = [b.text for b in enclosed.blocks if isinstance(b, Heading)]
    assert headings[:2] == ["杨昌波（党委书记）", "王建国（党委副书记、镇长）"]
    tables = [b for b in enclosed.blocks if isinstance(b, Table)]
    assert len(tables) == len(headings) == 6  # every leader who answers for a task
    first = tables[0]
    # The demo gives some tasks roles, so every table says each leader's role (a matrix of
    # 责任领导/责任股室 only keeps the four columns: tests/services/test_matrix_documents.py).
    assert first.header == ("序号", "责任任务", "职责", "责任单位", "完成时限")
    assert first.rows[0][1] == "落实党管意识形态工作原则"
    assert first.rows[0][2] == "责任领导"
    assert first.rows[1][4] == "每年 12月31日前"


def test_line_breaks_typed_into_the_data_cannot_become_markup(demo_services: Services) -> None:
    from ideowork.services.findings import FindingInfo

    demo_services.findings.save(
        FindingInfo(
            id=None,
            period="2020Q3",
            problem_title="标题\n换了行",
            problem="第一段。\n# 这不是标题\n| 也不是表格 |\n---",
        )
    )
    document = parse_markup(demo_services.reports.draft("quarterly-implementation", Q3).markup)
    texts = [text for _where, text in document.iter_texts()]
    assert "标题换了行。" in texts  # the heading stays on one line
    assert {"# 这不是标题", "| 也不是表格 |", "---"} <= set(texts)  # literal paragraphs
