"""The PDF writer draws text by runs: every glyph stays where the glyph-by-glyph writer put it.

``samples/glyph_positions.json`` holds, for each sample, every character pdfplumber reads from
the PDF that the earlier writer (one text-show operator per glyph) made with the shipped
fonts, line by line: the page, the line's top, its characters and their x0, to 0.01 pt. The
writer that draws runs (one operator for a run of glyphs with one font, size, colour and
spacing; the condensed grid and the justification made by the character spacing ``Tc``) must
put every character at the same place within 0.05 pt, and show text with far fewer operators.

Regenerate the file only for a deliberate change of layout:
``.venv/bin/python -m tests.documents.test_pdf_runs``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from ideowork.documents import pdf_fonts
from ideowork.documents.fonts import FontFile, FontRole, fallback_font
from ideowork.documents.pdf_writer import write_pdf

from .conftest import SAMPLES, load_sample

GOLDEN = SAMPLES / "glyph_positions.json"
SAMPLE_FILES = (
    "ref1_quarterly_report.txt",
    "ref4_cover_report.txt",
    "ledger_landscape.txt",
    "narrow_columns.txt",
    "sign_in_sheet.txt",
    "study_ledger.txt",
)
TOLERANCE_PT = 0.05
TEXT_SHOWING = {b"Tj", b"TJ", b"'", b'"'}


def shipped_fonts() -> Mapping[FontRole, FontFile]:
    """The fonts in resources/fonts: the same glyph widths on every machine."""
    return {role: fallback_font(role) for role in FontRole}


def char_positions(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page, character, x0, top) of every character, to 0.01 pt, sorted."""
    with pdfplumber.open(pdf) as document:
        return sorted(
            (number, c["text"], round(c["x0"], 2), round(c["top"], 2))
            for number, page in enumerate(document.pages, 1)
            for c in page.chars
        )


def by_line(positions: list[tuple[int, str, float, float]]) -> list[list[Any]]:
    """[page, top, characters, [x0 …]] for each line: the golden file's compact form."""
    lines: dict[tuple[int, float], list[tuple[str, float]]] = {}
    for page, ch, x0, top in positions:
        lines.setdefault((page, top), []).append((ch, x0))
    return [
        [page, top, "".join(ch for ch, _ in chars), [x0 for _, x0 in chars]]
        for (page, top), chars in (
            (key, sorted(row, key=lambda c: c[1])) for key, row in sorted(lines.items())
        )
    ]


def from_lines(lines: list[list[Any]]) -> list[tuple[int, str, float, float]]:
    return sorted(
        (page, ch, x0, top)
        for page, top, text, xs in lines
        for ch, x0 in zip(text, xs, strict=True)
    )


def text_shows_per_page(pdf: Path) -> list[int]:
    """The text-showing operators (Tj, TJ, ', ") in each page's content stream."""
    reader = PdfReader(pdf)
    counts = []
    for page in reader.pages:
        stream = ContentStream(page.get_contents(), reader)
        counts.append(sum(1 for _, operator in stream.operations if operator in TEXT_SHOWING))
    return counts


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("runs")
    paths = {}
    for name in SAMPLE_FILES:
        path = out / f"{Path(name).stem}.pdf"
        write_pdf(load_sample(name), path, shipped_fonts())
        paths[name] = path
    return paths


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_glyph_stays_where_it_was(name: str, drawn: dict[str, Path]) -> None:
    expected = from_lines(json.loads(GOLDEN.read_text(encoding="utf-8"))[name])
    actual = char_positions(drawn[name])
    assert len(actual) == len(expected)
    # sorted: pdfplumber lists a page's characters in the order they are drawn
    for (page, ch, x0, top), (want_page, want_ch, want_x0, want_top) in zip(
        actual, expected, strict=True
    ):
        assert (page, ch) == (want_page, want_ch)
        assert x0 == pytest.approx(want_x0, abs=TOLERANCE_PT), (page, ch)
        assert top == pytest.approx(want_top, abs=TOLERANCE_PT), (page, ch)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_text_is_shown_by_runs(name: str, drawn: dict[str, Path]) -> None:
    """Glyph by glyph, a page had one text-show operator per visible character. By runs a
    line takes one, or a few where a rarer character lies in another 256-character subset
    of the font (a PDF string has one font), a table cell one at least: under half as many
    on every page, under a third in the whole document."""
    shows = text_shows_per_page(drawn[name])
    positions = char_positions(drawn[name])
    glyphs = [
        sum(1 for page, ch, _, _ in positions if page == number and ch.strip())
        for number in range(1, len(shows) + 1)
    ]
    for number, (count, visible) in enumerate(zip(shows, glyphs, strict=True), 1):
        assert count * 2 <= visible + 8, (number, count, visible)
    assert sum(shows) * 3 <= sum(glyphs), (shows, glyphs)


def test_a_justified_line_keeps_its_ends(drawn: dict[str, Path]) -> None:
    """The character spacing of a justified line brings its last glyph to the right edge:
    the second page of the quarterly report has lines that start and end at the text block's
    edges (28 mm and 28 + 156 mm)."""
    with pdfplumber.open(drawn["ref1_quarterly_report.txt"]) as pdf:
        chars = [c for c in pdf.pages[1].chars if c["text"].strip() and c["top"] < 700]
    rows: dict[float, list[dict[str, Any]]] = {}
    for c in chars:
        rows.setdefault(round(c["top"]), []).append(c)
    mm = 72 / 25.4
    full = [row for row in rows.values() if max(c["x1"] for c in row) > (28 + 156) * mm - 1.5]
    assert len(full) >= 10
    for row in full:
        assert max(c["x1"] for c in row) <= (28 + 156) * mm + 0.5


def _write_golden() -> None:
    import tempfile

    golden: dict[str, list[list[Any]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in SAMPLE_FILES:
            path = Path(folder) / "sample.pdf"
            write_pdf(load_sample(name), path, shipped_fonts())
            golden[name] = by_line(char_positions(path))
    lines = ",\n".join(
        f"{json.dumps(name)}: {json.dumps(rows, ensure_ascii=False, separators=(',', ':'))}"
        for name, rows in golden.items()
    )
    GOLDEN.write_text("{\n" + lines + "\n}\n", encoding="utf-8")


if __name__ == "__main__":
    _write_golden()


def test_subsets_read_in_place_embed_the_same_fonts(tmp_path: Path) -> None:
    """The fonts' glyph tables read in place (pdf_fonts.GlyphTable) give the same PDF, byte
    for byte, as reportlab's own copy of the whole table."""
    document = load_sample(SAMPLE_FILES[0])
    write_pdf(document, tmp_path / "in_place.pdf", shipped_fonts())
    faces = [pdf_fonts._load(str(f.path), f.index).face for f in shipped_fonts().values()]
    assert all(isinstance(face.get_table("glyf"), pdf_fonts.GlyphTable) for face in faces)
    overrides = {
        id(face): face.__dict__.pop("get_table") for face in faces if "get_table" in face.__dict__
    }
    try:
        write_pdf(document, tmp_path / "copied.pdf", shipped_fonts())
    finally:
        for face in faces:
            if id(face) in overrides:
                face.get_table = overrides[id(face)]
    assert (tmp_path / "in_place.pdf").read_bytes() == (tmp_path / "copied.pdf").read_bytes()
