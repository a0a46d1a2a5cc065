"""The public entry point: a :class:`Document` to DOCX and/or PDF files.

Nothing is written over the files already there until every requested format has been
rendered: each goes first to a hidden sibling (written whole by the writer, see
:mod:`ideowork.files`), so a writer that fails (a font, a full disk, a kill) leaves the previous
DOCX and PDF exactly as they were. :func:`stage_document` stops there, for a caller that puts
the files in place in step with a database transaction (:mod:`ideowork.file_sets`);
:func:`render_document` puts them in place at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from ideowork.file_sets import staged_path
from ideowork.files import check_target, commit_file

from .docx_writer import write_docx
from .fonts import FontRole, UserFonts, resolve_fonts
from .model import Document
from .pdf_writer import PdfLayout, render_pdf

FORMATS = frozenset({"docx", "pdf"})


@dataclass(frozen=True)
class StagedFiles:
    """Rendered files waiting beside their targets under hidden names."""

    targets: dict[str, Path]  # by format: where each file belongs
    staged: dict[str, Path]  # by format: the complete new file, hidden

    def discard(self) -> None:
        for path in self.staged.values():
            path.unlink(missing_ok=True)

    def put_in_place(self) -> dict[str, Path]:
        """Rename each staged file over its target (each whole; the set not as one)."""
        try:
            for fmt, target in self.targets.items():
                commit_file(self.staged[fmt], target)
        finally:
            self.discard()
        return dict(self.targets)


def document_targets(out_dir: Path, stem: str, formats: Set[str] = FORMATS) -> dict[str, Path]:
    """The files ``render_document`` writes for ``formats``, by format (docx before pdf)."""
    unknown = set(formats) - FORMATS
    if unknown:
        raise ValueError(f"unknown formats: {sorted(unknown)}")
    if not formats:
        raise ValueError("no format requested")
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        raise ValueError(f"invalid file stem: {stem!r}")
    return {fmt: out_dir / f"{stem}.{fmt}" for fmt in sorted(formats)}


def stage_document(
    doc: Document,
    out_dir: Path,
    stem: str,
    formats: Set[str] = FORMATS,
    fonts: UserFonts | None = None,
    docx_font_names: Mapping[FontRole, str] | None = None,
    token: str | None = None,
) -> StagedFiles:
    """Render ``doc`` for ``formats`` to hidden siblings of ``out_dir/stem.<format>``.

    The targets are not touched. ``token`` names the staged files (see
    :func:`ideowork.file_sets.staged_path`); on any error every staged file is removed.
    """
    targets = document_targets(out_dir, stem, formats)
    for target in targets.values():
        check_target(target)  # never over a folder, a device or a link; makes out_dir
    token = token or secrets.token_hex(6)
    staged = {fmt: staged_path(target, token) for fmt, target in targets.items()}
    files = StagedFiles(targets, staged)
    try:
        layout: PdfLayout | None = None
        if "pdf" in staged:
            layout = render_pdf(doc, staged["pdf"], resolve_fonts(fonts))
        if "docx" in staged:
            if layout is None and doc.double_sided and not doc.imprint.is_empty:
                # where the PDF puts the 版记 (a page of its own, after a blank one?) decides
                # the DOCX's section break
                layout = render_pdf(doc, None, resolve_fonts(fonts))
            write_docx(doc, staged["docx"], docx_font_names, layout)
    except BaseException:
        files.discard()
        raise
    return files


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
    staged = stage_document(doc, out_dir, stem, formats, fonts, docx_font_names)
    return staged.put_in_place()
