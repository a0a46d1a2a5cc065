"""Measure the rendered PDFs against GB/T 9704 (../shared/GBT9704.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from ideowork.documents import layout as L
from ideowork.documents.fonts import FontRole
from ideowork.documents.linebreak import NO_LINE_END, NO_LINE_START

from .conftest import Rendered
from .pdf_reading import face, line_text, text_lines

MM = L.PT_PER_MM
TEXT_BOTTOM = L.TEXT_BOTTOM_PT


def _pages(path: Path) -> list[list[dict[str, Any]]]:
    with pdfplumber.open(path) as pdf:
        return [list(page.chars) for page in pdf.pages]


def _body(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Characters inside the text block (the page number is below it)."""
    return [c for c in chars if c["top"] < TEXT_BOTTOM]


@pytest.fixture(scope="module", params=["ref1", "ref4"])
def sample(request: pytest.FixtureRequest, rendered: dict[str, Rendered]) -> Rendered:
    return rendered[request.param]


def test_pages_are_a4(sample: Rendered) -> None:
    with pdfplumber.open(sample.pdf) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            assert page.width == pytest.approx(210 * MM, abs=0.5)
            assert page.height == pytest.approx(297 * MM, abs=0.5)


def test_text_stays_in_the_text_block(sample: Rendered) -> None:
    for chars in _pages(sample.pdf):
        body = [c for c in _body(chars) if c["text"].strip()]
        assert body
        assert min(c["x0"] for c in body) >= 28 * MM - 0.5
        assert max(c["x1"] for c in body) <= (28 + 156) * MM + 0.5
        assert min(c["top"] for c in body) >= 37 * MM - 0.5
        assert max(c["bottom"] for c in body) <= (297 - 35) * MM
        # everything else on the page is the page number
        assert {c["text"] for c in chars if c["top"] >= TEXT_BOTTOM} <= set("— 0123456789")


def test_left_and_right_edges_are_used(sample: Rendered) -> None:
    """Wrapped lines start at 28 mm; justified full lines end at 28 + 156 mm."""
    chars = _body(_pages(sample.pdf)[1])
    lines = [ln for ln in text_lines(chars) if ln[0]["size"] == L.BODY_SIZE]
    assert min(ln[0]["x0"] for ln in lines) == pytest.approx(28 * MM, abs=0.3)
    right = max(ln[-1]["x1"] for ln in lines)
    assert right == pytest.approx((28 + 156) * MM, abs=0.6)
    full = [ln for ln in lines if len(ln) == 28 and ln[-1]["x1"] > right - 1]
    assert len(full) >= 5  # 28 characters to a full line


def test_lines_sit_on_the_22_line_grid(sample: Rendered) -> None:
    for chars in _pages(sample.pdf):
        for c in _body(chars):
            if c["size"] != L.BODY_SIZE or not c["text"].strip():
                continue
            offset = (c["top"] - L.MARGIN_TOP_PT - (L.LINE_PITCH_PT - c["size"]) / 2) % (
                L.LINE_PITCH_PT
            )
            assert min(offset, L.LINE_PITCH_PT - offset) < 2.5, c


def test_first_line_of_a_new_page_is_at_37_mm(rendered: dict[str, Rendered]) -> None:
    chars = _body(_pages(rendered["ref4"].pdf)[1])
    top = min(c["top"] for c in chars if c["text"].strip())
    assert 37 * MM - 0.5 <= top <= 39.5 * MM


def test_font_sizes_and_roles(rendered: dict[str, Rendered]) -> None:
    pages = _pages(rendered["ref4"].pdf)
    lines = text_lines(_body(pages[0]))
    title = next(ln for ln in lines if "关于上报" in line_text(ln))
    assert {c["size"] for c in title} == {L.TITLE_SIZE}
    assert all(face(FontRole.XIAOBIAOSONG) in c["fontname"] for c in title)
    body = next(ln for ln in lines if line_text(ln).startswith("现将"))
    assert {c["size"] for c in body} == {L.BODY_SIZE}
    assert all(face(FontRole.FANGSONG) in c["fontname"] for c in body)


def test_heading_fonts_by_level(rendered: dict[str, Rendered]) -> None:
    found: dict[str, str] = {}
    for chars in _pages(rendered["ref1"].pdf):
        for line in text_lines(_body(chars)):
            text = line_text(line)
            for label in ("一、", "（一）", "1.", "（1）"):
                if text.startswith(label) and label not in found:
                    found[label] = line[0]["fontname"]
                    assert line[0]["size"] == L.BODY_SIZE
    assert face(FontRole.HEITI) in found["一、"]
    assert face(FontRole.KAITI) in found["（一）"]
    assert face(FontRole.FANGSONG) in found["1."]
    assert face(FontRole.FANGSONG) in found["（1）"]


def test_headings_are_numbered_and_restart(rendered: dict[str, Rendered]) -> None:
    starts = [
        line_text(line)[:4]
        for chars in _pages(rendered["ref1"].pdf)
        for line in text_lines(_body(chars))
        if line[0]["x0"] > 28 * MM + 20  # indented lines: paragraph starts
    ]
    level1 = [s[:2] for s in starts if s[1:2] == "、"]
    assert level1 == ["一、", "二、", "三、"]
    level2 = [s[:3] for s in starts if s.startswith("（") and s[1] in "一二三四"]
    assert level2 == ["（一）", "（二）", "（三）", "（一）", "（二）", "（一）", "（二）"]
    level4 = [s[:3] for s in starts if s.startswith("（") and s[1] in "123"]
    assert level4 == ["（1）", "（2）", "（1）"]


def test_red_head_and_doc_number(rendered: dict[str, Rendered]) -> None:
    with pdfplumber.open(rendered["ref4"].pdf) as pdf:
        page = pdf.pages[0]
        lines = text_lines(list(page.chars))
        mark = next(ln for ln in lines if line_text(ln) == "中共完冒镇委员会")
        assert all(c["non_stroking_color"] in ((1, 0, 0), [1, 0, 0], (1.0, 0.0, 0.0)) for c in mark)
        assert mark[0]["top"] == pytest.approx((37 + 35) * MM, abs=1 * MM)
        number = next(ln for ln in lines if "〔" in line_text(ln))
        assert line_text(number) == "完党字〔2020〕105号"
        centre = (number[0]["x0"] + number[-1]["x1"]) / 2
        assert centre == pytest.approx((28 + 78) * MM, abs=1 * MM)
        red = [ln for ln in page.lines if ln["stroking_color"] in ((1, 0, 0), [1, 0, 0])]
        assert len(red) == 1
        rule = red[0]
        assert rule["x1"] - rule["x0"] == pytest.approx(156 * MM, abs=0.5)
        assert rule["top"] - number[0]["bottom"] == pytest.approx(4 * MM, abs=1 * MM)


def test_upward_document_puts_signer_on_the_doc_number_line(
    rendered: dict[str, Rendered],
) -> None:
    lines = text_lines(_pages(rendered["ref1"].pdf)[0])
    line = next(ln for ln in lines if "签发人" in line_text(ln))
    assert line_text(line).startswith("区医保党组〔2020〕12号")
    assert line[0]["x0"] == pytest.approx(28 * MM + L.CHAR_PITCH_PT, abs=0.5)
    assert line[-1]["x1"] <= (28 + 156) * MM - L.CHAR_PITCH_PT + 0.5
    assert face(FontRole.KAITI) in line[-1]["fontname"]


def test_page_numbers(sample: Rendered) -> None:
    for number, chars in enumerate(_pages(sample.pdf), 1):
        below = sorted((c for c in chars if c["top"] >= TEXT_BOTTOM), key=lambda c: c["x0"])
        assert "".join(c["text"] for c in below) == f"— {number} —"
        assert {c["size"] for c in below} == {L.PAGE_NUMBER_SIZE}
        assert all(face(FontRole.SONGTI) in c["fontname"] for c in below)
        middle = (below[0]["top"] + below[0]["bottom"]) / 2
        assert middle - TEXT_BOTTOM == pytest.approx(7 * MM, abs=1 * MM)
        if number % 2:
            assert below[-1]["x1"] == pytest.approx((28 + 156) * MM - 14, abs=1)
        else:
            assert below[0]["x0"] == pytest.approx(28 * MM + 14, abs=1)


def test_no_line_breaks_kinsoku(sample: Rendered) -> None:
    for chars in _pages(sample.pdf):
        lines = text_lines(_body(chars))
        assert lines
        for line in lines:
            assert line[0]["text"] not in NO_LINE_START, line_text(line)
            assert line[-1]["text"] not in NO_LINE_END, line_text(line)


def test_fonts_are_embedded(sample: Rendered) -> None:
    reader = PdfReader(sample.pdf)
    fonts = 0
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # composite font
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()
            fonts += 1
    assert fonts > 0


def test_imprint_at_the_bottom_of_the_last_page(rendered: dict[str, Rendered]) -> None:
    with pdfplumber.open(rendered["ref1"].pdf) as pdf:
        page = pdf.pages[-1]
        lines = text_lines(_body(list(page.chars)))
        assert line_text(lines[-1]) == "××区医疗保障局办公室2020年9月28日印发"
        assert line_text(lines[-2]).startswith("抄送：区委办公室")
        assert {c["size"] for c in lines[-1]} == {L.IMPRINT_SIZE}
        assert lines[-1][0]["x0"] == pytest.approx(28 * MM + 14 * L.CHAR_SCALE, abs=0.5)
        assert lines[-1][-1]["x1"] == pytest.approx((28 + 156) * MM - 14 * L.CHAR_SCALE, abs=0.5)
        rules = sorted(
            (ln for ln in page.lines if abs(ln["x1"] - ln["x0"] - 156 * MM) < 1),
            key=lambda ln: ln["top"],
        )[-3:]
        widths = [round(r["linewidth"] / MM, 2) for r in rules]
        assert widths == [0.35, 0.25, 0.35]
        assert rules[-1]["top"] == pytest.approx(L.MARGIN_TOP_PT + L.GRID_HEIGHT_PT, abs=0.5)


def test_unfilled_marker_is_coloured(rendered: dict[str, Rendered]) -> None:
    colour = L.rgb(L.UNFILLED_COLOR)
    marked = [
        c
        for chars in _pages(rendered["ref1"].pdf)
        for c in chars
        if c["text"] == "待" and tuple(c["non_stroking_color"]) == pytest.approx(colour, abs=1e-3)
    ]
    assert marked


def test_enclosure_follows_the_cover_on_a_new_page(rendered: dict[str, Rendered]) -> None:
    pages = _pages(rendered["ref4"].pdf)
    first = text_lines(_body(pages[1]))[0]
    assert line_text(first) == "2020年第三季度意识形态工作分析研判报告"
    assert {c["size"] for c in first} == {L.TITLE_SIZE}
    centre = (first[0]["x0"] + first[-1]["x1"]) / 2
    assert centre == pytest.approx((28 + 78) * MM, abs=1 * MM)
    cover = "".join(line_text(ln) for ln in text_lines(_body(pages[0])))
    assert "县委宣传部：" in cover and "2020年9月9日" in cover


def test_signature_and_date_positions(rendered: dict[str, Rendered]) -> None:
    lines = text_lines(_body(_pages(rendered["ref4"].pdf)[0]))
    signature = next(
        ln for ln in lines if line_text(ln) == "中共完冒镇委员会" and ln[0]["size"] == 16
    )
    day = next(ln for ln in lines if line_text(ln) == "2020年9月9日")
    char = L.CHAR_PITCH_PT
    # unsealed: 署名 two characters in from the right, the date two characters right of it
    assert signature[-1]["x1"] == pytest.approx(L.TEXT_RIGHT_PT - 2 * char, abs=1)
    assert day[0]["x0"] == pytest.approx(signature[0]["x0"] + 2 * char, abs=1)
    assert day[0]["top"] - signature[0]["top"] == pytest.approx(L.LINE_PITCH_PT, abs=0.5)
