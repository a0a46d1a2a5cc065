"""DOCX writer (python-docx): the composed items as an editable Word document.

Page set-up, grid (docGrid linesAndChars: 22 lines x 28 characters; a 横向 document's section
is landscape, 15 x 40), exact line pitch (in 小四 and 五号 table cells their own, rows kept
whole with w:cantSplit), East Asian fonts (w:rFonts/@w:eastAsia), red
发文机关标志 and separator, 版记 in a frame at the bottom of the last page, "— N —" page
numbers in odd/even footers, and no-break hyphens inside reference numbers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from ideowork.files import atomic_write

from . import layout as L
from .compose import (
    CELL_PAD_PT,
    Align,
    ImprintItem,
    IssuerMark,
    NewPage,
    Para,
    RedRule,
    Span,
    TableItem,
    column_widths,
    compose,
    issuer_mark_size,
    page_geometry,
    spans_of,
)
from .fonts import DEFAULT_DOCX_NAMES, FontRole
from .linebreak import WORD_RE, text_units
from .model import Document
from .pdf_writer import PdfLayout

_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# w:sz of borders is in eighths of a point
_THICK = "8"  # 1 pt = 0.35 mm
_THIN = "6"  # 0.75 pt = 0.26 mm
_RED_RULE = str(round(L.RED_RULE_WIDTH_PT * 8))
# 紧缩0.3磅 on the upright page: 28 x 15.7 pt = 439.6 pt <= 442.2 pt < 28.5 characters
DOCX_RUN_CONDENSE_TWIPS = L.PORTRAIT.docx_run_condense_twips


def footer_distance_mm(geo: L.PageGeometry) -> float:
    """The page number's em box is centred 7 mm below the text block; its line is exactly
    4号 high."""
    return geo.margin_bottom_mm - L.PAGE_NUMBER_GAP_MM - L.pt_to_mm(L.PAGE_NUMBER_SIZE) / 2


FOOTER_DISTANCE_MM = footer_distance_mm(L.PORTRAIT)


# WordprocessingML requires children in schema order (Word rejects files that break it).
_ORDER = {
    "w:pPr": [
        "w:pStyle",
        "w:keepNext",
        "w:keepLines",
        "w:pageBreakBefore",
        "w:framePr",
        "w:widowControl",
        "w:numPr",
        "w:suppressLineNumbers",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ],
    "w:rPr": [
        "w:rStyle",
        "w:rFonts",
        "w:b",
        "w:bCs",
        "w:i",
        "w:iCs",
        "w:caps",
        "w:smallCaps",
        "w:strike",
        "w:dstrike",
        "w:outline",
        "w:shadow",
        "w:emboss",
        "w:imprint",
        "w:noProof",
        "w:snapToGrid",
        "w:vanish",
        "w:webHidden",
        "w:color",
        "w:spacing",
        "w:w",
        "w:kern",
        "w:position",
        "w:sz",
        "w:szCs",
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    ],
    "w:pBdr": ["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"],
    "w:tblPr": [
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    ],
    "w:tblCellMar": ["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"],
    "w:trPr": [
        "w:cnfStyle",
        "w:divId",
        "w:gridBefore",
        "w:gridAfter",
        "w:wBefore",
        "w:wAfter",
        "w:cantSplit",
        "w:trHeight",
        "w:tblHeader",
        "w:tblCellSpacing",
        "w:jc",
        "w:hidden",
    ],
}


def no_break_hyphens(text: str, keep_whole: Callable[[str], bool]) -> list[int]:
    """Where in ``text`` the DOCX sets ``w:noBreakHyphen``: the hyphens inside each word that
    ``keep_whole`` (a reference number 12345-2020-0418, a date 2020-09-09, 1-9月份).

    Word and LibreOffice keep a run of Latin letters and digits on one line, but they break
    after any hyphen that reaches the end of a line ("12345 12345-" / "2020-0418"), where the
    PDF moves such a word down whole and breaks it (after a joiner) only if it is longer than
    a line. A no-break hyphen (Word's Ctrl+Shift+-) prints as "-" in the run's font and reads
    back as "-" (python-docx); a word too long for its line keeps its ordinary hyphens, so
    Word breaks it after one, as the PDF does.
    """
    out: list[int] = []
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        if "-" in word[1:-1] and keep_whole(word):
            out.extend(match.start() + i for i in range(1, len(word) - 1) if word[i] == "-")
    return out


# characters python-docx's run text turns into elements (w:tab, w:br)
_RUN_BREAKS = frozenset("\t\r\n")


def _append_text(r: Any, text: str) -> None:
    for index, part in enumerate(text.split("\t")):
        if index:
            r.append(OxmlElement("w:tab"))
        if part:
            r.add_t(part)


def _local(tag: str) -> str:
    return "w:" + tag.rsplit("}", 1)[-1]


def _insert_ordered(parent: Any, child: Any) -> None:
    """Insert ``child`` into ``parent`` at its schema position."""
    order = _ORDER.get(_local(parent.tag))
    name = _local(child.tag)
    if order is None or name not in order:
        parent.append(child)
        return
    later = set(order[order.index(name) + 1 :])
    for index, existing in enumerate(parent):
        if _local(existing.tag) in later:
            parent.insert(index, child)
            return
    parent.append(child)


def _set(element: Any, tag: str, **attrs: str) -> Any:
    """Get or create child ``tag`` of ``element`` (in schema order) and set its w: attributes."""
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        _insert_ordered(element, child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


@lru_cache(maxsize=1)
def _template() -> Any:
    """python-docx's default template, read and parsed once; never changed itself."""
    return new_docx()


def blank_docx() -> Any:
    """A new document from the default template: a deep copy of the parsed template (a
    third of the time of reading and parsing it again; the same XML)."""
    return copy.deepcopy(_template())


class DocxRenderer:
    def __init__(
        self,
        document: Document,
        font_names: Mapping[FontRole, str] | None = None,
        layout: PdfLayout | None = None,
    ) -> None:
        self.document = document
        self.layout = layout
        self.geo = page_geometry(document)
        self.names = {**DEFAULT_DOCX_NAMES, **(font_names or {})}
        self.docx = blank_docx()
        self.pending_break = False
        self.last_paragraph: Any = None
        self._run_properties: dict[tuple[FontRole, float, bool, str], Any] = {}

    # --- set-up ---------------------------------------------------------------------------
    def _setup(self) -> None:
        geo = self.geo
        section = self.docx.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        if geo.landscape:  # w:pgSz/@w:orient; width and height are the turned page's
            section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = Twips(L.mm_to_twips(geo.page_width_mm))
        section.page_height = Twips(L.mm_to_twips(geo.page_height_mm))
        section.top_margin = Twips(L.mm_to_twips(geo.margin_top_mm))
        section.bottom_margin = Twips(L.mm_to_twips(geo.margin_bottom_mm))
        section.left_margin = Twips(L.mm_to_twips(geo.margin_left_mm))
        section.right_margin = Twips(L.mm_to_twips(geo.margin_right_mm))
        section.header_distance = Twips(L.mm_to_twips(15))
        section.footer_distance = Twips(L.mm_to_twips(footer_distance_mm(geo)))
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(L.LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(geo.docx_char_space))
        self.docx.settings.odd_and_even_pages_header_footer = True

        defaults = self.docx.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:  # the grid's character pitch is based on the default size
            r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
            r_pr.remove(r_pr.find(qn("w:rFonts")))
            self._fonts(r_pr, FontRole.FANGSONG)
            size = str(round(L.BODY_SIZE * 2))
            _set(r_pr, "w:sz", val=size)
            _set(r_pr, "w:szCs", val=size)
            _set(r_pr, "w:lang", val="en-US", eastAsia="zh-CN")
            p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
            _set(
                p_pr,
                "w:spacing",
                after="0",
                line=str(L.LINE_PITCH_TWIPS),
                lineRule="exact",
            )
        normal = self.docx.styles["Normal"]
        normal.font.size = Pt(L.BODY_SIZE)
        self._fonts(normal.element.get_or_add_rPr(), FontRole.FANGSONG)
        _set(normal.element.get_or_add_rPr(), "w:lang", val="en-US", eastAsia="zh-CN")
        # Paragraphs do not snap to the character grid (LibreOffice gives a character wider
        # than a grid cell two cells); instead every character is condensed a hair below the
        # cell width, so Word and LibreOffice alike set 28 to a line and 22 lines a page (40
        # and 15 on a turned page).
        condense = str(geo.docx_run_condense_twips)
        _set(normal.element.get_or_add_rPr(), "w:spacing", val=condense)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(L.LINE_PITCH_PT)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.widow_control = False
        p_pr = normal.element.get_or_add_pPr()
        for tag, value in (
            ("w:kinsoku", "1"),  # 禁则
            ("w:overflowPunct", "0"),  # no punctuation hanging past the right edge
            ("w:autoSpaceDE", "0"),
            ("w:autoSpaceDN", "0"),
            ("w:snapToGrid", "0"),
        ):
            _set(p_pr, tag, val=value)
        core = self.docx.core_properties
        core.title = self.document.single_line_title
        core.author = self.document.signature or self.document.header.issuer_mark
        core.comments = "ideowork"

    def _fonts(self, r_pr: Any, role: FontRole) -> None:
        name = self.names[role]
        _set(r_pr, "w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name, hint="eastAsia")

    # --- runs and paragraphs --------------------------------------------------------------
    def _run(
        self, paragraph: Any, span: Span, size: float, color: str, width: float | None = None
    ) -> None:
        """``span`` as a run; ``width`` (pt, default the text block's) is the line it is set
        on, for :func:`no_break_hyphens`."""
        text = span.text
        hyphens = no_break_hyphens(text, self._keep_whole(size, width)) if "-" in text else []
        if hyphens or not text or _RUN_BREAKS.intersection(text):
            run = paragraph.add_run(None if hyphens else text)
        else:  # what python-docx makes of plain text, without its look at every character
            run = paragraph.add_run()
            run._r.add_t(text)
        start = 0
        for index in hyphens:
            _append_text(run._r, text[start:index])
            run._r.append(OxmlElement("w:noBreakHyphen"))
            start = index + 1
        if hyphens:
            _append_text(run._r, text[start:])
        # The run properties (w:rPr, a run's first child) are made once for each look and
        # copied after: python-docx's look-ups and schema-ordered inserts cost more than the
        # text itself.
        key = (span.role, size, span.unfilled, color)
        properties = self._run_properties.get(key)
        if properties is not None:
            run._r.insert(0, copy.deepcopy(properties))
            return
        self._fonts(run._element.get_or_add_rPr(), span.role)
        run.font.size = Pt(size)
        if span.unfilled:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if color != L.BLACK:
            run.font.color.rgb = RGBColor.from_string(color)
        self._run_properties[key] = copy.deepcopy(run._r.rPr)

    def _keep_whole(self, size: float, width: float | None) -> Callable[[str], bool]:
        """Does a word fit on a line ``width`` wide? Measured as the table columns are (see
        :meth:`_table`): a column made wide enough for a word holds it in Word."""
        available = self.geo.text_width_pt if width is None else width

        def fits(word: str) -> bool:
            return self._measure(word, size) <= available

        return fits

    def _measure(self, text: str, size: float) -> float:
        # Word and LibreOffice pad cells more than the PDF does, and space digits apart
        return (text_units(text) + 0.6) * self.geo.char_width_pt(size)

    def _paragraph(self, size: float = L.BODY_SIZE) -> Any:
        paragraph = self.docx.add_paragraph()
        if self.pending_break:
            paragraph.paragraph_format.page_break_before = True
            self.pending_break = False
        self.last_paragraph = paragraph
        return paragraph

    def _blank(self, count: int) -> None:
        for _ in range(count):
            self._paragraph()

    def _para(self, para: Para) -> None:
        self._blank(para.blank_before)
        paragraph = self._paragraph(para.size)
        fmt = paragraph.paragraph_format
        fmt.alignment = _ALIGN[para.align]
        if para.right:
            self._two_part_line(paragraph, para)
            return
        if para.indent:
            fmt.left_indent = Pt(para.indent)
        if para.first_indent != para.indent:
            fmt.first_line_indent = Pt(para.first_indent - para.indent)
        if para.right_indent:
            fmt.right_indent = Pt(para.right_indent)
        if para.keep_with_next:
            fmt.keep_with_next = True
        width = self.geo.text_width_pt - max(para.first_indent, para.indent) - para.right_indent
        for span in para.spans:
            self._run(paragraph, span, para.size, para.color, width)

    def _two_part_line(self, paragraph: Any, para: Para) -> None:
        """文号 … 签发人 on one line, by tab stops: the paragraph (and the red rule under it)
        keeps the full width of the text block."""
        fmt = paragraph.paragraph_format
        tabs: list[Span] = []
        if para.first_indent:
            fmt.tab_stops.add_tab_stop(Pt(para.first_indent), WD_TAB_ALIGNMENT.LEFT)
            tabs.append(Span("\t", para.spans[0].role))
        right_tab = Pt(self.geo.text_width_pt - para.right_indent)
        fmt.tab_stops.add_tab_stop(right_tab, WD_TAB_ALIGNMENT.RIGHT)
        for span in (*tabs, *para.spans, Span("\t", para.right[0].role), *para.right):
            self._run(paragraph, span, para.size, para.color)

    def _issuer_mark(self, mark: IssuerMark, lines_above: int) -> None:
        size = issuer_mark_size(text_units(mark.text), self.geo)
        paragraph = self._paragraph(size)
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(size)
        above = L.mm_to_pt(L.ISSUER_MARK_TOP_MM) - lines_above * L.LINE_PITCH_PT
        fmt.space_before = Pt(max(0.0, above))
        self._run(paragraph, Span(mark.text, FontRole.XIAOBIAOSONG), size, L.RED)
        # the lines below the mark start on the next full grid line
        bottom = L.mm_to_pt(L.ISSUER_MARK_TOP_MM) + size
        fmt.space_after = Pt(-bottom % L.LINE_PITCH_PT)

    def _red_rule(self) -> None:
        paragraph = self.last_paragraph
        if paragraph is None:
            paragraph = self._paragraph()
        p_pr = paragraph._p.get_or_add_pPr()
        borders = _set(p_pr, "w:pBdr")
        # the 文号's glyphs end (pitch - size) / 2 above its line's bottom; 4 mm below them
        space = L.mm_to_pt(L.RED_RULE_GAP_MM) - (L.LINE_PITCH_PT - L.BODY_SIZE) / 2
        _set(borders, "w:bottom", val="single", sz=_RED_RULE, space=str(round(space)), color=L.RED)

    def _table(self, item: TableItem) -> None:
        """A table of fixed column widths, its header row repeated on every page, no row split
        across pages, as in the PDF. The cells of a table off the body grid (小四, 五号) set
        their lines exactly ``item.pitch`` apart, padded ``item.pad`` above and below and
        centred."""
        self._blank(item.blank_before)

        size = item.size
        widths = column_widths(item, lambda text, _: self._measure(text, size), self.geo)
        table = self.docx.add_table(rows=1 + len(item.rows), cols=len(item.header))
        table.style = self.docx.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for r, row in enumerate((item.header, *item.rows)):
            role = FontRole.HEITI if r == 0 else FontRole.FANGSONG
            cells = table.rows[r].cells
            for c, text in enumerate(row):
                cell = cells[c]
                cell.width = Twips(L.pt_to_twips(widths[c]))
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT
                )
                if not item.on_grid:
                    fmt = paragraph.paragraph_format
                    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                    fmt.line_spacing = Twips(L.pt_to_twips(item.pitch))
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                inner = widths[c] - 2 * CELL_PAD_PT
                for span in spans_of(text, role):
                    self._run(paragraph, span, size, L.BLACK, inner)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Twips(L.pt_to_twips(width))  # w:gridCol, which LibreOffice reads
        _set(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", val="1")
        # As in the PDF: no row splits across pages, and the header row goes with the first
        # row (Word keeps rows together through their paragraphs' keep-with-next).
        for row in table.rows:
            _set(row._tr.get_or_add_trPr(), "w:cantSplit", val="1")
        if len(table.rows) > 1:
            for cell in table.rows[0].cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        if not item.on_grid:
            # the PDF's padding on all four sides (Table Grid has 5.4 pt left and right, none
            # above and below)
            pad = str(L.pt_to_twips(item.pad))
            side = str(L.pt_to_twips(CELL_PAD_PT))
            margins = _set(table._tbl.tblPr, "w:tblCellMar")
            for name, twips in (("top", pad), ("left", side), ("bottom", pad), ("right", side)):
                _set(margins, f"w:{name}", w=twips, type="dxa")
            if item.keep_with_next:  # the last row goes over with the 署名
                for cell in table.rows[-1].cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        if self.pending_break:
            first = table.rows[0].cells[0].paragraphs[0]
            first.paragraph_format.page_break_before = True
            self.pending_break = False
        self.last_paragraph = None

    def _imprint(self, item: ImprintItem) -> None:
        if self.document.double_sided and self.layout is not None and self.layout.imprint_alone:
            self._back_cover()
        size = L.IMPRINT_SIZE
        one = self.geo.chars(1, size)
        paragraphs: list[Any] = []
        if item.cc:
            paragraph = self._framed(size)
            label = self.geo.chars(text_units("抄送："), size)
            fmt = paragraph.paragraph_format
            fmt.left_indent = Pt(one + label)
            fmt.first_line_indent = Pt(-label)
            fmt.right_indent = Pt(one)
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            for span in spans_of(item.cc):
                self._run(paragraph, span, size, L.BLACK)
            paragraphs.append(paragraph)
        if item.printer or item.print_date:
            paragraph = self._framed(size)
            fmt = paragraph.paragraph_format
            fmt.left_indent = Pt(one)
            fmt.right_indent = Pt(one)
            fmt.tab_stops.add_tab_stop(Pt(self.geo.text_width_pt - 2 * one), WD_TAB_ALIGNMENT.RIGHT)
            for span in (*spans_of(item.printer), Span("\t"), Span(item.print_date)):
                if span.text:
                    self._run(paragraph, span, size, L.BLACK)
            paragraphs.append(paragraph)
        for index, paragraph in enumerate(paragraphs):
            borders = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
            if index == 0:
                _set(borders, "w:top", val="single", sz=_THICK, space="0", color="000000")
            last = index == len(paragraphs) - 1
            _set(
                borders,
                "w:bottom",
                val="single",
                sz=_THICK if last else _THIN,
                space="0",
                color="000000",
            )

    def _back_cover(self) -> None:
        """Double-sided, where the PDF put the 版记 on an even page of its own: a section that
        starts on the next even page (Word and LibreOffice add the blank page when needed);
        after a blank page neither carries a page number (GB/T 9704 7.5)."""
        if self.pending_break:
            self._paragraph()
            self.pending_break = False
        section = self.docx.add_section(WD_SECTION.EVEN_PAGE)
        assert self.layout is not None
        if self.layout.imprint_after_blank:
            for footer in (section.footer, section.even_page_footer, section.first_page_footer):
                footer.is_linked_to_previous = False
        self.last_paragraph = None

    def _framed(self, size: float) -> Any:
        """A paragraph in the frame anchored to the bottom of the last page's text block."""
        paragraph = self._paragraph(size)
        p_pr = paragraph._p.get_or_add_pPr()
        _set(
            p_pr,
            "w:framePr",
            w=str(L.mm_to_twips(self.geo.text_width_mm)),
            wrap="around",
            vAnchor="margin",
            hAnchor="margin",
            xAlign="center",
            yAlign="bottom",
        )
        return paragraph

    # --- footers --------------------------------------------------------------------------
    def _footers(self) -> None:
        section = self.docx.sections[0]
        one = Pt(L.PAGE_NUMBER_SIZE)
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(L.PAGE_NUMBER_SIZE)
            if odd:
                fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                fmt.right_indent = one
            else:
                fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
                fmt.left_indent = one
            dash = L.PAGE_NUMBER_DASH
            self._footer_run(paragraph, f"{dash} ")
            self._page_field(paragraph)
            self._footer_run(paragraph, f" {dash}")

    def _footer_run(self, paragraph: Any, text: str) -> Any:
        run = paragraph.add_run(text)
        self._fonts(run._element.get_or_add_rPr(), FontRole.SONGTI)
        run.font.size = Pt(L.PAGE_NUMBER_SIZE)
        return run

    def _page_field(self, paragraph: Any) -> None:
        for kind, text in (
            ("begin", None),
            ("instr", " PAGE "),
            ("separate", None),
            ("text", "1"),
            ("end", None),
        ):
            run = self._footer_run(paragraph, "" if kind != "text" else str(text))
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._element.append(instr)
            elif kind in ("begin", "separate", "end"):
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
                run._element.append(field)

    # --- all ------------------------------------------------------------------------------
    def render(self, path: Path) -> None:
        self._setup()
        # python-docx's template starts with no paragraphs; remove any just in case
        body = self.docx.element.body
        for child in list(body):
            if child.tag == qn("w:p"):
                body.remove(child)
        lines_above = 0
        for item in compose(self.document):
            if isinstance(item, Para):
                self._para(item)
                lines_above += item.blank_before + 1
            elif isinstance(item, IssuerMark):
                self._issuer_mark(item, lines_above)
            elif isinstance(item, RedRule):
                self._red_rule()
            elif isinstance(item, TableItem):
                self._table(item)
            elif isinstance(item, NewPage):
                self.pending_break = True
            elif isinstance(item, ImprintItem):
                self._imprint(item)
        if self.pending_break:
            self._paragraph()
        self._footers()
        with atomic_write(path) as temporary:  # whole or not at all, never over the old file
            self.docx.save(str(temporary))


def write_docx(
    document: Document,
    path: Path,
    font_names: Mapping[FontRole, str] | None = None,
    layout: PdfLayout | None = None,
) -> None:
    """Write ``document`` as a DOCX at ``path``; ``font_names`` override the role names;
    ``layout`` is the PDF's (double-sided: whether the 版记 goes to a page of its own)."""
    DocxRenderer(document, font_names, layout).render(path)
