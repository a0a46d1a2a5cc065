"""The DOCX writer's shortcuts write exactly what python-docx's own calls write.

The writer copies one parsed default template instead of reading and parsing it for every
document, copies a run's properties (w:rPr) made once for each look, and puts plain text into a
run without python-docx's character-by-character pass. Every part of every sample document
must come out byte for byte as without those shortcuts.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from ideowork.documents import docx_writer
from ideowork.documents.docx_writer import blank_docx, write_docx

from .conftest import load_sample
from .test_pdf_runs import SAMPLE_FILES


def parts(path: Path) -> dict[str, bytes]:
    """Every part of a DOCX but its core properties (they carry the time of writing)."""
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"
        }


def template_parts(document: Any) -> dict[str, bytes]:
    return {str(part.partname): part.blob for part in document.part.package.iter_parts()}


class _NeverKept(dict[Any, Any]):
    """A cache that keeps nothing: every run's properties made by python-docx."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


class _AlwaysBreaks:
    """Every text goes through python-docx's own run text."""

    def intersection(self, text: str) -> bool:
        return True


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_writer, "blank_docx", docx.Document)
    monkeypatch.setattr(docx_writer, "_RUN_BREAKS", _AlwaysBreaks())
    original = docx_writer.DocxRenderer.__init__

    def init(self: docx_writer.DocxRenderer, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self._run_properties = _NeverKept()

    monkeypatch.setattr(docx_writer.DocxRenderer, "__init__", init)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_the_same_parts_as_python_docx_writes(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = load_sample(name)
    write_docx(document, tmp_path / "fast.docx")
    with monkeypatch.context() as patched:
        _without_shortcuts(patched)
        write_docx(document, tmp_path / "plain.docx")
    fast, plain = parts(tmp_path / "fast.docx"), parts(tmp_path / "plain.docx")
    assert fast.keys() == plain.keys()
    for part, data in plain.items():
        assert fast[part] == data, part


def test_the_template_copy_is_the_template_and_stays_untouched(tmp_path: Path) -> None:
    fresh = template_parts(docx.Document())
    assert template_parts(blank_docx()) == fresh
    for name in SAMPLE_FILES[:2]:
        write_docx(load_sample(name), tmp_path / "out.docx")
    assert template_parts(docx_writer._template()) == fresh
    assert template_parts(blank_docx()) == fresh


def test_a_document_written_again_is_the_same(tmp_path: Path) -> None:
    """Nothing of one document stays behind for the next (the template, the run looks)."""
    first, other = load_sample(SAMPLE_FILES[0]), load_sample(SAMPLE_FILES[2])
    write_docx(first, tmp_path / "a.docx")
    write_docx(other, tmp_path / "b.docx")
    write_docx(first, tmp_path / "c.docx")
    assert parts(tmp_path / "a.docx") == parts(tmp_path / "c.docx")
