"""The DOCX XML against GB/T 9704: page set-up, grid, fonts, colours, footers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ideowork.documents import layout as L
from ideowork.documents.fonts import DEFAULT_DOCX_NAMES, FontRole

from .conftest import Rendered

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(member))


def _attr(element: etree._Element, name: str) -> str:
    return str(element.get(f"{{{W}}}{name}"))


@pytest.fixture(scope="module")
def ref4(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["ref4"]


def _paragraph(document: etree._Element, text: str) -> etree._Element:
    for p in document.iter(f"{{{W}}}p"):
        if "".join(p.itertext()) == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


def test_page_size_and_margins_in_twips(ref4: Rendered) -> None:
    document = _xml(ref4.docx, "word/document.xml")
    sect = document.find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (_attr(size, "w"), _attr(size, "h")) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    assert {k: _attr(margins, k) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098",  # 37 mm
        "bottom": "1984",  # 35 mm
        "left": "1587",  # 28 mm
        "right": "1474",  # 26 mm
    }
    grid = sect.find("w:docGrid", NS)
    assert _attr(grid, "type") == "linesAndChars"
    assert _attr(grid, "linePitch") == "579"
    pitch = L.BODY_SIZE + int(_attr(grid, "charSpace")) / 4096
    assert int(156 * L.PT_PER_MM // pitch) == 28
    assert 225 * L.PT_PER_MM >= 22 * 579 / 20


def test_normal_style_is_fangsong_16pt_exact_spacing(ref4: Rendered) -> None:
    styles = _xml(ref4.docx, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    fonts = normal.find("w:rPr/w:rFonts", NS)
    assert _attr(fonts, "eastAsia") == DEFAULT_DOCX_NAMES[FontRole.FANGSONG] == "仿宋_GB2312"
    assert _attr(normal.find("w:rPr/w:sz", NS), "val") == "32"
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (_attr(spacing, "line"), _attr(spacing, "lineRule")) == ("579", "exact")
    # 28 condensed characters fit the 156 mm line, 28.5 do not
    condensed = L.BODY_SIZE + int(_attr(normal.find("w:rPr/w:spacing", NS), "val")) / 20
    assert 28 * condensed <= L.TEXT_WIDTH_PT < 28.5 * condensed


def test_east_asian_fonts_and_red_mark(ref4: Rendered) -> None:
    document = _xml(ref4.docx, "word/document.xml")
    mark = _paragraph(document, "中共完冒镇委员会")
    run = mark.find("w:r", NS)
    assert _attr(run.find("w:rPr/w:rFonts", NS), "eastAsia") == "方正小标宋简体"
    assert _attr(run.find("w:rPr/w:color", NS), "val") == "FF0000"
    number = _paragraph(document, "完党字〔2020〕105号")
    border = number.find("w:pPr/w:pBdr/w:bottom", NS)
    assert _attr(border, "color") == "FF0000"
    heading = _paragraph(document, "一、加强组织领导，明确责任分工。")
    assert _attr(heading.find("w:r/w:rPr/w:rFonts", NS), "eastAsia") == "黑体"
    title = _paragraph(document, "2020年第三季度意识形态工作分析研判报告")
    assert _attr(title.find("w:r/w:rPr/w:sz", NS), "val") == "44"


def test_heading_fonts_by_level(rendered: dict[str, Rendered]) -> None:
    document = _xml(rendered["ref1"].docx, "word/document.xml")
    by_label: dict[str, str] = {}
    for p in document.iter(f"{{{W}}}p"):
        text = "".join(p.itertext())
        fonts = p.find("w:r/w:rPr/w:rFonts", NS)
        for label in ("一、", "（一）", "1.", "（1）"):
            if text.startswith(label) and fonts is not None:
                by_label.setdefault(label, _attr(fonts, "eastAsia"))
    assert by_label == {
        "一、": "黑体",
        "（一）": "楷体_GB2312",
        "1.": "仿宋_GB2312",
        "（1）": "仿宋_GB2312",
    }


def test_odd_and_even_footers_with_page_field(ref4: Rendered) -> None:
    settings = _xml(ref4.docx, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    document = _xml(ref4.docx, "word/document.xml")
    refs = document.findall(".//w:body/w:sectPr/w:footerReference", NS)
    assert {_attr(r, "type") for r in refs} >= {"default", "even"}
    rels = _xml(ref4.docx, "word/_rels/document.xml.rels")
    targets = {
        r.get("Id"): r.get("Target") for r in rels if r.get("Target", "").startswith("footer")
    }
    for ref in refs:
        rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        footer = _xml(ref4.docx, f"word/{targets[rid]}")
        paragraph = footer.find("w:p", NS)
        assert "PAGE" in "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}instrText"))
        text = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))
        assert text == "— 1 —"
        align = _attr(paragraph.find("w:pPr/w:jc", NS), "val")
        assert align == ("right" if _attr(ref, "type") == "default" else "left")
        assert _attr(paragraph.find("w:r/w:rPr/w:rFonts", NS), "eastAsia") == "宋体"
        assert _attr(paragraph.find("w:r/w:rPr/w:sz", NS), "val") == "28"


def test_enclosure_starts_a_new_page(ref4: Rendered) -> None:
    document = _xml(ref4.docx, "word/document.xml")
    title = _paragraph(document, "2020年第三季度意识形态工作分析研判报告")
    assert title.find("w:pPr/w:pageBreakBefore", NS) is not None


def test_imprint_is_framed_at_the_bottom(rendered: dict[str, Rendered]) -> None:
    document = _xml(rendered["ref1"].docx, "word/document.xml")
    paragraphs = list(document.iter(f"{{{W}}}p"))[-2:]
    assert "".join(paragraphs[0].itertext()).startswith("抄送：")
    for p in paragraphs:
        frame = p.find("w:pPr/w:framePr", NS)
        assert _attr(frame, "yAlign") == "bottom"
        assert _attr(frame, "vAnchor") == "margin"
    top = paragraphs[0].find("w:pPr/w:pBdr/w:top", NS)
    thin = paragraphs[0].find("w:pPr/w:pBdr/w:bottom", NS)
    thick = paragraphs[1].find("w:pPr/w:pBdr/w:bottom", NS)
    assert (_attr(top, "sz"), _attr(thin, "sz"), _attr(thick, "sz")) == ("8", "6", "8")


def test_unfilled_marker_is_highlighted(rendered: dict[str, Rendered]) -> None:
    document = _xml(rendered["ref1"].docx, "word/document.xml")
    runs = [r for r in document.iter(f"{{{W}}}r") if "".join(r.itertext()).startswith("【待填写")]
    assert runs
    assert _attr(runs[0].find("w:rPr/w:highlight", NS), "val") == "yellow"


def test_tables_have_header_rows_and_borders(rendered: dict[str, Rendered]) -> None:
    document = _xml(rendered["ref1"].docx, "word/document.xml")
    tables = document.findall(".//w:tbl", NS)
    assert len(tables) == 2
    for table in tables:
        assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
        assert _attr(table.find("w:tblPr/w:tblStyle", NS), "val") == "TableGrid"
