"""System fonts found through one fontconfig listing, not a process per family name."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ideowork.documents import fonts
from ideowork.documents.fonts import FontRole


@pytest.fixture(autouse=True)
def fresh_listing() -> Iterator[None]:
    fonts.installed_fonts.cache_clear()
    yield
    fonts.installed_fonts.cache_clear()


def fake_fc_list(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> list[list[str]]:
    calls: list[list[str]] = []

    def run(command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, "".join(f"{line}\n" for line in lines), "")

    monkeypatch.setattr(fonts.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(fonts.subprocess, "run", run)
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    return calls


@pytest.fixture
def cff_font(tmp_path: Path) -> Path:
    path = tmp_path / "cff.otf"
    path.write_bytes(b"OTTO" + bytes(64))  # CFF outlines: reportlab cannot embed them
    return path


def test_every_role_is_found_with_one_process(
    monkeypatch: pytest.MonkeyPatch, cff_font: Path
) -> None:
    shipped = fonts.fonts_dir()
    hei, kai = shipped / "wqy-microhei.ttc", shipped / "LXGWWenKai-Regular.ttf"
    song = shipped / "gbsn00lp.ttf"
    calls = fake_fc_list(
        monkeypatch,
        [
            f"{hei}\t1\tSimHei,黑体\t200\t0",  # bold: not the first choice
            f"{hei}\t0\tSimHei,黑体\t80\t0",
            f"{kai}\t0\tKaiTi,楷体\t80\t100",  # italic
            f"{cff_font}\t0\t宋体,SimSun\t80\t0",  # CFF: skipped
            f"{song}\t0\tsimsun\t[40 210]\t0",  # a variable font's weight range
            "garbage line",
        ],
    )
    found = fonts.resolve_fonts()
    assert found[FontRole.HEITI] == fonts.FontFile(hei, 0, "系统")
    assert found[FontRole.KAITI] == fonts.FontFile(kai, 0, "系统")  # the only face
    assert found[FontRole.SONGTI] == fonts.FontFile(song, 0, "系统")
    assert found[FontRole.FANGSONG].source == "内置"  # none installed
    fonts.resolve_fonts()
    assert len(calls) == 1 and calls[0][:2] == ["/usr/bin/fc-list", "--format"]


def test_no_fontconfig_means_the_shipped_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts.shutil, "which", lambda _name: None)
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    assert {f.source for f in fonts.resolve_fonts().values()} == {"内置"}


def test_a_failing_fc_list_means_the_shipped_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        raise subprocess.TimeoutExpired(command, 20)

    monkeypatch.setattr(fonts.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(fonts.subprocess, "run", broken)
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    assert {f.source for f in fonts.resolve_fonts().values()} == {"内置"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig")
def test_the_real_listing_names_the_files_fontconfig_matches() -> None:
    if shutil.which("fc-list") is None or shutil.which("fc-match") is None:
        pytest.skip("fontconfig is not installed")
    listing = fonts.installed_fonts()
    for family, faces in listing.items():
        assert family == family.casefold() and faces
        for face in faces:
            assert face.path.is_absolute()
    matched = subprocess.run(
        ["fc-match", "-f", "%{file}", "WenQuanYi Micro Hei"], capture_output=True, text=True
    )
    if matched.returncode == 0 and "wqy-microhei" in matched.stdout:
        assert Path(matched.stdout) in {f.path for f in listing["wenquanyi micro hei"]}
