"""Reference numbers and dates in table cells: whole on a line, or broken after a joiner."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest

from ideowork.documents import layout as L
from ideowork.documents.docx_writer import no_break_hyphens

from .conftest import Rendered

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG_CODE = "WL-2020-011-0001-0002-0003-0004"


def _column_lines(path: Path, column: int) -> list[str]:
    """The text lines of table column ``column`` (0-based) on every page, top to bottom."""
    out: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            xs = sorted({round(r["x0"], 1) for r in page.lines if abs(r["x0"] - r["x1"]) < 0.1})
            left, right = xs[column], xs[column + 1]
            rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for c in page.chars:
                inside = c["x0"] >= left and c["x1"] <= right and c["top"] < L.TEXT_BOTTOM_PT
                if inside and c["text"].strip():
                    rows[round(c["top"])].append(c)
            out.extend(
                "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
                for _, row in sorted(rows.items())
            )
    return out


@pytest.fixture(scope="module")
def narrow(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["narrow"]


def test_reference_numbers_stay_whole_in_a_narrow_column(narrow: Rendered) -> None:
    lines = _column_lines(narrow.pdf, 1)
    assert "12345-2020-0418" in lines
    # after the channel the number moves down whole rather than "12345 12345-2020-" / "0908"
    at = lines.index("12345")
    assert lines[at + 1] == "12345-2020-0908"


def test_a_number_longer_than_its_column_breaks_after_a_hyphen(narrow: Rendered) -> None:
    lines = _column_lines(narrow.pdf, 1)
    start = next(i for i, line in enumerate(lines) if line.startswith("WL-"))
    end = next(i for i, line in enumerate(lines) if line.endswith("0004"))
    pieces = lines[start : end + 1]
    assert "".join(pieces) == LONG_CODE
    assert len(pieces) > 1
    assert all(piece.endswith("-") for piece in pieces[:-1])


def test_dates_and_short_cells_stay_on_one_line(narrow: Rendered) -> None:
    dates = _column_lines(narrow.pdf, 5)
    assert {"9月16日", "9月17日", "11月6日"} <= set(dates)
    assert "综治信访办" in _column_lines(narrow.pdf, 4)


def test_docx_hyphens_of_a_number_that_fits_do_not_break(narrow: Rendered) -> None:
    table = docx.Document(str(narrow.docx)).tables[0]
    cells = {cell.text: cell for row in table.rows for cell in row.cells}
    assert {"12345-2020-0418", "12345 12345-2020-0908", LONG_CODE} <= set(cells)
    whole = cells["12345-2020-0418"]._tc
    assert len(list(whole.iter(f"{W}noBreakHyphen"))) == 2
    assert len(list(cells["12345 12345-2020-0908"]._tc.iter(f"{W}noBreakHyphen"))) == 2
    # too long for its column: ordinary hyphens, so Word breaks it after one as the PDF does
    assert not list(cells[LONG_CODE]._tc.iter(f"{W}noBreakHyphen"))


def test_no_break_hyphens_only_inside_words_that_fit() -> None:
    assert no_break_hyphens("1-9月份以来", lambda w: True) == [1]
    assert no_break_hyphens("编号12345-2020-0418号", lambda w: True) == [7, 12]
    assert no_break_hyphens("编号12345-2020-0418号", lambda w: False) == []
    assert no_break_hyphens("——- -a b- 甲-乙", lambda w: True) == []


def test_paragraph_number_keeps_its_hyphen_in_the_docx(rendered: dict[str, Rendered]) -> None:
    document = docx.Document(str(rendered["ref4"].docx))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("1-9月份以来"))
    assert list(paragraph._p.iter(f"{W}noBreakHyphen"))
