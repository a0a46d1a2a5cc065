"""Shared fixtures: the sample documents, parsed and rendered once per session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Document
from ideowork.documents.render import render_document

SAMPLES = Path(__file__).parent / "samples"


@dataclass(frozen=True)
class Rendered:
    document: Document
    pdf: Path
    docx: Path


def load_sample(name: str) -> Document:
    return parse_markup((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    out = tmp_path_factory.mktemp("rendered")
    result: dict[str, Rendered] = {}
    for key, name in (
        ("ref1", "ref1_quarterly_report.txt"),
        ("ref4", "ref4_cover_report.txt"),
        ("ledger", "ledger_landscape.txt"),  # 版式：横向, 表格字号：五号, 文种：台账
        ("narrow", "narrow_columns.txt"),  # reference numbers in a squeezed column
        ("signin", "sign_in_sheet.txt"),  # column widths from |--|---|-------|…|
        ("study", "study_ledger.txt"),  # 横向, 表格字号：小四, widths, 署名 after the table
    ):
        document = load_sample(name)
        paths = render_document(document, out, key)
        result[key] = Rendered(document, paths["pdf"], paths["docx"])
    return result
