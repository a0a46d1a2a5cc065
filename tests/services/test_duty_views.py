"""一岗双责 of the whole unit in one walk of the tree: the same lists, in the same order, as the
per-person walk (the reference), and the same 责任清单 document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from benchmarks.bigunit import BigUnitScale, build_big_unit
from ideowork.db.models import Office, Person
from ideowork.domain.periods import Period
from ideowork.domain.vocab import TaskStatus
from ideowork.services.context import Services
from ideowork.services.matrix.duties import (
    DutyView,
    leader_view,
    leader_views,
    office_view,
    office_views,
)
from ideowork.services.matrix.model import TaskNode
from ideowork.services.matrix.service import MatrixService
from ideowork.services.matrix.tree import load_tree
from ideowork.services.runtime import FixedClock

# Many people over a few hundred tasks, several leaders and offices a task, three levels deep.
SCALE = BigUnitScale(years=1, cases=20, sessions=10, tasks=300, people=80)


def _reference_leaders(matrix: MatrixService, year: int) -> list[DutyView]:
    """The earlier way: the tree walked once per person."""
    with matrix.runtime.read() as session:
        roots = load_tree(session, year, matrix.today())
        people = session.scalars(select(Person).order_by(Person.sort_order, Person.id))
        views = [leader_view(roots, year, p.id, p.name, p.post) for p in people]
    return [view for view in views if view.groups]


def _reference_offices(matrix: MatrixService, year: int) -> list[DutyView]:
    with matrix.runtime.read() as session:
        roots = load_tree(session, year, matrix.today())
        offices = session.scalars(select(Office).order_by(Office.sort_order, Office.id))
        views = [office_view(roots, year, o.id, o.name) for o in offices]
    return [view for view in views if view.groups]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_big_unit(tmp_path_factory.mktemp("duties") / "unit.sqlite3", SCALE)


def test_the_unit_walked_once_gives_the_same_lists(big: Path) -> None:
    services = Services.open(str(big), clock=FixedClock.on(dt.date(2025, 11, 15)))
    try:
        matrix = MatrixService(services.runtime)
        [year] = matrix.years()
        leaders = matrix.all_leader_duties(year)
        assert leaders == _reference_leaders(matrix, year)
        assert len(leaders) > 5  # the test sees many people
        items = [item for view in leaders for item in view.items()]
        assert any(len(item.path) >= 1 for item in items)  # and nested tasks
        assert any(len(item.leaders) > 1 for item in items)  # and shared ones
        assert matrix.all_office_duties(year) == _reference_offices(matrix, year)
    finally:
        services.close()


def test_the_demo_lists_and_document_are_unchanged(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    matrix = MatrixService(demo_services.runtime)
    assert matrix.all_leader_duties(2020) == _reference_leaders(matrix, 2020)
    assert matrix.all_office_duties(2020) == _reference_offices(matrix, 2020)
    period = Period.parse("2020")
    after = demo_services.reports.draft("duty-list", period)
    monkeypatch.setattr(
        MatrixService, "all_leader_duties", lambda self, year: _reference_leaders(self, year)
    )
    before = demo_services.reports.draft("duty-list", period)
    assert after == before
    assert "杨昌波" in after.markup


def _node(node_id: int, text: str, leaders: tuple[int, ...], *children: TaskNode) -> TaskNode:
    return TaskNode(
        id=node_id,
        parent_id=None,
        text=text,
        body="",
        frequency="",
        deadline=None,
        status=TaskStatus.NOT_STARTED,
        leaders=tuple(f"L{i}" for i in leaders),
        offices=(),
        leaders_placeholder=False,
        offices_placeholder=False,
        children=list(children),
        leader_ids=leaders,
        office_ids=tuple(i * 10 for i in leaders),
    )


def test_order_paths_and_a_section_owned_itself() -> None:
    roots = [
        _node(
            1,
            "一",
            (1,),
            _node(2, "一.1", (2,), _node(3, "一.1.1", (1, 2, 1))),
            _node(4, "一.2", (2,)),
        ),
        _node(
            5, "二", (), _node(6, "二.1", (3,), _node(7, "二.1.1", (3,)), _node(8, "二.1.2", ()))
        ),
    ]
    people = [(3, "丙", ""), (2, "乙", ""), (1, "甲", "书记"), (9, "无", "")]
    views = leader_views(roots, 2020, people)
    assert views == [leader_view(roots, 2020, *p) for p in people if p[0] != 9]
    second = views[1]
    assert [(i.text, i.path) for i in second.items()] == [
        ("一.1", ()),
        ("一.1.1", ("一.1",)),
        ("一.2", ()),
    ]
    assert [i.text for i in views[2].items()] == ["一", "一.1.1"]  # listed once, not twice
    offices = [(10, "甲办"), (30, "丙办")]
    assert office_views(roots, 2020, offices) == [office_view(roots, 2020, *o) for o in offices]
