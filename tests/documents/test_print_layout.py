"""Layout seen in printed documents: tables of one document share their column widths, a
heading stays with the table below it, and double-sided the 版记 goes on an even page (封四)
with a blank page before it left unnumbered (GB/T 9704 7.5).

Measured in the PDF (pdfplumber) and in the DOCX XML.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from ideowork.documents import layout as L
from ideowork.documents.compose import TableItem, compose
from ideowork.documents.markup import parse_markup
from ideowork.documents.render import render_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")

HEADER = (
    "标题：关于做好意识形态工作的通知\n主送：各股室\n署名：中共示例镇委员会\n日期：2020-01-06\n"
)
IMPRINT = "印发机关：中共示例镇委员会办公室\n印发日期：2020-01-06\n"


def _page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def _page_numbers(pdf: Path) -> list[int | None]:
    """The printed page number of each page, or None where there is none."""
    out: list[int | None] = []
    for text in _page_texts(pdf):
        found = PAGE_NUMBER.findall(text.replace(" ", ""))
        out.append(int(found[-1]) if found else None)
    return out


def test_tables_with_the_same_columns_are_measured_together() -> None:
    markup = (
        HEADER
        + "---\n"
        + (
            "# 张三（党委书记）\n| 序号 | 责任任务 | 责任股室 | 时限 |\n|--|--|--|--|\n"
            "| 1 | 落实意识形态工作责任制，定期研究部署意识形态工作 | 党政办公室 | 长期 |\n"
            "# 李四（党委副书记）\n| 序号 | 责任任务 | 责任股室 | 时限 |\n|--|--|--|--|\n"
            "| 1 | 短任务 | 党政办公室、宣传办、组织办、纪检监察室 | 每年12月31日前 |\n"
        )
    )
    tables = [item for item in compose(parse_markup(markup)) if isinstance(item, TableItem)]
    assert len(tables) == 2
    assert tables[0].measured_rows == tables[1].measured_rows
    assert len(tables[0].measured_rows) == 2


def test_the_pdf_tables_of_one_document_share_their_column_rules(tmp_path: Path) -> None:
    markup = (
        HEADER
        + "---\n"
        + (
            "# 张三（党委书记）\n| 序号 | 责任任务 | 责任股室 | 时限 |\n|--|--|--|--|\n"
            "| 1 | 落实意识形态工作责任制，定期研究部署意识形态工作 | 党政办公室 | 长期 |\n"
            "# 李四（党委副书记）\n| 序号 | 责任任务 | 责任股室 | 时限 |\n|--|--|--|--|\n"
            "| 1 | 短任务 | 党政办公室、宣传办、组织办、纪检监察室 | 每年12月31日前 |\n"
            "# 王五（党委委员）\n| 序号 | 责任任务 | 责任股室 | 时限 |\n|--|--|--|--|\n"
            "| 1 | 短 | 办公室 | 长期 |\n"
        )
    )
    paths = render_document(parse_markup(markup), tmp_path, "tables", {"pdf"})
    with pdfplumber.open(paths["pdf"]) as pdf:
        page = pdf.pages[0]
        tops = sorted({round(r["top"], 1) for r in page.lines if abs(r["x0"] - r["x1"]) < 0.1})
        rules: dict[float, set[float]] = {}
        for line in page.lines:
            if abs(line["x0"] - line["x1"]) < 0.1:  # a vertical rule: which table by its top
                rules.setdefault(round(line["top"], 1), set()).add(round(line["x0"], 1))
    per_table = [frozenset(xs) for _, xs in sorted(rules.items())]
    assert len(per_table) == 3, tops
    assert len(set(per_table)) == 1  # three tables, one set of column rules


def _filler(count: int) -> str:
    return "".join(f"这是第{i}段正文，用来占满页面上的行。\n" for i in range(1, count + 1))


def test_a_heading_is_never_left_alone_at_the_bottom_of_a_page(tmp_path: Path) -> None:
    """Whatever the amount of text above it, a heading over a table is on the same page as
    the table's header and first row."""
    table = "| 序号 | 责任任务 |\n|--|--|\n| 1 | 任务甲 |\n| 2 | 任务乙 |\n"
    for count in range(14, 22):
        markup = HEADER + "---\n" + _filler(count) + "# 标题在表格之上\n" + table
        paths = render_document(parse_markup(markup), tmp_path, f"keep{count}", {"pdf"})
        for text in _page_texts(paths["pdf"]):
            if "标题在表格之上" in text:
                assert "责任任务" in text and "任务甲" in text, (count, text)


def test_a_heading_keeps_with_the_table_in_the_docx(tmp_path: Path) -> None:
    table = "| 序号 | 责任任务 |\n|--|--|\n| 1 | 任务甲 |\n"
    markup = HEADER + "---\n# 标题在表格之上\n" + table
    paths = render_document(parse_markup(markup), tmp_path, "keepdocx", {"docx"})
    with zipfile.ZipFile(paths["docx"]) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find("w:body", NS)
    children = list(body)
    table_at = next(i for i, child in enumerate(children) if child.tag == f"{{{W}}}tbl")
    heading = children[table_at - 1]
    assert heading.find("w:pPr/w:keepNext", NS) is not None


def _document_filling(paragraphs: int, *, double_sided: bool) -> str:
    options = "双面印刷：是\n" if double_sided else ""
    return HEADER + IMPRINT + options + "---\n" + _filler(paragraphs)


def _render_pdf(tmp_path: Path, name: str, markup: str) -> Path:
    return render_document(parse_markup(markup), tmp_path, name, {"pdf", "docx"})["pdf"]


def test_single_sided_the_imprint_stays_on_the_last_page(tmp_path: Path) -> None:
    pdf = _render_pdf(tmp_path, "single", _document_filling(2, double_sided=False))
    texts = _page_texts(pdf)
    assert len(texts) == 1 and "印发" in texts[0]
    assert _page_numbers(pdf) == [1]


def test_double_sided_the_imprint_goes_on_an_even_page(tmp_path: Path) -> None:
    """A one-page document: its 版记 moves to the back of the sheet (page 2); the text page
    keeps its number; no blank page comes between them, so the 版记 page is numbered too."""
    pdf = _render_pdf(tmp_path, "double", _document_filling(2, double_sided=True))
    texts = _page_texts(pdf)
    assert len(texts) == 2
    assert "印发" not in texts[0] and "2020年1月6日印发" in texts[1].replace(" ", "")
    assert _page_numbers(pdf) == [1, 2]


def test_double_sided_a_blank_page_before_the_imprint_and_neither_is_numbered(
    tmp_path: Path,
) -> None:
    """Text that fills page 2 to the bottom: the 版记 does not fit there, page 3 would be odd,
    so page 3 stays blank and the 版记 goes on page 4; pages 3 and 4 carry no number."""
    layouts: dict[int, list[int | None]] = {}
    for count in range(30, 46):
        pdf = _render_pdf(tmp_path, f"blank{count}", _document_filling(count, double_sided=True))
        texts = _page_texts(pdf)
        assert len(texts) % 2 == 0, count  # the 版记 is always on an even page
        assert "印发" in texts[-1] and all("印发" not in t for t in texts[:-1])
        layouts[count] = _page_numbers(pdf)
    with_blank = [n for n in layouts.values() if n[-2:] == [None, None]]
    assert with_blank, layouts  # some length leaves a blank page
    for numbers in with_blank:
        assert numbers[:-2] == list(range(1, len(numbers) - 1))


def test_double_sided_docx_starts_the_imprint_on_an_even_page(tmp_path: Path) -> None:
    paths = render_document(
        parse_markup(_document_filling(2, double_sided=True)), tmp_path, "evenpage", {"docx"}
    )
    with zipfile.ZipFile(paths["docx"]) as archive:
        xml = etree.fromstring(archive.read("word/document.xml"))
    types = [t.get(f"{{{W}}}val") for t in xml.iter(f"{{{W}}}type")]
    assert "evenPage" in types
    frames = list(xml.iter(f"{{{W}}}framePr"))
    assert frames  # the 版记 is still anchored to the bottom of its page


def test_single_sided_docx_has_one_section(tmp_path: Path) -> None:
    paths = render_document(
        parse_markup(_document_filling(2, double_sided=False)), tmp_path, "onesection", {"docx"}
    )
    with zipfile.ZipFile(paths["docx"]) as archive:
        xml = etree.fromstring(archive.read("word/document.xml"))
    assert len(list(xml.iter(f"{{{W}}}sectPr"))) == 1


def test_a_sealed_document_leaves_room_for_the_seal(tmp_path: Path) -> None:
    """GB/T 9704 7.3.5.1: the date four characters in from the right, the 署名 centred over it,
    and two blank lines above them where the seal's top reaches the text."""
    markup = HEADER + "盖章：是\n---\n最后一段正文。\n"
    pdf = render_document(parse_markup(markup), tmp_path, "sealed", {"pdf"})["pdf"]
    with pdfplumber.open(pdf) as document:
        words = document.pages[0].extract_words()
    text = next(w for w in words if w["text"] == "最后一段正文。")
    signature = next(w for w in words if w["text"] == "中共示例镇委员会")
    day = next(w for w in words if w["text"] == "2020年1月6日")
    char = L.CHAR_PITCH_PT
    assert day["x1"] == pytest.approx(L.TEXT_RIGHT_PT - 4 * char, abs=1.5)
    centre = (day["x0"] + day["x1"]) / 2
    assert (signature["x0"] + signature["x1"]) / 2 == pytest.approx(centre, abs=1.5)
    lines_between = round((signature["top"] - text["top"]) / L.LINE_PITCH_PT) - 1
    assert lines_between == 2
