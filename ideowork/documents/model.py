"""The official-document model: plain frozen dataclasses, no layout and no I/O.

A :class:`Document` holds what GB/T 9704 calls 版头 (:class:`Header`), 主体 (title, 主送,
body blocks, 附件说明, 署名, 成文日期, 附注, attachment parts) and 版记 (:class:`Imprint`).
Heading numbers (一、 （一） 1. （1）) are not stored: the writers add them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

# The 15 kinds of 《党政机关公文处理工作条例》 第八条, longest first for suffix matching.
DOCUMENT_KINDS = (
    "命令",
    "决议",
    "决定",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "纪要",
    "令",
    "函",
)

# What ``文种：`` may name: papers that are not 公文 (a ledger, a form), so the rules about the
# 文种 at the end of the title, 主送机关 and 附件说明 do not apply to them.
FORM_KINDS = ("台账", "表格", "登记表")


class Orientation(StrEnum):
    """版式: portrait pages, or A4 turned for wide tables (GB/T 9704 横排表格)."""

    PORTRAIT = "纵向"
    LANDSCAPE = "横向"


class TableSize(StrEnum):
    """表格字号: the type size of table text; 四号 unless a table has many columns."""

    SI = "四号"
    XIAO_SI = "小四"
    WU = "五号"


# every character str.splitlines() breaks on
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _check_line(text: str, what: str) -> None:
    if not _LINE_BREAKS.isdisjoint(text):
        raise ValueError(f"{what} must be a single line: {text!r}")


@dataclass(frozen=True)
class Heading:
    """A numbered heading (level 1-4); ``run_in`` is body text continuing the same paragraph."""

    level: int
    text: str
    run_in: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError(f"heading level must be 1-4, not {self.level}")
        _check_line(self.text, "heading")
        _check_line(self.run_in, "heading run-in text")


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (indented two characters)."""

    text: str

    def __post_init__(self) -> None:
        _check_line(self.text, "paragraph")


@dataclass(frozen=True)
class Table:
    """A table with one header row; every row has as many cells as the header.

    ``widths`` are relative column widths (the dash counts of the markup's ``|--|----|``
    line), one positive number a column, or ``()`` for widths measured from the content.
    Equal numbers say nothing beyond "automatic" and are stored as ``()``.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.header:
            raise ValueError("a table needs at least one column")
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError("every table row must have as many cells as the header")
        if self.widths:
            if len(self.widths) != len(self.header):
                raise ValueError("a table needs one relative width per column, or none")
            if any(w < 1 for w in self.widths):
                raise ValueError(f"relative column widths must be positive: {self.widths}")
            if len(set(self.widths)) == 1:
                object.__setattr__(self, "widths", ())
        for cell in (*self.header, *(c for r in self.rows for c in r)):
            _check_line(cell, "table cell")


@dataclass(frozen=True)
class ItemList:
    """Items each on its own paragraph; ``ordered`` items are numbered 1. 2. 3."""

    items: tuple[str, ...]
    ordered: bool = False

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("a list needs at least one item")
        for item in self.items:
            _check_line(item, "list item")


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Heading | Paragraph | Table | ItemList | PageBreak


class PartKind(StrEnum):
    """How a part after the main text is introduced."""

    ATTACHMENT = "附件"  # 附件N label on line 1, title centred on line 3
    ENCLOSURE = "附文"  # the enclosed 方案/办法/要点/分析研判报告: its own centred title


@dataclass(frozen=True)
class Part:
    """A part on new pages after the main text: an attachment or the enclosed document."""

    title: str
    blocks: tuple[Block, ...] = ()
    kind: PartKind = PartKind.ATTACHMENT
    subtitle_lines: tuple[str, ...] = ()  # e.g. the issuer and （2020年9月9日） under the title

    def __post_init__(self) -> None:
        _check_line(self.title, "part title")
        for line in self.subtitle_lines:
            _check_line(line, "subtitle line")


@dataclass(frozen=True)
class Header:
    """版头: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人 (all optional)."""

    copy_number: str = ""
    secrecy: str = ""
    urgency: str = ""
    issuer_mark: str = ""
    doc_number: str = ""
    signer: str = ""


@dataclass(frozen=True)
class Imprint:
    """版记: 抄送, 印发机关, 印发日期."""

    cc: str = ""
    printer: str = ""
    print_date: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.cc or self.printer or self.print_date)


@dataclass(frozen=True)
class Document:
    """One official document. ``title`` may contain ``\\n`` to force its line breaks."""

    title: str
    header: Header = field(default_factory=Header)
    recipients: str = ""
    blocks: tuple[Block, ...] = ()
    attachment_notes: tuple[str, ...] = ()  # 附件说明: the names of the attachments
    signature: str = ""
    date: date | None = None
    sealed: bool = False  # 加盖印章: the 署名 block leaves room for the seal (GB/T 9704 7.3.5.1)
    # 双面印刷: the 版记 goes on an even page (封四), the blank page before it unnumbered
    double_sided: bool = False
    note: str = ""  # 附注
    parts: tuple[Part, ...] = ()
    imprint: Imprint = field(default_factory=Imprint)
    orientation: Orientation = Orientation.PORTRAIT  # 版式
    table_size: TableSize = TableSize.SI  # 表格字号
    form_kind: str = ""  # 文种 of a ledger or form (FORM_KINDS); "" for a 公文

    def __post_init__(self) -> None:
        if self.form_kind and self.form_kind not in FORM_KINDS:
            raise ValueError(f"form_kind must be one of {FORM_KINDS}, not {self.form_kind!r}")

    @property
    def is_form(self) -> bool:
        """A ledger or a form (文种：台账/表格/登记表), not a 公文."""
        return bool(self.form_kind)

    @property
    def is_upward(self) -> bool:
        """上行文 (报告, 请示 to a superior) are recognised by their 签发人."""
        return bool(self.header.signer)

    @property
    def kind(self) -> str:
        """The 文种: a form's own (台账 …), else read from the end of the title (报告, 通知 …),
        or "" if none matches."""
        if self.form_kind:
            return self.form_kind
        title = self.title.replace("\n", "").strip()
        for kind in DOCUMENT_KINDS:
            if title.endswith(kind):
                return kind
        return ""

    @property
    def single_line_title(self) -> str:
        return self.title.replace("\n", "")

    def iter_texts(self) -> Iterator[tuple[str, str]]:
        """Every text of the document with a Chinese description of where it is."""
        head = self.header
        for where, text in (
            ("份号", head.copy_number),
            ("密级", head.secrecy),
            ("紧急程度", head.urgency),
            ("发文机关标志", head.issuer_mark),
            ("发文字号", head.doc_number),
            ("签发人", head.signer),
            ("标题", self.single_line_title),
            ("主送机关", self.recipients),
        ):
            if text:
                yield where, text
        yield from _iter_block_texts(self.blocks, "正文")
        for i, note in enumerate(self.attachment_notes, 1):
            yield f"附件说明第{i}项", note
        for where, text in (("署名", self.signature), ("附注", self.note)):
            if text:
                yield where, text
        attachment_no = 0
        for part in self.parts:
            if part.kind is PartKind.ATTACHMENT:
                attachment_no += 1
                name = f"附件{attachment_no}"
            else:
                name = "附文"
            yield f"{name}标题", part.title
            for line in part.subtitle_lines:
                yield f"{name}副标题", line
            yield from _iter_block_texts(part.blocks, name)
        for where, text in (("抄送", self.imprint.cc), ("印发机关", self.imprint.printer)):
            if text:
                yield where, text


def _iter_block_texts(blocks: tuple[Block, ...], where: str) -> Iterator[tuple[str, str]]:
    paragraph_no = 0
    for block in blocks:
        if isinstance(block, Heading):
            paragraph_no += 1
            yield f"{where}第{paragraph_no}段（标题）", block.text
            if block.run_in:
                yield f"{where}第{paragraph_no}段", block.run_in
        elif isinstance(block, Paragraph):
            paragraph_no += 1
            yield f"{where}第{paragraph_no}段", block.text
        elif isinstance(block, ItemList):
            for item in block.items:
                paragraph_no += 1
                yield f"{where}第{paragraph_no}段", item
        elif isinstance(block, Table):
            for r, row in enumerate((block.header, *block.rows), 1):
                for c, cell in enumerate(row, 1):
                    if cell:
                        yield f"{where}表格第{r}行第{c}列", cell
