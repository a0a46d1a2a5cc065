"""Logical font roles (小标宋, 仿宋, 黑体, 楷体, 宋体) and where their files come from.

The DOCX names each role (Word finds the font on the reader's PC); the PDF embeds a file per
role, resolved in this order: a file the user chose > a system font (Windows font folders;
fontconfig on Linux) > the open TrueType fallbacks shipped in ``resources/fonts``. Only
TrueType-outline fonts (a ``glyf`` table) are accepted: reportlab cannot embed CFF outlines.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from ideowork.paths import resources_dir


class FontRole(StrEnum):
    """The type faces GB/T 9704 asks for."""

    XIAOBIAOSONG = "小标宋"  # 发文机关标志, titles
    FANGSONG = "仿宋"  # body text (the default)
    HEITI = "黑体"  # level-1 headings, 密级, 紧急程度, 附件N
    KAITI = "楷体"  # level-2 headings, 签发人's name
    SONGTI = "宋体"  # page numbers


DEFAULT_DOCX_NAMES: Mapping[FontRole, str] = {
    FontRole.XIAOBIAOSONG: "方正小标宋简体",
    FontRole.FANGSONG: "仿宋_GB2312",
    FontRole.HEITI: "黑体",
    FontRole.KAITI: "楷体_GB2312",
    FontRole.SONGTI: "宋体",
}

# Shipped fallbacks: (file in resources/fonts, subfont index of a collection)
FALLBACK_FILES: Mapping[FontRole, tuple[str, int]] = {
    FontRole.XIAOBIAOSONG: ("gbsn00lp.ttf", 0),  # AR PL SungtiL GB (简报宋)
    FontRole.FANGSONG: ("gbsn00lp.ttf", 0),  # no open 仿宋 with TrueType outlines in Debian
    FontRole.HEITI: ("wqy-microhei.ttc", 0),  # WenQuanYi Micro Hei
    FontRole.KAITI: ("LXGWWenKai-Regular.ttf", 0),  # LXGW WenKai (楷-like)
    FontRole.SONGTI: ("gbsn00lp.ttf", 0),
}

# Windows font files by role, most specific first (matched case-insensitively).
WINDOWS_FILES: Mapping[FontRole, tuple[str, ...]] = {
    FontRole.XIAOBIAOSONG: (
        "FZXBSJW.TTF",
        "方正小标宋简体.ttf",
        "FZXiaoBiaoSong-B05S.ttf",
        "FZXBSK.TTF",
    ),
    FontRole.FANGSONG: ("仿宋_GB2312.ttf", "FANGSONG_GB2312.TTF", "FS_GB2312.TTF", "simfang.ttf"),
    FontRole.HEITI: ("simhei.ttf",),
    FontRole.KAITI: ("楷体_GB2312.ttf", "KAITI_GB2312.TTF", "KT_GB2312.TTF", "simkai.ttf"),
    FontRole.SONGTI: ("simsun.ttc", "simsun.ttf"),
}

# fontconfig family names by role; a match is used only if fontconfig really has the family
# (fc-match always answers with *something*, often a font of the wrong style).
FONTCONFIG_FAMILIES: Mapping[FontRole, tuple[str, ...]] = {
    FontRole.XIAOBIAOSONG: ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
    FontRole.FANGSONG: ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Zhuque Fangsong"),
    FontRole.HEITI: ("黑体", "SimHei"),
    FontRole.KAITI: ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"),
    FontRole.SONGTI: ("宋体", "SimSun"),
}


@dataclass(frozen=True)
class FontFile:
    """A font file (``index`` picks the face of a .ttc collection) and where it came from."""

    path: Path
    index: int = 0
    source: str = "内置"  # 用户 / 系统 / 内置


UserFonts = Mapping[FontRole, FontFile | Path | str]


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def is_truetype_outline(path: Path, index: int = 0) -> bool:
    """True if face ``index`` of ``path`` is an sfnt font with TrueType (``glyf``) outlines."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 <= index < count:
                    return False
                handle.seek(12 + 4 * index)
                offset = struct.unpack(">I", handle.read(4))[0]
                handle.seek(offset)
                head = handle.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False  # b"OTTO" is CFF
            num_tables = struct.unpack(">H", head[4:6])[0]
            handle.seek(offset + 12)
            directory = handle.read(16 * num_tables)
    except (OSError, struct.error):
        return False
    tags = {directory[i : i + 4] for i in range(0, len(directory), 16)}
    return b"glyf" in tags and b"CFF " not in tags and b"CFF2" not in tags


def _windows_font_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:  # fonts installed "for me only", without admin rights
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _find_windows_font(role: FontRole) -> FontFile | None:
    for directory in _windows_font_dirs():
        try:
            entries = {p.name.lower(): p for p in directory.iterdir()}
        except OSError:
            continue
        for name in WINDOWS_FILES[role]:
            path = entries.get(name.lower())
            if path is not None and is_truetype_outline(path):
                return FontFile(path, 0, "系统")
    return None


# One `fc-list` for every role and family (it was one `fc-match` per family, 16 processes
# each time the 系统 page or a report asked), kept for the life of the process.
_FC_LIST_FORMAT = "%{file}\\t%{index}\\t%{family}\\t%{weight}\\t%{slant}\\n"
REGULAR_WEIGHT = 80  # fontconfig's FC_WEIGHT_REGULAR


@dataclass(frozen=True)
class _Installed:
    path: Path
    index: int
    weight: float
    slant: int


@lru_cache(maxsize=1)
def installed_fonts() -> Mapping[str, tuple[_Installed, ...]]:
    """Fontconfig's fonts by family name (case-folded; a font is under each of its names)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return {}
    try:
        result = subprocess.run(
            [exe, "--format", _FC_LIST_FORMAT],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    by_family: dict[str, list[_Installed]] = {}
    for line in result.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) != 5:
            continue
        try:
            font = _Installed(
                Path(fields[0]), int(fields[1] or 0), _number(fields[3]), int(_number(fields[4]))
            )
        except ValueError:
            continue
        for family in fields[2].split(","):
            by_family.setdefault(family.strip().casefold(), []).append(font)
    return {family: tuple(fonts) for family, fonts in by_family.items()}


def _number(field: str) -> float:
    """A fontconfig number; a variable font's range `[40 210]` counts as regular."""
    try:
        return float(field)
    except ValueError:
        if field.startswith("["):
            return REGULAR_WEIGHT
        raise


def _find_fontconfig_font(role: FontRole) -> FontFile | None:
    fonts = installed_fonts()
    for family in FONTCONFIG_FAMILIES[role]:
        # The upright face nearest regular weight, as fc-match would choose for the family.
        candidates = sorted(
            fonts.get(family.casefold(), ()),
            key=lambda f: (f.slant != 0, abs(f.weight - REGULAR_WEIGHT), str(f.path), f.index),
        )
        for font in candidates:
            if is_truetype_outline(font.path, font.index):
                return FontFile(font.path, font.index, "系统")
    return None


def find_system_font(role: FontRole) -> FontFile | None:
    """The installed font for ``role``, if the system has a suitable TrueType one."""
    if sys.platform == "win32":
        return _find_windows_font(role)
    return _find_fontconfig_font(role)


def fallback_font(role: FontRole) -> FontFile:
    name, index = FALLBACK_FILES[role]
    return FontFile(fonts_dir() / name, index, "内置")


def _user_font(value: FontFile | Path | str) -> FontFile:
    if isinstance(value, FontFile):
        return FontFile(value.path, value.index, "用户")
    return FontFile(Path(value), 0, "用户")


class FontError(ValueError):
    """A chosen font file cannot be used."""


def resolve_font(role: FontRole, user: UserFonts | None = None, *, system: bool = True) -> FontFile:
    """The file for ``role``: the user's choice > a system font > the shipped fallback."""
    if user and role in user:
        chosen = _user_font(user[role])
        if not chosen.path.is_file():
            raise FontError(f"{role.value}字体文件不存在：{chosen.path}")
        if not is_truetype_outline(chosen.path, chosen.index):
            raise FontError(
                f"{role.value}字体文件不是TrueType轮廓字体（可能是CFF/OpenType-PS），无法嵌入PDF：{chosen.path}"
            )
        return chosen
    if system:
        found = find_system_font(role)
        if found is not None:
            return found
    return fallback_font(role)


def resolve_fonts(
    user: UserFonts | None = None, *, system: bool = True
) -> dict[FontRole, FontFile]:
    """:func:`resolve_font` for every role."""
    return {role: resolve_font(role, user, system=system) for role in FontRole}
