"""From a :class:`Document` to the sequence of laid-out paragraphs both writers draw.

Composition decides everything GB/T 9704 says about *what* goes where — fonts per element,
heading numbers, indents in characters, blank lines, the positions of 署名 and 成文日期 —
so that the DOCX and the PDF writers only translate these items into their own format.
Indents are in points; one "character" is :meth:`layout.PageGeometry.char_width_pt` of the
paragraph size on the document's page (:func:`page_geometry`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from . import layout as L
from .fonts import FontRole
from .linebreak import text_units, words
from .markers import split_markers
from .model import (
    Block,
    Document,
    Heading,
    ItemList,
    PageBreak,
    Paragraph,
    Part,
    PartKind,
    Table,
    TableSize,
)
from .numbering import HeadingCounter, format_date
from .titles import split_title


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"  # full lines fill the text block; the last line is flush left


class Style(StrEnum):
    """What a paragraph is, for the writers' styles and for tests."""

    COPY_NUMBER = "份号"
    SECRECY = "密级"
    URGENCY = "紧急程度"
    DOC_NUMBER = "发文字号"
    TITLE = "标题"
    RECIPIENTS = "主送机关"
    BODY = "正文"
    HEADING1 = "一级标题"
    HEADING2 = "二级标题"
    HEADING3 = "三级标题"
    HEADING4 = "四级标题"
    ATTACHMENT_NOTE = "附件说明"
    SIGNATURE = "署名"
    DATE = "成文日期"
    NOTE = "附注"
    ATTACHMENT_LABEL = "附件标识"
    SUBTITLE = "副标题"


HEADING_ROLES = {1: FontRole.HEITI, 2: FontRole.KAITI, 3: FontRole.FANGSONG, 4: FontRole.FANGSONG}
HEADING_STYLES = {1: Style.HEADING1, 2: Style.HEADING2, 3: Style.HEADING3, 4: Style.HEADING4}


@dataclass(frozen=True)
class Span:
    text: str
    role: FontRole = FontRole.FANGSONG
    unfilled: bool = False  # a 【待填写】 marker: highlighted


@dataclass(frozen=True)
class Para:
    """One paragraph. ``right`` is a second part on the same (single) line, set flush right."""

    spans: tuple[Span, ...]
    style: Style = Style.BODY
    size: float = L.BODY_SIZE
    align: Align = Align.JUSTIFY
    first_indent: float = 0.0  # first line, from the left edge of the text block (pt)
    indent: float = 0.0  # other lines, from the left edge (pt)
    right_indent: float = 0.0  # from the right edge (pt)
    color: str = L.BLACK
    blank_before: int = 0  # empty grid lines above
    keep_with_next: bool = False
    right: tuple[Span, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans) + "".join(s.text for s in self.right)


@dataclass(frozen=True)
class IssuerMark:
    """发文机关标志: red, 小标宋, centred, its top 35 mm below the top of the text block."""

    text: str


@dataclass(frozen=True)
class RedRule:
    """The red separator 4 mm below the 发文字号."""


@dataclass(frozen=True)
class TableItem:
    """A table: its header repeats on every page it runs onto.

    A table of the default size (四号) sits on the body grid, a line of text to a grid line.
    Smaller tables set their lines at their own ``pitch`` (:data:`layout.TABLE_LINE_PITCHES`),
    each row padded ``pad`` above and below; the text after them resumes on the grid. Their
    rows never split across pages, and with ``keep_with_next`` (a table just before the
    署名) the last row goes over with what follows rather than leave it alone on a page.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    blank_before: int = 0
    size: float = L.TABLE_SIZE  # of the header and the cells (表格字号)
    widths: tuple[int, ...] = ()  # relative column widths from the markup, () = automatic
    pitch: float = L.LINE_PITCH_PT  # of the lines of text in a cell
    pad: float = 0.0  # above and below the lines of a row
    keep_with_next: bool = False  # the last row stays with what follows (off the grid only)
    # The rows the column widths are measured from: every table of the document with the same
    # columns, so that a run of such tables (one per leader) keeps one set of widths.
    measured_rows: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, table: Table, size: TableSize, blank_before: int = 0) -> TableItem:
        """``table`` set in the document's 表格字号 ``size``."""
        pitch = L.TABLE_LINE_PITCHES[size]
        on_grid = pitch == L.LINE_PITCH_PT
        return cls(
            table.header,
            table.rows,
            blank_before,
            L.TABLE_SIZES[size],
            table.widths,
            pitch,
            0.0 if on_grid else L.TABLE_CELL_PAD_V_PT,
        )

    @property
    def on_grid(self) -> bool:
        """Lines of text on the body grid (四号), not at a pitch of their own."""
        return self.pitch == L.LINE_PITCH_PT

    def row_height(self, lines: int) -> float:
        """Height (pt) of a row holding ``lines`` lines of text."""
        return lines * self.pitch + 2 * self.pad


@dataclass(frozen=True)
class NewPage:
    pass


@dataclass(frozen=True)
class ImprintItem:
    """版记 at the bottom of the last page: ``cc`` lines, then 印发机关 … 印发日期印发."""

    cc: str  # "抄送：…。" or ""
    printer: str
    print_date: str  # "2020年9月9日印发" or ""


Item = Para | IssuerMark | RedRule | TableItem | NewPage | ImprintItem


def page_geometry(document: Document) -> L.PageGeometry:
    """The paper, text block and grid of ``document`` (版式: upright or turned)."""
    return L.geometry(document.orientation)


def spans_of(text: str, role: FontRole = FontRole.FANGSONG) -> tuple[Span, ...]:
    """``text`` as spans, its 【待填写】 markers marked."""
    return tuple(Span(seg.text, role, seg.unfilled) for seg in split_markers(text))


def body_para(text: str, geo: L.PageGeometry, blank_before: int = 0) -> Para:
    return Para(spans_of(text), first_indent=geo.chars(2), blank_before=blank_before)


def title_paras(title: str, blank_before: int, geo: L.PageGeometry) -> list[Para]:
    max_units = int(geo.text_width_pt // geo.char_width_pt(L.TITLE_SIZE))
    lines = split_title(title, max_units)
    return [
        Para(
            spans_of(line, FontRole.XIAOBIAOSONG),
            style=Style.TITLE,
            size=L.TITLE_SIZE,
            align=Align.CENTER,
            blank_before=blank_before if i == 0 else 0,
            keep_with_next=True,
        )
        for i, line in enumerate(lines)
    ]


def compose(document: Document) -> list[Item]:
    """All items of ``document`` in reading order."""
    geo = page_geometry(document)
    table_size = document.table_size
    items: list[Item] = []
    items.extend(_head_lines(document))
    head = document.header
    if head.issuer_mark:
        items.append(IssuerMark(head.issuer_mark))
    if head.doc_number:
        gap = L.DOC_NUMBER_GAP_LINES if head.issuer_mark else 0
        items.append(_doc_number_para(document, gap, geo))
    if head.issuer_mark:
        items.append(RedRule())
        title_gap = L.TITLE_GAP_LINES
    else:
        title_gap = 1 if items else 0
    items.extend(title_paras(document.title, title_gap, geo))
    if document.recipients:
        text = document.recipients
        if not text.endswith(("：", ":")):
            text += "："
        items.append(
            Para(
                spans_of(text),
                style=Style.RECIPIENTS,
                align=Align.JUSTIFY,
                blank_before=1,
                keep_with_next=True,
            )
        )
    first_gap = 0 if document.recipients else 1
    items.extend(_blocks(document.blocks, first_gap, geo, table_size))
    closing = _attachment_notes(document.attachment_notes, geo) + _signature(document, geo)
    if closing:
        # no page may carry the 署名 alone: the last paragraph of the text goes with it
        _keep_last_paragraph(items)
        closing = [replace(p, keep_with_next=True) for p in closing[:-1]] + closing[-1:]
    items.extend(closing)
    if document.note:
        note = document.note
        if not note.startswith(("（", "(")):
            note = f"（{note}）"
        items.append(Para(spans_of(note), style=Style.NOTE, first_indent=geo.chars(2)))
    attachment_count = sum(1 for p in document.parts if p.kind is PartKind.ATTACHMENT)
    number = 0
    for part in document.parts:
        if part.kind is PartKind.ATTACHMENT:
            number += 1
        items.extend(_part(part, number if attachment_count > 1 else 0, geo, table_size))
    _share_column_widths(items)
    imprint = document.imprint
    if not imprint.is_empty:
        cc = imprint.cc
        if cc and not cc.endswith("。"):
            cc += "。"
        items.append(
            ImprintItem(
                cc=f"抄送：{cc}" if cc else "",
                printer=imprint.printer,
                print_date=f"{format_date(imprint.print_date)}印发" if imprint.print_date else "",
            )
        )
    return items


def _share_column_widths(items: list[Item]) -> None:
    """Tables with the same columns (header, size and width hints) are measured together: the
    per-leader tables of a 责任清单 line up instead of each being sized to its own text."""
    groups: dict[tuple[object, ...], list[tuple[int, TableItem]]] = {}
    for index, item in enumerate(items):
        if isinstance(item, TableItem):
            groups.setdefault((item.header, item.size, item.widths), []).append((index, item))
    for tables in groups.values():
        if len(tables) > 1:
            rows = tuple(row for _, table in tables for row in table.rows)
            for index, table in tables:
                items[index] = replace(table, measured_rows=rows)


def _keep_last_paragraph(items: list[Item]) -> None:
    if items and isinstance(items[-1], Para | TableItem):
        items[-1] = replace(items[-1], keep_with_next=True)


def _head_lines(document: Document) -> list[Para]:
    head = document.header
    out: list[Para] = []
    for text, style, role in (
        (head.copy_number, Style.COPY_NUMBER, FontRole.FANGSONG),
        (head.secrecy, Style.SECRECY, FontRole.HEITI),
        (head.urgency, Style.URGENCY, FontRole.HEITI),
    ):
        if text:
            out.append(Para(spans_of(text, role), style=style, align=Align.LEFT))
    return out


def _doc_number_para(document: Document, blank_before: int, geo: L.PageGeometry) -> Para:
    head = document.header
    number = spans_of(head.doc_number)
    if document.is_upward:
        return Para(
            number,
            style=Style.DOC_NUMBER,
            align=Align.LEFT,
            first_indent=geo.chars(1),
            indent=geo.chars(1),
            right_indent=geo.chars(1),
            blank_before=blank_before,
            right=(Span("签发人：", FontRole.FANGSONG), *spans_of(head.signer, FontRole.KAITI)),
        )
    return Para(number, style=Style.DOC_NUMBER, align=Align.CENTER, blank_before=blank_before)


def _blocks(
    blocks: tuple[Block, ...], first_gap: int, geo: L.PageGeometry, table_size: TableSize
) -> list[Item]:
    out: list[Item] = []
    counter = HeadingCounter()
    gap = first_gap
    for block in blocks:
        if isinstance(block, Heading):
            role = HEADING_ROLES[block.level]
            spans = spans_of(counter.next_label(block.level) + block.text, role)
            if block.run_in:
                spans += spans_of(block.run_in)
            out.append(
                Para(
                    spans,
                    style=HEADING_STYLES[block.level],
                    first_indent=geo.chars(2),
                    blank_before=gap,
                    keep_with_next=not block.run_in,
                )
            )
        elif isinstance(block, Paragraph):
            out.append(body_para(block.text, geo, gap))
        elif isinstance(block, ItemList):
            for i, item in enumerate(block.items, 1):
                text = f"{i}.{item}" if block.ordered else item
                out.append(body_para(text, geo, gap if i == 1 else 0))
        elif isinstance(block, Table):
            out.append(TableItem.of(block, table_size, gap))
        elif isinstance(block, PageBreak):
            out.append(NewPage())
        gap = 0
    return out


def _attachment_notes(notes: tuple[str, ...], geo: L.PageGeometry) -> list[Para]:
    if not notes:
        return []
    label = "附件："
    label_width = geo.chars(2 + text_units(label))
    if len(notes) == 1:
        return [
            Para(
                (Span(label), *spans_of(notes[0])),
                style=Style.ATTACHMENT_NOTE,
                first_indent=geo.chars(2),
                indent=label_width,
                blank_before=1,
            )
        ]
    out: list[Para] = []
    for i, note in enumerate(notes, 1):
        number = f"{i}."
        hang = label_width + geo.chars(text_units(number))
        out.append(
            Para(
                ((Span(label),) if i == 1 else ()) + (Span(number), *spans_of(note)),
                style=Style.ATTACHMENT_NOTE,
                first_indent=geo.chars(2) if i == 1 else label_width,
                indent=hang,
                blank_before=1 if i == 1 else 0,
            )
        )
    return out


def _signature(document: Document, geo: L.PageGeometry) -> list[Para]:
    """署名 and 成文日期 (GB/T 9704 7.3.5): positions in characters from the right edge."""
    signature = document.signature
    date_text = format_date(document.date) if document.date else ""
    if not (signature or date_text):
        return []
    w_sig = text_units(signature)
    w_date = text_units(date_text)
    if document.sealed:
        date_right = 4.0
        sig_right = max(0.0, date_right + (w_date - w_sig) / 2)
        gap = 2  # room for the seal, whose top stays within one line of the text
    else:
        gap = 1
        if signature and date_text:
            sig_right = 2.0
            date_right = w_sig - w_date  # the date starts two characters right of the 署名
            if date_right < 2:
                date_right = 2.0
                sig_right = date_right + w_date + 2 - w_sig
        else:
            sig_right = date_right = 2.0
    out: list[Para] = []
    if signature:
        out.append(
            Para(
                spans_of(signature),
                style=Style.SIGNATURE,
                align=Align.RIGHT,
                right_indent=geo.chars(sig_right),
                blank_before=gap,
                keep_with_next=bool(date_text),
            )
        )
    if date_text:
        out.append(
            Para(
                (Span(date_text),),
                style=Style.DATE,
                align=Align.RIGHT,
                right_indent=geo.chars(date_right),
                blank_before=0 if signature else gap,
            )
        )
    return out


def _part(part: Part, number: int, geo: L.PageGeometry, table_size: TableSize) -> list[Item]:
    out: list[Item] = [NewPage()]
    if part.kind is PartKind.ATTACHMENT:
        label = f"附件{number}" if number else "附件"
        out.append(
            Para(
                (Span(label, FontRole.HEITI),),
                style=Style.ATTACHMENT_LABEL,
                align=Align.LEFT,
                keep_with_next=True,
            )
        )
        out.extend(title_paras(part.title, 1, geo))
    else:
        out.extend(title_paras(part.title, 0, geo))
    for line in part.subtitle_lines:
        out.append(
            Para(
                spans_of(line, FontRole.KAITI),
                style=Style.SUBTITLE,
                align=Align.CENTER,
                keep_with_next=True,
            )
        )
    out.extend(_blocks(part.blocks, 1, geo, table_size))
    return out


def issuer_mark_size(units: float, geo: L.PageGeometry) -> float:
    """Font size of a 发文机关标志 ``units`` characters wide: 初号 at most, fitting the block."""
    size = min(L.ISSUER_MARK_MAX_SIZE, 0.96 * geo.text_width_pt / max(units, 1.0))
    return max(size, L.ISSUER_MARK_MIN_SIZE)


CELL_PAD_PT = 4.0
KEEP_WORD_CHARS = 8  # a column is made wide enough for a word of up to this many characters
_LONGEST_WORD = "0" * (2 * KEEP_WORD_CHARS)  # as wide as the longest word a column keeps whole


def column_widths(
    table: TableItem, measure: Callable[[str, FontRole], float], geo: L.PageGeometry
) -> list[float]:
    """Widths (pt) of the columns of ``table``, filling the text block.

    ``measure(text, role)`` is the width of ``text`` set on one line at the table's size.
    Columns get their natural width when everything fits; otherwise each keeps a minimum and
    shares the rest in proportion to what it would need. The minimum is firm for what must not
    break — a short cell (序号, 12345, 2020年9月28日) and the longest word (a reference number
    such as 12345-2020-0418, up to :data:`KEEP_WORD_CHARS`) — and soft for the header's first
    four characters and 6.5 characters of a long text: when not even the minimums fit, the
    soft parts give way first.

    A table with relative widths (``table.widths``, from the markup's ``|--|----|`` line)
    shares the text block in their proportion instead, except that no column gets less than
    its firm minimum, nor too little for the first two characters of its header (序号, 学时)
    (:func:`_proportional`).
    """
    pad = 2 * CELL_PAD_PT
    size = table.size
    count = len(table.header)
    natural = [0.0] * count
    firm = [geo.chars(2, size) + pad] * count
    soft = list(firm)
    short = geo.chars(6.5, size)
    for r, row in enumerate((table.header, *(table.measured_rows or table.rows))):
        role = FontRole.HEITI if r == 0 else FontRole.FANGSONG
        for c, cell in enumerate(row):
            width = measure(cell, role)
            natural[c] = max(natural[c], width + pad)
            word = max((measure(w, role) for w in words(cell)), default=0.0)
            keep = min(word, measure(_LONGEST_WORD, role))
            if r and width <= short:  # short cells stay on one line if possible
                keep = max(keep, width)
            firm[c] = max(firm[c], keep + pad)
            keep = max(keep, measure(cell[:4], role) if r == 0 else min(width, short))
            soft[c] = max(soft[c], keep + pad)
    total = geo.text_width_pt
    if table.widths:
        floor = [
            max(f, measure(h[:2], FontRole.HEITI) + pad)
            for f, h in zip(firm, table.header, strict=True)
        ]
        return _proportional(table.widths, floor, total)
    natural = [max(n, m) for n, m in zip(natural, soft, strict=True)]
    if sum(soft) > total and sum(firm) < total:
        # headers and long texts wrap sooner than short cells and words break
        soft = _share(soft, firm, total)
    return _share(natural, soft, total)


def _proportional(hints: Sequence[int], minimum: Sequence[float], total: float) -> list[float]:
    """``total`` shared in proportion to ``hints``, no column below its ``minimum``: a column its
    share would leave too narrow is held at its minimum and the others share the rest, in the
    same proportion among themselves. When not even the minimums fit, they shrink alike."""
    if sum(minimum) >= total:
        return [total * m / sum(minimum) for m in minimum]
    held: set[int] = set()
    while True:
        free = [c for c in range(len(hints)) if c not in held]
        room = total - sum(minimum[c] for c in held)
        weight = sum(hints[c] for c in free)
        share = {c: room * hints[c] / weight for c in free}
        short = {c for c in free if share[c] < minimum[c]}
        if not short:  # some column is always free: the minimums fit in ``total``
            return [minimum[c] if c in held else share[c] for c in range(len(hints))]
        held |= short


def _share(natural: Sequence[float], minimum: Sequence[float], total: float) -> list[float]:
    if sum(natural) <= total:
        extra = total - sum(natural)
        return [n + extra * n / sum(natural) for n in natural]
    if sum(minimum) >= total:
        return [total * m / sum(minimum) for m in minimum]
    spare = total - sum(minimum)
    stretch = [n - m for n, m in zip(natural, minimum, strict=True)]
    return [m + spare * s / sum(stretch) for m, s in zip(minimum, stretch, strict=True)]
