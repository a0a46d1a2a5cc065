"""The 舆情台账 page: filters and sorting run in SQL, rows come through the lazy table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ideowork.domain.periods import Period
from ideowork.domain.vocab import CaseAction, CaseStatus, Channel, Satisfaction, Severity
from ideowork.gui.dialogs.common import qdate
from ideowork.gui.pages import sentiment_page
from ideowork.gui.pages.sentiment_page import SentimentPage
from ideowork.services.context import Services
from ideowork.services.ledgers.cases import CaseDraft
from ideowork.services.ledgers.sentiment import CaseQuery
from ideowork.services.runtime import FixedClock
from tests.gui.conftest import finish


def make_page(qtbot: QtBot, services: Services) -> SentimentPage:
    page = SentimentPage(services)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.picker.year.setCurrentIndex(page.picker.year.findData(2020))
    page.picker.part.setCurrentIndex(page.picker.part.findData("Q3"))
    return page


def column(page: SentimentPage, header: str) -> list[str]:
    index = [c.header for c in page.model._columns].index(header)
    model = page.model
    return [str(model.data(model.index(row, index))) for row in range(model.rowCount())]


def test_filters_narrow_the_period_and_say_how_many(
    qtbot: QtBot, demo_services: Services, qtmodeltester: ModelTester
) -> None:
    page = make_page(qtbot, demo_services)
    assert page.model.rowCount() == 11
    assert "共受理 11 件" in page.stats.text() and "满意率 100%" in page.stats.text()
    page.channel.setCurrentIndex(page.channel.findData(Channel.MAYOR_MAILBOX.value))
    assert page.model.rowCount() == 7 and set(column(page, "渠道")) == {"区长信箱"}
    finish(qtbot, page.counts_operation)
    assert page.filtered.text() == (
        "筛选结果：7 件；已办理 7 件，逾期 0 件，回访 7 件，满意率 100%。"
    )
    page.deadline_filter.setCurrentIndex(page.deadline_filter.findData("overdue"))
    assert page.model.rowCount() == 0
    qtmodeltester.check(page.model)


def test_search_waits_for_the_typing_to_stop(qtbot: QtBot, demo_services: Services) -> None:
    page = make_page(qtbot, demo_services)
    title = column(page, "事项")[0]
    page.search.setText(title[:2])
    assert page.model.rowCount() == 11  # not yet: the query runs once typing pauses
    qtbot.waitUntil(lambda: page.model.rowCount() < 11)
    assert title in column(page, "事项")
    expected = demo_services.sentiment.case_ids(page.query(), ("received_on", True))
    assert list(page.model.ids()) == expected


def test_clicking_a_header_sorts_in_sql(qtbot: QtBot, demo_services: Services) -> None:
    page = make_page(qtbot, demo_services)
    dates = column(page, "受理日期")
    assert dates == sorted(dates, reverse=True)  # newest first by default
    header = [c.header for c in page.model._columns].index("受理日期")
    page.view.sortByColumn(header, Qt.SortOrder.AscendingOrder)
    assert column(page, "受理日期") == sorted(dates)
    assert page.model.sort_state() == ("received_on", False)
    # A filter change keeps the user's sort.
    page.channel.setCurrentIndex(page.channel.findData(Channel.HOTLINE_12345.value))
    twelve = column(page, "受理日期")
    assert twelve == sorted(twelve) and len(twelve) == 3


def test_all_years_at_once(qtbot: QtBot, demo_services: Services) -> None:
    page = make_page(qtbot, demo_services)
    page.picker.year.setCurrentIndex(page.picker.year.findData(None))
    assert page.picker.chosen_period() is None and not page.picker.part.isEnabled()
    total = len(demo_services.sentiment.case_ids(CaseQuery()))
    assert page.model.rowCount() == total > 11
    finish(qtbot, page.counts_operation)
    assert page.filtered.text().startswith(f"筛选结果：{total} 件；已办理")


def test_register_assign_close_and_revisit_in_the_page(
    qtbot: QtBot, demo_services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set(dt.datetime(2020, 9, 28, 10, 0))
    page = make_page(qtbot, demo_services)
    before = demo_services.sentiment.stats(Period.parse("2020Q3"))

    dialog = page.register_case(open_dialog=False)
    ui = dialog.ui
    ui.receivedOn.setDate(qdate(dt.date(2020, 9, 28)))
    ui.channel.setCurrentIndex(ui.channel.findData(Channel.HOTLINE_12345.value))
    dialog.suggest_case_no()
    suggested = ui.caseNo.text()
    assert suggested.startswith("12345-2020-") and not demo_services.sentiment.case_ids(
        CaseQuery(text=suggested)
    )
    ui.title.setText("反映菜市场占道经营")
    ui.reporter.setText("王五")
    ui.phone.setText("13912345678")
    ui.category.setCurrentIndex(ui.category.findData("complaint"))
    dialog.save()
    assert dialog.saved is not None, ui.message.text()
    page.after_register(dialog.saved)
    assert page.detail.case is not None and page.detail.case.title == "反映菜市场占道经营"
    assert (
        "王*" in page.detail.sheet.toPlainText()
        and "139****5678" in page.detail.sheet.toPlainText()
    )
    page.detail.personal.setChecked(True)
    assert "王五" in page.detail.sheet.toPlainText()
    assert page.detail.buttons[CaseAction.ASSIGN].isEnabled()
    assert not page.detail.buttons[CaseAction.REVISIT].isEnabled()

    assign = page.take_action(CaseAction.ASSIGN, open_dialog=False)
    assert assign is not None
    assert assign.ui.deadline.date() == qdate(dt.date(2020, 10, 5))  # 5 working days
    assign.ui.office.setCurrentIndex(assign.ui.office.findText("党政办公室"))
    assign.save()
    assert assign.saved is not None and assign.saved.status is CaseStatus.ASSIGNED
    page._after_change(assign.saved)

    close = page.take_action(CaseAction.CLOSE, open_dialog=False)
    assert close is not None
    close.save()
    assert close.saved is None and "请填写办理结果" in close.ui.message.text()
    close.ui.text.setPlainText("已劝导摊主入市经营。")
    close.save()
    assert close.saved is not None
    page._after_change(close.saved)

    revisit = page.take_action(CaseAction.REVISIT, open_dialog=False)
    assert revisit is not None
    revisit.ui.satisfaction.setCurrentIndex(
        revisit.ui.satisfaction.findData(Satisfaction.BASICALLY)
    )
    revisit.save()
    assert revisit.saved is not None
    page._after_change(revisit.saved)

    after = demo_services.sentiment.stats(Period.parse("2020Q3"))
    assert after.total == before.total + 1 and after.handled == before.handled + 1
    assert after.revisited == before.revisited + 1
    assert f"共受理 {after.total} 件" in page.stats.text()
    history = [page.detail.history.item(r, 1).text() for r in range(page.detail.history.rowCount())]
    assert history == ["登记", "交办", "办结", "回访"]
    assert page.model.row_of(page.detail.case.id) is not None  # listed and selected


def test_a_critical_case_offers_to_report_it(
    qtbot: QtBot, demo_services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set(dt.datetime(2020, 9, 28, 10, 0))
    page = make_page(qtbot, demo_services)
    asked: list[str] = []
    monkeypatch.setattr(sentiment_page, "confirm", lambda _p, question, *_: asked.append(question))
    case = demo_services.cases.register(
        CaseDraft(
            channel="network",
            received_on=dt.date(2020, 9, 28),
            title="网传本镇发生群体性事件",
            severity=Severity.CRITICAL,
        )
    )
    page.after_register(case)
    assert asked and "重大事项" in asked[0]


def test_statistics_tab_shows_the_chart_and_the_tables(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    page = make_page(qtbot, demo_services)
    page.tabs.setCurrentIndex(1)
    assert "12345" in page.chart.series_labels()
    channels = page.stat_tables["渠道"]
    labels = {
        channels.item(r, 0).text(): channels.item(r, 1).text() for r in range(channels.rowCount())
    }
    assert labels["区长信箱"] == "7"
    assert "按时办结" in page.rates.text() and "满意" in page.rates.text()
    picture = tmp_path / "stats.png"
    assert page.grab().save(str(picture))


def test_import_a_12345_export_through_the_dialog(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["XX区12345热线工单明细"])
    sheet.append(
        [
            "工单编号",
            "来电时间",
            "来电人",
            "来电号码",
            "诉求内容",
            "承办单位",
            "办结时间",
            "回访结果",
        ]
    )
    sheet.append(
        [
            "12345-2020-0712",
            dt.datetime(2020, 7, 12, 10, 35),
            "赵六",
            "13800000000",
            "重复的工单。",
            "社会事务办",
            dt.datetime(2020, 7, 13),
            "满意",
        ]
    )
    sheet.append(
        [
            "GD-2020-5001",
            dt.datetime(2020, 8, 20, 9, 0),
            "钱七",
            "13800000001",
            "反映路灯不亮。请尽快维修。",
            "党政办公室",
            None,
            "",
        ]
    )
    path = tmp_path / "12345.xlsx"
    book.save(path)
    page = make_page(qtbot, demo_services)
    dialog = page.import_file(open_dialog=False)
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.HOTLINE_12345.value))
    finish(qtbot, dialog.load_file(path))
    preview = dialog.preview_info
    assert preview is not None and preview.new == 1 and preview.duplicates == ("12345-2020-0712",)
    assert dialog.import_button.isEnabled()
    finish(qtbot, dialog.do_import())
    assert dialog.result_info is not None and dialog.result_info.added == 1
    ids = demo_services.sentiment.case_ids(CaseQuery(text="GD-2020-5001"))
    case = demo_services.cases.detail(ids[0])
    assert case.title == "反映路灯不亮" and case.office_name == "党政办公室"
    assert case.status is CaseStatus.ASSIGNED and case.reporter == "钱七"
    assert [e.action for e in case.events][:2] == [CaseAction.IMPORT, CaseAction.REGISTER]
