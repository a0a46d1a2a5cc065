"""Headings that name a post ("（一）支部书记职责", "宣传委员：") give the items below them their
leader once the import resolves the post: the parser records the post on the node, with the
role the heading gives and where it was read; an item's own marking wins.

The layout is our own document, read as .txt and as a .docx built at test time, its tree
compared node by node (a task merged into another or lost fails)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ideowork.domain.roles import IN_CHARGE, LEAD, RESPONSIBLE, leader_role_label, unit_role_label
from ideowork.importers.plan_parser import ParsedPlan, PlanNode, parse_plan_file, parse_plan_text
from ideowork.importers.plan_posts import PostHeading, is_post_line, post_heading
from tests.importers.test_plan_layouts import LAYOUTS, as_docx

Row = tuple[int, str, str, tuple[str, ...], tuple[str, ...], str, str]


def flat(node: PlanNode) -> Row:
    """Level, marker, text, leaders and units with roles, deadline, and the post with its role."""
    leaders = tuple(f"{leader_role_label(r.role)}:{r.name}" for r in node.leaders_with_roles())
    units = tuple(f"{unit_role_label(r.role)}:{r.name}" for r in node.units_with_roles())
    post = f"{leader_role_label(node.post_role)}:{node.post}" if node.post else ""
    return (node.level, node.marker, node.text, leaders, units, node.deadline_text, post)


@pytest.fixture(params=["txt", "docx"])
def plan(request: pytest.FixtureRequest, tmp_path: Path) -> ParsedPlan:
    source = LAYOUTS / "post-headings.txt"
    path = source if request.param == "txt" else as_docx(source, tmp_path / "post-headings.docx")
    return parse_plan_file(path)


LEAD_SECRETARY = "牵头领导:党委书记"
MEMBERS = "责任领导:班子成员"


def test_the_tree_of_a_plan_grouped_by_post(plan: ParsedPlan) -> None:
    assert plan.title == "某某镇党委落实意识形态工作责任制责任清单"
    assert [flat(node) for node in plan.iter_nodes()] == [
        (1, "一、", "党委书记的第一责任", (), (), "", LEAD_SECRETARY),
        (2, "1.", "带头学习贯彻习近平新时代中国特色社会主义思想。", (), (), "", LEAD_SECRETARY),
        (2, "2.", "每半年专题研究一次意识形态工作。", (), (), "每半年", LEAD_SECRETARY),
        # its own marking wins over the heading's post
        (2, "3.", "定期分析研判意识形态领域情况。", ("责任领导:王建国",), (), "", ""),
        (1, "二、", "班子成员职责", (), (), "", MEMBERS),
        # the nearest heading's post wins
        (2, "（一）", "副书记职责", (), (), "", "责任领导:副书记"),
        (3, "1.", "协助书记抓好意识形态工作统筹协调。", (), (), "", "责任领导:副书记"),
        (2, "（二）", "班子成员“一岗双责”", (), (), "", MEMBERS),
        (3, "1.", "抓好分管领域的意识形态工作。", (), ("责任单位:各股室",), "", MEMBERS),
        (3, "2.", "每年到联系村讲党课不少于1次。", (), (), "", MEMBERS),
        (2, "（三）", "分管领导职责", (), (), "", "分管领导:分管领导"),
        (3, "1.", "指导网络舆情处置。", (), ("牵头单位:宣传办",), "", "分管领导:分管领导"),
        (1, "三、", "委员分工", (), (), "", ""),
        # "宣传委员：" is a heading of its own, without its colon
        (2, "", "宣传委员", (), (), "", "责任领导:宣传委员"),
        (3, "1.", "组织开展理论宣讲。", (), (), "全年", "责任领导:宣传委员"),
        (3, "2.", "管理宣传阵地。", (), (), "", "责任领导:宣传委员"),
        (2, "", "纪检委员", (), (), "", "责任领导:纪检委员"),
        (3, "3.", "开展意识形态工作监督检查。", (), (), "", "责任领导:纪检委员"),
        (1, "四、", "其他要求", (), (), "", ""),
        # a placeholder is the item's own word too: no post fills it
        (2, "1.", "年底前报送履职情况。", (), (), "", ""),
        # a sentence that mentions a post is no post heading
        (2, "2.", "党委书记要带头讲党课。", (), (), "", ""),
    ]  # fmt: skip


def test_the_preview_is_told_where_the_post_came_from(plan: ParsedPlan) -> None:
    heading = plan.sections[0]
    task = heading.children[1]
    assert heading.sources == ("牵头领导：岗位“党委书记”（本项标题）",)
    assert task.sources == (
        "完成时限：每半年（本项标注）",
        "牵头领导：岗位“党委书记”（取自上级标题「一、党委书记的第一责任」）",
    )
    assert task.post_origin == "取自上级标题「一、党委书记的第一责任」"
    assert task.left_to_fill() == ("责任单位",)  # the leader comes from the post
    assert plan.sections[3].children[0].left_to_fill() == ("责任领导", "责任单位")
    assert any(
        "取自标题中的岗位" in warning and "“宣传委员”" in warning for warning in plan.warnings
    )
    assert not any("已合并" in warning for warning in plan.warnings)


def test_a_heading_marking_with_names_wins_over_its_post() -> None:
    plan = parse_plan_text(
        ["一、党委书记职责（责任领导：杨昌波）", "1.带头学习。", "2.带头讲党课。（责任领导：王五）"]
    )
    assert [(n.leaders, n.post) for n in plan.iter_nodes()] == [
        (("杨昌波",), ""),
        (("杨昌波",), ""),
        (("王五",), ""),
    ]


def test_the_posts_without_a_database_for_json() -> None:
    from ideowork.importers.plan_parser import plan_to_json

    [section] = plan_to_json(parse_plan_text(["一、支部书记职责", "1.带头学习。"]))
    assert (section["post"], section["children"][0]["post"]) == ("支部书记", "支部书记")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("党委书记职责", PostHeading("党委书记", RESPONSIBLE)),
        ("支部书记的第一责任", PostHeading("支部书记", LEAD)),
        ("镇党委书记履行第一责任人职责", PostHeading("党委书记", LEAD)),
        ("党委书记是第一责任人", PostHeading("党委书记", LEAD)),
        ("班子成员“一岗双责”", PostHeading("班子成员", RESPONSIBLE)),
        ("领导班子其他成员落实“一岗双责”", PostHeading("领导班子其他成员", RESPONSIBLE)),
        ("分管领导职责", PostHeading("分管领导", IN_CHARGE)),
        ("各股室负责人职责", PostHeading("各股室负责人", RESPONSIBLE)),
        ("宣传委员：", PostHeading("宣传委员", RESPONSIBLE)),
        ("镇长", PostHeading("镇长", RESPONSIBLE)),
        ("局长职责", PostHeading("局长", RESPONSIBLE)),
        ("党委书记：对本单位意识形态工作负主体责任", PostHeading("党委书记", RESPONSIBLE)),
        ("班子成员要定期向党支部专题汇报意识形态工作。", None),
        ("意识形态工作要作为领导班子成员民主生活会的重要内容。", None),
        ("加强理论武装", None),
        ("责任追究", None),
        ("", None),
    ],
)
def test_post_heading(text: str, expected: PostHeading | None) -> None:
    assert post_heading(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("宣传委员：", True), ("组织委员:", True), ("宣传委员", False), ("理论学习：", False)],
)
def test_a_post_and_a_colon_is_a_heading_line(line: str, expected: bool) -> None:
    assert is_post_line(line) is expected
