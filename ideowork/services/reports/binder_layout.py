"""The binder's own pages laid out (reportlab's platypus): the cover, the contents, the ledgers
as tables, each record with its files; and the places of what is bound in later.

Only text is drawn here. A photo is a box of its printed size (`ImageBox`): where it lands is
recorded, and the assembler puts the picture there. An appended PDF (an archived report, a
scanned record) is a run of empty pages (`AppendedPage`), one for each of its pages, recorded
too, and the assembler puts the PDF's own pages in their place. So the contents' page numbers
(`multiBuild` lays the pages out until they stop changing) count every page of the binder,
and the pictures are never held by reportlab.

Page geometry, type faces and the page number ("— 7 —", the outer corner) are the document
engine's (GB/T 9704): the A4 text block of 156 × 225 mm, the fonts the user chose for PDFs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from ideowork.documents import layout as L
from ideowork.documents.fonts import FontFile, FontRole
from ideowork.documents.pdf_fonts import PdfFonts

GEO = L.PORTRAIT
FRAME_WIDTH = GEO.text_width_pt
FRAME_HEIGHT = GEO.text_height_pt
CAPTION_SIZE = 10.5  # 五号
CAPTION_HEIGHT = 2 * 1.5 * CAPTION_SIZE + 6  # two lines of caption and the gap above them
GAP = 8.0
# A sign-in sheet or a scanned record fills the page; photos go two to a page.
FULL_BOX = (FRAME_WIDTH, FRAME_HEIGHT - CAPTION_HEIGHT - 2 * L.LINE_PITCH_PT)
PHOTO_BOX = (FRAME_WIDTH, (FRAME_HEIGHT - 2 * CAPTION_HEIGHT - 2 * GAP) / 2 - 2)
GRID = Color(0, 0, 0)
HEADER_FILL = Color(0.92, 0.92, 0.92)


def box_for(kind: str) -> tuple[float, float]:
    """The box (points) a picture of this kind is printed in."""
    return PHOTO_BOX if kind == "photo" else FULL_BOX


@dataclass
class Placed:
    """What the last pass of the layout put where (pages 0-based)."""

    images: dict[int, list[tuple[int, float, float, float, float]]] = field(default_factory=dict)
    appended: dict[int, tuple[str, int]] = field(default_factory=dict)  # page → (pdf, its page)
    contents: list[tuple[int, str, int]] = field(default_factory=list)  # (level, title, page)

    def clear(self) -> None:
        self.images.clear()
        self.appended.clear()
        self.contents.clear()


class Styles:
    """The binder's paragraph styles and rich text in the engine's fonts (a character the
    role's font lacks is set in the first font that has it)."""

    def __init__(self, fonts: Mapping[FontRole, FontFile]) -> None:
        self.fonts = PdfFonts(fonts)

        def style(name: str, role: FontRole, size: float, **extra: Any) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=self.fonts.font(role).fontName,
                fontSize=size,
                leading=extra.pop("leading", 1.5 * size),
                wordWrap="CJK",
                **extra,
            )

        self.cover_title = style(
            "cover-title", FontRole.XIAOBIAOSONG, 30, alignment=TA_CENTER, leading=48
        )
        self.cover_line = style("cover-line", FontRole.FANGSONG, L.SIZE_3, alignment=TA_CENTER)
        self.cover_unit = style("cover-unit", FontRole.KAITI, 20, alignment=TA_CENTER)
        self.title = style(
            "title", FontRole.XIAOBIAOSONG, L.SIZE_2, alignment=TA_CENTER, spaceAfter=18
        )
        self.section = style(
            "section", FontRole.HEITI, L.SIZE_3, spaceBefore=6, spaceAfter=10, keepWithNext=1
        )
        self.record = style(
            "record", FontRole.KAITI, L.SIZE_3, spaceBefore=10, spaceAfter=6, keepWithNext=1
        )
        self.body = style("body", FontRole.FANGSONG, L.SIZE_4, spaceAfter=4)
        self.cell = style("cell", FontRole.FANGSONG, L.SIZE_SMALL_4)
        self.small_cell = style("small-cell", FontRole.FANGSONG, L.SIZE_5)
        self.head_cell = style("head-cell", FontRole.HEITI, L.SIZE_SMALL_4, alignment=TA_CENTER)
        self.small_bold = style("small-bold", FontRole.HEITI, L.SIZE_5)
        self.small_head = style("small-head", FontRole.HEITI, L.SIZE_5, alignment=TA_CENTER)
        self.caption = style("caption", FontRole.KAITI, CAPTION_SIZE, alignment=TA_CENTER)
        self.note = style("note", FontRole.FANGSONG, L.SIZE_SMALL_4, spaceAfter=3)
        self.toc_levels = [
            style("toc-0", FontRole.HEITI, L.SIZE_4, leftIndent=0, firstLineIndent=0),
            style("toc-1", FontRole.FANGSONG, L.SIZE_SMALL_4, leftIndent=24, firstLineIndent=0),
        ]

    def rich(self, text: str, role: FontRole) -> str:
        """`text` as paragraph markup: escaped, line breaks kept, missing glyphs replaced."""
        main = self.fonts.font(role)
        out: list[str] = []
        for ch in text:
            if ch == "\n":
                out.append("<br/>")
                continue
            font = self.fonts.for_char(role, ch)
            piece = escape(ch)
            out.append(piece if font is main else f'<font name="{font.fontName}">{piece}</font>')
        return "".join(out)

    def para(self, text: str, style: ParagraphStyle, role: FontRole | None = None) -> Paragraph:
        return Paragraph(self.rich(text, role or _role_of(self, style)), style)

    def draw_text(self, canvas: Canvas, x: float, y: float, text: str, role: FontRole) -> None:
        """One line at (x, y) in `role`'s font at the page number's size, falling back."""
        size = L.PAGE_NUMBER_SIZE
        for ch in text:
            font = self.fonts.for_char(role, ch)
            canvas.setFont(font.fontName, size)
            canvas.drawString(x, y, ch)
            x += font.stringWidth(ch, size)

    def text_width(self, text: str, role: FontRole, size: float) -> float:
        return float(sum(self.fonts.for_char(role, ch).stringWidth(ch, size) for ch in text))


def _role_of(styles: Styles, style: ParagraphStyle) -> FontRole:
    for role in FontRole:
        if styles.fonts.font(role).fontName == style.fontName:
            return role
    return FontRole.FANGSONG


class ContentsEntry(Paragraph):  # type: ignore[misc]
    """A heading that the contents and the bookmarks list."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, title: str) -> None:
        super().__init__(text, style)
        self.contents_level = level
        self.contents_title = title


class ImageBox(Flowable):  # type: ignore[misc]
    """Room for a picture; where it lands is recorded for the assembler."""

    def __init__(self, key: int, width: float, height: float, placed: Placed) -> None:
        super().__init__()
        self.key = key
        self.box = (width, height)
        self.placed = placed

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.box

    def draw(self) -> None:
        canvas = self.canv
        x, y = canvas.absolutePosition(0, 0)
        page = canvas.getPageNumber() - 1
        self.placed.images.setdefault(page, []).append((self.key, x, y, *self.box))
        # A hairline round the picture: a photo with white edges still reads as one.
        canvas.setLineWidth(0.3)
        canvas.setStrokeColor(Color(0.6, 0.6, 0.6))
        canvas.rect(0, 0, *self.box, stroke=1, fill=0)


class AppendedPage(Flowable):  # type: ignore[misc]
    """A whole page kept for page `index` of an appended PDF."""

    def __init__(self, key: str, index: int, placed: Placed, title: str = "") -> None:
        super().__init__()
        self.key = key
        self.index = index
        self.placed = placed
        if title:  # the first page of an appended report opens its entry in the contents
            self.contents_level = 1
            self.contents_title = title

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # A page's full height: it never shares a page, whatever came before it.
        return FRAME_WIDTH, FRAME_HEIGHT - 0.01

    def draw(self) -> None:
        self.placed.appended[self.canv.getPageNumber() - 1] = (self.key, self.index)


class BinderTemplate(BaseDocTemplate):  # type: ignore[misc]
    """The A4 page with the engine's text block; the contents gathered at every pass."""

    def __init__(self, path: Path, styles: Styles, placed: Placed, title: str) -> None:
        super().__init__(
            str(path),
            pagesize=(GEO.page_width_pt, GEO.page_height_pt),
            leftMargin=GEO.margin_left_pt,
            rightMargin=GEO.page_width_pt - GEO.text_right_pt,
            topMargin=GEO.margin_top_pt,
            bottomMargin=GEO.page_height_pt - GEO.text_bottom_pt,
            title=title,
            author="ideowork",
            creator="ideowork",
            invariant=1,
            initialFontName=styles.fonts.font(FontRole.FANGSONG).fontName,
        )
        self.styles = styles
        self.placed = placed
        frame = Frame(
            GEO.margin_left_pt,
            GEO.page_height_pt - GEO.text_bottom_pt,
            FRAME_WIDTH,
            FRAME_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        self.addPageTemplates([PageTemplate("binder", [frame], onPageEnd=self._page_end)])

    def beforeDocument(self) -> None:
        self.placed.clear()  # every pass lays the whole binder out again

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "contents_level", None)
        if level is None:
            return
        title = flowable.contents_title
        self.placed.contents.append((level, title, self.page))
        self.notify("TOCEntry", (level, self.styles.rich(title, FontRole.FANGSONG), self.page))

    def _page_end(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        page = canvas.getPageNumber()
        if page == 1 or page - 1 in self.placed.appended:
            return  # the cover; an appended page keeps its own number
        # The engine's page number: 4号 宋体, "— N —", 空一字 from the outer edge of the text
        # block, its middle 7 mm below it.
        size = L.PAGE_NUMBER_SIZE
        text = f"{L.PAGE_NUMBER_DASH} {page} {L.PAGE_NUMBER_DASH}"
        width = self.styles.text_width(text, FontRole.SONGTI, size)
        x = GEO.text_right_pt - size - width if page % 2 else GEO.margin_left_pt + size
        middle = GEO.text_bottom_pt + L.mm_to_pt(L.PAGE_NUMBER_GAP_MM)
        baseline = middle + (L.EM_ASCENT - 0.5) * size
        self.styles.draw_text(canvas, x, GEO.y(baseline), text, FontRole.SONGTI)


def table(
    rows: Sequence[Sequence[Paragraph | str]],
    widths: Sequence[float],
    header: bool = True,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> Table:
    """A ruled table whose header row repeats on every page it runs over."""
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    commands += [("SPAN", start, end) for start, end in spans]
    scale = FRAME_WIDTH / sum(widths)
    return Table(
        [list(row) for row in rows],
        colWidths=[w * scale for w in widths],
        repeatRows=1 if header else 0,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


def contents(styles: Styles) -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = styles.toc_levels
    return toc


def build(
    path: Path,
    story: list[Flowable],
    styles: Styles,
    placed: Placed,
    title: str,
    check: Callable[[], None],
) -> int:
    """Lay `story` out into `path` until the contents' page numbers hold; the page count."""
    document = BinderTemplate(path, styles, placed, title)

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        check()  # cancelling stops the layout too, a page at a time

    for template in document.pageTemplates:
        template.onPage = on_page
    document.multiBuild(story, maxPasses=10)
    return int(document.page)
