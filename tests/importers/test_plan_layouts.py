"""The layouts real plans come in (issue 11), each from a document of our own, as .txt and .docx.

Every layout's expected tree is compared node by node — level, marker, text, leaders and units
with their roles, deadline and score — so a task merged into another or lost fails the test.
The .docx of each text is built at test time, one paragraph per line (tabs kept as Word tabs).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from ideowork.domain.roles import leader_role_label, unit_role_label
from ideowork.importers.plan_parser import (
    ParsedPlan,
    PlanImportError,
    PlanNode,
    parse_plan_file,
    parse_plan_text,
)

LAYOUTS = Path(__file__).parent / "layouts"

Row = tuple[int, str, str, tuple[str, ...], tuple[str, ...], str, str]
Parse = Callable[[str], ParsedPlan]


def flat(node: PlanNode) -> Row:
    leaders = tuple(f"{leader_role_label(r.role)}:{r.name}" for r in node.leaders_with_roles())
    units = tuple(f"{unit_role_label(r.role)}:{r.name}" for r in node.units_with_roles())
    score = "" if node.score is None else str(node.score)
    return (node.level, node.marker, node.text, leaders, units, node.deadline_text, score)


def tree(plan: ParsedPlan) -> list[Row]:
    return [flat(node) for node in plan.iter_nodes()]


def as_docx(source: Path, target: Path) -> Path:
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(target))
    return target


@pytest.fixture(params=["txt", "docx"])
def parse(request: pytest.FixtureRequest, tmp_path: Path) -> Parse:
    def parse_layout(name: str) -> ParsedPlan:
        source = LAYOUTS / f"{name}.txt"
        path = source if request.param == "txt" else as_docx(source, tmp_path / f"{name}.docx")
        return parse_plan_file(path)

    return parse_layout


def has_merge_warning(plan: ParsedPlan) -> bool:
    return any("已合并" in warning for warning in plan.warnings)


def test_responsibility_on_separate_lines(parse: Parse) -> None:
    plan = parse("separate-lines")
    assert plan.title == "某某镇2023年意识形态工作任务分解方案"
    assert plan.signature == "中共某某镇委员会\n2023年2月20日"
    assert tree(plan) == [
        (1, "一、", "理论武装", (), (), "", ""),
        (
            2, "1.", "坚持党委理论学习中心组学习制度，全年集中学习不少于12次。",
            ("牵头领导:张三",),
            ("牵头单位:党政办", "配合单位:宣传办", "配合单位:各村（社区）"),
            "全年", "",
        ),
        (2, "2.", "开展意识形态专题培训。", (), ("责任单位:宣传办",), "2023年6月底前", ""),
        (
            2, "3.", "开展“百姓宣讲”进村入户活动。", (), ("责任单位:宣传办",), "10月底前", "",
        ),
        (1, "二、", "阵地管理", (), (), "", ""),
        (
            2, "1.", "规范政务新媒体信息发布审核。",
            ("分管领导:李四",),
            ("责任单位:党政办", "配合单位:各相关单位"),
            "长期", "",
        ),
    ]  # fmt: skip
    assert not has_merge_warning(plan)
    first = plan.sections[0].children[0]
    assert "配合单位：宣传办、各村（社区）（本项标注）" in first.sources


def test_the_same_field_twice_is_still_a_conflict() -> None:
    plan = parse_plan_text(["一、任务", "1.开展学习。", "责任单位：办公室", "责任单位：宣传股"])
    assert plan.sections[0].children[0].offices == ("办公室", "宣传股")
    assert has_merge_warning(plan)


def test_responsibility_stated_in_a_heading_is_inherited(parse: Parse) -> None:
    plan = parse("heading-inherit")
    assert tree(plan) == [
        (1, "一、", "加强理论武装", (), ("牵头单位:宣传办",), "全年", ""),
        (2, "1.", "坚持党支部理论学习制度。", (), ("牵头单位:宣传办",), "全年", ""),
        (
            2, "2.", "开展专题宣讲。", (), ("配合单位:各村（社区）", "牵头单位:宣传办"),
            "全年", "",
        ),
        (
            2, "3.", "组织青年理论学习小组。", (), ("责任单位:团委", "牵头单位:宣传办"),
            "2023年5月", "",
        ),
        (1, "二、", "强化阵地管理", ("牵头领导:李四",), ("责任单位:党政办",), "", ""),
        (2, "（一）", "网站和新媒体", ("牵头领导:李四",), ("责任单位:党政办",), "", ""),
        (3, "1.", "落实“三审三校”制度。", ("牵头领导:李四",), ("责任单位:党政办",), "", ""),
        (
            3, "2.", "建立网络舆情台账。", ("责任领导:王五", "牵头领导:李四"),
            ("责任单位:党政办",), "", "",
        ),
        (1, "三、", "考核问责", (), (), "", ""),
    ]  # fmt: skip
    task = plan.sections[1].children[0].children[1]
    assert task.sources == (
        "责任领导：王五（本项标注）",
        "牵头领导：李四（取自上级标题「二、强化阵地管理」）",
        "责任单位：党政办（取自上级标题「二、强化阵地管理」）",
    )
    assert not has_merge_warning(plan)


def test_a_marking_at_the_end_of_a_body_is_not_inherited() -> None:
    plan = parse_plan_text(
        [
            "一、责任追究",
            "有下列情形的，严肃追责。（责任领导：张三）",
            "（1）组织不力的；",
            "（2）处置不力的。",
        ]
    )
    assert plan.sections[0].leaders == ("张三",)
    assert [child.leaders for child in plan.sections[0].children] == [(), ()]


TABLE_TREE: list[Row] = [
    (1, "一、", "理论学习", (), (), "", ""),
    (
        2, "1.", "坚持党组理论学习中心组学习制度", ("责任领导:张三",),
        ("牵头单位:办公室", "配合单位:各科室"), "全年", "",
    ),
    (2, "2.", "开展意识形态专题研讨", ("责任领导:李四",), ("牵头单位:宣传科",), "每季度", ""),
    (1, "二、", "阵地管理", (), (), "", ""),
    (
        2, "1.", "落实网站信息“三审三校”", ("责任领导:王五",),
        ("牵头单位:信息中心", "配合单位:办公室"), "长期", "",
    ),
    (2, "2.", "排查报告会、讲座论坛", (), ("牵头单位:宣传科",), "", ""),
]  # fmt: skip


def test_table_with_tab_separated_rows(parse: Parse) -> None:
    plan = parse("table-tabs")
    assert plan.title == "某某局2023年意识形态工作责任清单"
    assert plan.preamble == "为压实责任，制定本清单。"
    assert plan.signature == "中共某某局党组\n2023年3月1日"
    assert tree(plan) == TABLE_TREE
    first = plan.sections[0].children[0]
    assert "完成时限：全年（表格“完成时限”列）" in first.sources
    assert "牵头单位：办公室（表格“牵头单位”列）" in first.sources
    assert plan.unplaced == ()


def test_table_with_one_cell_per_line(parse: Parse) -> None:
    plan = parse("table-cells")
    assert plan.title == "中共某某局党组2023年意识形态工作责任清单"
    assert tree(plan) == [
        (1, "一、", "主要任务", (), (), "", ""),
        (
            2, "1.", "坚持党组理论学习中心组学习制度", ("责任领导:张三", "责任领导:李四"),
            ("责任单位:办公室",), "全年", "",
        ),
        # No 责任领导 in this row: the cells are put in the columns they fit.
        (2, "2.", "严格落实“三会一课”制度", (), ("责任单位:机关党委",), "每季度", ""),
        (2, "3.", "开展网络舆情监测处置", ("责任领导:王五",), ("责任单位:信息中心",), "", ""),
        (1, "二、", "保障措施", (), ("责任单位:人事科",), "", ""),
    ]  # fmt: skip
    assert plan.sections[1].body == "将意识形态工作纳入年度目标考核。"


def test_real_word_table_with_columns_in_any_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2023年意识形态工作责任清单")
    document.add_paragraph("为压实责任，制定本清单。")
    rows = [
        ["完成时限", "工作任务", "序号", "牵头单位", "责任领导", "配合单位"],
        ["一、理论学习", "", "", "", "", ""],
        ["全年", "坚持党组理论学习中心组学习制度", "1", "办公室", "张三", "各科室"],
        ["每季度", "开展意识形态专题研讨", "2", "宣传科", "李四", ""],
        ["二、阵地管理", "", "", "", "", ""],
        ["长期", "落实网站信息“三审三校”", "1", "信息中心", "王五", "办公室"],
        ["", "排查报告会、讲座论坛", "2", "宣传科", "", ""],
    ]
    table = document.add_table(rows=len(rows), cols=6)
    for row_cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row_cells.cells, values, strict=True):
            cell.text = value
    for index in (1, 4):  # the group headings span the whole row
        table.cell(index, 0).merge(table.cell(index, 5)).text = rows[index][0]
    document.add_paragraph("中共某某局党组")
    document.add_paragraph("2023年3月1日")
    path = tmp_path / "word-table.docx"
    document.save(str(path))
    plan = parse_plan_file(path)
    assert tree(plan) == TABLE_TREE
    assert "责任领导：张三（表格“责任领导”列）" in plan.sections[0].children[0].sources


def test_text_pasted_from_a_web_page(parse: Parse) -> None:
    plan = parse("web-inline")
    assert plan.title == "某某社区2023年意识形态工作实施方案"
    assert plan.preamble == "为进一步落实意识形态工作责任制，结合社区实际，制定本方案。"
    assert tree(plan) == [
        (1, "一、", "工作目标", (), (), "", ""),
        (1, "二、", "主要任务", (), (), "", ""),
        (2, "1、", "加强理论学习，每月开展一次集中学习；", ("责任领导:张三",), (), "每月", ""),
        (
            2, "2、", "抓好宣传阵地管理，宣传栏每季度更新一次；", ("责任领导:李四",),
            ("责任单位:宣传组",), "", "",
        ),
        (2, "3、", "做好网络舆情应对处置。", (), ("责任单位:综治办",), "", ""),
        (1, "三、", "保障措施", (), (), "", ""),
    ]  # fmt: skip
    assert plan.sections[0].body == "牢牢掌握意识形态工作领导权和主动权。"
    assert plan.sections[2].body == "将意识形态工作纳入社区年度考核。"
    assert not any("没有找到带编号" in warning for warning in plan.warnings)


def test_a_lone_inline_item_is_split_and_plain_text_still_refused(tmp_path: Path) -> None:
    plan = parse_plan_text(["关于学习的安排 今年要求如下：1、每月集中学习一次（责任人：张三）。"])
    assert [(n.marker, n.text, n.leaders) for n in plan.iter_nodes()] == [
        ("1、", "每月集中学习一次。", ("张三",))
    ]
    path = tmp_path / "纪要.txt"
    path.write_text("会议纪要\n今天开会，研究了1个问题。大家发言踊跃。", encoding="utf-8")
    with pytest.raises(PlanImportError, match="没有找到带编号的标题"):
        parse_plan_file(path)


def test_unnumbered_section_headings(parse: Parse) -> None:
    plan = parse("unnumbered-headings")
    assert plan.title == "某某街道2023年意识形态工作要点"
    assert plan.preamble == "为做好今年意识形态工作，特制定本要点。"
    assert plan.signature == "中共某某街道工作委员会\n2023年1月10日"
    assert tree(plan) == [
        (1, "", "理论武装", (), (), "", ""),
        (2, "1.", "坚持党工委中心组学习制度。", ("责任领导:张三",), ("责任单位:党政办",), "", ""),
        (2, "2.", "开展“百姓宣讲”活动。", (), ("责任单位:宣传办",), "", ""),
        (1, "", "阵地管理", (), (), "", ""),
        (2, "3.", "加强政务新媒体审核。", (), ("责任单位:党政办",), "", ""),
        (2, "4.", "开展社区宣传栏清查。", (), ("责任单位:各社区",), "", ""),
        (1, "", "队伍建设", (), (), "", ""),
        (2, "1.", "培训网评员队伍。", (), ("责任单位:宣传办",), "6月底前", ""),
    ]  # fmt: skip
    assert all(node.body == "" for node in plan.iter_nodes())
    assert not any("编号" in warning for warning in plan.warnings)


def test_unnumbered_headings_inside_a_numbered_section() -> None:
    plan = parse_plan_text(
        [
            "某某方案", "一、总体要求", "坚持正确方向。", "二、主要任务", "理论武装",
            "1.坚持中心组学习。", "2.开展宣讲。", "阵地管理", "3.审核新媒体。", "三、保障措施",
        ]
    )  # fmt: skip
    assert [(n.level, n.marker, n.text) for n in plan.iter_nodes()] == [
        (1, "一、", "总体要求"),
        (1, "二、", "主要任务"),
        (2, "", "理论武装"),
        (3, "1.", "坚持中心组学习。"),
        (3, "2.", "开展宣讲。"),
        (2, "", "阵地管理"),
        (3, "3.", "审核新媒体。"),
        (1, "三、", "保障措施"),
    ]
    assert plan.sections[0].body == "坚持正确方向。"


def test_plan_inside_a_notice(parse: Parse) -> None:
    plan = parse("notice-wrapper")
    assert plan.title == "某某镇2023年落实意识形态工作责任制实施方案"
    assert plan.preamble == "为压紧压实意识形态工作责任，制定本方案。"
    assert plan.wrapper.splitlines()[0] == "中共某某镇委员会文件"
    assert plan.wrapper.splitlines()[-1] == "2023年3月1日"
    assert plan.signature == "中共某某镇委员会办公室\n2023年3月1日印发"
    assert tree(plan) == [
        (1, "一、", "主要任务", (), (), "", ""),
        (
            2, "1.", "坚持党委中心组学习制度。", ("牵头领导:张三",), ("责任单位:党政办",),
            "全年", "",
        ),
        (
            2, "2.", "开展意识形态分析研判。", ("责任领导:李四",), ("责任单位:宣传办",),
            "每季度", "",
        ),
        (1, "二、", "工作要求", (), (), "", ""),
    ]  # fmt: skip
    assert any("印发通知" in warning for warning in plan.warnings)


def test_notice_without_the_plans_own_title() -> None:
    plan = parse_plan_text(
        [
            "关于印发《某局意识形态工作责任清单》的通知",
            "各科室：",
            "现将《某局意识形态工作责任清单》印发给你们，请认真贯彻执行。",
            "某局办公室",
            "2023年3月1日",
            "一、开展学习（责任单位：办公室）",
        ]
    )
    assert plan.title == "某局意识形态工作责任清单"
    assert plan.preamble == ""
    assert plan.sections[0].offices == ("办公室",)


def test_preamble_articles(parse: Parse) -> None:
    plan = parse("articles")
    assert plan.title == "某某局意识形态工作责任制实施办法"
    assert [(n.marker, n.text[:8]) for n in plan.preamble_articles] == [
        ("第一条", "为了落实意识形态"),
        ("第二条", "落实意识形态工作"),
        ("第三条", "本办法适用于局机"),
    ]
    assert [c.marker for c in plan.preamble_articles[1].children] == ["（一）", "（二）"]
    assert tree(plan) == [
        (1, "第四条", "局党组对本单位意识形态工作负主体责任。", ("责任领导:张三",),
         ("责任单位:办公室",), "", ""),
        (1, "第五条", "局党组书记每年至少专题研究意识形态工作两次。", ("责任领导:张三",), (),
         "每半年", ""),
    ]  # fmt: skip
    restored = plan.with_preamble_articles()
    assert [n.marker for n in restored.sections] == [
        "第一条",
        "第二条",
        "第三条",
        "第四条",
        "第五条",
    ]
    assert restored.preamble_articles == ()


def test_articles_that_are_all_tasks_stay() -> None:
    plan = parse_plan_text(["某办法", "第一条 党组负主体责任。", "第二条 书记是第一责任人。"])
    assert [n.marker for n in plan.sections] == ["第一条", "第二条"]
    assert plan.preamble_articles == ()


def test_scores_of_an_assessment(parse: Parse) -> None:
    plan = parse("scores")
    assert plan.title == "某某县2023年度意识形态工作责任制考核细则"
    assert tree(plan) == [
        (1, "一、", "组织领导", (), (), "", "20"),
        (2, "1.", "党委（党组）每年至少专题研究意识形态工作2次。", (), (), "", "5"),
        (2, "2.", "班子成员落实“一岗双责”，抓好分管领域意识形态工作。", (), (), "", "2.5"),
        (1, "二、", "阵地管理", (), (), "", "30"),
        (2, "1.", "建立新媒体信息发布审核制度。", (), ("责任单位:宣传办",), "", "3"),
    ]  # fmt: skip
    assert sum((task.score or Decimal(0)) for task in plan.tasks()) == Decimal("10.5")
