"""阵地管理台账 out and in: the Excel workbook round trip with its dry run, the printed ledger
and the quarterly reports' 阵地 paragraph drawn from the ledger."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Table
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.positions.excel import PositionImportError
from ideowork.services.positions.reviews import ReviewQuery

YEAR = Period.parse("2020")
Q3 = Period.parse("2020Q3")


def tables(markup: str) -> list[Table]:
    return [b for b in parse_markup(markup).blocks if isinstance(b, Table)]


def test_the_workbook_exports_and_imports_back(demo_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "阵地.xlsx"
    counts = demo_services.positions.excel.export(YEAR, path)
    assert counts == {"阵地": 6, "活动": 3, "发布审核": 5}
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["阵地", "活动", "发布审核"]
    events = list(book["活动"].iter_rows(values_only=True))
    assert events[3][11] == "审批晚于举办日期；备案晚于举办日期"  # the flag is written out
    book.close()
    # Unchanged: the dry run finds everything already there, and nothing to add.
    preview = demo_services.positions.excel.preview(path)
    assert preview.ok and sum(preview.added.values()) == 0
    assert preview.skipped == {"阵地": 6, "活动": 3, "发布审核": 5}
    # Events and reviews deleted come back from the file; positions already there are kept.
    for event in demo_services.positions.events.find():
        assert event.id is not None
        demo_services.positions.events.delete(event.id)
    for review in demo_services.positions.reviews.find(ReviewQuery(period=Q3)):
        assert review.id is not None
        demo_services.positions.reviews.delete(review.id)
    preview = demo_services.positions.excel.preview(path)
    assert preview.added == {"阵地": 0, "活动": 3, "发布审核": 4} and not preview.written
    assert len(demo_services.positions.events.find()) == 0  # a dry run writes nothing
    report = demo_services.positions.excel.import_file(path)
    assert report.written and "已导入阵地0条，活动3条，发布审核4条" in report.summary
    restored = demo_services.positions.events.find()
    assert [e.flagged for e in restored] == [False, False, True]
    assert {r.position_name for r in demo_services.positions.reviews.find()} >= {"完冒发布"}


def test_bad_rows_are_listed_by_sheet_and_row_and_nothing_is_written(
    demo_services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "阵地.xlsx"
    demo_services.positions.excel.export(YEAR, path)
    from openpyxl import load_workbook as open_for_edit

    book = open_for_edit(path)
    positions, events, reviews = book["阵地"], book["活动"], book["发布审核"]
    positions.append(["传真机", "新阵地", "", "刘洋"])
    positions.append(["微信群", "无人管理的群", "", ""])
    events.append(["2020年13月1日", "讲座", "新讲座"])
    reviews.append(["2020-10-10", "不存在的群", "某条信息"])
    book.save(path)
    preview = demo_services.positions.excel.preview(path)
    assert not preview.ok
    reasons = [str(p) for p in preview.problems]
    assert any(r.startswith("“阵地”第8行：“类型”：“传真机”不在本单位的列表中") for r in reasons)
    assert any(r.startswith("“阵地”第9行：“管理员（责任人）”不能为空") for r in reasons)
    assert any(
        r.startswith("“活动”第5行：“举办日期”的“2020年13月1日”不是有效日期") for r in reasons
    )
    assert any(r.startswith("“发布审核”第7行：阵地“不存在的群”不在阵地台账中") for r in reasons)
    before = len(demo_services.positions.positions.find())
    with pytest.raises(PositionImportError, match="4行需要修改，未导入任何内容"):
        demo_services.positions.excel.import_file(path)
    assert len(demo_services.positions.positions.find()) == before


def test_the_ledger_lists_positions_and_marks_events_held_before_approval(
    demo_services: Services, tmp_path: Path
) -> None:
    draft = demo_services.reports.draft("ledger-positions", YEAR)
    positions, events, reviews = tables(draft.markup)
    assert len(positions.rows) == 6 and positions.rows[0][1:5] == (
        "微信公众号",
        "完冒发布",
        "宣传办",
        "刘洋",
    )
    assert [row[-1] for row in events.rows] == [
        "符合规定",
        "符合规定",
        "未按规定：审批晚于举办日期；备案晚于举办日期",
    ]
    assert events.rows[2][7] == "9月7日 杨昌波"
    assert len(reviews.rows) == 5
    assert "微信公众号1个、微信群2个、QQ群1个、宣传栏1处、电子屏1块" in draft.markup
    assert parse_markup(draft.markup).form_kind == "台账"
    made = demo_services.reports.make("ledger-positions", YEAR, tmp_path, frozenset({"pdf"}))
    assert [str(i) for i in made.issues] == []  # GB/T 9704 checks: not even a warning
    with pdfplumber.open(made.files["pdf"]) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    assert "未按规定" in text and "2020年阵地管理台账" in text


def test_the_quarterly_reports_draw_their_positions_paragraph_from_the_ledger(
    demo_services: Services,
) -> None:
    for template in ("quarterly-implementation", "quarterly-analysis"):
        markup = demo_services.reports.draft(template, Q3).markup
        assert "加强宣传栏、电子屏和微信群、QQ群、短视频等网络平台阵地的引导管理" in markup
        assert "微信公众号1个、微信群2个、QQ群1个、宣传栏1处、电子屏1块共6个阵地" in markup
        assert "第3季度审核各阵地发布信息4条" in markup
        assert "第3季度举办讲座1场、培训1场，其中1场事先经党委审批并报县委宣传部备案" in markup
        assert "“网络意识形态安全暨网络舆情应对培训”（9月3日举办，审批晚于举办日期" in markup
    q2 = demo_services.reports.draft("quarterly-implementation", Period.parse("2020Q2")).markup
    assert "第2季度举办报告会1场，均按照“谁审批谁监督”的原则事先经党委审批并报县委宣传部备案" in q2


def test_without_positions_the_paragraph_asks_for_them(services: Services) -> None:
    markup = services.reports.draft("quarterly-implementation", Q3).markup
    assert "【待填写：本单位的微信群、QQ群、公众号、宣传栏、电子屏等阵地及其管理员" in markup
