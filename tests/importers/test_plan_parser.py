"""Tests of the 实施方案 parser on the reference plan, our own samples and edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ideowork.importers.plan_parser import (
    ParsedPlan,
    PlanImportError,
    PlanNode,
    parse_plan_file,
    parse_plan_text,
    plan_to_json,
)

SAMPLES = Path(__file__).parent / "samples"


def parse_lines(text: str) -> ParsedPlan:
    return parse_plan_text(text.splitlines())


def node(plan: ParsedPlan, *path: int) -> PlanNode:
    """The node reached by child indexes, e.g. node(plan, 1, 0) = 二、's first child."""
    current = plan.sections[path[0]]
    for index in path[1:]:
        current = current.children[index]
    return current


# --- reference 3: the branch implementation plan ------------------------------------------


@pytest.fixture(scope="module")
def reference() -> ParsedPlan:
    return parse_plan_file(SAMPLES / "reference-3-branch-plan.txt")


def test_reference_title_preamble_signature(reference: ParsedPlan) -> None:
    assert reference.title == "xxxxxx党支部落实意识形态工作责任制实施方案"
    assert reference.preamble.startswith("为全面落实中共县委关于意识形态工作责任制")
    assert reference.preamble.endswith("制订本方案。")
    assert reference.signature.splitlines() == [
        "xxxxx支部委员会",
        "xxx年x月x日",
        "中共慈利县畜牧水产局党组办公室",
        "2018年4月5日印发",
    ]


def test_reference_sections(reference: ParsedPlan) -> None:
    assert [s.marker for s in reference.sections] == ["一、", "二、", "三、", "四、"]
    assert [s.text for s in reference.sections] == [
        "强化意识形态工作责任制",
        "强化意识形态工作的主体责任",
        "强化意识形态工作责任制考核",
        "强化意识形态工作责任追究",
    ]
    assert all(s.level == 1 for s in reference.sections)
    assert reference.sections[0].body.startswith("按照分级负责和谁主管谁负责的原则")
    assert reference.sections[0].children == ()


def test_reference_named_task(reference: ParsedPlan) -> None:
    task = node(reference, 1, 1, 1)
    assert task.marker == "(2)"
    assert task.level == 3
    assert task.text == (
        "扎实抓好干部理论学习,每年集中学习不少于24次,"
        "其中对意识形态工作相关内容的学习每年不少于六次。"
    )
    assert task.leaders == ("杨昌波",)
    assert task.offices == ("各股室",)
    assert not task.leaders_placeholder and not task.offices_placeholder


def test_reference_heading_with_body_owns_the_parenthesis(reference: ParsedPlan) -> None:
    heading = node(reference, 1, 0)
    assert (heading.marker, heading.text) == ("1、", "落实党管意识形态工作原则")
    assert heading.body.startswith("认真贯彻落实党中央和省委")
    assert heading.body.endswith("保持高度一致。")
    assert heading.leaders_placeholder and heading.offices_placeholder
    assert heading.leaders == () and heading.offices == ()


def test_reference_group_nodes(reference: ParsedPlan) -> None:
    second = reference.sections[1]
    assert [(c.marker, c.text) for c in second.children] == [
        ("1、", "落实党管意识形态工作原则"),
        ("2、", "壮大积极健康主流思想文化"),
        ("3、", "加强对各类意识形态阵地的管理"),
    ]
    assert [c.marker for c in second.children[1].children] == ["(1)", "(2)"]
    assert [c.marker for c in second.children[2].children] == ["(1)", "(2)"]
    assert second.children[1].leaders == () and not second.children[1].leaders_placeholder


def test_reference_every_task_has_responsibility(reference: ParsedPlan) -> None:
    tasks = [n for s in reference.sections[1:3] for n in s.iter_nodes() if not n.children]
    assert len(tasks) == 9
    for task in tasks:
        assert task.leaders or task.leaders_placeholder, task.text
        assert task.offices or task.offices_placeholder, task.text
    placeholders = [t for t in tasks if t.leaders_placeholder]
    assert len(placeholders) == 8
    for task in placeholders:
        assert task.leaders == () and task.offices == ()
        assert task.offices_placeholder
        assert "责任领导" not in task.text and "xxx" not in task.text


def test_reference_accountability_cases(reference: ParsedPlan) -> None:
    fourth = reference.sections[3]
    assert fourth.body.endswith("以上问责方式可以单独使用,也可以同时使用。")
    assert fourth.leaders_placeholder and fourth.offices_placeholder
    assert [c.marker for c in fourth.children] == [f"({i})" for i in range(1, 13)]
    assert all(c.level == 2 and c.children == () for c in fourth.children)
    assert all(c.leaders == () and not c.leaders_placeholder for c in fourth.children)
    assert fourth.children[0].text.startswith("对党中央或者上级党组织安排部署")
    assert fourth.children[-1].text == "其他未能切实履行工作职责,造成不良后果的。"


def test_reference_warnings_mention_placeholders(reference: ParsedPlan) -> None:
    assert any("占位符" in w for w in reference.warnings)
    assert not any("编号不连续" in w for w in reference.warnings)


def test_reference_json(reference: ParsedPlan) -> None:
    data = plan_to_json(reference)
    json.dumps(data, ensure_ascii=False)  # serialisable

    def check(item: dict[str, object]) -> None:
        for key in ("text", "marker", "leaders", "offices", "children"):
            assert key in item
        assert isinstance(item["children"], list)
        for child in item["children"]:
            assert isinstance(child, dict)
            check(child)

    assert len(data) == 4
    for section in data:
        check(section)
    assert data[1]["children"][1]["children"][1]["leaders"] == ["杨昌波"]


# --- our own samples ----------------------------------------------------------------------


def test_municipal_sample() -> None:
    plan = parse_plan_file(SAMPLES / "municipal-plan.txt")
    assert plan.title == "中共临江市文化旅游局党组2023年落实意识形态工作责任制实施方案（试行）"
    assert plan.preamble.startswith("为深入贯彻落实")
    assert plan.signature == "中共临江市文化旅游局党组\n2023年3月1日"
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、"]
    study = node(plan, 1, 0, 0)
    assert (study.marker, study.level) == ("1．", 3)
    assert study.leaders == ("张三", "李四")
    assert study.offices == ("办公室", "宣传科")
    ledger = node(plan, 1, 1, 0, 0)
    assert (ledger.marker, ledger.level) == ("（1）", 4)
    assert ledger.offices == ("信息中心", "办公室")  # 配合单位 goes into offices too
    assert ledger.leaders == ("李四",)
    monitor = node(plan, 1, 1, 0, 1)
    assert monitor.leaders == () and monitor.leaders_placeholder
    assert monitor.offices == ("信息中心",) and not monitor.offices_placeholder
    forums = node(plan, 1, 1, 1)
    assert forums.marker == "2．"
    assert forums.leaders == ("张三", "王五")  # 张三（党组书记）, 王五同志
    assert forums.offices == ("各科室",)
    exam = node(plan, 2, 0)
    assert (exam.text, exam.leaders, exam.offices) == ("严格考核问责。", ("赵六",), ("人事科",))
    assert exam.body.startswith("将意识形态工作纳入年度目标考核")
    funds = node(plan, 2, 1)
    assert (funds.text, funds.offices, funds.leaders) == ("加强经费保障。", ("财务科",), ())


def test_township_sample() -> None:
    plan = parse_plan_file(SAMPLES / "township-plan.txt")
    assert plan.title == "关于落实意识形态工作责任制的实施方案"
    assert plan.preamble == "为切实加强我镇意识形态工作,根据县委有关要求,结合我镇实际,制定如下方案."
    assert plan.signature == "中共青石镇委员会\n2022年2月18日"
    measures = plan.sections[1]
    assert measures.text == "工作措施"
    assert [c.marker for c in measures.children] == ["1.", "2.", "3.", "4."]
    first = measures.children[0]
    assert first.text == "加强理论学习. 镇党委中心组每月至少学习一次,全年不少于12次."
    assert (first.leaders, first.offices) == (("刘一",), ("党政办",))
    stands = measures.children[1].children
    assert [c.marker for c in stands] == ["(1)", "(2)", "(3)"]
    assert stands[0].leaders == ("陈二", "周三")
    assert stands[0].offices == ("宣传办", "各村（社区）")  # names in their one spelling
    assert stands[1].text == "规范镇政府门户网站、微信公众号信息发布."
    assert stands[1].leaders_placeholder and stands[1].leaders == ()  # 待定, on its own line
    assert stands[1].offices == ("党政办",)
    assert stands[2].leaders == () and stands[2].offices == ()
    assert not stands[2].leaders_placeholder
    third = measures.children[2]
    assert third.leaders_placeholder and third.offices == ("综治办",)
    fourth = measures.children[3]
    assert (fourth.leaders, fourth.offices, fourth.leaders_placeholder) == ((), (), False)
    assert plan.sections[2].body.startswith("镇纪委对意识形态工作责任制落实情况进行督查")


def test_circled_sample() -> None:
    plan = parse_plan_file(SAMPLES / "circled-plan.txt")
    assert plan.title == "某某县教育局机关党委意识形态工作责任清单"
    assert plan.preamble == ""
    assert plan.signature == "某某县教育局机关党委\n2024年1月印发"
    study = plan.sections[0].children
    assert [c.marker for c in study] == ["①", "②", "③"]
    assert study[0].leaders == ("赵六", "钱七")
    assert study[0].offices == ("组织办", "宣传办", "各股室")
    assert study[1].leaders == () and study[1].offices == ()
    assert study[2].leaders == ("孙八", "周九")
    assert study[2].offices == ("各学校（幼儿园）",) and study[2].offices_placeholder
    team = plan.sections[1].children
    assert team[0].leaders == () and team[0].leaders_placeholder  # ＊＊＊
    assert team[1].leaders == ("全体班子成员",)
    assert team[1].offices == ("人事股", "教师发展中心")
    assert any("没有写明责任领导和责任股室" in w for w in plan.warnings)


# --- markers and hierarchy ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "marker", "text"),
    [
        ("一、总体要求", "一、", "总体要求"),
        ("十二、其他", "十二、", "其他"),
        ("（一）加强学习", "（一）", "加强学习"),
        ("(一)加强学习", "(一)", "加强学习"),
        ("1、落实原则", "1、", "落实原则"),
        ("1.落实原则", "1.", "落实原则"),
        ("1．落实原则", "1．", "落实原则"),
        ("１．落实原则", "１．", "落实原则"),
        ("（1）开展学习", "（1）", "开展学习"),
        ("(1)开展学习", "(1)", "开展学习"),
        ("1）开展学习", "1）", "开展学习"),
        ("①每月学习", "①", "每月学习"),
        ("⑴每月学习", "⑴", "每月学习"),
        ("第一条 为了加强", "第一条", "为了加强"),
        ("第二章 责任内容", "第二章", "责任内容"),
        ("一、 总体要求", "一、", "总体要求"),
        ("（ 一 ）加强学习", "（一）", "加强学习"),
    ],
)
def test_marker_variety(line: str, marker: str, text: str) -> None:
    plan = parse_plan_text([line])
    assert len(plan.sections) == 1
    assert (plan.sections[0].marker, plan.sections[0].text) == (marker, text)


@pytest.mark.parametrize(
    "line", ["1.5万元专项经费已落实。", "2018年4月5日", "一岗双责要求落实到位。", "（党组）"]
)
def test_not_markers(line: str) -> None:
    plan = parse_plan_text(["一、总则", line])
    assert plan.sections[0].children == ()


def test_long_sentence_with_marker_is_a_task() -> None:
    plan = parse_lines(
        "一、主要内容\n"
        "1.领导班子对本单位意识形态工作负主体责任，必须牢牢掌握意识形态工作的领导权、主动权，"
        "把意识形态工作摆在全局工作的重要位置。\n"
        "2.党组书记对意识形态工作负第一责任。"
    )
    assert [c.marker for c in plan.sections[0].children] == ["1.", "2."]


def test_hierarchy_follows_first_appearance() -> None:
    plan = parse_lines(
        "一、甲\n(1)子一\n1.孙一\n1.1 不是编号的段落\n2.孙二\n(2)子二\n"
        "二、乙\n1.子三\n(1)孙三\n三、丙"
    )
    first = plan.sections[0]
    assert [c.marker for c in first.children] == ["(1)", "(2)"]
    assert [c.marker for c in first.children[0].children] == ["1.", "2."]
    assert first.children[0].children[0].body == "1.1 不是编号的段落"
    assert first.children[0].children[1].level == 3
    second = plan.sections[1]
    assert [c.marker for c in second.children] == ["1."]
    assert [c.marker for c in second.children[0].children] == ["(1)"]
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、"]
    assert not any("编号" in w for w in plan.warnings)


def test_mixed_bracket_widths_are_one_level() -> None:
    plan = parse_lines("一、甲\n（一）子一\n(二)子二\n（三）子三")
    assert [c.marker for c in plan.sections[0].children] == ["（一）", "(二)", "（三）"]


def test_chapters_and_articles() -> None:
    plan = parse_lines(
        "某局意识形态工作责任制实施细则\n第一章 总则\n第一条 为了落实责任，制定本细则。\n"
        "第二条 本细则适用于局机关。\n第二章 责任内容\n第三条 党组负主体责任：\n"
        "（一）把方向；（责任领导：张三）\n（二）管阵地。"
    )
    # 第一章 总则 states purpose and scope only: offered as preamble, not imported as tasks.
    assert [s.marker for s in plan.sections] == ["第二章"]
    [general] = plan.preamble_articles
    assert [c.marker for c in general.children] == ["第一条", "第二条"]
    plan = plan.with_preamble_articles()
    assert [s.marker for s in plan.sections] == ["第一章", "第二章"]
    assert [c.marker for c in plan.sections[0].children] == ["第一条", "第二条"]
    article = plan.sections[1].children[0]
    assert article.marker == "第三条"
    assert [c.marker for c in article.children] == ["（一）", "（二）"]
    assert article.children[0].leaders == ("张三",)
    assert article.children[0].text == "把方向；"


def test_marker_alone_on_its_line_takes_the_next_line() -> None:
    plan = parse_lines("一、\n总体要求\n正文段落。")
    assert plan.sections[0].text == "总体要求"
    assert plan.sections[0].body == "正文段落。"


def test_discontinuous_numbering_is_warned() -> None:
    plan = parse_lines("一、甲\n二、乙\n四、丁")
    assert [s.marker for s in plan.sections] == ["一、", "二、", "四、"]
    assert any("编号不连续" in w and "四、" in w for w in plan.warnings)


def test_heading_written_at_the_end_of_a_paragraph_is_split() -> None:
    plan = parse_lines(
        "二、主要任务\n(一)强化引领。\n继续把学习贯彻作为首要任务。(二)做好舆论引导。\n"
        "坚持正面宣传为主。三、工作要求\n(一)统一思想。"
    )
    assert [s.marker for s in plan.sections] == ["二、", "三、"]
    assert [c.text for c in plan.sections[0].children] == ["强化引领。", "做好舆论引导。"]
    assert plan.sections[0].children[0].body == "继续把学习贯彻作为首要任务。"
    assert plan.sections[0].children[1].body == "坚持正面宣传为主。"
    assert plan.sections[1].text == "工作要求"
    assert any("2 处编号写在了上一段的末尾" in w for w in plan.warnings)


def test_closing_paragraph_of_a_list_goes_to_the_parent() -> None:
    plan = parse_lines(
        "四、责任追究\n有下列情形之一的，应当追究责任：\n1.组织开展不力的。\n2.处置不力的。\n"
        "实施责任追究应当实事求是。"
    )
    section = plan.sections[0]
    assert section.body == "有下列情形之一的，应当追究责任：\n实施责任追究应当实事求是。"
    assert section.children[1].body == ""
    assert any("已归入上一级" in w for w in plan.warnings)


def test_body_paragraph_after_a_heading_item_stays() -> None:
    plan = parse_lines("一、甲\n1、落实原则\n认真贯彻落实。\n2、壮大主流\n(1)坚持。\n(2)抓好。")
    assert plan.sections[0].children[0].body == "认真贯彻落实。"


# --- the responsibility parenthesis -------------------------------------------------------


@pytest.mark.parametrize(
    "paren",
    [
        "（责任领导：张三、李四；责任股室：办公室、宣传股）",
        "(责任领导:张三,李四;责任股室:办公室,宣传股)",
        "（责任领导：张三，李四，责任股室：办公室，宣传股）",
        "（责任领导：张三 李四  责任股室：办公室 宣传股）",
        "（责任领导：张三/李四；责任股室：办公室/宣传股）",
        "（责任股室：办公室、宣传股；责任领导：张三、李四）",
        "（牵头领导：张三、李四；牵头单位：办公室；配合单位：宣传股）",
        "（分管领导：张三、李四；责任科室：办公室、宣传股。）",
        "（责任人：张三、李四）（责任部门：办公室、宣传股）",
        "【责任领导：张三、李四；责任单位：办公室、宣传股】",
        "（责任领导：张三、李四；责任股室：办公室、宣传股)",
    ],
)
def test_parenthesis_variety(paren: str) -> None:
    plan = parse_plan_text(["一、任务", f"1.开展学习。{paren}"])
    task = plan.sections[0].children[0]
    assert task.text == "开展学习。"
    assert task.leaders == ("张三", "李四")
    assert task.offices == ("办公室", "宣传股")
    assert not task.leaders_placeholder and not task.offices_placeholder


@pytest.mark.parametrize(
    "value", ["xxx", "XXX", "×××", "***", "＊＊＊", "xx", "x", "某某", "待定", "（空）", "____"]
)
def test_placeholders(value: str) -> None:
    plan = parse_plan_text(["一、任务", f"1.开展学习（责任领导：{value}；责任股室：{value}）"])
    task = plan.sections[0].children[0]
    assert task.leaders == () and task.offices == ()
    assert task.leaders_placeholder and task.offices_placeholder


def test_placeholder_beside_a_real_name() -> None:
    plan = parse_plan_text(["一、任务（责任领导：张三、xxx；责任股室：办公室）"])
    section = plan.sections[0]
    assert section.leaders == ("张三",) and section.leaders_placeholder
    assert section.offices == ("办公室",) and not section.offices_placeholder


def test_collective_terms_are_kept() -> None:
    plan = parse_plan_text(["一、任务（责任领导：全体班子成员；责任股室：各股室、各科室）"])
    assert plan.sections[0].leaders == ("全体班子成员",)
    assert plan.sections[0].offices == ("各股室", "各科室")


def test_parenthesis_before_the_final_full_stop() -> None:
    plan = parse_plan_text(["一、开展学习（责任领导：张三；责任股室：办公室）。"])
    assert plan.sections[0].text == "开展学习。"
    assert plan.sections[0].leaders == ("张三",)


def test_other_brackets_stay_in_the_text() -> None:
    plan = parse_plan_text(["一、阅读党报（党刊）和理论读本（责任领导：张三）"])
    assert plan.sections[0].text == "阅读党报（党刊）和理论读本"


def test_unknown_fields_are_kept_in_the_text() -> None:
    plan = parse_plan_text(["一、开展学习（责任领导：张三；完成时限：6月底）"])
    section = plan.sections[0]
    assert section.leaders == ("张三",)
    assert (section.text, section.deadline_text) == ("开展学习", "6月底")  # a field since roles
    plan = parse_plan_text(["一、开展学习（责任领导：张三；备注：逢单月）"])
    assert plan.sections[0].text == "开展学习（备注：逢单月）"


def test_unclosed_parenthesis() -> None:
    plan = parse_plan_text(["一、开展学习（责任领导：张三；责任股室：办公室"])
    assert plan.sections[0].text == "开展学习"
    assert plan.sections[0].offices == ("办公室",)
    assert any("没有闭合" in w for w in plan.warnings)


def test_parenthesis_on_its_own_line_attaches_to_previous_node() -> None:
    plan = parse_lines("一、任务\n1.开展学习。\n（责任领导：张三；责任股室：办公室）\n2.开展研判。")
    first, second = plan.sections[0].children
    assert (first.leaders, first.offices, first.body) == (("张三",), ("办公室",), "")
    assert second.leaders == ()


def test_two_parentheses_for_one_task_are_merged_with_a_warning() -> None:
    plan = parse_lines("一、开展学习（责任领导：张三）\n（责任领导：李四；责任股室：办公室）")
    assert plan.sections[0].leaders == ("张三", "李四")
    assert any("已合并" in w for w in plan.warnings)


def test_parenthesis_before_the_first_heading_is_warned() -> None:
    plan = parse_lines("某某方案\n（责任领导：张三）\n一、任务")
    assert plan.sections[0].leaders == ()
    assert any("第一个编号标题之前" in w for w in plan.warnings)


# --- title, preamble, signature and whitespace --------------------------------------------


def test_repeated_title_is_kept_once() -> None:
    plan = parse_lines(
        "局党组实施办法(市级)\n局党组实施办法(市级)\n为了落实，制定本办法。\n一、总体要求"
    )
    assert plan.title == "局党组实施办法(市级)"
    assert plan.preamble == "为了落实，制定本办法。"


def test_document_number_goes_to_the_preamble() -> None:
    plan = parse_lines("中共某镇委员会\n关于印发某某实施方案的通知\n某党字〔2023〕5号\n一、任务")
    assert plan.title == "中共某镇委员会关于印发某某实施方案的通知"
    assert plan.preamble == "某党字〔2023〕5号"


@pytest.mark.parametrize(
    "signature",
    [
        "中共某某县某某局党组\n二〇二三年三月一日",
        "某某局机关党委\n2023年3月\n",
        "中共某某局党组办公室 2018年4月5日印发",
        "抄送：县委宣传部。\n某某局办公室 2023年3月1日印发",
    ],
)
def test_signature_variants(signature: str) -> None:
    plan = parse_lines(f"一、任务\n1.开展学习。\n{signature}")
    assert plan.signature == signature.strip()
    assert plan.sections[0].children[0].body == ""


def test_whitespace_variety() -> None:
    plan = parse_plan_text(
        [
            "\ufeff  落 实 方 案 ",
            "",
            "\u3000\u3000为了落实，制定本方案。",
            "一、\u00a0总体要求\t",
            "   ",
            "1.\t开展\u3000学习。（责任领导：\u3000张三\u00a0李四；责任股室：\t办公室）",
            "\u200b",
        ]
    )
    assert plan.title == "落实方案"
    assert plan.preamble == "为了落实，制定本方案。"
    task = plan.sections[0].children[0]
    assert (task.text, task.leaders, task.offices) == ("开展 学习。", ("张三", "李四"), ("办公室",))


def test_paragraph_with_line_breaks_is_split() -> None:
    plan = parse_plan_text(["一、任务\n1.开展学习。\r\n2.开展研判。"])
    assert [c.marker for c in plan.sections[0].children] == ["1.", "2."]


def test_no_numbered_items() -> None:
    plan = parse_plan_text(["关于某事的报告", "今年以来，我们做了很多工作。"])
    assert plan.sections == ()
    assert plan.title == "关于某事的报告"
    assert plan.warnings and "没有找到带编号" in plan.warnings[0]


def test_empty_input() -> None:
    plan = parse_plan_text([])
    assert plan.sections == () and plan.title == "" and plan.warnings


def test_parse_plan_file_refuses_a_document_without_items(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_text("关于某事的报告\n今年以来，我们做了很多工作。\n", encoding="utf-8")
    with pytest.raises(PlanImportError, match="没有找到带编号"):
        parse_plan_file(path)


# --- properties ---------------------------------------------------------------------------

SURNAMES = (
    "张王李赵刘陈杨黄周吴郑孙马朱胡林何高罗梁宋唐许邓冯韩曹彭蔡潘田董袁叶蒋杜苏魏程吕丁沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国文辉"
names = st.builds(
    lambda s, g: s + g, st.sampled_from(SURNAMES), st.text(alphabet=GIVEN, min_size=1, max_size=2)
)
offices = st.builds(
    lambda a, b: a + b,
    st.text(alphabet="党政宣传组织综治财务人事信息纪检", min_size=1, max_size=3),
    st.sampled_from(["办", "股", "科", "室", "中心"]),
)


@settings(max_examples=150, deadline=None)
@given(
    leaders=st.lists(names, min_size=1, max_size=4, unique=True),
    office_list=st.lists(offices, min_size=1, max_size=4, unique=True),
    brackets=st.sampled_from(["（）", "()", "（)", "【】"]),
    colon=st.sampled_from(["：", ":", "：", " ："]),
    field_sep=st.sampled_from(["；", ";", "，", ",", " ", "；\u3000"]),
    name_sep=st.sampled_from(["、", "，", ",", "/", " ", "　"]),
    leader_label=st.sampled_from(["责任领导", "牵头领导", "分管领导", "责任人"]),
    office_label=st.sampled_from(["责任股室", "责任科室", "责任单位", "责任部门", "牵头单位"]),
    offices_first=st.booleans(),
    own_line=st.booleans(),
)
def test_names_round_trip(
    leaders: list[str],
    office_list: list[str],
    brackets: str,
    colon: str,
    field_sep: str,
    name_sep: str,
    leader_label: str,
    office_label: str,
    offices_first: bool,
    own_line: bool,
) -> None:
    fields = [
        f"{leader_label}{colon}{name_sep.join(leaders)}",
        f"{office_label}{colon}{name_sep.join(office_list)}",
    ]
    if offices_first:
        fields.reverse()
    paren = f"{brackets[0]}{field_sep.join(fields)}{brackets[1]}"
    task = "认真开展意识形态专题学习。"
    lines = (
        ["一、主要任务", f"1.{task}", paren] if own_line else ["一、主要任务", f"1.{task}{paren}"]
    )
    parsed = parse_plan_text(lines).sections[0].children[0]
    assert parsed.text == task
    assert list(parsed.leaders) == leaders
    assert list(parsed.offices) == office_list
    assert not parsed.leaders_placeholder and not parsed.offices_placeholder


STYLES = {
    "cn": lambda n: "一二三四五六七八九十"[n - 1] + "、",
    "cn_paren": lambda n: "（" + "一二三四五六七八九十"[n - 1] + "）",
    "arabic": lambda n: f"{n}.",
    "arabic_dun": lambda n: f"{n}、",
    "arabic_paren": lambda n: f"({n})",
    "circled": lambda n: chr(0x2460 + n - 1),
}


@st.composite
def outlines(draw: st.DrawFn) -> list[tuple[int, str]]:
    """A random outline as (level, marker) pairs; each level uses its own marker style."""
    order = draw(st.permutations(["cn", "cn_paren", "arabic_paren", "circled"]))
    # 1. and 1、 count as the same style, so they may only stand in for one of the levels.
    order = [draw(st.sampled_from(["arabic", "arabic_dun"])), *order]
    order = order[: draw(st.integers(min_value=1, max_value=4))]
    result: list[tuple[int, str]] = []

    def grow(level: int) -> None:
        for number in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
            result.append((level, STYLES[order[level - 1]](number)))
            if level < len(order) and draw(st.booleans()):
                grow(level + 1)

    grow(1)
    return result


@settings(max_examples=150, deadline=None)
@given(outline=outlines())
def test_outline_shape_round_trips(outline: list[tuple[int, str]]) -> None:
    lines = [f"{marker}第{index}项工作内容。" for index, (_, marker) in enumerate(outline)]
    plan = parse_plan_text(["某某实施方案", *lines])
    flat = [(n.level, n.marker) for n in plan.iter_nodes()]
    assert flat == outline
    assert not any("编号" in w for w in plan.warnings)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=30))
def test_parser_never_raises(paragraphs: list[str]) -> None:
    plan = parse_plan_text(paragraphs)
    for item in plan.iter_nodes():
        assert item.level >= 1
        assert "\n" not in item.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet="一二三（）()1.、：:；;责任领导股室xX张三李四①②\u3000 。", max_size=30),
        max_size=20,
    )
)
def test_parser_never_raises_on_plan_like_noise(paragraphs: list[str]) -> None:
    parse_plan_text(paragraphs)


def test_heading_split_from_a_numbered_line() -> None:
    plan = parse_lines("一、主要任务\n(一)强化引领。继续学习。(二)做好引导。（责任领导：张三）")
    first, second = plan.sections[0].children
    assert first.text == "强化引领。继续学习。"
    assert (second.text, second.leaders) == ("做好引导。", ("张三",))


def test_bracket_starting_with_a_label_word_is_not_a_responsibility() -> None:
    plan = parse_plan_text(["一、开展工作（责任人员名单见附件）"])
    assert plan.sections[0].text == "开展工作（责任人员名单见附件）"
    assert plan.sections[0].leaders == ()
