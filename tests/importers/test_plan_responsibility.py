"""One item's marking: roles, deadline and score (考核细则 "（3分）")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ideowork.domain.roles import COOPERATING, IN_CHARGE, LEAD, RESPONSIBLE, NamedRole
from ideowork.importers.plan_parser import parse_plan_text
from ideowork.importers.plan_responsibility import parse_fields, score_of, take_marking


@pytest.mark.parametrize(
    ("line", "text", "score"),
    [
        ("1.每季度研判一次意识形态形势。（3分）", "每季度研判一次意识形态形势。", "3"),
        ("1.建立网评员队伍(2.5分)", "建立网评员队伍", "2.5"),
        ("1.建立网评员队伍（２分）。", "建立网评员队伍。", "2"),
        ("1.建立网评员队伍【本项4分】", "建立网评员队伍", "4"),
        ("1.建立网评员队伍（满分 10 分）", "建立网评员队伍", "10"),
        ("1.落实“三会一课”（责任单位：办公室）（3分）", "落实“三会一课”", "3"),
        ("1.落实“三会一课”（3分）（责任单位：办公室）", "落实“三会一课”", "3"),
        ("1.落实“三会一课”（责任单位：办公室；分值：3分）", "落实“三会一课”", "3"),
    ],
)
def test_score_is_kept_and_taken_from_the_text(line: str, text: str, score: str) -> None:
    plan = parse_plan_text(["一、考核内容", line])
    item = plan.sections[0].children[0]
    assert (item.text, item.score) == (text, Decimal(score))


@pytest.mark.parametrize(
    "line", ["1.扣3分的情形见附件（分值另定）", "1.得分（3）", "1.组织学习3分钟（分钟）"]
)
def test_not_scores(line: str) -> None:
    item = parse_plan_text(["一、考核内容", line]).sections[0].children[0]
    assert item.score is None and item.text == line[2:]


def test_score_of() -> None:
    assert score_of("3分") == Decimal(3)
    assert score_of("本项 1.5 分") == Decimal("1.5")
    assert score_of("三分") is None and score_of("3") is None


def test_roles_of_each_label() -> None:
    resp = parse_fields(
        "牵头领导：张三；分管领导：李四；责任领导：王五；牵头单位：宣传办；责任股室：党政办；"
        "配合单位：各村（社区）、协办单位：综治办"
    )
    assert resp.leader_roles == [
        NamedRole("张三", LEAD),
        NamedRole("李四", IN_CHARGE),
        NamedRole("王五", RESPONSIBLE),
    ]
    assert resp.unit_roles == [
        NamedRole("宣传办", LEAD),
        NamedRole("党政办", RESPONSIBLE),
        NamedRole("各村（社区）", COOPERATING),
        NamedRole("综治办", COOPERATING),
    ]


def test_deadline_inside_the_parenthesis() -> None:
    marking = take_marking("开展学习（责任单位：办公室；完成时限：6月底前）")
    assert marking.text == "开展学习"
    assert marking.responsibility is not None
    assert marking.responsibility.deadline == "6月底前"
    assert marking.responsibility.offices == ["办公室"]


def test_deadline_placeholder_is_no_deadline() -> None:
    marking = take_marking("开展学习（责任单位：办公室；完成时限：xxx）")
    assert marking.responsibility is not None and marking.responsibility.deadline == ""


def test_marking_writes_roles_in_the_documents_order() -> None:
    plan = parse_plan_text(
        ["一、任务", "1.开展排查（配合单位：各村（社区）；完成时限：长期；分管领导：李四；"
         "牵头单位：宣传办；牵头领导：张三）（2分）", "2.建立台账（责任领导：xxx）"]
    )  # fmt: skip
    first, second = plan.sections[0].children
    assert first.marking() == (
        "（牵头领导：张三；分管领导：李四；牵头单位：宣传办；配合单位：各村（社区）；"
        "完成时限：长期）（2分）"
    )
    assert second.marking() == "（责任领导：（待填写））"
    assert plan.sections[0].marking() == ""
