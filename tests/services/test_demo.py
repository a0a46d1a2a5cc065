"""The demo unit reproduces the facts of the reference documents."""

from __future__ import annotations

import datetime as dt

import pytest

from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import StudyKind
from ideowork.services.context import Services
from ideowork.services.matrix.model import TaskNode, iter_tree
from ideowork.services.runtime import FixedClock

Q3 = Period.parse("2020Q3")


def list_tree(nodes: list[TaskNode]) -> list[TaskNode]:
    return list(iter_tree(nodes))


def test_q3_sentiment_figures_of_reference_1(demo_services: Services) -> None:
    stats = demo_services.sentiment.stats(Q3)
    assert stats.by_channel == {"12345": 3, "区长信箱": 7, "网上信访": 1}
    assert stats.all_handled and stats.satisfaction_rate == 1.0 and stats.overdue == 0


def test_q3_meetings_of_reference_1(demo_services: Services) -> None:
    sessions = demo_services.studies.sessions_in(Q3)
    study = [s for s in sessions if s.kind == StudyKind.COLLECTIVE]
    assert len(study) == 3
    assert {s.meeting_name for s in study} == {"党委扩大会议", "干部职工大会"}
    assert len([s for s in sessions if s.kind == StudyKind.SPECIAL_MEETING]) == 1
    education = [s.held_on for s in sessions if s.kind == StudyKind.EDUCATION]
    assert education == [dt.date(2020, 7, 31), dt.date(2020, 8, 1), dt.date(2020, 8, 27)]


def test_matrix_of_reference_3_with_names(demo_services: Services) -> None:
    roots = demo_services.matrix.tree(2020)
    assert [r.text for r in roots] == [
        "强化意识形态工作责任制",
        "强化意识形态工作的主体责任",
        "强化意识形态工作责任制考核",
        "强化意识形态工作责任追究",
    ]
    nodes = list_tree(roots)
    study = next(n for n in nodes if n.text.startswith("扎实抓好干部理论学习"))
    assert study.leaders == ("杨昌波",)
    assert len(study.offices) == 6  # 各股室
    assert len(roots[3].children) == 12
    tasks = [n for n in list_tree(roots[1:3]) if not n.children]
    assert len(tasks) == 9
    assert all(n.leaders and n.offices for n in tasks)  # no xxx left in the demo
    assert not any(n.leaders_placeholder or n.offices_placeholder for n in nodes)


def test_quota_status_of_the_demo_year(demo_services: Services, clock: FixedClock) -> None:
    clock.set(dt.date(2021, 1, 1))
    results = {r.name: r for r in demo_services.studies.quota_status(2020)}
    assert results["集中学习"].done == 21 and results["集中学习"].owed == 3
    assert results["集中学习"].children[0].done == 6
    assert results["分析研判"].owed == 1


def test_demo_refuses_a_database_with_data(demo_services: Services) -> None:
    with pytest.raises(UserError, match="--force"):
        demo_services.demo.load()


def test_demo_force_replaces_and_keeps_audit_sound(demo_services: Services) -> None:
    counts = demo_services.demo.load(force=True)
    assert counts["people"] == 9
    assert len(demo_services.unit.list_people()) == 9
    assert demo_services.maintenance.check().ok


def test_empty_database(services: Services) -> None:
    assert services.demo.is_empty()
