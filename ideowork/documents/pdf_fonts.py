"""reportlab font registration by role, with per-character fallback to another font."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .fonts import FontFile, FontRole, fallback_font

# full-width punctuation that some fonts draw proportionally narrow: give it a whole cell
OPENING_QUOTES = frozenset("“‘")
CLOSING_QUOTES = frozenset("”’")


@lru_cache(maxsize=16)
def _load(path: str, index: int) -> TTFont:
    name = "iw_" + hashlib.sha1(f"{path}:{index}".encode()).hexdigest()[:12]
    # Not ASCII-readable: the first 256-character subset of a CJK font holds 256 of the
    # document's characters, not 160 around ASCII kept at its own codes (the writer's text
    # runs end where the subset changes; it never uses word spacing, which needs code 32).
    font = TTFont(name, path, subfontIndex=index, asciiReadable=False)
    _glyphs_without_copy(font)
    pdfmetrics.registerFont(font)
    return font


def registered_font(font: FontFile) -> TTFont:
    """The one reportlab font of ``font``'s file, registered under its own name. Other PDF
    makers (the demo's minutes) draw with it too: a second TTFont of the same file under
    another name upsets the writer's glyph widths in later documents of the process."""
    return _load(str(font.path), font.index)


class GlyphTable:
    """A font file's ``glyf`` table as reportlab's subsetting reads it: by slices (one glyph
    each), each slice copied, the whole table never."""

    def __init__(self, data: bytes, start: int, length: int) -> None:
        self._view = memoryview(data)[start : start + length]

    def __getitem__(self, key: slice) -> bytes:
        return bytes(self._view[key])


def _glyphs_without_copy(font: TTFont) -> None:
    """Make each subset of ``font`` read its glyphs from the file's data in place.

    reportlab's ``makeSubset`` (5.1) takes a copy of the whole ``glyf`` table for every
    256-character subset it embeds (5 MB for AR PL SungtiL, 15 MB for LXGW WenKai) only to
    slice the subset's glyphs out of it: a tenth of the PDF writer's time. It is the only
    reader of that table, and slices it only; the PDF comes out byte for byte the same
    (tests/documents/test_pdf_runs.py)."""
    face = font.face
    whole_table = face.get_table

    def get_table(tag: str) -> object:
        if tag == "glyf":
            start, length = face.get_table_pos(tag)
            return GlyphTable(face._ttf_data, start, length)
        return whole_table(tag)

    face.get_table = get_table


class PdfFonts:
    """The embedded font of every role, and a fallback for characters it lacks."""

    def __init__(self, files: Mapping[FontRole, FontFile]) -> None:
        self.files = dict(files)
        self._fonts = {role: _load(str(f.path), f.index) for role, f in self.files.items()}
        order = [self._fonts[r] for r in FontRole if r in self._fonts]
        order += [_load(str(fallback_font(r).path), fallback_font(r).index) for r in FontRole]
        self._fallback_order: list[TTFont] = []
        for font in order:
            if font not in self._fallback_order:
                self._fallback_order.append(font)
        self._pick: dict[tuple[FontRole, str], TTFont] = {}

    def font(self, role: FontRole) -> TTFont:
        return self._fonts[role]

    def face_name(self, role: FontRole) -> str:
        """The PostScript name that shows up in the PDF (e.g. ``WenQuanYiMicroHei``)."""
        name = self._fonts[role].face.name
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)

    def for_char(self, role: FontRole, ch: str) -> TTFont:
        """The role's font if it has ``ch``, else the first font that has it."""
        key = (role, ch)
        found = self._pick.get(key)
        if found is None:
            found = self._fonts[role]
            if ord(ch) not in found.face.charToGlyph and not ch.isspace():
                for other in self._fallback_order:
                    if ord(ch) in other.face.charToGlyph:
                        found = other
                        break
            self._pick[key] = found
        return found

    def glyph(self, role: FontRole, ch: str, size: float) -> tuple[TTFont, float, float]:
        """(font, natural advance, cell width) of ``ch``; the cell is wider for narrow quotes."""
        font = self.for_char(role, ch)
        natural = _width(font, ch, size)
        cell = natural
        if (ch in OPENING_QUOTES or ch in CLOSING_QUOTES) and natural < 0.9 * size:
            cell = size
        return font, natural, cell


def _width(font: TTFont, ch: str, size: float) -> float:
    return float(font.stringWidth(ch, size))
