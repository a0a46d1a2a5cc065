"""The window hears of others' changes: polled off the GUI thread, announced, the page on
screen reloaded and the status bar saying who changed what."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ideowork.db.engine import Database
from ideowork.gui.change_poller import ChangePoller, wanted
from ideowork.gui.main_window import MainWindow
from ideowork.services.context import Services
from ideowork.services.runtime import Actor, FixedClock, Runtime
from ideowork.services.system.change_feed import OthersChanges
from ideowork.services.unit import OfficeInfo
from tests.conftest import TEST_NOW

PC_A = Actor("张三", "办公室电脑")


@pytest.fixture
def viewing(db: Database) -> Iterator[Services]:
    """A second window on the database `services` edits: opened for viewing only."""
    other = Database(db.url)
    yield Services(Runtime(other, FixedClock(TEST_NOW), PC_A, read_only=True))
    other.dispose()


def _poll(poller: ChangePoller, qtbot: QtBot) -> OthersChanges:
    with qtbot.waitSignal(poller.arrived, timeout=10_000) as blocker:
        thread = poller.poll_now()
        assert thread is not None
    news = blocker.args[0]
    assert isinstance(news, OthersChanges)
    return news


def test_the_poller_announces_what_the_other_window_wrote(
    qtbot: QtBot, demo_services: Services, viewing: Services
) -> None:
    assert wanted(viewing) and not wanted(demo_services)  # one editing window alone: no poll
    heard: list[frozenset[str]] = []
    viewing.subscribe(heard.append)
    poller = ChangePoller(viewing, interval_ms=60_000)
    poller.start()
    demo_services.unit.save_office(OfficeInfo(None, "网信办"))
    news = _poll(poller, qtbot)
    assert "office" in news.kinds and heard == [news.kinds]
    poller.pause()  # locked: held, then told on unlock
    demo_services.unit.save_office(OfficeInfo(None, "档案室"))
    thread = poller.poll_now()
    assert thread is None  # not even asked while paused
    with qtbot.waitSignal(poller.arrived, timeout=10_000):
        poller.resume()
        held = poller.poll_now()
        assert held is not None
    poller.stop()


def test_the_window_reloads_the_page_on_screen_and_says_who(
    qtbot: QtBot, demo_services: Services, viewing: Services
) -> None:
    window = MainWindow(viewing)
    qtbot.addWidget(window)
    assert window.poller is not None
    window.ui.navigation.setCurrentRow(window.page_titles().index("单位信息"))  # lists offices
    page = window.ui.pages.currentWidget()
    refreshed: list[bool] = []
    original = page.refresh  # type: ignore[attr-defined]

    def counting() -> None:
        refreshed.append(True)
        original()

    page.refresh = counting  # type: ignore[attr-defined]
    demo_services.unit.save_office(OfficeInfo(None, "网信办"))
    _poll(window.poller, qtbot)
    assert refreshed
    assert window.ui.statusbar.currentMessage() == "测试员 刚刚修改了股室。"
    window.close()
