"""The plan writer with roles: a parsed plan's 牵头/责任/配合 names, units outside (kept as text,
never made offices), the 完成时限 as written with its date, and a 考核细则 score.

The plans are built as the parser hands them over (PlanNode with roles), so these tests say
what the writer does whatever layout the text had."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ideowork.domain.roles import NamedRole
from ideowork.importers.plan_parser import ParsedPlan, PlanNode
from ideowork.services.context import Services
from ideowork.services.unit import OfficeInfo, PersonInfo


@pytest.fixture
def unit(services: Services) -> Services:
    for name in ("党政办", "宣传办"):
        services.unit.save_office(OfficeInfo(id=None, name=name))
    services.unit.save_person(PersonInfo(id=None, name="杨昌波"))
    return services


def plan() -> ParsedPlan:
    task = PlanNode(
        text="开展网络舆情风险排查。",
        marker="1.",
        level=3,
        leaders=("杨昌波",),
        leader_roles=(NamedRole("杨昌波", "lead"), NamedRole("周新", "in_charge")),
        offices=("宣传办",),
        unit_roles=(
            NamedRole("宣传办", "lead"),
            NamedRole("党政办", "responsible"),
            NamedRole("各村（社区）", "cooperating"),
            NamedRole("派出所", "cooperating"),
        ),
        deadline_text="2021年6月底",
        score=Decimal("3"),
    )
    standing = PlanNode(
        text="落实意识形态阵地管理。",
        marker="2.",
        level=3,
        offices=("各街道", "各相关单位"),
        deadline_text="长期",
    )
    section = PlanNode(text="风险防控", marker="一、", level=1, children=(task, standing))
    return ParsedPlan("2021年实施方案", "", (section,), "", ())


def test_preview_names_the_units_kept_as_text(unit: Services) -> None:
    preview = unit.plan_import.preview(plan(), 2021)
    assert preview.outside_units == ("各村（社区）", "各街道", "各相关单位")
    assert preview.linked_offices == ("宣传办", "党政办")
    assert preview.new_offices == ("派出所",)  # not of the outside form: an office to create
    assert preview.new_people == ("周新",)
    assert (preview.with_roles, preview.with_deadline, preview.with_score) == (1, 2, 1)
    assert "不新建股室" in preview.outside_note and "各街道" in preview.outside_note


def test_the_writer_keeps_roles_units_outside_deadline_and_score(unit: Services) -> None:
    result = unit.plan_import.import_plan(plan(), 2021)
    assert result.offices_created == ("派出所",) and result.people_created == ("周新",)
    [section] = unit.matrix.tree(2021)
    task, standing = section.children
    assert dict(task.leaders_with_roles()) == {"杨昌波": "lead", "周新": "in_charge"}
    assert dict(task.units_with_roles()) == {
        "党政办": "responsible",
        "宣传办": "lead",
        "派出所": "cooperating",
        "各村（社区）": "cooperating",
    }
    assert task.deadline_text == "2021年6月底" and task.deadline == dt.date(2021, 6, 30)
    assert task.score == Decimal("3.0")
    assert standing.outside_units == (
        NamedRole("各街道", "responsible"),
        NamedRole("各相关单位", "responsible"),
    )
    assert standing.offices == () and not standing.offices_placeholder
    assert standing.deadline_text == "长期" and standing.deadline is None
    assert {o.name for o in unit.unit.list_offices()} == {"党政办", "宣传办", "派出所"}


def test_without_creating_an_unknown_office_stays_to_be_filled(unit: Services) -> None:
    unit.plan_import.import_plan(plan(), 2021, create_missing=False)
    [section] = unit.matrix.tree(2021)
    task, standing = section.children
    assert task.offices_placeholder and task.leaders_placeholder  # 派出所, 周新 unknown
    assert [u.name for u in task.outside_units] == ["各村（社区）"]
    assert not standing.offices_placeholder
