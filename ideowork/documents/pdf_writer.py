"""PDF writer (reportlab): composed items onto the 22 x 28 grid of GB/T 9704.

Text is laid out character by character on our own line breaker (:mod:`.linebreak`), so full
lines are justified to the width of the text block exactly as Word does, and 禁则 hold; it is
drawn by runs (see :func:`runs`): one text-show operator for glyphs of one font, size and colour
whose spacing the PDF's character spacing (``Tc``) reproduces exactly. Every line
of text sits on one line of the grid; the 发文机关标志 and the red separator are placed by
their own measures, and the text continues on the next grid line below them. So does the text
after a table in 小四 or 五号, whose cells set their lines at a pitch of their own (rows that
never split, the header repeated on every page). Every position comes from the document's
:class:`~.layout.PageGeometry`: a 横向 document is set on A4 turned, 15 lines of 40 characters.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ideowork.files import write_bytes_atomically

from . import layout as L
from .compose import (
    CELL_PAD_PT,
    Align,
    ImprintItem,
    IssuerMark,
    Item,
    NewPage,
    Para,
    RedRule,
    Span,
    Style,
    TableItem,
    column_widths,
    compose,
    issuer_mark_size,
    page_geometry,
    spans_of,
)
from .fonts import FontFile, FontRole
from .linebreak import Line, break_lines, justify_gaps, text_units
from .model import Document
from .pdf_fonts import OPENING_QUOTES, PdfFonts


@dataclass(frozen=True)
class Glyph:
    ch: str
    font: TTFont
    size: float
    advance: float  # on the condensed grid
    offset: float  # where the glyph starts inside its advance (narrow quotes)
    color: str
    unfilled: bool
    width: float  # the advance the PDF's own font metrics give it (before Tc)


@dataclass(frozen=True)
class Run:
    """Glyphs ``start:end`` of a line drawn by one text-show operator from ``x``, each the
    next after its font's advance plus ``char_space`` (the PDF's ``Tc``)."""

    start: int
    end: int
    x: float
    char_space: float


# Two spacings closer than this (pt) are one: a run's glyphs land within a few millionths
# of a point of where they would be placed one by one.
_SAME_SPACE = 1e-6


def runs(glyphs: Sequence[Glyph], x: float, gap: float, subsets: Sequence[int]) -> list[Run]:
    """``glyphs`` from ``x``, each ``gap`` after the previous one's advance, as runs.

    Each glyph's place is its cell on the grid (plus ``offset`` for a narrow quote); a run
    goes on while the next glyph has the same font, size and colour, lies in the same subset
    of its font (``subsets``, one a glyph: one PDF string never changes font), and the
    distance from the previous one's PDF advance to it is the run's character spacing. On a
    line of CJK text set in one font that is the whole line, or a few pieces of it: the
    condensed grid and the justification both come to the same spacing after every glyph.
    Every run starts at its own origin, so no reader has to carry ``Tc`` from one string to
    the next (pdfminer, for one, adds it only between the glyphs of a string)."""
    starts: list[float] = []
    pos = x
    for glyph in glyphs:
        starts.append(pos + glyph.offset)
        pos += glyph.advance + gap
    out: list[Run] = []
    start, count = 0, len(glyphs)
    while start < count:
        first = glyphs[start]
        end = start + 1
        space = 0.0
        while end < count:
            glyph = glyphs[end]
            if (
                glyph.font is not first.font
                or glyph.size != first.size
                or glyph.color != first.color
                or subsets[end] != subsets[start]
            ):
                break
            step = starts[end] - starts[end - 1] - glyphs[end - 1].width
            if end == start + 1:
                space = step
            elif abs(step - space) > _SAME_SPACE:
                break
            end += 1
        out.append(Run(start, end, starts[start], space))
        start = end
    return out


@dataclass(frozen=True)
class _Row:
    """A table row laid out: the lines of its tallest cell, its height (pt), each cell's
    glyphs and lines."""

    lines: int
    height: float
    cells: list[tuple[list[Glyph], list[Line]]]


_EPSILON = 1e-6


class PdfRenderer:
    """Draws one document; ``render`` returns the page count."""

    def __init__(
        self, path: Path | None, fonts: Mapping[FontRole, FontFile], document: Document
    ) -> None:
        self.fonts = PdfFonts(fonts)
        self.geo = page_geometry(document)
        # Drawn in memory and written whole at the end (see render): never half a file on disk.
        # Without a path nothing is written: a layout only (where the 版记 goes, for the DOCX).
        self.path = path
        self.buffer = io.BytesIO()
        self.canvas = Canvas(
            self.buffer,
            pagesize=(self.geo.page_width_pt, self.geo.page_height_pt),
            invariant=1,
            # every font in the file is embedded: no stray Helvetica in the resources
            initialFontName=self.fonts.font(FontRole.FANGSONG).fontName,
            initialFontSize=L.BODY_SIZE,
        )
        self.canvas.setTitle(document.single_line_title)
        self.canvas.setAuthor(document.signature or document.header.issuer_mark)
        self.canvas.setCreator("ideowork")
        self.document = document
        self.page = 1
        self.cursor = 0  # next free grid line on this page
        self.page_has_content = False
        self.after_overflow = False  # this page began because the previous one was full
        # GB/T 9704 7.5: where a blank page comes before the 版记 page (double-sided), neither
        # carries a page number.
        self.unnumbered_pages: set[int] = set()
        self.imprint_alone = False  # the 版记 went to a page of its own (read by the DOCX)
        self.last_line: tuple[float, float] | None = None  # (line top, size) of the last text
        self.char_scale = self.geo.char_scale
        # glyphs are immutable: one per character, role, size, colour and scale
        self._glyph_cache: dict[tuple[str, FontRole, float, str, bool, float], Glyph] = {}
        # a paragraph's layout, by identity (keep-together looks ahead at the same paragraphs)
        self._para_cache: dict[int, tuple[Para, list[Glyph], list[Line]]] = {}
        self._subsets: dict[tuple[str, str], int] = {}

    # --- pages ---------------------------------------------------------------------------
    def _finish_page(self) -> None:
        if self.page not in self.unnumbered_pages:
            self._page_number()
        self.canvas.showPage()
        self.page += 1
        self.cursor = 0
        self.page_has_content = False

    def _new_page(self, overflow: bool) -> None:
        self._finish_page()
        self.after_overflow = overflow

    def _page_number(self) -> None:
        size = L.PAGE_NUMBER_SIZE
        dash = L.PAGE_NUMBER_DASH
        text = f"{dash} {self.page} {dash}"
        glyphs = [self._glyph(ch, FontRole.SONGTI, size, scale=1.0) for ch in text]
        width = sum(g.advance for g in glyphs)
        one_char = size  # 空一字 in the page number's own size
        x = (
            self.geo.text_right_pt - one_char - width
            if self.page % 2
            else self.geo.margin_left_pt + one_char
        )
        middle = self.geo.text_bottom_pt + L.mm_to_pt(L.PAGE_NUMBER_GAP_MM)
        baseline = middle + (L.EM_ASCENT - 0.5) * size
        self._draw_glyphs(glyphs, x, baseline, 0.0, size)

    def _need_lines(self, count: int) -> None:
        """Start a new page unless ``count`` more lines fit on this one."""
        if self.cursor + count > self.geo.lines_per_page and self.page_has_content:
            self._new_page(overflow=True)

    def _skip_blank(self, count: int) -> None:
        if count and not (self.cursor == 0 and self.after_overflow):
            self.cursor += count
        if self.cursor >= self.geo.lines_per_page:
            self._new_page(overflow=True)

    def _rule(self, down: float) -> None:
        """A line across the text block, ``down`` from the top of the page."""
        y = self.geo.y(down)
        self.canvas.line(self.geo.margin_left_pt, y, self.geo.text_right_pt, y)

    # --- glyphs ---------------------------------------------------------------------------
    def _glyph(
        self,
        ch: str,
        role: FontRole,
        size: float,
        color: str = L.BLACK,
        unfilled: bool = False,
        scale: float | None = None,
    ) -> Glyph:
        """``ch`` set on the grid (condensed by the page's character scale unless ``scale``)."""
        if scale is None:
            scale = self.char_scale
        key = (ch, role, size, color, unfilled, scale)
        glyph = self._glyph_cache.get(key)
        if glyph is None:
            font, natural, cell = self.fonts.glyph(role, ch, size)
            offset = (cell - natural) * scale if ch in OPENING_QUOTES else 0.0
            glyph = Glyph(ch, font, size, cell * scale, offset, color, unfilled, natural)
            self._glyph_cache[key] = glyph
        return glyph

    def _glyphs(self, spans: Sequence[Span], size: float, color: str) -> list[Glyph]:
        out: list[Glyph] = []
        for span in spans:
            span_color = L.UNFILLED_COLOR if span.unfilled else color
            out.extend(
                self._glyph(ch, span.role, size, span_color, span.unfilled) for ch in span.text
            )
        return out

    def _draw_glyphs(
        self, glyphs: Sequence[Glyph], x: float, baseline: float, gap: float, size: float
    ) -> None:
        self.page_has_content = True  # an empty line too: it takes its place on the page
        if not glyphs:
            return
        canvas = self.canvas
        if any(glyph.unfilled for glyph in glyphs):
            pos = x
            for glyph in glyphs:
                if glyph.unfilled:
                    canvas.setFillColorRGB(*L.rgb(L.UNFILLED_BACKGROUND))
                    top = baseline - L.EM_ASCENT * size - 1
                    canvas.rect(
                        pos, self.geo.y(top + size + 2), glyph.advance + gap, size + 2, 0, 1
                    )
                pos += glyph.advance + gap
        text = canvas.beginText()
        y = self.geo.y(baseline)
        current: tuple[str, float, str] | None = None
        char_space = 0.0  # the PDF's Tc outlives the text object: put back to 0 at its end
        for run in runs(glyphs, x, gap, [self._subset(g.font, g.ch) for g in glyphs]):
            glyph = glyphs[run.start]
            key = (glyph.font.fontName, glyph.size, glyph.color)
            if key != current:
                text.setFont(glyph.font.fontName, glyph.size)
                text.setFillColorRGB(*L.rgb(glyph.color))
                current = key
            if run.char_space != char_space:
                text.setCharSpace(run.char_space)
                char_space = run.char_space
            text.setTextOrigin(run.x, y)
            text.textOut("".join(g.ch for g in glyphs[run.start : run.end]))
        if char_space:
            text.setCharSpace(0)
        canvas.drawText(text)

    def _subset(self, font: TTFont, ch: str) -> int:
        """The subset of ``font`` that reportlab puts ``ch`` in (given at first use, 256
        characters to a subset)."""
        key = (font.fontName, ch)
        subset = self._subsets.get(key)
        if subset is None:
            subset = font.splitString(ch, self.canvas._doc)[0][0]
            self._subsets[key] = subset
        return subset

    def _assign_subsets(self, items: Sequence[Item]) -> None:
        """Give each font's most frequent characters its first subset, before anything is drawn.

        reportlab numbers a font's characters in the order they are first drawn, 256 to a
        subset, and a run ends where the subset changes. A document's common characters in
        one subset leave runs broken only by its rarer ones."""
        counts: dict[str, tuple[TTFont, Counter[str]]] = {}

        def count(text: str, role: FontRole) -> None:
            for ch in text:
                font = self.fonts.for_char(role, ch)
                entry = counts.get(font.fontName)
                if entry is None:
                    entry = counts[font.fontName] = (font, Counter())
                entry[1][ch] += 1

        for item in items:
            if isinstance(item, Para):
                for span in (*item.spans, *item.right):
                    count(span.text, span.role)
            elif isinstance(item, TableItem):
                for cell in item.header:
                    count(cell, FontRole.HEITI)
                for row in item.rows:
                    for cell in row:
                        count(cell, FontRole.FANGSONG)
            elif isinstance(item, IssuerMark):
                count(item.text, FontRole.XIAOBIAOSONG)
            elif isinstance(item, ImprintItem):
                count(item.cc + item.printer + item.print_date, FontRole.FANGSONG)
        for font, chars in counts.values():
            for ch, _ in chars.most_common():
                self._subset(font, ch)

    # --- items ----------------------------------------------------------------------------
    def render(self) -> int:
        items = compose(self.document)
        self._assign_subsets(items)
        for index, item in enumerate(items):
            if isinstance(item, Para):
                self._para(item, items, index)
            elif isinstance(item, IssuerMark):
                self._issuer_mark(item)
            elif isinstance(item, RedRule):
                self._red_rule()
            elif isinstance(item, TableItem):
                self._table(item, items, index)
            elif isinstance(item, NewPage):
                if self.page_has_content:
                    self._new_page(overflow=False)
            elif isinstance(item, ImprintItem):
                self._imprint(item)
        if self.page not in self.unnumbered_pages:
            self._page_number()
        self.canvas.showPage()
        self.canvas.save()
        if self.path is not None:
            write_bytes_atomically(self.path, self.buffer.getvalue())
        return self.page

    def _layout_para(self, para: Para) -> tuple[list[Glyph], list[Line]]:
        cached = self._para_cache.get(id(para))
        if cached is not None and cached[0] is para:
            return cached[1], cached[2]
        glyphs = self._glyphs(para.spans, para.size, para.color)
        if para.right:
            lines = [Line(0, len(glyphs), sum(g.advance for g in glyphs))]
        else:
            first = self.geo.text_width_pt - para.first_indent - para.right_indent
            other = self.geo.text_width_pt - para.indent - para.right_indent
            lines = break_lines([g.ch for g in glyphs], [g.advance for g in glyphs], first, other)
        self._para_cache[id(para)] = (para, glyphs, lines)
        return glyphs, lines

    def _group_lines(self, items: Sequence[Item], index: int) -> int:
        """Lines the paragraphs kept together from ``index`` on need (plus one following)."""
        total = 0
        for position, item in enumerate(items[index:]):
            if isinstance(item, TableItem) and position:
                # a heading stays with the table's header and first row, not alone
                return total + item.blank_before + self._table_lead_lines(item)
            if not isinstance(item, Para):
                return total + 1
            count = len(self._layout_para(item)[1])
            if position and (not item.keep_with_next or _splittable(item, count)):
                return total + item.blank_before + 1  # its first line
            total += item.blank_before + count
        return total

    def _para(self, para: Para, items: Sequence[Item], index: int) -> None:
        glyphs, lines = self._layout_para(para)
        break_after = -1  # a body paragraph may leave its tail for the next page
        if para.keep_with_next:
            need = self._group_lines(items, index)
            free = self.geo.lines_per_page - self.cursor - para.blank_before
            if (
                self.cursor + need > self.geo.lines_per_page
                and need <= self.geo.lines_per_page // 2
            ):
                if _splittable(para, len(lines)) and free > 0:
                    # its last line(s) go over with what must follow (署名 never alone)
                    break_after = min(len(lines) - 1, free) - 1
                else:
                    self._need_lines(need)
        self._skip_blank(para.blank_before)
        for number, line in enumerate(lines):
            if self.cursor >= self.geo.lines_per_page or number == break_after + 1 > 0:
                self._new_page(overflow=True)
            first = number == 0
            indent = para.first_indent if first else para.indent
            available = self.geo.text_width_pt - indent - para.right_indent
            gap = 0.0
            if para.align is Align.CENTER:
                x = self.geo.margin_left_pt + indent + (available - line.width) / 2
            elif para.align is Align.RIGHT:
                x = self.geo.text_right_pt - para.right_indent - line.width
            else:
                x = self.geo.margin_left_pt + indent
                if para.align is Align.JUSTIFY and number < len(lines) - 1:
                    gap = justify_gaps(line, available)
            top = self.geo.line_top_pt(self.cursor)
            baseline = top + L.baseline_in_line(para.size)
            self._draw_glyphs(glyphs[line.start : line.end], x, baseline, gap, para.size)
            if para.right:
                right = self._glyphs(para.right, para.size, para.color)
                width = sum(g.advance for g in right)
                self._draw_glyphs(
                    right,
                    self.geo.text_right_pt - para.right_indent - width,
                    baseline,
                    0.0,
                    para.size,
                )
            self.last_line = (top, para.size)
            self.cursor += 1
        self.after_overflow = False

    def _issuer_mark(self, mark: IssuerMark) -> None:
        size = issuer_mark_size(text_units(mark.text), self.geo)
        glyphs = [
            self._glyph(ch, FontRole.XIAOBIAOSONG, size, L.RED, scale=1.0) for ch in mark.text
        ]
        width = sum(g.advance for g in glyphs)
        top = self.geo.margin_top_pt + L.mm_to_pt(L.ISSUER_MARK_TOP_MM)
        x = self.geo.margin_left_pt + (self.geo.text_width_pt - width) / 2
        self._draw_glyphs(glyphs, x, top + L.EM_ASCENT * size, 0.0, size)
        bottom = top + size
        self.cursor = max(
            self.cursor, math.ceil((bottom - self.geo.margin_top_pt) / L.LINE_PITCH_PT - 1e-6)
        )

    def _red_rule(self) -> None:
        if self.last_line is None:
            return
        top, size = self.last_line
        glyph_bottom = top + (L.LINE_PITCH_PT + size) / 2
        y = glyph_bottom + L.mm_to_pt(L.RED_RULE_GAP_MM)
        canvas = self.canvas
        canvas.setStrokeColorRGB(*L.rgb(L.RED))
        canvas.setLineWidth(L.RED_RULE_WIDTH_PT)
        self._rule(y)
        canvas.setStrokeColorRGB(0, 0, 0)
        self.cursor = math.floor((y - self.geo.margin_top_pt) / L.LINE_PITCH_PT) + 1

    # --- tables ---------------------------------------------------------------------------
    def _cell_lines(
        self, text: str, role: FontRole, width: float, size: float
    ) -> tuple[list[Glyph], list[Line]]:
        glyphs = self._glyphs(spans_of(text, role), size, L.BLACK)
        if not glyphs:
            return glyphs, []
        lines = break_lines([g.ch for g in glyphs], [g.advance for g in glyphs], width, width)
        return glyphs, lines

    def _table(self, table: TableItem, items: Sequence[Item], index: int) -> None:
        """``table`` from the next grid line down, row by row: a row that does not fit goes to
        the next page under the repeated header. Rows are measured in points (a 四号 table's in
        whole grid lines); the text after the table resumes on the next grid line. The last
        row of a table off the grid that is kept with what follows (the 署名) goes over with
        it when that does not fit below."""
        self._skip_blank(table.blank_before)
        widths = self._column_widths(table)
        header = self._row(table, table.header, widths, header=True)
        rows = [self._row(table, row, widths, header=False) for row in table.rows]
        if table.on_grid:  # the header and the first row together, never a header alone
            first = rows[0].lines if rows else 1
            self._need_lines(min(header.lines + first, self.geo.lines_per_page))
        elif self.page_has_content:
            # the header and the first row together, or a new page
            need = header.height + (rows[0].height if rows else 0.0)
            if self.geo.line_top_pt(self.cursor) + need > self._table_limit() + _EPSILON:
                self._new_page(overflow=True)
        after = 0  # grid lines of what must follow the last row on its page
        if table.keep_with_next and not table.on_grid:
            after = self._group_lines(items, index + 1)
            after = after if after <= self.geo.lines_per_page // 2 else 0
        top = self.geo.line_top_pt(self.cursor)
        segment = top
        top = self._draw_row(table, header, widths, top, header=True)
        on_page = 0  # rows drawn under the header on this page
        for number, laid in enumerate(rows):
            bottom = top + laid.height
            if after and number == len(rows) - 1 and on_page:
                # the lines that must follow, from the grid line below the table
                bottom = max(bottom, self._grid_line_below(bottom) + after * L.LINE_PITCH_PT)
            if bottom > self._table_limit() + _EPSILON:
                self._table_frame(widths, segment, top)
                self._new_page(overflow=True)
                self.after_overflow = False
                segment = top = self.geo.line_top_pt(self.cursor)
                top = self._draw_row(table, header, widths, top, header=True)
                on_page = 0
            top = self._draw_row(table, laid, widths, top, header=False)
            on_page += 1
        self._table_frame(widths, segment, top)
        self.cursor = self._line_index_below(top)

    def _column_widths(self, table: TableItem) -> list[float]:
        size = table.size

        def measure(text: str, role: FontRole) -> float:
            return sum(g.advance for g in self._glyphs([Span(text, role)], size, L.BLACK))

        return column_widths(table, measure, self.geo)

    def _table_lead_lines(self, table: TableItem) -> int:
        """Grid lines the header and the first row of ``table`` take: what must fit on a page
        for the heading above the table to stay on it."""
        widths = self._column_widths(table)
        header = self._row(table, table.header, widths, header=True)
        first = self._row(table, table.rows[0], widths, header=False) if table.rows else None
        if table.on_grid:
            return header.lines + (first.lines if first else 0)
        height = header.height + (first.height if first else 0.0)
        return math.ceil(height / L.LINE_PITCH_PT - _EPSILON)

    def _to_back_cover(self) -> None:
        """Double-sided: the 版记 goes on the back of the last sheet (封四, an even page). The
        odd page it would have gone on keeps its text and number, or, left empty, stays blank
        without one; the 版记 page after a blank page carries no number either."""
        if self.page_has_content:
            self._new_page(overflow=False)
        else:
            self.unnumbered_pages.add(self.page)
            self._new_page(overflow=False)
            self.unnumbered_pages.add(self.page)
        self.imprint_alone = True

    def _table_limit(self) -> float:
        """The bottom of the grid: no table row goes below it."""
        return self.geo.line_top_pt(self.geo.lines_per_page)

    def _line_index_below(self, down: float) -> int:
        """The first grid line that starts at or below ``down`` (from the top of the page)."""
        return math.ceil((down - self.geo.margin_top_pt) / L.LINE_PITCH_PT - _EPSILON)

    def _grid_line_below(self, down: float) -> float:
        return self.geo.line_top_pt(self._line_index_below(down))

    def _row(
        self, table: TableItem, cells: Sequence[str], widths: Sequence[float], header: bool
    ) -> _Row:
        role = FontRole.HEITI if header else FontRole.FANGSONG
        laid = [
            self._cell_lines(cell, role, width - 2 * CELL_PAD_PT, table.size)
            for cell, width in zip(cells, widths, strict=True)
        ]
        lines = max(1, *(len(lines) for _, lines in laid))
        return _Row(lines, table.row_height(lines), laid)

    def _draw_row(
        self, table: TableItem, row: _Row, widths: Sequence[float], top: float, header: bool
    ) -> float:
        """Draw ``row`` from ``top`` (down from the top of the page); return its bottom."""
        size, pitch = table.size, table.pitch
        x = self.geo.margin_left_pt
        for width, (glyphs, lines) in zip(widths, row.cells, strict=True):
            centre = header or (len(lines) == 1 and _is_number("".join(g.ch for g in glyphs)))
            if table.on_grid:  # centred by whole lines, on the grid
                first = top + (row.lines - len(lines)) // 2 * pitch
            else:
                first = top + table.pad + (row.lines - len(lines)) * pitch / 2
            for number, line in enumerate(lines):
                inner = width - 2 * CELL_PAD_PT
                gx = x + CELL_PAD_PT + (inner - line.width) / 2 if centre else x + CELL_PAD_PT
                self._draw_glyphs(
                    glyphs[line.start : line.end],
                    gx,
                    first + number * pitch + L.baseline_in_line(size, pitch),
                    0.0,
                    size,
                )
            x += width
        bottom = top + row.height
        self.canvas.setLineWidth(L.TABLE_RULE_PT)
        self._rule(bottom)
        self.page_has_content = True
        return bottom

    def _table_frame(self, widths: Sequence[float], top: float, bottom: float) -> None:
        """The rule above a table's rows on this page and the rules between its columns."""
        canvas = self.canvas
        canvas.setLineWidth(L.TABLE_RULE_PT)
        self._rule(top)
        x = self.geo.margin_left_pt
        for width in (0.0, *widths):
            x += width
            canvas.line(x, self.geo.y(top), x, self.geo.y(bottom))

    # --- 版记 -----------------------------------------------------------------------------
    def _imprint(self, imprint: ImprintItem) -> None:
        size = L.IMPRINT_SIZE
        one = self.geo.chars(1, size)
        rows: list[tuple[list[Glyph], float, float]] = []  # glyphs, x, gap
        if imprint.cc:
            glyphs = self._glyphs([Span(imprint.cc)], size, L.BLACK)
            label = sum(g.advance for g in glyphs[:3])  # 抄送：
            width = self.geo.text_width_pt - 2 * one
            lines = break_lines(
                [g.ch for g in glyphs], [g.advance for g in glyphs], width, width - label
            )
            for number, line in enumerate(lines):
                avail = width if number == 0 else width - label
                gap = justify_gaps(line, avail) if number < len(lines) - 1 else 0.0
                x = self.geo.margin_left_pt + one + (0.0 if number == 0 else label)
                rows.append((glyphs[line.start : line.end], x, gap))
        cc_rows = len(rows)
        printer_row = bool(imprint.printer or imprint.print_date)
        count = cc_rows + (1 if printer_row else 0)
        if self.cursor + count > self.geo.lines_per_page:
            self._new_page(overflow=True)
        if self.document.double_sided and self.page % 2:
            self._to_back_cover()
        first = self.geo.lines_per_page - count
        for offset, (glyphs, x, gap) in enumerate(rows):
            top = self.geo.line_top_pt(first + offset)
            self._draw_glyphs(glyphs, x, top + L.baseline_in_line(size), gap, size)
        if printer_row:
            top = self.geo.line_top_pt(self.geo.lines_per_page - 1)
            baseline = top + L.baseline_in_line(size)
            if imprint.printer:
                self._draw_glyphs(
                    self._glyphs([Span(imprint.printer)], size, L.BLACK),
                    self.geo.margin_left_pt + one,
                    baseline,
                    0.0,
                    size,
                )
            if imprint.print_date:
                glyphs = self._glyphs([Span(imprint.print_date)], size, L.BLACK)
                width = sum(g.advance for g in glyphs)
                self._draw_glyphs(glyphs, self.geo.text_right_pt - one - width, baseline, 0.0, size)
        canvas = self.canvas
        canvas.setStrokeColorRGB(0, 0, 0)
        for line_index, thickness in (
            (first, L.IMPRINT_THICK_PT),
            (self.geo.lines_per_page, L.IMPRINT_THICK_PT),
        ):
            canvas.setLineWidth(thickness)
            y = self.geo.line_top_pt(line_index)
            self._rule(y)
        if cc_rows and printer_row:
            canvas.setLineWidth(L.IMPRINT_THIN_PT)
            y = self.geo.line_top_pt(self.geo.lines_per_page - 1)
            self._rule(y)
        self.cursor = self.geo.lines_per_page


def _splittable(para: Para, lines: int) -> bool:
    """A body paragraph of several lines may break across pages (headings, titles may not)."""
    return para.style is Style.BODY and lines > 1


def _is_number(text: str) -> bool:
    stripped = text.strip().rstrip("%％")
    return bool(stripped) and all(ch.isdigit() or ch in ".,-" for ch in stripped)


@dataclass(frozen=True)
class PdfLayout:
    pages: int
    imprint_alone: bool  # double-sided: the 版记 went to an even page of its own
    imprint_after_blank: bool  # … with a blank page before it (neither numbered)


def render_pdf(
    document: Document, path: Path | None, fonts: Mapping[FontRole, FontFile]
) -> PdfLayout:
    """Lay ``document`` out as a PDF, written to ``path`` unless it is None."""
    renderer = PdfRenderer(path, fonts, document)
    pages = renderer.render()
    return PdfLayout(pages, renderer.imprint_alone, bool(renderer.unnumbered_pages))


def write_pdf(document: Document, path: Path, fonts: Mapping[FontRole, FontFile]) -> int:
    """Write ``document`` as a PDF at ``path``; return the number of pages."""
    return render_pdf(document, path, fonts).pages
