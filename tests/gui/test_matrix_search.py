"""责任清单's search box: typing waits for a pause, then filters the tree already loaded; the
matches are the service's search of the year."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from ideowork.gui.pages.matrix_page import SEARCH_DELAY_MS, MatrixPage
from ideowork.services.context import Services
from ideowork.services.matrix.model import TaskDraft, TaskFilter, TaskNode, iter_tree
from ideowork.services.matrix.service import MatrixService


@pytest.fixture
def page(qtbot: QtBot, demo_services: Services) -> MatrixPage:
    widget = MatrixPage(demo_services)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.set_year(2020)
    return widget


def shown_ids(page: MatrixPage) -> list[int]:
    return [node.id for node in page.model.nodes()]


def ids(roots: list[TaskNode]) -> list[int]:
    return [node.id for node in iter_tree(roots)]


def test_typing_filters_once_after_a_pause_without_reading_again(
    page: MatrixPage, qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = shown_ids(page)
    reads: list[int] = []
    original = MatrixService.tree

    def counted(self: MatrixService, year: int) -> list[TaskNode]:
        reads.append(year)
        return original(self, year)

    monkeypatch.setattr(MatrixService, "tree", counted)
    resets: list[None] = []
    page.model.modelReset.connect(lambda: resets.append(None))
    for typed in ("意", "意识", "意识形", "意识形态"):
        page.search.setText(typed)
    assert shown_ids(page) == everything  # nothing filtered while typing goes on
    qtbot.waitUntil(lambda: len(resets) == 1, timeout=SEARCH_DELAY_MS * 8)
    expected = ids(demo_services.matrix.search(2020, TaskFilter(text="意识形态")))
    assert shown_ids(page) == expected and 0 < len(expected) < len(everything)
    assert reads == [2020]  # only the line above: typing never read the database
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert len(resets) == 1  # the four keystrokes filtered once


def test_search_with_other_filters_gives_the_services_matches(
    page: MatrixPage, demo_services: Services
) -> None:
    leader = page.leader_filter.findText("李红梅")
    page.leader_filter.setCurrentIndex(leader)  # a combo filters at once
    page.search.setText("学习")
    page.apply_filters()
    wanted = TaskFilter(text="学习", leader_id=page.leader_filter.itemData(leader))
    assert shown_ids(page) == ids(demo_services.matrix.search(2020, wanted))
    page.search.setText("")
    page.apply_filters()
    wanted = TaskFilter(leader_id=page.leader_filter.itemData(leader))
    assert shown_ids(page) == ids(demo_services.matrix.search(2020, wanted))


def test_a_change_made_elsewhere_is_read_on_refresh(
    page: MatrixPage, demo_services: Services
) -> None:
    demo_services.matrix.create_task(2020, TaskDraft(text="新加的学习任务"))
    page.refresh()
    page.search.setText("新加的")
    page.apply_filters()
    assert [n.text for n in page.model.nodes()] == ["新加的学习任务"]


def test_the_summary_counts_the_year_and_the_matches(
    page: MatrixPage, demo_services: Services
) -> None:
    before = page.summary.text()
    assert before.startswith("  共") and "筛选出" not in before
    page.search.setText("意识形态")
    page.apply_filters()
    matches = sum(
        1
        for n in iter_tree(demo_services.matrix.search(2020, TaskFilter(text="意识形态")))
        if TaskFilter(text="意识形态").matches(n)
    )
    assert page.summary.text() == f"{before}；筛选出{matches}项"
    demo_services.matrix.create_task(2020, TaskDraft(text="新任务", leaders_placeholder=True))
    page.refresh()  # read again: one more task, one more to be filled
    counts = [int(n) for n in re.findall(r"\d+", page.summary.text())]
    old = [int(n) for n in re.findall(r"\d+", before)]
    assert counts[:2] == [old[0] + 1, old[1] + 1]
