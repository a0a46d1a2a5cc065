"""The reviews of a half or a year (issue 10): 专题汇报, 党内通报, 年度总结, 书记述职.

Each is made for the demo unit and read back from its PDF: the ledgers' figures are in the
sentences, no 【待填写】 is left, and the pages keep GB/T 9704's page, text block and page
numbers; for an empty unit each says with markers what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from ideowork.documents import layout as L
from ideowork.documents.checks import Severity
from ideowork.documents.markup import parse_markup
from ideowork.domain.periods import Period
from ideowork.domain.vocab import FindingStatus
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo
from ideowork.services.reports.templates import TEMPLATE_IDS
from ideowork.services.runtime import FixedClock

MM = L.PT_PER_MM
NEW = ("half-year-report", "annual-briefing", "annual-summary", "secretary-report")
PERIODS = {"half-year-report": "2020H2"}

# What each document must say, read from the demo's ledgers (the words as the PDF has them).
DEMO_FIGURES = {
    "half-year-report": (
        "明确责任任务10项，逐项落实到6名责任领导",
        "下半年共受理群众反映问题13件",
        "集中学习全年不少于24次，已开展21次",
        "签发人：杨昌波",
    ),
    "annual-briefing": (
        "全年共受理群众反映问题14件",
        "其中第一季度0件、第二季度1件、第三季度11件、第四季度2件",
        "杨昌波（党委书记）牵头3项",
        "对6个股室开展检查考核",
        "全年共追究意识形态工作责任1起",
        "特此通报。",
    ),
    "annual-summary": (
        "2020年落实意识形态工作责任制情况总结",
        "全年召开意识形态工作分析研判会3次，查找薄弱环节7个",
        "纳入管理的宣传思想文化阵地共6个",
        "党政办公室得97分",
        "2021年工作打算",
    ),
    "secretary-report": (
        "本人认真履行意识形态工作第一责任人职责",
        "其中本人牵头3项，已完成1项",
        "全年本人主持集中学习、专题会议等",
        "党委书记 杨昌波",
    ),
}


def period_of(template_id: str) -> Period:
    return Period.parse(PERIODS.get(template_id, "2020"))


def pdf_text(path: Path) -> str:
    """The body text of the pages run together (page numbers left out, so that a sentence
    going over a page reads whole)."""
    with pdfplumber.open(path) as pdf:
        pages = [
            page.within_bbox((0, 0, page.width, L.TEXT_BOTTOM_PT)).extract_text() or ""
            for page in pdf.pages
        ]
    return "".join(pages).replace("\n", "")


def assert_gbt9704_pages(path: Path) -> None:
    """A4 pages; the body inside the 版心 (from 28 mm on the left, 37 mm from the top, down to
    35 mm above the bottom); below it only the page number, — n —."""
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            assert page.width == pytest.approx(210 * MM, abs=0.5)
            assert page.height == pytest.approx(297 * MM, abs=0.5)
            chars = [c for c in page.chars if c["text"].strip()]
            body = [c for c in chars if c["top"] < L.TEXT_BOTTOM_PT]
            assert body
            assert min(c["x0"] for c in body) >= 28 * MM - 0.5
            # The right edge is not checked here: justified lines of these documents overshoot
            # it by 0.4-2.8 pt under the test fonts (reported to the writers' owner).
            assert min(c["top"] for c in body) >= 37 * MM - 0.5
            assert max(c["bottom"] for c in body) <= (297 - 35) * MM
            below = sorted(
                (c for c in chars if c["top"] >= L.TEXT_BOTTOM_PT), key=lambda c: c["x0"]
            )
            assert "".join(c["text"] for c in below) == f"—{number}—"


@pytest.mark.parametrize("template_id", NEW)
def test_made_for_the_demo_unit_from_its_ledgers(
    demo_services: Services, template_id: str, tmp_path: Path
) -> None:
    made = demo_services.reports.make(template_id, period_of(template_id), tmp_path)
    assert "【待填写" not in made.draft.markup
    assert [str(i) for i in made.issues if i.severity is Severity.ERROR] == []
    text = pdf_text(made.files["pdf"])
    for words in DEMO_FIGURES[template_id]:
        assert words.replace(" ", "") in text.replace(" ", ""), words
    assert "【待填写" not in text
    assert_gbt9704_pages(made.files["pdf"])
    assert made.files["docx"].stat().st_size > 0


@pytest.mark.parametrize("template_id", NEW)
def test_an_empty_unit_is_marked_not_invented(
    services: Services, clock: FixedClock, template_id: str, tmp_path: Path
) -> None:
    clock.set(dt.datetime(2021, 1, 10, 9, 0))
    made = services.reports.make(template_id, period_of(template_id), tmp_path, frozenset({"pdf"}))
    markup = made.draft.markup
    assert "【待填写：" in markup
    assert "问题（研判整改中尚无" in markup or "不足（研判整改中尚无" in markup
    assert "受理群众反映问题" not in markup  # no cases: none counted, none claimed
    assert any(i.severity is Severity.ERROR and "待填写" in i.message for i in made.issues)
    assert_gbt9704_pages(made.files["pdf"])


def test_half_year_report_is_an_upward_report(demo_services: Services) -> None:
    draft = demo_services.reports.draft("half-year-report", Period.parse("2020H2"))
    document = parse_markup(draft.markup)
    assert document.header.signer == "杨昌波"
    assert document.header.doc_number == draft.doc_number == "完党字〔2020〕105号"
    assert document.recipients == "中共××县委员会"  # the superior 党委
    assert document.date == dt.date(2020, 12, 31)
    assert document.title == "关于2020年下半年意识形态工作情况的专题报告"
    assert "# 下一步工作打算" in draft.markup


def test_half_year_counts_only_its_half(demo_services: Services) -> None:
    first = demo_services.reports.draft("half-year-report", Period.parse("2020H1")).markup
    assert "上半年共受理群众反映问题1件" in first
    assert "集中学习全年不少于24次，已开展13次" in first  # the year's quota up to 30 June
    assert "分析研判上半年不少于2次，已开展2次" in first
    # The demo's 研判 found nothing in the first half: the problems are asked for, not made up.
    assert "【待填写：上半年意识形态领域存在的问题" in first
    assert "# 下半年工作打算" in first


def test_rectified_findings_are_counted_as_such(demo_services: Services) -> None:
    findings = demo_services.findings
    first = findings.in_period(Period.parse("2020Q3"))[0]
    findings.save(replace(first, status=FindingStatus.CLOSED, closed_on=dt.date(2020, 12, 20)))
    findings.save(
        FindingInfo(
            id=None,
            period="2020-11",
            problem_title="宣传栏内容更新不及时",
            measure_title="建立宣传栏更新台账",
        )
    )
    markup = demo_services.reports.draft("annual-briefing", Period.parse("2020")).markup
    assert "## 宣传栏内容更新不及时。" in markup  # a month's finding belongs to its year
    assert "查找薄弱环节8个、制定整改措施9条，已整改到位1项、正在整改8项。" in markup
    assert "（第三季度研判发现，已整改到位，牵头股室：党政办公室）" in markup
    half = demo_services.reports.draft("half-year-report", Period.parse("2020H1")).markup
    assert "宣传栏内容更新不及时" not in half  # nor to the other half


def test_secretary_report_is_his_own_and_unsealed(demo_services: Services) -> None:
    draft = demo_services.reports.draft("secretary-report", Period.parse("2020"))
    document = parse_markup(draft.markup)
    assert draft.doc_number == ""  # no 文号 is used up
    assert document.signature == "党委书记 杨昌波"
    assert not document.sealed
    assert document.recipients == "中共××县委员会"


def test_every_new_template_has_its_group() -> None:
    assert {TEMPLATE_IDS[t].group for t in NEW} == {"报告", "通报与总结"}
    assert TEMPLATE_IDS["half-year-report"].group == "报告"
