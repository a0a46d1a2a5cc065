"""Others' changes seen while open: two Services on one database (two PCs), and a viewing
window of a database another window edits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ideowork.db.engine import Database
from ideowork.services.context import Services
from ideowork.services.runtime import EVERYTHING, Actor, FixedClock, Runtime
from ideowork.services.system.change_feed import MAX_ENTRIES, ChangeFeed
from ideowork.services.unit import OfficeInfo
from tests.conftest import TEST_NOW

PC_A = Actor("张三", "办公室电脑")
PC_B = Actor("李四", "信访室电脑")


@pytest.fixture
def two_pcs(db: Database) -> Iterator[tuple[Services, Services]]:
    """PC A and PC B: each its own engine on the same database, as two processes would be."""
    other = Database(db.url)
    a = Services(Runtime(db, FixedClock(TEST_NOW), PC_A))
    b = Services(Runtime(other, FixedClock(TEST_NOW), PC_B))
    yield a, b
    other.dispose()


def test_another_pcs_change_reaches_the_pages_as_an_announcement(
    two_pcs: tuple[Services, Services],
) -> None:
    a, b = two_pcs
    feed = ChangeFeed(b.runtime)
    feed.start()
    heard: list[frozenset[str]] = []
    b.subscribe(heard.append)
    assert feed.poll() is None  # nothing yet

    a.unit.save_office(OfficeInfo(None, "宣传办"))
    news = feed.poll()
    assert news is not None and "office" in news.kinds and news.entries == 1
    assert news.people == ("张三",) and news.note == "张三 刚刚修改了股室。"
    feed.announce(news)
    assert heard == [news.kinds]
    assert feed.poll() is None  # told once


def test_own_changes_are_not_news(two_pcs: tuple[Services, Services]) -> None:
    a, b = two_pcs
    feed = ChangeFeed(b.runtime)
    feed.start()
    b.unit.save_office(OfficeInfo(None, "办公室"))
    assert feed.poll() is None
    a.unit.save_office(OfficeInfo(None, "宣传办"))
    b.unit.save_office(OfficeInfo(None, "组织办"))
    news = feed.poll()
    assert news is not None and news.entries == 1 and news.people == ("张三",)


def test_loading_the_demo_elsewhere_reloads_everything(two_pcs: tuple[Services, Services]) -> None:
    a, b = two_pcs
    feed = ChangeFeed(b.runtime)
    feed.start()
    a.demo.load()
    news = feed.poll()
    assert news is not None and EVERYTHING in news.kinds
    assert news.note == "张三 刚刚修改了数据，已重新载入。"


def test_a_burst_is_told_as_everything_and_skipped_past(
    two_pcs: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = two_pcs
    monkeypatch.setattr("ideowork.services.system.change_feed.MAX_ENTRIES", 2)
    assert MAX_ENTRIES > 2
    feed = ChangeFeed(b.runtime)
    feed.start()
    for name in ("一股", "二股", "三股", "四股"):
        a.unit.save_office(OfficeInfo(None, name))
    news = feed.poll()
    assert news is not None and EVERYTHING in news.kinds
    assert feed.poll() is None  # the rest of the burst is not told again


def test_a_viewing_window_sees_the_editing_windows_changes(db: Database) -> None:
    """Same user, same PC: the read-only window writes nothing, so every entry is news."""
    me = Actor("张三", "办公室电脑")
    editing = Services(Runtime(db, FixedClock(TEST_NOW), me))
    viewing_db = Database(db.url)
    try:
        viewing = Services(Runtime(viewing_db, FixedClock(TEST_NOW), me, read_only=True))
        feed = ChangeFeed(viewing.runtime)
        feed.start()
        editing.unit.save_office(OfficeInfo(None, "宣传办"))
        news = feed.poll()
        assert news is not None and "office" in news.kinds
    finally:
        viewing_db.dispose()
