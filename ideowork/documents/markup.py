r"""The small text markup that document templates (Jinja2) produce and users edit.

A document is a header of ``字段：值`` lines, a separator line ``---``, then the body::

    发文机关标志：中共完冒镇委员会
    文号：完党字〔2020〕105号
    标题：关于上报《2020年第三季度意识形态工作分析研判报告》的报告
    主送：县委宣传部
    署名：中共完冒镇委员会
    日期：2020-09-09
    ---
    现将……汇报如下。
    [附文] 2020年第三季度意识形态工作分析研判报告
    # 加强组织领导，明确责任分工。
    我镇及时传达学习……

Header fields (the colon may be full-width ``：`` or ``:``; each field at most once unless noted):

========== ==========================================================================
份号        6-digit copy number               密级      e.g. 机密★1年
紧急程度    特急 / 加急                        发文机关标志  e.g. 中共完冒镇委员会文件
文号        发文字号 完党字〔2020〕105号       签发人    name; makes the document 上行文
标题        title; repeat the field to force line breaks in a long title
主送        主送机关 (the final ： is added)   附件说明  one attachment name; repeatable
署名        发文机关署名                        日期      成文日期: 2020-09-09 or 2020年9月9日
盖章        是 / 否 (default 否)                附注      附注 (the （） are added)
抄送        抄送机关                            印发机关  印发日期 (date, as 日期)
文种        only for papers that are not 公文: 台账 (a ledger), 表格 or 登记表 (a form); the
            checks meant for 公文 (文种 at the end of the title, 主送, 附件说明) are skipped
版式        纵向 (default) or 横向: A4 turned, 297 x 210 mm, for wide tables; the 版心 turns
            with it (225 mm wide, 156 mm high, 15 lines of 40 characters), 订口 on top
表格字号    四号 (default), 小四 or 五号: table text, for tables with many columns; 四号 text
            sits on the body grid, 小四 and 五号 lines are set 1.5 times their size apart
========== ==========================================================================

Body lines (blank lines are ignored; leading and trailing spaces are dropped):

``# 文字`` … ``#### 文字``
    heading of level 1-4, numbered automatically 一、 （一） 1. （1）; the numbers of a level
    restart under each new heading of a higher level and in every part.
``+ 文字``
    body text that continues the paragraph of the heading just above (run-in heading:
    ``（一）坚持党的领导。区医保局……``).
``| 甲 | 乙 |``
    a table row; the first row of a table is its header. A ``|---|---|`` line may follow the
    header (:func:`to_markup` always writes it): a header row followed by such a line after
    body rows starts a new table. It has one cell of dashes (``-``, at least one, colons
    allowed and ignored) for each column of the header.
    Its dashes also give the columns' widths, as in pandoc: when the cells' dash counts are
    not all equal, the columns share the width of the text block in proportion to them, so
    ``|--|----|------|------|----|`` makes the fourth column three times as wide as the
    first. A column still never gets narrower than what must stay whole in it (a short cell
    such as 序号, a date or 12345, a reference number such as 12345-2020-0418, the first two
    characters of its header). Equal counts (``|---|---|``) mean widths measured from the
    content.
    Inside a cell ``\`` escapes the next character: ``\|`` is a ``|``, ``\\`` a ``\``;
    a cell of dashes only is written ``\-``.
``- 条目`` / ``1. 条目``
    list items (each its own paragraph); numbered lists are renumbered 1. 2. 3., and an
    item numbered ``1.`` starts a new numbered list.
``[附件] 标题``
    starts an attachment on a new page (附件1, 附件2 … are numbered automatically).
``[附文] 标题``
    starts the enclosed document (方案, 要点, 分析研判报告 …) of a 关于印发《…》的通知 or
    关于上报《…》的报告, on a new page under its own centred title.
``> 文字``
    a centred subtitle line directly after ``[附件]``/``[附文]`` (issuer, （2020年9月9日）).
``[分页]``
    page break.
``\文字``
    a paragraph that starts with one of the characters above, written literally.
any other line
    a paragraph.

Anywhere in a text, ``【待填写：说明】`` marks something still to be written: the writers
highlight it and :func:`ideowork.documents.checks.find_unfilled` lists it before printing.

:func:`parse_markup` raises :class:`MarkupError` (with the line number and a Chinese message)
on bad input; :func:`to_markup` writes a document back so that
``parse_markup(to_markup(d)) == d``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from ideowork.domain.errors import UserError

from .model import (
    FORM_KINDS,
    Block,
    Document,
    Header,
    Heading,
    Imprint,
    ItemList,
    Orientation,
    PageBreak,
    Paragraph,
    Part,
    PartKind,
    Table,
    TableSize,
)
from .numbering import parse_date


class MarkupError(UserError, ValueError):
    """A mistake in document markup, with its 1-based line number (shown to the user)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"第{line}行：{message}")
        self.line = line
        self.message = message


SEPARATOR = "---"
_SEPARATOR_RE = re.compile(r"^-{3,}$")
_HEADER_RE = re.compile(r"^([^：:]+)[：:](.*)$")
_HEADING_RE = re.compile(r"^(#+)(?:\s+(.*))?$")
_TAG_RE = re.compile(r"^\[([^\]]*)\](.*)$")
_ORDERED_RE = re.compile(r"^(\d+)[.．]\s+(.*)$")
_TABLE_RULE_RE = re.compile(r"^\|(:?-+:?\|)+$")  # matched with the whitespace removed
_WHITESPACE_RE = re.compile(r"\s+")
_NEEDS_ESCAPE_RE = re.compile(r"^([#+|>\[\\-]|\d+[.．]\s)")

# Header field name -> (Header/Imprint/Document attribute, kind of value)
_SINGLE_FIELDS: dict[str, str] = {
    "份号": "copy_number",
    "密级": "secrecy",
    "紧急程度": "urgency",
    "发文机关标志": "issuer_mark",
    "文号": "doc_number",
    "签发人": "signer",
    "主送": "recipients",
    "署名": "signature",
    "日期": "date",
    "盖章": "sealed",
    "双面印刷": "double_sided",
    "附注": "note",
    "抄送": "cc",
    "印发机关": "printer",
    "印发日期": "print_date",
    "文种": "form_kind",
    "版式": "orientation",
    "表格字号": "table_size",
}
_REPEATABLE_FIELDS = ("标题", "附件说明")
_HEADER_ATTRS = ("copy_number", "secrecy", "urgency", "issuer_mark", "doc_number", "signer")
_IMPRINT_ATTRS = ("cc", "printer", "print_date")
_YES = ("是", "有", "盖章", "yes", "true", "1")
_NO = ("否", "无", "不盖章", "no", "false", "0")
_ORIENTATIONS = {
    "纵向": Orientation.PORTRAIT,
    "竖向": Orientation.PORTRAIT,
    "竖排": Orientation.PORTRAIT,
    "横向": Orientation.LANDSCAPE,
    "横排": Orientation.LANDSCAPE,
}
_TABLE_SIZES = {
    "四号": TableSize.SI,
    "小四": TableSize.XIAO_SI,
    "小四号": TableSize.XIAO_SI,
    "五号": TableSize.WU,
}


@dataclass
class _HeaderValues:
    single: dict[str, str] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# Control characters a DOCX (XML 1.0) cannot hold and a printed page cannot show; pasted text
# carries them (a bell from a terminal, a form feed from an old file). Tabs and line breaks stay.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def parse_markup(text: str) -> Document:
    """Parse document markup into a :class:`Document` (see the module docstring)."""
    lines = _UNPRINTABLE.sub("", text).splitlines()
    separator = next((i for i, line in enumerate(lines) if _SEPARATOR_RE.match(line.strip())), None)
    if separator is None:
        raise MarkupError(
            max(len(lines), 1), "缺少分隔行“---”：请在字段（标题、文号等）与正文之间加一行“---”"
        )
    values = _parse_header(lines[:separator])
    if not values.titles:
        raise MarkupError(separator + 1, "缺少“标题：”字段")
    parser = _BodyParser()
    for number, raw in enumerate(lines[separator + 1 :], separator + 2):
        parser.feed(number, raw.strip())
    body, parts = parser.finish()
    return _build_document(values, body, parts, separator + 1)


def _parse_header(lines: list[str]) -> _HeaderValues:
    values = _HeaderValues()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        match = _HEADER_RE.match(line)
        if not match:
            raise MarkupError(number, f"字段行应写成“字段：内容”，而不是“{line}”")
        key, value = match.group(1).strip(), match.group(2).strip()
        if key == "标题":
            if not value:
                raise MarkupError(number, "标题不能为空")
            values.titles.append(value)
        elif key == "附件说明":
            if not value:
                raise MarkupError(number, "附件说明不能为空")
            values.notes.append(value)
        elif key in _SINGLE_FIELDS:
            if key in values.single:
                raise MarkupError(number, f"字段“{key}”重复出现")
            values.single[key] = value
            _check_field(number, key, value)
        else:
            known = "、".join((*_SINGLE_FIELDS, *_REPEATABLE_FIELDS))
            raise MarkupError(number, f"未知的字段“{key}”（可用字段：{known}）")
    # remember where each single field was, for errors found later
    return values


def _check_field(number: int, key: str, value: str) -> None:
    if key in ("日期", "印发日期") and value:
        try:
            parse_date(value)
        except ValueError:
            raise MarkupError(
                number, f"{key}“{value}”无效，应写成2020-09-09或2020年9月9日"
            ) from None
    if key in ("盖章", "双面印刷") and value and value.lower() not in (*_YES, *_NO):
        raise MarkupError(number, f"{key}应填“是”或“否”，而不是“{value}”")
    if key == "版式" and value and value not in _ORIENTATIONS:
        raise MarkupError(number, f"版式应填“纵向”或“横向”，而不是“{value}”")
    if key == "表格字号" and value and value not in _TABLE_SIZES:
        raise MarkupError(number, f"表格字号应填“四号”“小四”或“五号”，而不是“{value}”")
    if key == "文种" and value and value not in FORM_KINDS:
        kinds = "、".join(FORM_KINDS)
        raise MarkupError(
            number,
            f"文种只用于不是公文的台账和表格，应填{kinds}之一，而不是“{value}”"
            "（公文的文种由标题末尾的“报告”“通知”等确定）",
        )


def _build_document(
    values: _HeaderValues, body: tuple[Block, ...], parts: tuple[Part, ...], line: int
) -> Document:
    attrs = {_SINGLE_FIELDS[k]: v for k, v in values.single.items()}

    def opt_date(name: str) -> date | None:
        raw = attrs.get(name, "")
        return parse_date(raw) if raw else None

    header = Header(**{a: attrs.get(a, "") for a in _HEADER_ATTRS})
    imprint = Imprint(cc=attrs.get("cc", ""), printer=attrs.get("printer", ""))
    imprint = replace(imprint, print_date=opt_date("print_date"))
    sealed_raw = attrs.get("sealed", "").lower()
    return Document(
        title="\n".join(values.titles),
        header=header,
        recipients=attrs.get("recipients", ""),
        blocks=body,
        attachment_notes=tuple(values.notes),
        signature=attrs.get("signature", ""),
        date=opt_date("date"),
        sealed=sealed_raw in _YES,
        double_sided=attrs.get("double_sided", "").lower() in _YES,
        note=attrs.get("note", ""),
        parts=parts,
        imprint=imprint,
        orientation=_ORIENTATIONS.get(attrs.get("orientation", ""), Orientation.PORTRAIT),
        table_size=_TABLE_SIZES.get(attrs.get("table_size", ""), TableSize.SI),
        form_kind=attrs.get("form_kind", ""),
    )


class _BodyParser:
    """Line-by-line state machine for the body."""

    def __init__(self) -> None:
        self.main: list[Block] = []
        self.parts: list[Part] = []
        self.current: list[Block] = self.main
        self.part_title: tuple[str, PartKind] | None = None
        self.subtitles: list[str] = []
        self.table_rows: list[tuple[int, tuple[str, ...]]] = []
        self.table_widths: tuple[int, ...] = ()  # the dash counts of the table's rule line
        self.table_ruled = False
        self.list_items: list[str] = []
        self.list_ordered = False
        self.last_was_part_start = False

    # -- helpers -----------------------------------------------------------------------------
    def _flush_table(self) -> None:
        if not self.table_rows:
            return
        (_, header), *rows = self.table_rows
        for number, cells in rows:
            if len(cells) != len(header):
                raise MarkupError(number, f"表格行有{len(cells)}列，与表头的{len(header)}列不一致")
        self.current.append(Table(header, tuple(cells for _, cells in rows), self.table_widths))
        self.table_rows = []
        self.table_widths = ()
        self.table_ruled = False

    def _flush_list(self) -> None:
        if self.list_items:
            self.current.append(ItemList(tuple(self.list_items), self.list_ordered))
            self.list_items = []

    def _flush(self) -> None:
        self._flush_table()
        self._flush_list()

    def _close_part(self) -> None:
        self._flush()
        if self.part_title is not None:
            title, kind = self.part_title
            self.parts.append(Part(title, tuple(self.current), kind, tuple(self.subtitles)))
        self.subtitles = []

    # -- the state machine -------------------------------------------------------------------
    def feed(self, number: int, line: str) -> None:
        if not line:
            return
        part_start = self.last_was_part_start
        self.last_was_part_start = False
        handlers: tuple[tuple[str, Callable[[int, str], None]], ...] = (
            ("#", self._heading),
            ("+", self._run_in),
            ("|", self._table_row),
            ("-", self._unordered_item),
            ("[", self._tag),
            ("\\", self._escaped),
        )
        if line.startswith(">"):
            self._subtitle(number, line, part_start)
            return
        for prefix, handler in handlers:
            if line.startswith(prefix):
                if prefix != "|":
                    self._flush_table()
                if prefix != "-":
                    self._flush_list()
                handler(number, line)
                return
        ordered = _ORDERED_RE.match(line)
        self._flush_table()
        if ordered:
            if self.list_items and (not self.list_ordered or ordered.group(1) == "1"):
                self._flush_list()
            self.list_ordered = True
            self.list_items.append(_required(number, ordered.group(2), "列表条目"))
            return
        self._flush_list()
        self.current.append(Paragraph(line))

    def _heading(self, number: int, line: str) -> None:
        match = _HEADING_RE.match(line)
        if not match:
            raise MarkupError(
                number, "标题行的“#”后应有一个空格，例如“# 加强组织领导”；正文以“#”开头请写“\\#”"
            )
        level = len(match.group(1))
        if level > 4:
            raise MarkupError(number, f"标题最多四级（#至####），这里有{level}级")
        self.current.append(Heading(level, _required(number, match.group(2) or "", "标题")))

    def _run_in(self, number: int, line: str) -> None:
        text = _required(number, line[1:], "同段正文")
        last = self.current[-1] if self.current else None
        if not isinstance(last, Heading) or last.run_in:
            raise MarkupError(number, "“+”行须紧跟在一个标题行（#）之后，表示与标题同段的正文")
        self.current[-1] = replace(last, run_in=text)

    def _table_row(self, number: int, line: str) -> None:
        compact = _WHITESPACE_RE.sub("", line)
        if _TABLE_RULE_RE.match(compact):
            # the rule follows a header: a header after body rows starts a new table
            if not self.table_rows:
                raise MarkupError(number, "表格分隔行“|---|”只能紧跟在表头行之后")
            if len(self.table_rows) > 1:
                header = self.table_rows.pop()
                self._flush_table()
                self.table_rows = [header]
            elif self.table_ruled:
                raise MarkupError(number, "表头下只能有一行表格分隔行“|---|”")
            dashes = tuple(cell.count("-") for cell in compact[1:-1].split("|"))
            columns = len(self.table_rows[0][1])
            if len(dashes) != columns:
                raise MarkupError(
                    number,
                    f"表格分隔行有{len(dashes)}列，与表头的{columns}列不一致"
                    "（每列写一格“---”，各列的“-”数不同时按其比例分配列宽）",
                )
            self.table_widths = dashes if len(set(dashes)) > 1 else ()
            self.table_ruled = True
            return
        cells = _split_cells(number, line)
        self.table_rows.append((number, tuple(cells)))

    def _unordered_item(self, number: int, line: str) -> None:
        if line.strip() == SEPARATOR:
            raise MarkupError(number, "分隔行“---”只能出现一次")
        if self.list_items and self.list_ordered:
            self._flush_list()
        self.list_ordered = False
        self.list_items.append(_required(number, line[1:], "列表条目"))

    def _tag(self, number: int, line: str) -> None:
        match = _TAG_RE.match(line)
        tag = match.group(1).strip() if match else ""
        rest = match.group(2).strip() if match else ""
        if tag == "分页":
            if rest:
                raise MarkupError(number, "“[分页]”一行不能有其他文字")
            self.current.append(PageBreak())
            return
        if tag in ("附件", "附文"):
            title = _required(number, rest, f"[{tag}]的标题")
            self._close_part()
            self.part_title = (title, PartKind(tag))
            self.current = []
            self.last_was_part_start = True
            return
        raise MarkupError(
            number, f"未知的标记“[{tag}]”（可用：[附件]、[附文]、[分页]）；正文以“[”开头请写“\\[”"
        )

    def _subtitle(self, number: int, line: str, part_start: bool) -> None:
        if self.part_title is None or self.current or not (part_start or self.subtitles):
            raise MarkupError(number, "“>”副标题行只能紧跟在[附件]或[附文]行之后")
        self.subtitles.append(_required(number, line[1:], "副标题"))
        self.last_was_part_start = True

    def _escaped(self, number: int, line: str) -> None:
        self.current.append(Paragraph(_required(number, line[1:], "段落")))

    def finish(self) -> tuple[tuple[Block, ...], tuple[Part, ...]]:
        if self.part_title is None:
            self._flush()
        else:
            self._close_part()
        return tuple(self.main), tuple(self.parts)


def _required(number: int, text: str, what: str) -> str:
    stripped = text.strip()
    if not stripped:
        raise MarkupError(number, f"{what}不能为空")
    return stripped


def _split_cells(number: int, line: str) -> list[str]:
    """Cells of ``| a | b |``; ``\\|`` and ``\\\\`` are escapes."""
    cells: list[str] = []
    inner = line[1:]
    buf: list[str] = []
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "\\" and i + 1 < len(inner):
            buf.append(inner[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    if "".join(buf).strip() or not cells:
        raise MarkupError(number, "表格行应以“|”开头并以“|”结尾")
    return cells


# --- writing ---------------------------------------------------------------------------------


def with_header_field(markup: str, key: str, value: str, *, replace: bool = True) -> str:
    """`markup` with its header's `key：` line saying `value`: the line already there replaced
    (left alone when not `replace`), or one added at the header's end. Text without a header
    (no "---") comes back as it is: parse_markup says what is missing."""
    lines = markup.splitlines(keepends=True)
    separator = next((i for i, line in enumerate(lines) if _SEPARATOR_RE.match(line.strip())), None)
    if separator is None:
        return markup
    for index in range(separator):
        match = _HEADER_RE.match(lines[index].strip())
        if match and match.group(1).strip() == key:
            if not replace:
                return markup
            ending = lines[index][len(lines[index].rstrip("\r\n")) :]
            lines[index] = f"{key}：{value}{ending or chr(10)}"
            return "".join(lines)
    return "".join([*lines[:separator], f"{key}：{value}\n", *lines[separator:]])


def escape_line(text: str) -> str:
    """A paragraph whose text must not be read as markup syntax (# + | > [ - 1. ---)."""
    return "\\" + text if _NEEDS_ESCAPE_RE.match(text) or _SEPARATOR_RE.match(text) else text


def escape_cell(text: str) -> str:
    """Text for one table cell: | and \\ escaped."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|")
    return "\\" + escaped if escaped[:1] in ("-", ":") else escaped


def _blocks_markup(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
            if block.run_in:
                out.append(f"+ {block.run_in}")
        elif isinstance(block, Paragraph):
            out.append(escape_line(block.text))
        elif isinstance(block, Table):
            out.append("| " + " | ".join(escape_cell(c) for c in block.header) + " |")
            rule = [w * "-" for w in block.widths] or ["---"] * len(block.header)
            out.append("|" + "".join(f"{dashes}|" for dashes in rule))
            out.extend("| " + " | ".join(escape_cell(c) for c in row) + " |" for row in block.rows)
        elif isinstance(block, ItemList):
            for i, item in enumerate(block.items, 1):
                out.append(f"{i}. {item}" if block.ordered else f"- {item}")
        else:
            out.append("[分页]")
    return out


def to_markup(document: Document) -> str:
    """Write ``document`` as markup; :func:`parse_markup` reads it back unchanged."""
    _check_writable(document)
    head = document.header
    lines: list[str] = []

    def put(key: str, value: str) -> None:
        if value:
            lines.append(f"{key}：{value}")

    put("份号", head.copy_number)
    put("密级", head.secrecy)
    put("紧急程度", head.urgency)
    put("发文机关标志", head.issuer_mark)
    put("文号", head.doc_number)
    put("签发人", head.signer)
    for title_line in document.title.split("\n"):
        put("标题", title_line)
    put("文种", document.form_kind)
    put("主送", document.recipients)
    for note in document.attachment_notes:
        put("附件说明", note)
    put("署名", document.signature)
    put("日期", document.date.isoformat() if document.date else "")
    put("盖章", "是" if document.sealed else "")
    put("双面印刷", "是" if document.double_sided else "")
    put("附注", document.note)
    put("抄送", document.imprint.cc)
    put("印发机关", document.imprint.printer)
    put("印发日期", document.imprint.print_date.isoformat() if document.imprint.print_date else "")
    put("版式", "" if document.orientation is Orientation.PORTRAIT else document.orientation.value)
    put("表格字号", "" if document.table_size is TableSize.SI else document.table_size.value)
    lines.append(SEPARATOR)
    lines.extend(_blocks_markup(document.blocks))
    for part in document.parts:
        lines.append(f"[{part.kind.value}] {part.title}")
        lines.extend(f"> {s}" for s in part.subtitle_lines)
        lines.extend(_blocks_markup(part.blocks))
    return "\n".join(lines) + "\n"


def _check_writable(document: Document) -> None:
    """The one thing markup cannot express: two unnumbered lists in a row (they merge)."""
    for blocks in (document.blocks, *(p.blocks for p in document.parts)):
        for first, second in itertools.pairwise(blocks):
            if (
                isinstance(first, ItemList)
                and isinstance(second, ItemList)
                and not (first.ordered or second.ordered)
            ):
                raise ValueError("two unnumbered lists in a row cannot be written as markup")
