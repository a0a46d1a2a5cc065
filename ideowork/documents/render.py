"""The public entry point: a :class:`Document` to DOCX and/or PDF files."""

from __future__ import annotations

from collections.abc import Mapping, Set
from pathlib import Path

from .docx_writer import write_docx
from .fonts import FontRole, UserFonts, resolve_fonts
from .model import Document
from .pdf_writer import write_pdf

FORMATS = frozenset({"docx", "pdf"})


def render_document(
    doc: Document,
    out_dir: Path,
    stem: str,
    formats: Set[str] = FORMATS,
    fonts: UserFonts | None = None,
    docx_font_names: Mapping[FontRole, str] | None = None,
) -> dict[str, Path]:
    """Write ``doc`` as ``out_dir/stem.docx`` and/or ``.pdf``; return the paths by format.

    ``fonts`` maps roles to font files the user chose for the PDF (others are resolved from
    the system, then the shipped fallbacks); ``docx_font_names`` overrides the font names the
    DOCX asks for (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体).
    """
    unknown = set(formats) - FORMATS
    if unknown:
        raise ValueError(f"unknown formats: {sorted(unknown)}")
    if not formats:
        raise ValueError("no format requested")
    if not stem or "/" in stem or "\\" in stem:
        raise ValueError(f"invalid file stem: {stem!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    if "docx" in formats:
        path = out_dir / f"{stem}.docx"
        write_docx(doc, path, docx_font_names)
        out["docx"] = path
    if "pdf" in formats:
        path = out_dir / f"{stem}.pdf"
        write_pdf(doc, path, resolve_fonts(fonts))
        out["pdf"] = path
    return out
