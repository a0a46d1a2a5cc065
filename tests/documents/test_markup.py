from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ideowork.documents.markup import MarkupError, parse_markup, to_markup
from ideowork.documents.model import (
    FORM_KINDS,
    Block,
    Document,
    Header,
    Heading,
    Imprint,
    ItemList,
    Orientation,
    PageBreak,
    Paragraph,
    Part,
    PartKind,
    Table,
    TableSize,
)

from .conftest import load_sample

ALPHABET = "意识形态工作报告一二三，。、；：“”《》（）〔〕【】待填写#|+->[]\\ 12345abc.:：—…"
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=14).map(str.strip).filter(bool)
maybe = st.one_of(st.just(""), texts)
cells = st.one_of(st.just(""), texts)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    columns = draw(st.integers(1, 4))
    header = tuple(draw(st.lists(cells, min_size=columns, max_size=columns)))
    rows = draw(
        st.lists(st.lists(cells, min_size=columns, max_size=columns).map(tuple), max_size=3)
    )
    widths = draw(
        st.one_of(st.just(()), st.lists(st.integers(1, 12), min_size=columns, max_size=columns))
    )
    return Table(header, tuple(rows), tuple(widths))


blocks = st.one_of(
    st.builds(Heading, st.integers(1, 4), texts, maybe),
    st.builds(Paragraph, texts),
    tables(),
    st.builds(ItemList, st.lists(texts, min_size=1, max_size=3).map(tuple), st.booleans()),
    st.just(PageBreak()),
)


def _no_adjacent_plain_lists(items: list[Block]) -> bool:
    return not any(
        isinstance(a, ItemList) and isinstance(b, ItemList) and not (a.ordered or b.ordered)
        for a, b in itertools.pairwise(items)
    )


block_lists = st.lists(blocks, max_size=8).filter(_no_adjacent_plain_lists).map(tuple)
dates = st.one_of(st.none(), st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))

documents = st.builds(
    Document,
    title=st.lists(texts, min_size=1, max_size=3).map("\n".join),
    header=st.builds(Header, maybe, maybe, maybe, maybe, maybe, maybe),
    recipients=maybe,
    blocks=block_lists,
    attachment_notes=st.lists(texts, max_size=3).map(tuple),
    signature=maybe,
    date=dates,
    sealed=st.booleans(),
    note=maybe,
    parts=st.lists(
        st.builds(
            Part,
            texts,
            block_lists,
            st.sampled_from(list(PartKind)),
            st.lists(texts, max_size=2).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    imprint=st.builds(Imprint, maybe, maybe, dates),
    orientation=st.sampled_from(list(Orientation)),
    table_size=st.sampled_from(list(TableSize)),
    form_kind=st.sampled_from(("", *FORM_KINDS)),
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_round_trip(document: Document) -> None:
    assert parse_markup(to_markup(document)) == document


def test_samples_round_trip() -> None:
    for name in ("ref1_quarterly_report.txt", "ref4_cover_report.txt"):
        document = load_sample(name)
        assert parse_markup(to_markup(document)) == document


def test_reference_4_structure() -> None:
    document = load_sample("ref4_cover_report.txt")
    assert document.header.doc_number == "完党字〔2020〕105号"
    assert document.recipients == "县委宣传部"
    assert document.kind == "报告"
    assert document.date == date(2020, 9, 9)
    (part,) = document.parts
    assert part.kind is PartKind.ENCLOSURE
    assert part.title == "2020年第三季度意识形态工作分析研判报告"
    assert [b.level for b in part.blocks if isinstance(b, Heading)] == [1, 1, 1, 1, 1, 2, 2, 1]


def test_body_syntax() -> None:
    document = parse_markup(
        "标题：关于印发《要点》的通知\n---\n"
        "# 总体要求\n+ 同段正文。\n## 二级\n"
        "| 甲 | 乙\\|丙 |\n|---|---|\n| 1 | 2 |\n"
        "- 条目一\n- 条目二\n1. 编号一\n2. 编号二\n"
        "\\# 以井号开头的段落\n[分页]\n"
        "[附文] 2021年意识形态工作要点\n> 中共完冒镇委员会\n> （2021年1月5日）\n正文。\n"
    )
    assert document.blocks == (
        Heading(1, "总体要求", "同段正文。"),
        Heading(2, "二级"),
        Table(("甲", "乙|丙"), (("1", "2"),)),
        ItemList(("条目一", "条目二")),
        ItemList(("编号一", "编号二"), ordered=True),
        Paragraph("# 以井号开头的段落"),
        PageBreak(),
    )
    assert document.parts == (
        Part(
            "2021年意识形态工作要点",
            (Paragraph("正文。"),),
            PartKind.ENCLOSURE,
            ("中共完冒镇委员会", "（2021年1月5日）"),
        ),
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("标题：甲\n文号 完党字\n---\n", 2, "字段：内容"),
        ("标题：甲\n发文单位：某\n---\n", 2, "未知的字段"),
        ("标题：甲\n日期：2020-13-40\n---\n", 2, "日期"),
        ("标题：甲\n主送：甲\n主送：乙\n---\n", 3, "重复"),
        ("标题：甲\n盖章：也许\n---\n", 2, "盖章"),
        ("主送：甲\n---\n正文\n", 2, "缺少“标题：”"),
        ("标题：甲\n正文\n", 2, "缺少分隔行"),
        ("标题：甲\n---\n正文\n##### 五级\n", 4, "最多四级"),
        ("标题：甲\n---\n#没有空格\n", 3, "空格"),
        ("标题：甲\n---\n正文\n+ 续\n", 4, "紧跟在一个标题行"),
        ("标题：甲\n---\n| a | b |\n| 1 |\n", 4, "列"),
        ("标题：甲\n---\n正文\n| a | b |\n|--|----|------|\n", 5, "分隔行有3列，与表头的2列不一致"),
        ("标题：甲\n---\n| a | b | c |\n|---|---|\n| 1 | 2 | 3 |\n", 4, "与表头的3列"),
        ("标题：甲\n---\n| a | b |\n|---|---|\n|--|----|\n", 5, "只能有一行表格分隔行"),
        ("标题：甲\n---\n|---|---|\n", 3, "紧跟在表头行之后"),
        ("标题：甲\n---\n| a | b\n", 3, "结尾"),
        ("标题：甲\n---\n[附录] 甲\n", 3, "未知的标记"),
        ("标题：甲\n---\n> 副标题\n", 3, "副标题"),
        ("标题：甲\n---\n[附件]\n", 3, "不能为空"),
        ("标题：甲\n版式：斜向\n---\n", 2, "版式"),
        ("标题：甲\n表格字号：六号\n---\n", 2, "表格字号"),
        ("标题：甲\n文种：报告\n---\n", 2, "台账、表格、登记表"),
        ("标题：甲\n版式：横向\n版式：纵向\n---\n", 3, "重复"),
    ],
)
def test_markup_errors_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse_markup(text)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"第{line}行：")


def test_layout_fields() -> None:
    document = parse_markup("标题：2020年舆情台账\n文种：台账\n版式：横向\n表格字号：小四\n---\n")
    assert document.orientation is Orientation.LANDSCAPE
    assert document.table_size is TableSize.XIAO_SI
    assert document.form_kind == "台账"
    written = to_markup(document)
    assert "版式：横向" in written and "表格字号：小四" in written and "文种：台账" in written
    assert parse_markup(written) == document
    upright = parse_markup("标题：甲\n版式：纵向\n表格字号：四号\n---\n")
    assert upright == parse_markup("标题：甲\n---\n")
    assert (upright.orientation, upright.table_size, upright.form_kind) == (
        Orientation.PORTRAIT,
        TableSize.SI,
        "",
    )
    assert "版式" not in to_markup(upright) and "表格字号" not in to_markup(upright)
    assert parse_markup("标题：甲\n表格字号：小四号\n---\n").table_size is TableSize.XIAO_SI


def test_table_widths_from_the_separator() -> None:
    document = parse_markup(
        "标题：签到表\n---\n| 序号 | 姓名 | 职务 | 签名 | 备注 |\n"
        "| -- | ---- |:------| ------ |----:|\n| 1 | 杨昌波 | 党委书记 |  |  |\n"
        "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"
        "| 丙 | 丁 |\n|-|---|\n"
    )
    first, second, third = document.blocks
    assert first == Table(
        ("序号", "姓名", "职务", "签名", "备注"),
        (("1", "杨昌波", "党委书记", "", ""),),
        (2, 4, 6, 6, 4),
    )
    assert second == Table(("甲", "乙"), (("1", "2"),))  # equal dashes: automatic
    assert second.widths == ()
    assert third == Table(("丙", "丁"), (), (1, 3))
    written = to_markup(document)
    assert "|--|----|------|------|----|" in written
    assert "|---|---|" in written  # the automatic table
    assert "|-|---|" in written
    assert parse_markup(written) == document


def test_table_widths_in_the_model() -> None:
    assert Table(("甲", "乙"), widths=(5, 5)).widths == ()
    assert Table(("甲",), widths=(3,)).widths == ()
    assert Table(("甲", "乙"), widths=(5, 5)) == Table(("甲", "乙"))
    with pytest.raises(ValueError, match="one relative width per column"):
        Table(("甲", "乙"), widths=(1, 2, 3))
    with pytest.raises(ValueError, match="positive"):
        Table(("甲", "乙"), widths=(0, 2))


def test_a_row_of_dashes_is_written_escaped() -> None:
    document = Document(title="甲", blocks=(Table(("甲", "乙"), (("-", "--"),)),))
    written = to_markup(document)
    assert "| \\- | \\-- |" in written
    assert parse_markup(written) == document


def test_control_characters_typed_in_the_editor_are_dropped(tmp_path: Path) -> None:
    from ideowork.documents.render import render_document

    typed = "标题：关于\x07测试的通知\n---\n正文\x00第一段\x1b。\n| 甲\x08 | 乙 |\n|---|---|\n"
    doc = parse_markup(typed)
    assert doc.title == "关于测试的通知"
    files = render_document(doc, tmp_path, "control", {"docx", "pdf"})
    assert files["docx"].stat().st_size > 0 and files["pdf"].stat().st_size > 0


def test_a_header_field_is_replaced_kept_or_added() -> None:
    from ideowork.documents.markup import with_header_field

    markup = "标题：甲\n 文号 ：旧\n---\n正文。\n"
    assert with_header_field(markup, "文号", "新") == "标题：甲\n文号：新\n---\n正文。\n"
    assert with_header_field(markup, "文号", "新", replace=False) == markup
    added = "标题：甲\n 文号 ：旧\n盖章：是\n---\n正文。\n"
    assert with_header_field(markup, "盖章", "是") == added
    assert with_header_field("没有分隔行", "文号", "新") == "没有分隔行"
