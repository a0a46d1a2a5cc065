"""版式：横向 and 表格字号: the turned page measured in the PDF and in the DOCX XML.

The turned page (GB/T 9704 横排表格) is A4 297 x 210 mm with the 225 x 156 mm text block turned
with it: the 订口 (28 mm) on top, 26 mm below, 35 mm on the left, 37 mm on the right; the page
number stays where it is relative to the text block (7 mm below it, one character in from the
right on odd pages, from the left on even ones).
"""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import etree

from ideowork.documents import layout as L
from ideowork.documents.fonts import FontRole
from ideowork.documents.model import Orientation, TableSize

from .conftest import Rendered
from .pdf_reading import face, line_text, text_lines

MM = L.PT_PER_MM
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

LEFT, TOP, RIGHT, BOTTOM = 35 * MM, 28 * MM, (297 - 37) * MM, (210 - 26) * MM  # the 版心


@pytest.fixture(scope="module")
def ledger(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["ledger"]


def _pages(path: Path) -> list[Any]:
    with pdfplumber.open(path) as pdf:
        return [(page.width, page.height, list(page.chars), list(page.lines)) for page in pdf.pages]


def _xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(member))


def _attr(element: etree._Element, name: str) -> str:
    return str(element.get(f"{{{W}}}{name}"))


# --- the geometry ------------------------------------------------------------------------------


def test_the_turned_geometry_follows_from_the_upright_one() -> None:
    land = L.LANDSCAPE
    assert L.geometry(Orientation.LANDSCAPE) is land
    assert L.geometry(Orientation.PORTRAIT) is L.PORTRAIT
    assert (land.page_width_mm, land.page_height_mm) == (297, 210)
    assert (land.text_width_mm, land.text_height_mm) == (225, 156)
    margins = (land.margin_top_mm, land.margin_right_mm, land.margin_bottom_mm)
    assert (*margins, land.margin_left_mm) == (28, 37, 26, 35)
    assert (land.lines_per_page, land.chars_per_line) == (15, 40)
    assert (L.PORTRAIT.lines_per_page, L.PORTRAIT.chars_per_line) == (22, 28)
    assert land.grid_height_pt <= land.text_height_pt
    assert land.turned().turned().turned() == L.PORTRAIT  # four quarter turns
    assert L.TABLE_SIZES[TableSize.WU] == 10.5


# --- PDF ---------------------------------------------------------------------------------------


def test_pages_are_a4_turned(ledger: Rendered) -> None:
    pages = _pages(ledger.pdf)
    assert len(pages) >= 3  # odd and even page numbers
    for width, height, *_ in pages:
        assert width == pytest.approx(297 * MM, abs=0.5)
        assert height == pytest.approx(210 * MM, abs=0.5)


def test_text_stays_in_the_turned_text_block(ledger: Rendered) -> None:
    for _, _, chars, _ in _pages(ledger.pdf):
        body = [c for c in chars if c["text"].strip() and c["top"] < BOTTOM]
        assert body
        assert min(c["x0"] for c in body) >= LEFT - 0.5
        assert max(c["x1"] for c in body) <= RIGHT + 0.5
        assert min(c["top"] for c in body) >= TOP - 0.5
        assert max(c["bottom"] for c in body) <= TOP + 15 * L.LINE_PITCH_PT
        below = {c["text"] for c in chars if c["top"] >= BOTTOM}
        assert below <= set("— 0123456789")  # only the page number


def test_body_lines_hold_40_characters_on_a_15_line_grid(ledger: Rendered) -> None:
    _, _, chars, _ = _pages(ledger.pdf)[0]
    lines = [
        ln for ln in text_lines(chars) if ln[0]["size"] == L.BODY_SIZE and ln[0]["top"] < BOTTOM
    ]
    full = [ln for ln in lines if ln[0]["x0"] == pytest.approx(LEFT, abs=0.3)]
    assert full, "wrapped paragraph lines start at the left edge of the text block"
    assert max(ln[-1]["x1"] for ln in full) == pytest.approx(RIGHT, abs=0.6)
    assert any(len(line_text(ln)) >= 40 for ln in full)  # 40 characters (digits are half-width)
    for line in lines:
        offset = (line[0]["top"] - TOP - (L.LINE_PITCH_PT - L.BODY_SIZE) / 2) % L.LINE_PITCH_PT
        assert min(offset, L.LINE_PITCH_PT - offset) < 2.5


def test_table_spans_the_turned_text_block(ledger: Rendered) -> None:
    for _, _, _, rules in _pages(ledger.pdf):
        vertical = [r for r in rules if abs(r["x0"] - r["x1"]) < 0.1]
        assert vertical
        assert min(r["x0"] for r in vertical) == pytest.approx(LEFT, abs=0.3)
        assert max(r["x0"] for r in vertical) == pytest.approx(RIGHT, abs=0.3)
        horizontal = [r for r in rules if abs(r["top"] - r["bottom"]) < 0.1]
        assert all(r["x1"] - r["x0"] == pytest.approx(225 * MM, abs=0.5) for r in horizontal)
        assert max(r["bottom"] for r in vertical) <= TOP + 15 * L.LINE_PITCH_PT + 0.5


def test_page_numbers_below_the_turned_text_block(ledger: Rendered) -> None:
    for number, (_, _, chars, _) in enumerate(_pages(ledger.pdf), 1):
        below = sorted((c for c in chars if c["top"] >= BOTTOM), key=lambda c: c["x0"])
        assert "".join(c["text"] for c in below) == f"— {number} —"
        assert {c["size"] for c in below} == {L.PAGE_NUMBER_SIZE}
        middle = (below[0]["top"] + below[0]["bottom"]) / 2
        assert middle - BOTTOM == pytest.approx(7 * MM, abs=1 * MM)
        if number % 2:
            assert below[-1]["x1"] == pytest.approx(RIGHT - 14, abs=1)
        else:
            assert below[0]["x0"] == pytest.approx(LEFT + 14, abs=1)


def test_table_text_is_set_in_the_table_size(ledger: Rendered) -> None:
    _, _, chars, _ = _pages(ledger.pdf)[0]
    lines = text_lines([c for c in chars if c["top"] < BOTTOM])
    header = next(ln for ln in lines if line_text(ln).startswith("序号受理日期"))
    assert {c["size"] for c in header} == {L.SIZE_5}
    assert all(face(FontRole.HEITI) in c["fontname"] for c in header)
    cell = next(ln for ln in lines if "咨询春耕补贴发放时间" in line_text(ln))
    glyph = next(c for c in cell if c["text"] == "春")
    assert glyph["size"] == L.SIZE_5
    assert face(FontRole.FANGSONG) in glyph["fontname"]
    # off the grid: the lines of a cell 15.75 pt apart (1.5 x 五号), not a grid line each
    column = sorted(
        {round(c["top"], 2) for c in chars if c["size"] == L.SIZE_5 and c["x0"] == glyph["x0"]}
    )
    pitch = L.TABLE_LINE_PITCHES[TableSize.WU]
    assert pitch == 15.75
    gaps = {round(b - a, 2) for a, b in itertools.pairwise(column)}
    assert pitch in gaps
    assert all(g >= pitch - 0.01 for g in gaps)


# --- DOCX --------------------------------------------------------------------------------------


def test_docx_section_is_landscape(ledger: Rendered) -> None:
    document = _xml(ledger.docx, "word/document.xml")
    sect = document.find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (_attr(size, "w"), _attr(size, "h"), _attr(size, "orient")) == (
        "16838",
        "11906",
        "landscape",
    )
    margins = sect.find("w:pgMar", NS)
    assert {k: _attr(margins, k) for k in ("top", "bottom", "left", "right")} == {
        "top": "1587",  # 28 mm, the 订口
        "bottom": "1474",  # 26 mm
        "left": "1984",  # 35 mm
        "right": "2098",  # 37 mm
    }
    # the page number centred 7 mm below the text block, as upright
    footer = int(_attr(margins, "footer")) / 20 / MM
    assert 26 - footer == pytest.approx(7 + L.pt_to_mm(L.PAGE_NUMBER_SIZE) / 2, abs=0.1)
    grid = sect.find("w:docGrid", NS)
    assert _attr(grid, "type") == "linesAndChars"
    assert _attr(grid, "linePitch") == "579"
    pitch = L.BODY_SIZE + int(_attr(grid, "charSpace")) / 4096
    assert int(225 * MM // pitch) == 40
    assert 15 * 579 / 20 <= 156 * MM < 16 * 579 / 20


def test_docx_normal_style_sets_40_characters_to_a_line(ledger: Rendered) -> None:
    styles = _xml(ledger.docx, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    condensed = L.BODY_SIZE + int(_attr(normal.find("w:rPr/w:spacing", NS), "val")) / 20
    assert 40 * condensed <= 225 * MM < 40.5 * condensed


def test_docx_table_text_size(ledger: Rendered) -> None:
    document = _xml(ledger.docx, "word/document.xml")
    table = document.find(".//w:tbl", NS)
    sizes = {_attr(sz, "val") for sz in table.iter(f"{{{W}}}sz")}
    assert sizes == {"21"}  # 五号 = 10.5 pt in half-points
    widths = [int(_attr(col, "w")) for col in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == pytest.approx(L.mm_to_twips(225), abs=len(widths))


def test_docx_forces_no_character_level_breaking(ledger: Rendered) -> None:
    """Latin words wrap whole in Word unless w:wordWrap is off; the grid does not snap each
    character to a cell (type linesAndChars, paragraphs w:snapToGrid 0)."""
    for member in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
        root = _xml(ledger.docx, member)
        assert all(_attr(e, "val") not in ("0", "false") for e in root.iter(f"{{{W}}}wordWrap"))
    document = _xml(ledger.docx, "word/document.xml")
    assert _attr(document.find(".//w:sectPr/w:docGrid", NS), "type") != "snapToChars"


def test_portrait_documents_keep_the_upright_page(rendered: dict[str, Rendered]) -> None:
    sect = _xml(rendered["ref4"].docx, "word/document.xml").find(".//w:body/w:sectPr", NS)
    assert sect.find("w:pgSz", NS).get(f"{{{W}}}orient") in (None, "portrait")
