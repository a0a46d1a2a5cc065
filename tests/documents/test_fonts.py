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


def test_windows_fonts_are_found_in_windir_and_per_user_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows simhei.ttf & co. are found by file name, in either case, per-user fonts too."""
    import shutil
    import sys

    from ideowork.documents.fonts import FontRole, fonts_dir, resolve_font

    windir, local = tmp_path / "Windows", tmp_path / "Local"
    (windir / "Fonts").mkdir(parents=True)
    per_user = local / "Microsoft" / "Windows" / "Fonts"
    per_user.mkdir(parents=True)
    shutil.copy(fonts_dir() / "gbsn00lp.ttf", windir / "Fonts" / "SIMHEI.TTF")
    shutil.copy(fonts_dir() / "gbsn00lp.ttf", per_user / "simkai.ttf")
    (windir / "Fonts" / "simfang.ttf").write_bytes(b"OTTO" + b"\0" * 64)  # not TrueType: skipped
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(local))

    heiti = resolve_font(FontRole.HEITI)
    assert (heiti.path.name, heiti.source) == ("SIMHEI.TTF", "系统")
    kaiti = resolve_font(FontRole.KAITI)
    assert (kaiti.path.parent, kaiti.source) == (per_user, "系统")
    fangsong = resolve_font(FontRole.FANGSONG)
    assert fangsong.source == "内置"  # the CFF file was refused, the shipped font stands in
