"""GB/T 9704-2012 layout constants shared by the DOCX and the PDF writers.

One place for every measure of the page: both writers import these names, so the two outputs
cannot drift apart. Lengths are given in millimetres (``*_MM``), points (``*_PT``) or twips
(``*_TWIPS``, 1/20 pt, the unit of WordprocessingML); the helpers convert between them.
"""

from __future__ import annotations

from typing import Final

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


# --- paper and text block (GB/T 9704 rows 1-2) --------------------------------------------
PAGE_WIDTH_MM: Final = 210.0
PAGE_HEIGHT_MM: Final = 297.0
MARGIN_TOP_MM: Final = 37.0  # 天头
MARGIN_LEFT_MM: Final = 28.0  # 订口
TEXT_WIDTH_MM: Final = 156.0  # 版心宽
TEXT_HEIGHT_MM: Final = 225.0  # 版心高
MARGIN_RIGHT_MM: Final = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
MARGIN_BOTTOM_MM: Final = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35

PAGE_WIDTH_PT: Final = mm_to_pt(PAGE_WIDTH_MM)
PAGE_HEIGHT_PT: Final = mm_to_pt(PAGE_HEIGHT_MM)
MARGIN_TOP_PT: Final = mm_to_pt(MARGIN_TOP_MM)
MARGIN_LEFT_PT: Final = mm_to_pt(MARGIN_LEFT_MM)
TEXT_WIDTH_PT: Final = mm_to_pt(TEXT_WIDTH_MM)
TEXT_HEIGHT_PT: Final = mm_to_pt(TEXT_HEIGHT_MM)
TEXT_RIGHT_PT: Final = MARGIN_LEFT_PT + TEXT_WIDTH_PT
TEXT_BOTTOM_PT: Final = MARGIN_TOP_PT + TEXT_HEIGHT_PT  # measured from the top of the page

# --- grid (row 3): 22 lines x 28 characters -------------------------------------------------
LINES_PER_PAGE: Final = 22
CHARS_PER_LINE: Final = 28
# Word's "exactly 28.95 pt": 22 x 28.95 pt = 224.7 mm, inside the 225 mm text block.
LINE_PITCH_TWIPS: Final = 579
LINE_PITCH_PT: Final = LINE_PITCH_TWIPS / TWIPS_PER_PT
GRID_HEIGHT_PT: Final = LINES_PER_PAGE * LINE_PITCH_PT

# --- type sizes (号) ----------------------------------------------------------------------
SIZE_2: Final = 22.0  # 2号
SIZE_3: Final = 16.0  # 3号
SIZE_4: Final = 14.0  # 4号
BODY_SIZE: Final = SIZE_3
TITLE_SIZE: Final = SIZE_2
TABLE_SIZE: Final = SIZE_4
IMPRINT_SIZE: Final = SIZE_4  # 版记 (抄送, 印发)
PAGE_NUMBER_SIZE: Final = SIZE_4

# 28 x 16 pt = 448 pt does not fit 442.2 pt: every character is condensed slightly.
CHAR_PITCH_PT: Final = TEXT_WIDTH_PT / CHARS_PER_LINE  # 15.79 pt
CHAR_SCALE: Final = CHAR_PITCH_PT / BODY_SIZE  # advance factor applied to every glyph (PDF)
CONDENSE_PT: Final = CHAR_PITCH_PT - BODY_SIZE  # about -0.21 pt per 3号 character
# WordprocessingML docGrid/@w:charSpace: the pitch change in 1/4096 pt.
DOCX_CHAR_SPACE: Final = round(CONDENSE_PT * 4096)


def char_width_pt(size: float = BODY_SIZE) -> float:
    """Width of one full-width character cell at ``size`` on the condensed grid."""
    return size * CHAR_SCALE


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
    """Top of grid line ``index`` (0-based), measured down from the top of the page."""
    return MARGIN_TOP_PT + index * LINE_PITCH_PT


# Vertical placement of a glyph in its grid line: the ideographic em box (0.88 em above the
# baseline, 0.12 em below) is centred in the line, as Word does for CJK text on a grid.
EM_ASCENT: Final = 0.88


def baseline_in_line(size: float, pitch: float = LINE_PITCH_PT) -> float:
    """Distance from the top of a line of height ``pitch`` down to the baseline."""
    return (pitch - size) / 2 + EM_ASCENT * size
