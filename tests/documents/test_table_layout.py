"""Column widths from the markup's |--|----| line, and the finer pitch of 小四 and 五号 tables.

Measured in the PDF (pdfplumber: rule positions, character positions) and in the DOCX XML
(w:gridCol, w:tblCellMar, w:spacing, w:cantSplit).
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import etree

from ideowork.documents import layout as L
from ideowork.documents.compose import CELL_PAD_PT, TableItem, column_widths
from ideowork.documents.fonts import FontRole
from ideowork.documents.linebreak import text_units
from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Table, TableSize
from ideowork.documents.render import render_document

from .conftest import Rendered

MM = L.PT_PER_MM
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEMPLATES = Path(__file__).parents[2] / "resources" / "templates"
SMALL_4_PITCH = L.TABLE_LINE_PITCHES[TableSize.XIAO_SI]
PAD = L.TABLE_CELL_PAD_V_PT


def _measure(size: float, geo: L.PageGeometry = L.PORTRAIT) -> Any:
    def measure(text: str, role: FontRole) -> float:
        return text_units(text) * geo.char_width_pt(size)

    return measure


def _widths(markup_table: str, geo: L.PageGeometry = L.PORTRAIT, size: float = L.SIZE_4) -> Any:
    (table,) = parse_markup(f"标题：表\n---\n{markup_table}").blocks
    assert isinstance(table, Table)
    item = TableItem(table.header, table.rows, size=size, widths=table.widths)
    return column_widths(item, _measure(size, geo), geo)


def _rules(page: Any) -> tuple[list[float], list[float]]:
    """x of the vertical rules and top of the horizontal rules of a page, sorted, unique."""
    xs = sorted({round(r["x0"], 2) for r in page.lines if abs(r["x0"] - r["x1"]) < 0.1})
    ys = sorted({round(r["top"], 2) for r in page.lines if abs(r["top"] - r["bottom"]) < 0.1})
    return xs, ys


def _xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _attr(element: etree._Element, name: str) -> str:
    return str(element.get(f"{{{W}}}{name}"))


def _on_grid(top: float, geo: L.PageGeometry) -> bool:
    offset = (top - geo.margin_top_pt) % L.LINE_PITCH_PT
    return min(offset, L.LINE_PITCH_PT - offset) < 0.05


# --- widths: the share ---------------------------------------------------------------------

LONG = "反映高速公路施工占地补偿问题，村民多次到镇政府反映"


def test_unequal_dashes_share_the_text_block_in_proportion() -> None:
    widths = _widths(f"| 甲 | 乙 | 丙 |\n|--|----|------|\n| {LONG} | {LONG} | {LONG} |\n")
    assert sum(widths) == pytest.approx(L.TEXT_WIDTH_PT)
    assert widths[1] / widths[0] == pytest.approx(2)
    assert widths[2] / widths[0] == pytest.approx(3)


def test_a_hint_cannot_break_what_must_stay_whole() -> None:
    widths = _widths(
        "| 编号 | 反映事项 | 办结日期 |\n|-|------------------|-|\n"
        f"| 12345-2020-0418 | {LONG} | 2020年9月28日 |\n"
    )
    char = L.PORTRAIT.char_width_pt(L.SIZE_4)
    # held at their firm minimums: the reference number and the date stay on one line
    assert widths[0] == pytest.approx(text_units("12345-2020-0418") * char + 2 * CELL_PAD_PT)
    assert widths[2] == pytest.approx(text_units("2020年9月28日") * char + 2 * CELL_PAD_PT)
    assert widths[1] == pytest.approx(L.TEXT_WIDTH_PT - widths[0] - widths[2])


def test_columns_held_at_their_minimum_leave_the_rest_in_proportion() -> None:
    widths = _widths(
        f"| 序号 | 甲 | 乙 |\n|-|-----|----------|\n| 1 | {LONG} | {LONG} |\n| 12345 | 甲 | 乙 |\n"
    )
    char = L.PORTRAIT.char_width_pt(L.SIZE_4)
    assert widths[0] == pytest.approx(2.5 * char + 2 * CELL_PAD_PT)  # 12345 whole
    assert widths[2] / widths[1] == pytest.approx(2)


def test_equal_dashes_mean_automatic_widths() -> None:
    body = f"| 序号 | 反映事项 | 承办股室 |\n{{rule}}\n| 1 | {LONG} | 综治信访办 |\n"
    automatic = _widths(body.format(rule="|---|---|---|"))
    assert _widths(body.format(rule="|------|------|------|")) == automatic
    assert _widths(body.format(rule="|:--:|:--:|--|")) == automatic  # colons are not dashes
    # the content decides: the long text gets most, not a third
    assert automatic[1] > L.TEXT_WIDTH_PT / 2


def test_widths_when_not_even_the_minimums_fit() -> None:
    cells = " | ".join(f"12345-2020-{i:04d}" for i in range(8))
    widths = _widths("|" + " 甲 |" * 8 + "\n|-|--|-|--|-|--|-|--|\n| " + cells + " |\n")
    assert sum(widths) == pytest.approx(L.TEXT_WIDTH_PT)
    assert max(widths) == pytest.approx(min(widths))  # equal minimums shrink alike


# --- widths in the PDF and the DOCX ----------------------------------------------------------


@pytest.fixture(scope="module")
def signin(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["signin"]


@pytest.fixture(scope="module")
def study(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["study"]


def test_pdf_columns_follow_the_dashes(signin: Rendered) -> None:
    (table,) = (b for b in signin.document.blocks if isinstance(b, Table))
    assert table.widths == (2, 3, 7, 6, 4)
    with pdfplumber.open(signin.pdf) as pdf:
        xs, _ = _rules(pdf.pages[0])
    assert xs[0] == pytest.approx(L.MARGIN_LEFT_PT, abs=0.1)
    assert xs[-1] == pytest.approx(L.TEXT_RIGHT_PT, abs=0.1)
    widths = [b - a for a, b in itertools.pairwise(xs)]
    assert len(widths) == 5
    number, name, post, sign, note = widths
    # 职务, 签名 and 备注 share in proportion 7 : 6 : 4, 序号 and 姓名 keep their minimums
    assert post / sign == pytest.approx(7 / 6, abs=0.01)
    assert note / sign == pytest.approx(4 / 6, abs=0.01)
    assert sign >= 40 * MM  # room for a handwritten name
    char = L.PORTRAIT.char_width_pt(L.SIZE_4)
    assert name >= 3 * char + 2 * CELL_PAD_PT  # 杨昌波 whole
    assert number >= 2 * char + 2 * CELL_PAD_PT  # 序号 whole


def test_pdf_short_cells_stay_whole_under_hints(signin: Rendered) -> None:
    with pdfplumber.open(signin.pdf) as pdf:
        page = pdf.pages[0]
        xs, _ = _rules(page)
        rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for c in page.chars:
            if xs[1] <= c["x0"] and c["x1"] <= xs[2]:
                rows[round(c["top"])].append(c)
    names = {"".join(c["text"] for c in sorted(r, key=lambda c: c["x0"])) for r in rows.values()}
    assert {"姓名", "杨昌波", "王建国", "刘洋"} <= names


def test_docx_grid_columns_follow_the_dashes(signin: Rendered) -> None:
    table = _xml(signin.docx).find(".//w:tbl", NS)
    widths = [int(_attr(c, "w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == pytest.approx(L.mm_to_twips(156), abs=len(widths))
    _, _, post, sign, note = widths
    assert post / sign == pytest.approx(7 / 6, abs=0.01)
    assert note / sign == pytest.approx(4 / 6, abs=0.01)
    assert sign >= L.mm_to_twips(40)
    cells = table.findall("w:tr/w:tc/w:tcPr/w:tcW", NS)
    assert [int(_attr(c, "w")) for c in cells[:5]] == widths


def test_the_templates_give_the_columns_their_room() -> None:
    """The separator rows of the sign-in sheet and the study ledger, on their pages."""

    def widths(template: str, geo: L.PageGeometry, size: float) -> dict[str, float]:
        lines = (TEMPLATES / template).read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("| 序号"))
        header = [cell.strip() for cell in lines[at].strip("|").split("|")]
        assert len(set(lines[at + 1].strip("|").split("|"))) > 1, "the widths are given"
        return dict(zip(header, _widths("\n".join(lines[at : at + 2]), geo, size), strict=True))

    sheet = widths("sign-in-sheet.j2", L.PORTRAIT, L.SIZE_4)
    assert sheet["签名"] >= 40 * MM
    assert sheet["签名"] > max(sheet[k] for k in ("序号", "姓名", "备注"))
    ledger = widths("ledger-studies.j2", L.LANDSCAPE, L.SIZE_SMALL_4)
    ordered = sorted(ledger, key=ledger.__getitem__, reverse=True)
    assert ordered[0] == "会议名称及学习内容"
    assert ledger["缺席人员及原因"] > max(ledger[k] for k in ("序号", "日期", "主持人", "学时"))
    char = L.LANDSCAPE.char_width_pt(L.SIZE_SMALL_4)
    # 类别 holds 专题研究会议 / （意识形态） in two lines
    assert ledger["类别"] >= 6 * char + 2 * CELL_PAD_PT


# --- the pitch of 小四 and 五号 tables: PDF --------------------------------------------------


def test_the_pitch_of_small_tables() -> None:
    assert L.TABLE_LINE_PITCHES[TableSize.SI] == L.LINE_PITCH_PT
    assert L.TABLE_LINE_PITCHES[TableSize.XIAO_SI] == 18.0  # 1.5 x 12 pt, 360 twips
    assert L.TABLE_LINE_PITCHES[TableSize.WU] == 15.75  # 1.5 x 10.5 pt, 315 twips
    for pitch in L.TABLE_LINE_PITCHES.values():
        assert (pitch * L.TWIPS_PER_PT).is_integer()


def test_pdf_rows_of_a_small_table_are_lines_of_18_pt_padded(study: Rendered) -> None:
    with pdfplumber.open(study.pdf) as pdf:
        pages = list(pdf.pages)
        assert len(pages) <= 6  # 32 rows; on the body grid they took 9 pages
        heights: list[float] = []
        for page in pages:
            _, ys = _rules(page)
            heights.extend(b - a for a, b in itertools.pairwise(ys))
    lines = [(h - 2 * PAD) / SMALL_4_PITCH for h in heights]
    assert all(n == pytest.approx(round(n), abs=0.01) and round(n) >= 1 for n in lines)
    assert {round(n) for n in lines} >= {2, 3}  # 42 pt and 60 pt, where the grid took 57.9, 86.85


def test_pdf_lines_in_a_cell_are_18_pt_apart_and_centred(study: Rendered) -> None:
    with pdfplumber.open(study.pdf) as pdf:
        page = pdf.pages[2]
        xs, ys = _rules(page)
        chars = [c for c in page.chars if c["size"] == L.SIZE_SMALL_4 and c["text"].strip()]
    checked = 0
    for top, bottom in itertools.pairwise(ys):
        row = [c for c in chars if top < c["top"] < bottom]
        content = sorted({round(c["top"], 2) for c in row if xs[3] < c["x0"] < xs[4]})
        gaps = [b - a for a, b in itertools.pairwise(content)]
        assert all(g == pytest.approx(SMALL_4_PITCH, abs=0.01) for g in gaps)
        checked += len(gaps)
        # the 序号, one line, in the middle of the row
        number = [c for c in row if c["x1"] < xs[1]]
        if number:
            middle = (min(c["top"] for c in number) + max(c["bottom"] for c in number)) / 2
            assert middle == pytest.approx((top + bottom) / 2, abs=1.5)
    assert checked >= 5


def test_pdf_header_repeats_and_body_text_stays_on_the_grid(study: Rendered) -> None:
    geo = L.LANDSCAPE
    with pdfplumber.open(study.pdf) as pdf:
        pages = list(pdf.pages)
        for page in pages:
            _, ys = _rules(page)
            assert _on_grid(ys[0], geo)  # every part of the table starts on a grid line
            assert ys[-1] <= geo.line_top_pt(geo.lines_per_page) + 0.01
            header = [c for c in page.chars if ys[0] < c["top"] < ys[1]]
            assert "".join(c["text"] for c in sorted(header, key=lambda c: c["x0"])).startswith(
                "序号日期类别会议名称及学习内容"
            )
        body = [
            c
            for page in (pages[0], pages[-1])
            for c in page.chars
            if c["size"] == L.BODY_SIZE and c["top"] < geo.text_bottom_pt
        ]
    tops = {round(c["top"] - (L.LINE_PITCH_PT - L.BODY_SIZE) / 2, 2) for c in body}
    assert len(tops) >= 3  # the title, the paragraph before the table, 署名 and 日期
    for top in tops:
        offset = (top - geo.margin_top_pt) % L.LINE_PITCH_PT
        assert min(offset, L.LINE_PITCH_PT - offset) < 2.5


def test_pdf_text_after_a_small_table_starts_on_the_next_grid_line(tmp_path: Path) -> None:
    rows = "\n".join(f"| {i} | 第{i}项 |" for i in range(1, 4))
    document = parse_markup(
        f"标题：表\n表格字号：五号\n---\n| 序号 | 事项 |\n|---|---|\n{rows}\n其后的正文。\n"
    )
    pdf = render_document(document, tmp_path, "after", formats={"pdf"})["pdf"]
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[0]
        _, ys = _rules(page)
        after = [c for c in page.chars if c["text"] == "其"]
    (glyph,) = after
    # 4 rows of 21.75 pt from grid line 2: the table ends inside line 5, the text is on line 6
    assert ys[-1] - ys[0] == pytest.approx(4 * 21.75, abs=0.01)
    line = L.PORTRAIT.line_top_pt(2 + 4)
    assert glyph["top"] == pytest.approx(line + (L.LINE_PITCH_PT - L.BODY_SIZE) / 2, abs=2.5)
    assert line - ys[-1] < L.LINE_PITCH_PT


def test_pdf_rows_of_a_si_table_stay_whole_grid_lines(rendered: dict[str, Rendered]) -> None:
    with pdfplumber.open(rendered["ref1"].pdf) as pdf:
        heights = []
        for page in pdf.pages:
            _, ys = _rules(page)
            heights.extend(b - a for a, b in itertools.pairwise(ys))
    assert heights
    for height in heights:
        assert height / L.LINE_PITCH_PT == pytest.approx(round(height / L.LINE_PITCH_PT))


def test_pdf_last_row_goes_over_with_the_signature(tmp_path: Path) -> None:
    """12 one-line rows fit on the first page, but the 署名 and 日期 then would not: the
    twelfth row goes over with them, under the repeated header."""
    rows = "\n".join(f"| {i} | 第{i}项 |" for i in range(1, 13))
    document = parse_markup(
        "标题：台账\n文种：台账\n版式：横向\n表格字号：小四\n署名：中共完冒镇委员会\n"
        f"日期：2020-12-31\n---\n| 序号 | 事项 |\n|---|---|\n{rows}\n"
    )
    pdf = render_document(document, tmp_path, "keep", formats={"pdf"})["pdf"]
    with pdfplumber.open(pdf) as opened:
        texts = [(page.extract_text() or "").replace(" ", "") for page in opened.pages]
    assert len(texts) == 2
    assert "11第11项" in texts[0] and "12第12项" not in texts[0]
    assert re.search(r"序号事项\n12第12项\n中共完冒镇委员会\n2020年12月31日", texts[1])


# --- the pitch of 小四 and 五号 tables: DOCX -------------------------------------------------


def test_docx_small_table_cells_have_exact_lines_and_rows_do_not_split(study: Rendered) -> None:
    table = _xml(study.docx).find(".//w:tbl", NS)
    margins = table.find("w:tblPr/w:tblCellMar", NS)
    assert {_local(m.tag): _attr(m, "w") for m in margins} == {
        "top": "60",  # 3 pt
        "bottom": "60",
        "left": "80",  # 4 pt, as the PDF
        "right": "80",
    }
    rows = table.findall("w:tr", NS)
    assert len(rows) == 33
    for row in rows:
        assert row.find("w:trPr/w:cantSplit", NS) is not None
        for spacing in row.iterfind("w:tc/w:p/w:pPr/w:spacing", NS):
            assert (_attr(spacing, "line"), _attr(spacing, "lineRule")) == ("360", "exact")
        assert len(row.findall("w:tc/w:p/w:pPr/w:spacing", NS)) == 9
        assert {_attr(v, "val") for v in row.iterfind("w:tc/w:tcPr/w:vAlign", NS)} == {"center"}
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    # the last row goes with the 署名, the others need not
    assert all(
        p.find("w:pPr/w:keepNext", NS) is not None for p in rows[-1].iterfind("w:tc/w:p", NS)
    )
    assert rows[-2].find("w:tc/w:p/w:pPr/w:keepNext", NS) is None


def test_docx_wu_table_lines_are_15_75_pt(rendered: dict[str, Rendered]) -> None:
    table = _xml(rendered["ledger"].docx).find(".//w:tbl", NS)
    lines = {_attr(s, "line") for s in table.iter(f"{{{W}}}spacing")}
    assert lines == {"315"}


def test_docx_si_tables_are_as_before(rendered: dict[str, Rendered]) -> None:
    for key in ("ref1", "signin"):
        for table in _xml(rendered[key].docx).iterfind(".//w:tbl", NS):
            assert table.find("w:tblPr/w:tblCellMar", NS) is None
            assert not list(table.iter(f"{{{W}}}vAlign"))
            assert not list(table.iter(f"{{{W}}}spacing"))  # the Normal style's 28.95 pt


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_pdf_a_header_never_ends_a_page_alone(tmp_path: Path) -> None:
    """After 18 short paragraphs page 1 has room for the header of a 四号 table but not for
    its first row of 3 lines: the table starts on page 2, header and row together."""
    filler = "\n".join(f"第{i}段。" for i in range(1, 19))
    tall = "很长的一格" * 12  # 60 characters: three lines in its column
    document = parse_markup(
        f"标题：表\n---\n{filler}\n| 序号 | 事项 |\n|---|---|\n| 1 | {tall} |\n| 2 | 短 |\n"
    )
    pdf = render_document(document, tmp_path, "widow", formats={"pdf"})["pdf"]
    with pdfplumber.open(pdf) as opened:
        first, second = opened.pages[0], opened.pages[1]
        assert "序号" not in (first.extract_text() or "")
        assert (second.extract_text() or "").startswith("序号")
        assert _rules(first) == ([], [])


def test_docx_rows_never_split_and_the_header_goes_with_the_first_row(
    rendered: dict[str, Rendered],
) -> None:
    """As in the PDF: every row of every table is kept whole (w:cantSplit), and the header row's
    paragraphs keep with the next row, so a page never ends on a header alone."""
    for key in ("ref1", "signin", "ledger"):
        for table in _xml(rendered[key].docx).iterfind(".//w:tbl", NS):
            rows = table.findall("w:tr", NS)
            assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
            assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
            if len(rows) > 1:
                assert all(
                    p.find("w:pPr/w:keepNext", NS) is not None
                    for p in rows[0].iterfind("w:tc/w:p", NS)
                )
