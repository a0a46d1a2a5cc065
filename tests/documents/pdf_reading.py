"""Reading a rendered PDF back in tests: its characters as text lines, and font faces."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ideowork.documents.fonts import FontRole, resolve_fonts
from ideowork.documents.pdf_fonts import PdfFonts


def text_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """pdfplumber's characters grouped into lines (by their middle, 4 pt bands), left to
    right; blanks left out."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in chars:
        if c["text"].strip():
            rows[round((c["top"] + c["bottom"]) / 2 / 4)].append(c)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def line_text(line: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in line)


def face(role: FontRole) -> str:
    """The PDF font name the writer gives `role` with the fonts found here."""
    return PdfFonts(resolve_fonts()).face_name(role)
