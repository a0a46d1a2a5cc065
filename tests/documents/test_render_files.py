"""Document files are written whole: a failing writer or a full disk leaves the previous DOCX
and PDF exactly as they were, and no temporary file; never over a folder or a link."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument

from ideowork.documents import pdf_writer
from ideowork.documents.markup import parse_markup
from ideowork.documents.model import Document
from ideowork.documents.render import render_document, stage_document
from ideowork.domain.errors import UserError

MARKUP = """发文机关标志：中共完冒镇委员会
文号：完党字〔2020〕105号
标题：关于开展学习的通知
主送：各党支部
署名：中共完冒镇委员会
日期：2020-09-09
---
现将有关事项通知如下。
# 学习内容
学习党的理论。
"""


@pytest.fixture
def document() -> Document:
    return parse_markup(MARKUP)


@pytest.fixture
def old_files(tmp_path: Path, document: Document) -> dict[Path, bytes]:
    """A good DOCX and PDF from an earlier run, as the archive points to them."""
    earlier = parse_markup(MARKUP.replace("学习党的理论。", "上一版的正文。"))
    paths = render_document(earlier, tmp_path, "通知")
    return {path: path.read_bytes() for path in paths.values()}


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def assert_untouched(folder: Path, old_files: dict[Path, bytes]) -> None:
    assert listing(folder) == sorted(path.name for path in old_files)  # no temporary files
    for path, content in old_files.items():
        assert path.read_bytes() == content, path.name


def test_both_files_are_replaced_and_nothing_else_is_left(
    tmp_path: Path, document: Document, old_files: dict[Path, bytes]
) -> None:
    paths = render_document(document, tmp_path, "通知")
    assert listing(tmp_path) == ["通知.docx", "通知.pdf"]
    assert (
        paths["pdf"].read_bytes().startswith(b"%PDF")
        and paths["pdf"].read_bytes() != (old_files[paths["pdf"]])
    )
    assert paths["docx"].read_bytes()[:2] == b"PK"


def failing_pdf_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: pdf_writer.PdfRenderer, *args: object) -> None:
        raise RuntimeError("a bug halfway through the PDF")

    monkeypatch.setattr(pdf_writer.PdfRenderer, "_page_number", broken)


def full_disk_writing(suffix: str) -> Callable[[Path, bytes], int]:
    """Path.write_bytes that writes half of a ``suffix`` file, then finds the disk full."""
    real = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        if suffix in path.name:
            real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    return write_bytes


def test_a_pdf_writer_failing_midway_leaves_both_old_files(
    tmp_path: Path,
    document: Document,
    old_files: dict[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failing_pdf_drawing(monkeypatch)
    with pytest.raises(RuntimeError):
        render_document(document, tmp_path, "通知")
    assert_untouched(tmp_path, old_files)  # the DOCX too: nothing is put in place before all


def test_a_full_disk_while_the_pdf_is_written_leaves_both_old_files(
    tmp_path: Path,
    document: Document,
    old_files: dict[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Path, "write_bytes", full_disk_writing(".pdf"))
    with pytest.raises(OSError) as raised:
        render_document(document, tmp_path, "通知")
    assert raised.value.errno == errno.ENOSPC
    assert_untouched(tmp_path, old_files)


def test_a_docx_writer_failing_midway_leaves_both_old_files(
    tmp_path: Path,
    document: Document,
    old_files: dict[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_save = DocxDocument.save

    def half_save(self: DocxDocument, path: str) -> None:
        real_save(self, path)
        Path(path).write_bytes(Path(path).read_bytes()[:1000])
        raise OSError(errno.ENOSPC, "No space left on device", path)

    monkeypatch.setattr(DocxDocument, "save", half_save)
    with pytest.raises(OSError):
        render_document(document, tmp_path, "通知")
    assert_untouched(tmp_path, old_files)


def test_staging_leaves_the_targets_alone_until_put_in_place(
    tmp_path: Path, document: Document, old_files: dict[Path, bytes]
) -> None:
    staged = stage_document(document, tmp_path, "通知", token="abc123")
    assert sorted(p.name for p in staged.staged.values()) == [
        ".通知.docx.abc123.tmp",
        ".通知.pdf.abc123.tmp",
    ]
    for path, content in old_files.items():
        assert path.read_bytes() == content
    staged.discard()
    assert_untouched(tmp_path, old_files)


def test_refuses_to_write_over_a_folder(tmp_path: Path, document: Document) -> None:
    (tmp_path / "通知.pdf").mkdir()
    with pytest.raises(UserError, match="文件夹"):
        render_document(document, tmp_path, "通知")
    assert listing(tmp_path) == ["通知.pdf"]  # not even the DOCX: every target checked first
    assert (tmp_path / "通知.pdf").is_dir()


def test_refuses_to_write_through_a_link(tmp_path: Path, document: Document) -> None:
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"keep")
    (tmp_path / "通知.docx").symlink_to(elsewhere)
    with pytest.raises(UserError, match="链接"):
        render_document(document, tmp_path, "通知")
    assert elsewhere.read_bytes() == b"keep"
    assert listing(tmp_path) == ["elsewhere.docx", "通知.docx"]


def test_refuses_a_hidden_or_path_like_stem(tmp_path: Path, document: Document) -> None:
    for stem in (".通知", "a/b", "a\\b", ""):
        with pytest.raises(ValueError):
            render_document(document, tmp_path, stem)
    assert listing(tmp_path) == []
