"""The DOCX opens in LibreOffice and lays out like the PDF (slow; skipped without soffice)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from .conftest import Rendered

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def converted_by_libreoffice(docx: Path, tmp_path: Path) -> Path:
    """``docx`` converted to PDF by LibreOffice (a profile of its own in ``tmp_path``)."""
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return tmp_path / f"{docx.stem}.pdf"


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("key", ["ref1", "ref4"])
def test_docx_converts_in_libreoffice(
    key: str, rendered: dict[str, Rendered], tmp_path: Path
) -> None:
    sample = rendered[key]
    converted = converted_by_libreoffice(sample.docx, tmp_path)
    with pdfplumber.open(converted) as lo, pdfplumber.open(sample.pdf) as ours:
        assert abs(len(lo.pages) - len(ours.pages)) <= 1
        text = "".join((p.extract_text() or "") for p in lo.pages).replace(" ", "")
        assert sample.document.single_line_title.replace("\n", "") in text.replace("\n", "")
        page_one = (lo.pages[0].extract_text() or "").replace(" ", "")
        assert "〔2020〕" in page_one
        assert "—1—" in page_one
        assert (lo.pages[0].width, lo.pages[0].height) == pytest.approx((595.3, 841.9), abs=1)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_landscape_docx_converts_in_libreoffice(
    rendered: dict[str, Rendered], tmp_path: Path
) -> None:
    sample = rendered["ledger"]
    converted = converted_by_libreoffice(sample.docx, tmp_path)
    with pdfplumber.open(converted) as lo, pdfplumber.open(sample.pdf) as ours:
        assert abs(len(lo.pages) - len(ours.pages)) <= 1
        for page in lo.pages:
            assert (page.width, page.height) == pytest.approx((841.9, 595.3), abs=1)
        page_one = (lo.pages[0].extract_text() or "").replace(" ", "")
        assert "2020年舆情台账" in page_one
        assert "—1—" in page_one
        # the table spans the turned text block: 35 mm to 297 - 37 mm
        rules = [r for r in lo.pages[0].edges if r["orientation"] == "v"]
        left, right = min(r["x0"] for r in rules), max(r["x0"] for r in rules)
        assert left == pytest.approx(35 * 72 / 25.4, abs=6)
        assert right == pytest.approx((297 - 37) * 72 / 25.4, abs=6)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_small_table_rows_in_libreoffice(rendered: dict[str, Rendered], tmp_path: Path) -> None:
    """The 小四 ledger: LibreOffice sets the cells' lines 18 pt apart, 3 pt padded, rows
    whole on a page under the repeated header, about as many pages as the PDF."""
    sample = rendered["study"]
    converted = converted_by_libreoffice(sample.docx, tmp_path)
    with pdfplumber.open(converted) as lo, pdfplumber.open(sample.pdf) as ours:
        assert abs(len(lo.pages) - len(ours.pages)) <= 1
        heights: list[float] = []
        for page in lo.pages:
            assert (page.extract_text() or "").replace(" ", "").count("序号") == 1
            ys = sorted({round(r["top"], 1) for r in page.lines if abs(r["top"] - r["bottom"]) < 1})
            heights.extend(b - a for a, b in itertools.pairwise(ys))
    assert len(heights) >= 33
    for height in heights:  # n lines of 18 pt, 2 x 3 pt of padding (and a 0.5 pt rule)
        lines = round((height - 6) / 18)
        assert lines >= 1
        assert height == pytest.approx(lines * 18 + 6, abs=1.0)
