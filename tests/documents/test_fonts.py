from __future__ import annotations

from pathlib import Path

import pytest

from ideowork.documents.fonts import (
    FALLBACK_FILES,
    FontError,
    FontFile,
    FontRole,
    fallback_font,
    is_truetype_outline,
    resolve_font,
    resolve_fonts,
    resources_dir,
)


def test_shipped_fallbacks_exist_and_are_truetype() -> None:
    for role in FontRole:
        font = fallback_font(role)
        assert font.path.is_file(), font
        assert is_truetype_outline(font.path, font.index)
    assert (resources_dir() / "fonts" / "LICENSES").is_dir()
    assert {name for name, _ in FALLBACK_FILES.values()} <= {
        p.name for p in (resources_dir() / "fonts").iterdir()
    }


def test_cff_fonts_are_rejected(tmp_path: Path) -> None:
    cff = tmp_path / "cff.otf"
    # an sfnt header with the OTTO (CFF) signature and one 'CFF ' table
    cff.write_bytes(b"OTTO" + b"\x00\x01" + b"\x00" * 6 + b"CFF " + b"\x00" * 12)
    assert not is_truetype_outline(cff)
    with pytest.raises(FontError):
        resolve_font(FontRole.FANGSONG, {FontRole.FANGSONG: cff})
    with pytest.raises(FontError):
        resolve_font(FontRole.FANGSONG, {FontRole.FANGSONG: tmp_path / "missing.ttf"})


def test_user_choice_wins_over_system_and_fallback() -> None:
    kai = fallback_font(FontRole.KAITI).path
    chosen = resolve_font(FontRole.FANGSONG, {FontRole.FANGSONG: str(kai)})
    assert chosen == FontFile(kai, 0, "用户")


def test_fallbacks_when_system_lookup_is_off() -> None:
    fonts = resolve_fonts(system=False)
    assert fonts[FontRole.HEITI].path.name == "wqy-microhei.ttc"
    assert all(f.source == "内置" for f in fonts.values())
