"""Font settings: a user-chosen font file is embedded, DOCX names are configurable."""

from __future__ import annotations

import shutil
import zipfile
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest

from ideowork.documents.fonts import FontRole, fonts_dir
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.periods import Period
from ideowork.services.context import Services

Q3 = Period.parse("2020Q3")


def body_font(pdf_path: Path) -> str:
    """The font of the opening body paragraph (仿宋), “2020年以来，……”: read from the
    characters (a word may straddle two 256-glyph subsets of the font, which pdfplumber
    splits)."""
    with pdfplumber.open(pdf_path) as pdf:
        chars = pdf.pages[0].chars
    return str(
        next(
            c["fontname"]
            for c, after in pairwise(chars)
            if c["text"] == "以" and after["text"] == "来"
        )
    )


def test_a_chosen_font_file_is_embedded(demo_services: Services, tmp_path: Path) -> None:
    settings = demo_services.settings
    chosen = tmp_path / "my-fangsong.ttf"
    shutil.copy(fonts_dir() / "LXGWWenKai-Regular.ttf", chosen)  # any TrueType face will do
    settings.choose_pdf_font(FontRole.FANGSONG, chosen)
    [fangsong] = [c for c in settings.font_choices() if c.role is FontRole.FANGSONG]
    assert fangsong.file is not None and fangsong.file.source == "用户"
    made = demo_services.reports.make(
        "quarterly-implementation", Q3, tmp_path / "a", frozenset({"pdf"})
    )
    assert "WenKai" in body_font(made.files["pdf"])

    settings.choose_pdf_font(FontRole.FANGSONG, None)
    made = demo_services.reports.make(
        "quarterly-implementation", Q3, tmp_path / "b", frozenset({"pdf"})
    )
    assert "WenKai" not in body_font(made.files["pdf"])


def test_unusable_font_files_are_refused(demo_services: Services, tmp_path: Path) -> None:
    settings = demo_services.settings
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"OTTO" + b"\0" * 200)  # a CFF-outline (OpenType/PS) header
    with pytest.raises(ValidationError, match="不是 TrueType 轮廓字体"):
        settings.choose_pdf_font(FontRole.HEITI, fake)
    with pytest.raises(ValidationError, match="找不到字体文件"):
        settings.choose_pdf_font(FontRole.HEITI, tmp_path / "none.ttf")


def test_a_chosen_font_that_disappeared_is_explained(
    demo_services: Services, tmp_path: Path
) -> None:
    settings = demo_services.settings
    chosen = tmp_path / "gone.ttf"
    shutil.copy(fonts_dir() / "gbsn00lp.ttf", chosen)
    settings.choose_pdf_font(FontRole.KAITI, chosen)
    chosen.unlink()
    [kaiti] = [c for c in settings.font_choices() if c.role is FontRole.KAITI]
    assert kaiti.file is None and "不存在" in kaiti.problem
    with pytest.raises(UserError, match="公文字体"):
        demo_services.reports.make("quarterly-analysis", Q3, tmp_path, frozenset({"pdf"}))


def test_docx_font_names(demo_services: Services, tmp_path: Path) -> None:
    settings = demo_services.settings
    settings.set_docx_name(FontRole.FANGSONG, "仿宋")
    assert settings.docx_names()[FontRole.FANGSONG] == "仿宋"
    made = demo_services.reports.make("quarterly-analysis", Q3, tmp_path, frozenset({"docx"}))
    with zipfile.ZipFile(made.files["docx"]) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋"' in xml and "仿宋_GB2312" not in xml
    settings.set_docx_name(FontRole.FANGSONG, " ")
    assert settings.docx_names()[FontRole.FANGSONG] == "仿宋_GB2312"  # blank means the default
