"""Posts named by plan headings ("（一）支部书记职责") resolved against the unit's people: on the
demo unit (杨昌波 党委书记, 王建国 党委副书记、镇长, 李红梅 宣传委员 …) and on a unit that
lacks the post, in the preview and in what is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from ideowork.db.models import AuditEntry
from ideowork.domain.vocab import PersonRole
from ideowork.importers.plan_parser import parse_plan_file, parse_plan_text
from ideowork.services.context import Services
from ideowork.services.matrix.model import TaskNode, iter_tree
from ideowork.services.matrix.plan_posts import Holder, holders_of
from ideowork.services.unit import PersonInfo

LAYOUT = Path(__file__).resolve().parents[1] / "importers" / "layouts" / "post-headings.txt"
MEMBERS = {
    name: "responsible" for name in ("杨昌波", "王建国", "李红梅", "张志强", "赵立新", "孙海涛")
}


def by_text(tasks: list[TaskNode]) -> dict[str, dict[str, str]]:
    return {task.text: dict(task.leaders_with_roles()) for task in tasks}


def test_the_demo_unit_holds_every_post_of_the_plan(demo_services: Services) -> None:
    plan = parse_plan_file(LAYOUT)
    preview = demo_services.plan_import.preview(plan, 2021)
    assert [(m.post, m.names, m.items) for m in preview.posts] == [
        ("党委书记", ("杨昌波",), 3),
        ("班子成员", tuple(MEMBERS), 4),
        ("副书记", ("王建国",), 2),
        ("分管领导", ("李红梅",), 2),
        ("宣传委员", ("李红梅",), 3),
        ("纪检委员", ("赵立新",), 2),
    ]
    assert preview.unresolved_posts == ()
    assert "岗位“党委书记”→杨昌波（3项）" in preview.posts_note
    assert "杨昌波" in preview.linked_people and not preview.new_people
    assert preview.to_be_filled == 1  # only the item that says 责任领导：xxx

    demo_services.plan_import.import_plan(plan, 2021)
    leaders = by_text(list(iter_tree(demo_services.matrix.tree(2021))))
    assert leaders["党委书记的第一责任"] == {"杨昌波": "lead"}
    assert leaders["每半年专题研究一次意识形态工作。"] == {"杨昌波": "lead"}
    assert leaders["定期分析研判意识形态领域情况。"] == {"王建国": "responsible"}  # its own
    assert leaders["协助书记抓好意识形态工作统筹协调。"] == {"王建国": "responsible"}
    assert leaders["抓好分管领域的意识形态工作。"] == MEMBERS
    assert leaders["指导网络舆情处置。"] == {"李红梅": "in_charge"}
    assert leaders["管理宣传阵地。"] == {"李红梅": "responsible"}
    assert leaders["开展意识形态工作监督检查。"] == {"赵立新": "responsible"}
    assert leaders["党委书记要带头讲党课。"] == {}  # a sentence naming a post gives nobody
    with demo_services.runtime.db.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "import").order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None
        assert json.loads(entry.after_json)["posts"]["宣传委员"] == ["李红梅"]


def test_a_post_nobody_holds_stays_to_be_filled_and_says_how_to_fix_it(
    services: Services,
) -> None:
    services.unit.save_person(
        PersonInfo(id=None, name="刘书记", post="支部书记", role=PersonRole.SECRETARY)
    )
    plan = parse_plan_text(
        ["一、支部书记职责", "1.带头学习。", "二、宣传委员职责", "1.管理阵地。（责任领导：张三）",
         "2.组织宣讲。"]
    )  # fmt: skip
    preview = services.plan_import.preview(plan, 2021)
    [missing] = preview.unresolved_posts
    assert (missing.post, missing.items) == ("宣传委员", 2)
    assert "岗位“宣传委员”在人员名单中没有找到" in preview.posts_note
    assert "单位信息" in preview.posts_note and "直接填写姓名" in preview.posts_note
    assert preview.to_be_filled == 2  # the heading and 2.; 1. names 张三 itself

    resolved, _ = services.plan_import.resolve_posts(plan)
    second = resolved.sections[1].children[1]
    assert second.leaders == () and second.leaders_placeholder
    assert second.left_to_fill() == ("责任领导", "责任单位")
    assert second.sources[-1] == (
        "责任领导：（待填写）（岗位“宣传委员”在人员名单中没有找到，"
        "取自上级标题「二、宣传委员职责」）"
    )
    assert resolved.sections[0].children[0].sources == (
        "责任领导：刘书记（岗位“支部书记”，取自上级标题「一、支部书记职责」）",
    )

    services.plan_import.import_plan(plan, 2021, create_missing=False)
    tasks = {t.text: t for t in iter_tree(services.matrix.tree(2021))}
    assert tasks["带头学习。"].leaders == ("刘书记",)
    assert tasks["组织宣讲。"].leaders == () and tasks["组织宣讲。"].leaders_placeholder
    assert tasks["管理阵地。"].leaders_placeholder  # 张三 unknown, not created
    assert [p.name for p in services.unit.list_people()] == ["刘书记"]


def test_resolving_twice_picks_up_a_person_added_meanwhile(services: Services) -> None:
    plan = parse_plan_text(["一、组织委员职责", "1.发展党员。"])
    first, _ = services.plan_import.resolve_posts(plan)
    assert first.sections[0].children[0].leaders_placeholder
    services.unit.save_person(PersonInfo(id=None, name="吴敏", post="组织委员"))
    again, [match] = services.plan_import.resolve_posts(first)
    assert again.sections[0].children[0].leaders == ("吴敏",) and match.names == ("吴敏",)
    assert not again.sections[0].children[0].leaders_placeholder


def test_people_who_left_hold_no_post(services: Services) -> None:
    services.unit.save_person(PersonInfo(id=None, name="老宣传", post="宣传委员", active=False))
    preview = services.plan_import.preview(parse_plan_text(["一、宣传委员职责", "1.宣讲。"]), 2021)
    assert [m.names for m in preview.posts] == [()]


def holder(name: str, post: str = "", role: PersonRole = PersonRole.STAFF) -> Holder:
    return Holder(name, post, role)


@pytest.mark.parametrize(
    ("post", "people", "expected"),
    [
        # the 职务 written as the post beats the same post of another organ
        ("支部书记", [holder("甲", "党委书记"), holder("乙", "支部书记")], ("乙",)),
        ("支部书记", [holder("甲", "党委书记"), holder("丙", "党委副书记")], ("甲",)),
        # a 纪委书记 is no 书记 of ours, nor a 副书记
        ("书记", [holder("甲", "纪委书记"), holder("乙", "党委副书记")], ()),
        # several holders: all of them
        ("宣传委员", [holder("甲", "宣传委员"), holder("乙", "党委委员、宣传委员")], ("甲", "乙")),
        # no 职务 written: the role stands for it
        ("党委书记", [holder("甲", role=PersonRole.SECRETARY)], ("甲",)),
        ("书记", [holder("甲", "镇长", PersonRole.SECRETARY)], ()),
        (
            "分管领导",
            [holder("甲", "分管宣传副镇长"), holder("乙", role=PersonRole.DEPUTY)],
            ("甲",),
        ),
        ("局长", [holder("甲", "党组书记、局长"), holder("乙", "副局长")], ("甲",)),
        ("各股室负责人", [holder("甲", "办公室主任"), holder("乙", "办公室副主任")], ("甲",)),
        ("其他班子成员", [holder("甲", "党委书记"), holder("乙", "党委委员")], ("乙",)),
    ],
)
def test_holders_of(post: str, people: list[Holder], expected: tuple[str, ...]) -> None:
    assert holders_of(post, people) == expected
