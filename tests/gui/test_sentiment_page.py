"""The 舆情台账 page: filters and sorting run in SQL, rows come through the lazy table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ideowork.domain.vocab import Channel
from ideowork.gui.pages.sentiment_page import SentimentPage
from ideowork.services.context import Services
from ideowork.services.ledgers.sentiment import CaseQuery
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
    page.channel.setCurrentIndex(page.channel.findData(Channel.MAYOR_MAILBOX))
    assert page.model.rowCount() == 7 and set(column(page, "渠道")) == {"区长信箱"}
    finish(qtbot, page.counts_operation)
    assert page.filtered.text() == (
        "筛选结果：7 件；已办理 7 件，逾期 0 件，回访 7 件，满意率 100%。"
    )
    page.overdue.setChecked(True)
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
    page.channel.setCurrentIndex(page.channel.findData(Channel.HOTLINE_12345))
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
