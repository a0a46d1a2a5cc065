"""GB/T 9704-2012 layout constants shared by the DOCX and the PDF writers.

One place for every measure of the page: both writers import these names, so the two outputs
cannot drift apart. What depends on the page's orientation (paper, margins, grid) is a
:class:`PageGeometry`; the writers take the one of the document's 版式 (:func:`geometry`).
Lengths are given in millimetres (``*_MM``), points (``*_PT``) or twips (``*_TWIPS``, 1/20 pt,
the unit of WordprocessingML); the helpers convert between them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .model import Orientation, TableSize

MM_PER_INCH: Final = 25.4
PT_PER_INCH: Final = 72.0
PT_PER_MM: Final = PT_PER_INCH / MM_PER_INCH
TWIPS_PER_PT: Final = 20


def mm_to_pt(mm: float) -> float:
    """Millimetres to PostScript points."""
    return mm * PT_PER_MM


def pt_to_mm(pt: float) -> float:
    """PostScript points to millimetres."""
    return pt / PT_PER_MM


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips (rounded)."""
    return round(mm * PT_PER_MM * TWIPS_PER_PT)


def pt_to_twips(pt: float) -> int:
    """Points to twips (rounded)."""
    return round(pt * TWIPS_PER_PT)


# --- type sizes (号) ----------------------------------------------------------------------
SIZE_2: Final = 22.0  # 2号
SIZE_3: Final = 16.0  # 3号
SIZE_4: Final = 14.0  # 4号
SIZE_SMALL_4: Final = 12.0  # 小4号
SIZE_5: Final = 10.5  # 5号
BODY_SIZE: Final = SIZE_3
TITLE_SIZE: Final = SIZE_2
TABLE_SIZE: Final = SIZE_4  # the default; 表格字号 may ask for 小四 or 五号
IMPRINT_SIZE: Final = SIZE_4  # 版记 (抄送, 印发)
PAGE_NUMBER_SIZE: Final = SIZE_4
TABLE_SIZES: Final[Mapping[TableSize, float]] = {
    TableSize.SI: SIZE_4,
    TableSize.XIAO_SI: SIZE_SMALL_4,
    TableSize.WU: SIZE_5,
}

# Word's "exactly 28.95 pt": 22 x 28.95 pt = 224.7 mm, inside the 225 mm text block.
LINE_PITCH_TWIPS: Final = 579
LINE_PITCH_PT: Final = LINE_PITCH_TWIPS / TWIPS_PER_PT

# Lines of table text. 四号 cells sit on the body grid, a line of text to a grid line, rows
# whole grid lines (the glyphs centred in them leave 7.5 pt above and below). Smaller table
# text would float in lines 2.4 (小四) or 2.8 (五号) times its size and print few rows to a
# page, so 小四 and 五号 cells set their lines 1.5 times their size apart, 18 pt and 15.75 pt
# (360 and 315 twips, exact in Word): half an em between the lines of a cell, where the body
# grid leaves 0.8 em between 3号 lines, enough for CJK glyphs that fill their em box to read
# as separate lines. Each row is padded TABLE_CELL_PAD_V_PT above and below, so a one-line
# row of 小四 is 24 pt with 6 pt between the rules and the glyphs, about what the grid leaves
# around 四号 text (7.5 pt). The text after such a table resumes on the next grid line.
TABLE_LINE_PITCHES: Final[Mapping[TableSize, float]] = {
    TableSize.SI: LINE_PITCH_PT,
    TableSize.XIAO_SI: 1.5 * SIZE_SMALL_4,
    TableSize.WU: 1.5 * SIZE_5,
}
TABLE_CELL_PAD_V_PT: Final = 3.0  # above and below the lines of an off-grid table's row


@dataclass(frozen=True)
class PageGeometry:
    """Paper, text block (版心) and grid of one page orientation (GB/T 9704 rows 1-3).

    The writers take every position on the page from the document's geometry:
    :data:`PORTRAIT` is the standard page; :data:`LANDSCAPE` is the same sheet turned for wide
    tables (:meth:`turned`). Lines per page and characters per line follow from the text block,
    the line pitch and the body size: 22 x 28 upright, 15 x 40 turned.
    """

    page_width_mm: float
    page_height_mm: float
    margin_top_mm: float
    margin_left_mm: float
    text_width_mm: float
    text_height_mm: float
    landscape: bool = False

    def turned(self) -> PageGeometry:
        """The sheet given a quarter turn clockwise, text block and margins with it: the 订口
        (the upright page's left margin) becomes the top margin, the 天头 the right one."""
        return PageGeometry(
            page_width_mm=self.page_height_mm,
            page_height_mm=self.page_width_mm,
            margin_top_mm=self.margin_left_mm,
            margin_left_mm=self.margin_bottom_mm,
            text_width_mm=self.text_height_mm,
            text_height_mm=self.text_width_mm,
            landscape=not self.landscape,
        )

    # --- margins --------------------------------------------------------------------------
    @property
    def margin_right_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.text_width_mm

    @property
    def margin_bottom_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.text_height_mm

    # --- the same in points ---------------------------------------------------------------
    @property
    def page_width_pt(self) -> float:
        return mm_to_pt(self.page_width_mm)

    @property
    def page_height_pt(self) -> float:
        return mm_to_pt(self.page_height_mm)

    @property
    def margin_top_pt(self) -> float:
        return mm_to_pt(self.margin_top_mm)

    @property
    def margin_left_pt(self) -> float:
        return mm_to_pt(self.margin_left_mm)

    @property
    def text_width_pt(self) -> float:
        return mm_to_pt(self.text_width_mm)

    @property
    def text_height_pt(self) -> float:
        return mm_to_pt(self.text_height_mm)

    @property
    def text_right_pt(self) -> float:
        """Right edge of the text block, from the left of the page."""
        return self.margin_left_pt + self.text_width_pt

    @property
    def text_bottom_pt(self) -> float:
        """Bottom of the text block, from the top of the page."""
        return self.margin_top_pt + self.text_height_pt

    # --- grid -----------------------------------------------------------------------------
    @property
    def lines_per_page(self) -> int:
        """Whole lines of :data:`LINE_PITCH_PT` in the text block (22 upright, 15 turned)."""
        return math.floor(self.text_height_pt / LINE_PITCH_PT + 1e-9)

    @property
    def chars_per_line(self) -> int:
        """3号 characters to a line, condensed or spread a little to fill the line exactly."""
        return round(self.text_width_pt / BODY_SIZE)

    @property
    def grid_height_pt(self) -> float:
        return self.lines_per_page * LINE_PITCH_PT

    @property
    def char_pitch_pt(self) -> float:
        return self.text_width_pt / self.chars_per_line

    @property
    def char_scale(self) -> float:
        """Advance factor applied to every glyph (PDF) so the line holds its characters."""
        return self.char_pitch_pt / BODY_SIZE

    @property
    def condense_pt(self) -> float:
        """Change of a 3号 character's advance: about -0.21 pt upright, -0.06 pt turned."""
        return self.char_pitch_pt - BODY_SIZE

    @property
    def docx_char_space(self) -> int:
        """WordprocessingML docGrid/@w:charSpace: the pitch change in 1/4096 pt."""
        return round(self.condense_pt * 4096)

    @property
    def docx_run_condense_twips(self) -> int:
        """Character spacing of the Normal style (twips), a hair tighter than the grid cell, so
        that Word and LibreOffice set exactly ``chars_per_line`` characters to a line (and
        half a character more does not fit): -6 (紧缩0.3磅) upright, -3 turned."""
        return math.floor((self.char_pitch_pt - BODY_SIZE) * TWIPS_PER_PT) - 1

    def char_width_pt(self, size: float = BODY_SIZE) -> float:
        """Width of one full-width character cell at ``size`` on the condensed grid."""
        return size * self.char_scale

    def chars(self, n: float, size: float = BODY_SIZE) -> float:
        """``n`` characters of ``size`` in points."""
        return n * self.char_width_pt(size)

    def line_top_pt(self, index: int) -> float:
        """Top of grid line ``index`` (0-based), measured down from the top of the page."""
        return self.margin_top_pt + index * LINE_PITCH_PT

    def y(self, down: float) -> float:
        """A top-down distance as a bottom-up coordinate (PDF)."""
        return self.page_height_pt - down


# --- paper and text block (GB/T 9704 rows 1-2) --------------------------------------------
PORTRAIT: Final = PageGeometry(
    page_width_mm=210.0,
    page_height_mm=297.0,
    margin_top_mm=37.0,  # 天头
    margin_left_mm=28.0,  # 订口
    text_width_mm=156.0,  # 版心宽
    text_height_mm=225.0,  # 版心高
)
# A4 turned for a wide table: 297 x 210 mm, the 225 x 156 mm text block turned with it; the
# 订口 (28 mm) on top, 26 mm below, 35 mm left, 37 mm right.
LANDSCAPE: Final = PORTRAIT.turned()


def geometry(orientation: Orientation) -> PageGeometry:
    """The page geometry of a document's 版式."""
    return LANDSCAPE if orientation is Orientation.LANDSCAPE else PORTRAIT


# The upright page's measures under their old names (tests and GB/T figures refer to them).
PAGE_WIDTH_MM: Final = PORTRAIT.page_width_mm
PAGE_HEIGHT_MM: Final = PORTRAIT.page_height_mm
MARGIN_TOP_MM: Final = PORTRAIT.margin_top_mm
MARGIN_LEFT_MM: Final = PORTRAIT.margin_left_mm
TEXT_WIDTH_MM: Final = PORTRAIT.text_width_mm
TEXT_HEIGHT_MM: Final = PORTRAIT.text_height_mm
MARGIN_RIGHT_MM: Final = PORTRAIT.margin_right_mm  # 26
MARGIN_BOTTOM_MM: Final = PORTRAIT.margin_bottom_mm  # 35

PAGE_WIDTH_PT: Final = PORTRAIT.page_width_pt
PAGE_HEIGHT_PT: Final = PORTRAIT.page_height_pt
MARGIN_TOP_PT: Final = PORTRAIT.margin_top_pt
MARGIN_LEFT_PT: Final = PORTRAIT.margin_left_pt
TEXT_WIDTH_PT: Final = PORTRAIT.text_width_pt
TEXT_HEIGHT_PT: Final = PORTRAIT.text_height_pt
TEXT_RIGHT_PT: Final = PORTRAIT.text_right_pt
TEXT_BOTTOM_PT: Final = PORTRAIT.text_bottom_pt  # measured from the top of the page

# --- grid (row 3): 22 lines x 28 characters -------------------------------------------------
LINES_PER_PAGE: Final = PORTRAIT.lines_per_page
CHARS_PER_LINE: Final = PORTRAIT.chars_per_line
GRID_HEIGHT_PT: Final = PORTRAIT.grid_height_pt

# 28 x 16 pt = 448 pt does not fit 442.2 pt: every character is condensed slightly.
CHAR_PITCH_PT: Final = PORTRAIT.char_pitch_pt  # 15.79 pt
CHAR_SCALE: Final = PORTRAIT.char_scale  # advance factor applied to every glyph (PDF)
CONDENSE_PT: Final = PORTRAIT.condense_pt  # about -0.21 pt per 3号 character
DOCX_CHAR_SPACE: Final = PORTRAIT.docx_char_space


def char_width_pt(size: float = BODY_SIZE) -> float:
    """Width of one full-width character cell at ``size`` on the upright page's grid."""
    return PORTRAIT.char_width_pt(size)


# --- 版头 (rows 5-12) --------------------------------------------------------------------
ISSUER_MARK_TOP_MM: Final = 35.0  # top of 发文机关标志 below the top of the text block
ISSUER_MARK_MAX_SIZE: Final = 42.0  # 初号; GB/T: smaller than 22 mm x 15 mm a character
ISSUER_MARK_MIN_SIZE: Final = 22.0
DOC_NUMBER_GAP_LINES: Final = 2  # blank lines between 标志 and 文号
RED_RULE_GAP_MM: Final = 4.0  # red separator below the 文号
RED_RULE_WIDTH_PT: Final = 1.0  # 0.35 mm
TITLE_GAP_LINES: Final = 2  # blank lines between the red separator and the title

# --- 版记 (rows 22-24) -------------------------------------------------------------------
IMPRINT_THICK_MM: Final = 0.35
IMPRINT_THIN_MM: Final = 0.25
IMPRINT_THICK_PT: Final = mm_to_pt(IMPRINT_THICK_MM)
IMPRINT_THIN_PT: Final = mm_to_pt(IMPRINT_THIN_MM)

# --- page number (row 25) ----------------------------------------------------------------
PAGE_NUMBER_GAP_MM: Final = 7.0  # the dash line 7 mm below the text block
PAGE_NUMBER_DASH: Final = "\u2014"

# --- colours (RGB hex) -------------------------------------------------------------------
RED: Final = "FF0000"
BLACK: Final = "000000"
UNFILLED_COLOR: Final = "0050C8"  # text of 【待填写】 markers in the PDF
UNFILLED_BACKGROUND: Final = "FFF2A8"  # behind them (the DOCX uses Word's yellow highlight)
TABLE_RULE_PT: Final = 0.5


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """``"FF0000"`` -> ``(1.0, 0.0, 0.0)``."""
    value = int(hex_colour, 16)
    return ((value >> 16 & 0xFF) / 255, (value >> 8 & 0xFF) / 255, (value & 0xFF) / 255)


def line_top_pt(index: int) -> float:
    """Top of grid line ``index`` (0-based) on the upright page, down from the top."""
    return PORTRAIT.line_top_pt(index)


# Vertical placement of a glyph in its grid line: the ideographic em box (0.88 em above the
# baseline, 0.12 em below) is centred in the line, as Word does for CJK text on a grid.
EM_ASCENT: Final = 0.88


def baseline_in_line(size: float, pitch: float = LINE_PITCH_PT) -> float:
    """Distance from the top of a line of height ``pitch`` down to the baseline."""
    return (pitch - size) / 2 + EM_ASCENT * size
