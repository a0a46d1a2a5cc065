"""Read a 实施方案 file (.txt or .docx) into a list of paragraphs.

The file's kind is decided by its content, not by its name, so a renamed file is still read
correctly or refused with a clear message. Everything that cannot be read raises
:class:`PlanImportError` with a Simplified Chinese message for the user.

For .docx the paragraphs come in body order, including the paragraphs inside table cells, and
Word's automatic numbering ("一、", "（一）", "1." produced by a list style) is written out in
front of the paragraph text, because the plan parser relies on those markers. A table whose
header names the responsibility columns (任务 / 责任领导 / 责任股室 / 完成时限 …) is turned into one
numbered paragraph per row ending with a "（牵头领导：…；责任单位：…；完成时限：…）" parenthesis
(ideowork.importers.plan_tables), which remembers the columns its fields came from.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ideowork.domain.numerals import to_chinese, to_chinese_digits
from ideowork.importers.errors import PlanImportError
from ideowork.importers.limits import (
    PLAN_FILE_BYTES,
    PLAN_TEXT_BYTES,
    TRIM_PLAN,
    check_file_size,
    check_package,
    check_plan_text,
)
from ideowork.importers.office_files import OLE_MAGIC, OleKind, is_ole, ole_kind
from ideowork.importers.plan_tables import Column, header_columns, row_line

__all__ = ["decode_text", "docx_paragraphs", "read_paragraphs"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SAVE_AS_DOCX = "请在 Word 或 WPS 中打开，选择“另存为”→“Word 文档（*.docx）”后再导入。"


def read_paragraphs(path: Path) -> list[str]:
    """Return the paragraphs of a .txt or .docx file, in document order.

    Raises :class:`PlanImportError` when the file is missing, empty, encrypted, damaged or of a
    kind that cannot be read (.doc, .xlsx, PDF, binary data …).
    """
    name = path.name
    try:
        # The size first, by the kind the first bytes tell: a 50 MB text is refused unread.
        with path.open("rb") as head:
            packaged = _is_package(head.read(len(OLE_MAGIC)))
        check_file_size(
            path,
            PLAN_FILE_BYTES if packaged else PLAN_TEXT_BYTES,
            "实施方案",
            TRIM_PLAN,
            PlanImportError,
        )
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanImportError(
            f"找不到文件“{name}”。请确认文件仍在原来的位置，然后重新选择。"
        ) from None
    except IsADirectoryError:
        raise PlanImportError(f"“{name}”是一个文件夹，不是文件。请选择实施方案文件。") from None
    except PermissionError:
        raise PlanImportError(
            f"没有权限读取文件“{name}”。请确认文件未被其他程序独占打开，"
            "或将其复制到“文档”等有权限的文件夹后再导入。"
        ) from None
    except OSError as exc:
        raise PlanImportError(
            f"读取文件“{name}”时出错（{exc.strerror or exc}）。请将文件复制到本机硬盘后再试。"
        ) from None

    if not data.strip():
        raise PlanImportError(
            f"文件“{name}”是空的，没有任何内容。请选择包含实施方案正文的 .docx 或 .txt 文件。"
        )
    if is_ole(data):
        raise PlanImportError(_ole_message(data, name))
    if data.startswith(b"PK"):
        return docx_paragraphs(data, name)
    check_plan_text(len(data), name, False, PlanImportError)  # the file grew since
    if data.lstrip().startswith(b"%PDF"):
        raise PlanImportError(
            f"文件“{name}”是 PDF 文件，无法直接导入。请使用原始的 Word 文件；"
            "如果只有 PDF，可将其中的文字复制到记事本，保存为 .txt 后再导入。"
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise PlanImportError(f"文件“{name}”是 RTF 格式，无法直接导入。{_SAVE_AS_DOCX}")
    if path.suffix.lower() in {".docx", ".docm", ".dotx"}:
        # Not a zip package, so not a real .docx. Plain text renamed to .docx is still accepted.
        text = _decode_or_none(data)
        if text is None or _looks_binary(text):
            raise PlanImportError(
                f"文件“{name}”不是有效的 Word 文档（.docx），可能已损坏或只是改了扩展名。"
                f"{_SAVE_AS_DOCX}"
            )
    return _text_paragraphs(decode_text(data, name), name)


def _is_package(head: bytes) -> bool:
    """Whether a file's first bytes are those of a .docx (zip) or an old Office file."""
    return head.startswith(b"PK") or is_ole(head)


def decode_text(data: bytes, name: str = "文件") -> str:
    """Decode a plain-text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    text = _decode_or_none(data)
    if text is None and _binary_bytes(data):
        text = "\x00"  # reported as binary data below
    if text is None:
        raise PlanImportError(
            f"无法识别文件“{name}”的文字编码。请用记事本打开该文件，"
            "选择“另存为”，编码选“UTF-8”，保存后再导入。"
        )
    if _looks_binary(text):
        raise PlanImportError(
            f"文件“{name}”不是文本文件或 Word 文档（内容是无法识别的二进制数据）。"
            "请选择 .docx 或 .txt 格式的实施方案。"
        )
    return text


def docx_paragraphs(data: bytes, name: str = "文件") -> list[str]:
    """Paragraphs of a .docx package given as bytes (see the module docstring)."""
    check_package(data, name, "实施方案", TRIM_PLAN, PlanImportError)  # before unpacking it
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = set(package.namelist())
            bad_member = package.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise PlanImportError(_corrupt_message(name)) from None
    if "word/document.xml" not in members:
        raise PlanImportError(_wrong_package_message(members, name))
    if bad_member is not None:
        raise PlanImportError(_corrupt_message(name))

    import docx  # python-docx; imported here so that reading .txt does not need it

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _DocxReader(document)
        lines = list(reader.block_lines(document.element.body))
    except PlanImportError:
        raise
    except Exception:  # python-docx and lxml raise many kinds for a damaged package
        raise PlanImportError(_corrupt_message(name)) from None
    paragraphs = [line for line in lines if line.strip()]
    check_plan_text(sum(len(p.encode()) + 1 for p in paragraphs), name, True, PlanImportError)
    if not paragraphs:
        raise PlanImportError(
            f"Word 文档“{name}”中没有找到任何文字（可能只有图片或文本框）。"
            "请确认选择的是实施方案正文文件。"
        )
    return paragraphs


# --- plain text ----------------------------------------------------------------------------


def _decode_or_none(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # A UTF-8 file damaged in a byte or two (a GBK file gives errors everywhere instead).
    loose = data.decode("utf-8-sig", errors="replace")
    damaged = loose.count("\ufffd")
    if damaged <= 3 and len(loose) >= 50 * damaged:
        return loose
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _binary_bytes(data: bytes) -> bool:
    """Whether undecodable bytes are binary data rather than text in an unknown encoding."""
    controls = sum(1 for byte in data[:4096] if byte < 0x20 and byte not in b"\t\n\r\f\v\x1a")
    return b"\x00" in data[:4096] or controls > 2


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1a"
    )
    return controls > max(2, len(text) // 200)


def _text_paragraphs(text: str, name: str) -> list[str]:
    head = text.lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<html", "<!doctype html", "<?xml", "mime-version:")):
        raise PlanImportError(
            f"文件“{name}”是网页或 XML 格式（常见于从系统中导出的“.doc”），无法直接导入。"
            f"{_SAVE_AS_DOCX}"
        )
    lines = re.split(r"\r\n|[\r\n\v\f\u2028\u2029\x85]", text)
    paragraphs = [line for line in lines if line.strip(" \t\u3000\xa0\ufeff")]
    if not paragraphs:
        raise PlanImportError(
            f"文件“{name}”中没有任何文字。请选择包含实施方案正文的 .docx 或 .txt 文件。"
        )
    return paragraphs


# --- messages for files of the wrong kind ---------------------------------------------------


def _ole_message(data: bytes, name: str) -> str:
    """Message for an OLE compound file: encrypted Office file, .doc, .xls, .wps …"""
    kind = ole_kind(data)
    if kind is OleKind.ENCRYPTED:
        return (
            f"文件“{name}”已加密（设有打开密码），无法读取。"
            "请在 Word 中取消密码后另存为 .docx 再导入。"
        )
    if kind is OleKind.WORD:
        return (
            f"文件“{name}”是旧版 Word 97-2003 文档（.doc）或 WPS 文档，本程序无法直接读取。"
            f"{_SAVE_AS_DOCX}"
        )
    if kind is OleKind.EXCEL:
        return (
            f"文件“{name}”是旧版 Excel 工作簿（.xls），不是 Word 文档。"
            "实施方案请导入 .docx 或 .txt 文件；Excel 格式的责任清单请使用“从 Excel 导入”。"
        )
    return f"文件“{name}”是旧版 Office 文件，本程序无法读取。{_SAVE_AS_DOCX}"


def _corrupt_message(name: str) -> str:
    return (
        f"文件“{name}”已损坏（不是完整的 Word 文档压缩包），无法读取。"
        "请在 Word 或 WPS 中打开并另存为新的 .docx 文件，或从备份中找回原文件后再导入。"
    )


def _wrong_package_message(members: set[str], name: str) -> str:
    if any(member.startswith("xl/") for member in members):
        return (
            f"文件“{name}”实际上是 Excel 工作簿，不是 Word 文档。"
            "实施方案请导入 .docx 或 .txt 文件；Excel 格式的责任清单请使用“从 Excel 导入”。"
        )
    if any(member.startswith("ppt/") for member in members):
        return f"文件“{name}”是 PowerPoint 演示文稿，不是 Word 文档。请选择实施方案的 Word 文件。"
    if "content.xml" in members or "mimetype" in members:
        return f"文件“{name}”是 OpenDocument（.odt 等）格式。{_SAVE_AS_DOCX}"
    return f"文件“{name}”是压缩包，不是 Word 文档（.docx）。请解压后选择其中的实施方案文件。"


# --- .docx ---------------------------------------------------------------------------------


def _attr(element: Any, name: str) -> str | None:
    if element is None:
        return None
    value = element.get(_W + name)
    return None if value is None else str(value)


def _run_text(paragraph: Any) -> str:
    """Visible text of a w:p, including inserted (tracked) text and hyperlinks."""
    parts: list[str] = []
    skip_depth_roots: set[Any] = set()
    for element in paragraph.iter():
        if any(ancestor in skip_depth_roots for ancestor in element.iterancestors()):
            continue
        tag = element.tag
        if tag in (_W + "pPr", _W + "del", _W + "txbxContent", _W + "instrText", _MC_FALLBACK):
            skip_depth_roots.add(element)
        elif tag == _W + "t":
            parts.append(str(element.text or ""))
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int
    style: str | None


class _Numbering:
    """Renders Word's automatic list numbering ("%1、", "（%2）" …) as text."""

    def __init__(self, document: Any) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_num: dict[str, tuple[str | None, int | None, str | None]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        # python-docx raises NotImplementedError (or KeyError) for a document without the part.
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._load_numbering(numbering)
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, numbering: Any) -> None:
        for abstract in numbering.findall(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(_W + "lvl"):
                ilvl = int(_attr(lvl, "ilvl") or 0)
                levels[ilvl] = _Level(
                    fmt=_attr(lvl.find(_W + "numFmt"), "val") or "decimal",
                    text=_attr(lvl.find(_W + "lvlText"), "val") or "",
                    start=int(_attr(lvl.find(_W + "start"), "val") or 1),
                    style=_attr(lvl.find(_W + "pStyle"), "val"),
                )
            self._abstract[_attr(abstract, "abstractNumId") or ""] = levels
        for num in numbering.findall(_W + "num"):
            overrides: dict[int, int] = {}
            for override in num.findall(_W + "lvlOverride"):
                start = _attr(override.find(_W + "startOverride"), "val")
                if start is not None:
                    overrides[int(_attr(override, "ilvl") or 0)] = int(start)
            abstract_id = _attr(num.find(_W + "abstractNumId"), "val") or ""
            self._nums[_attr(num, "numId") or ""] = (abstract_id, overrides)

    def _load_styles(self, styles: Any) -> None:
        raw: dict[str, tuple[str | None, int | None, str | None]] = {}
        for style in styles.findall(_W + "style"):
            style_id = _attr(style, "styleId")
            if style_id is None:
                continue
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            num_id = _attr(num_pr.find(_W + "numId"), "val") if num_pr is not None else None
            raw_ilvl = _attr(num_pr.find(_W + "ilvl"), "val") if num_pr is not None else None
            based_on = _attr(style.find(_W + "basedOn"), "val")
            raw[style_id] = (num_id, None if raw_ilvl is None else int(raw_ilvl), based_on)
        for style_id in raw:
            num_id, ilvl, parent = raw[style_id]
            seen = {style_id}
            while num_id is None and parent is not None and parent not in seen:
                seen.add(parent)
                num_id, ilvl, parent = raw.get(parent, (None, None, None))
            self._style_num[style_id] = (num_id, ilvl, style_id)

    def marker(self, paragraph: Any) -> str:
        p_pr = paragraph.find(_W + "pPr")
        num_pr = p_pr.find(_W + "numPr") if p_pr is not None else None
        style_id = _attr(p_pr.find(_W + "pStyle"), "val") if p_pr is not None else None
        num_id: str | None = None
        ilvl: int | None = None
        if num_pr is not None:
            num_id = _attr(num_pr.find(_W + "numId"), "val")
            raw_ilvl = _attr(num_pr.find(_W + "ilvl"), "val")
            ilvl = None if raw_ilvl is None else int(raw_ilvl)
        if num_id is None and style_id is not None:
            num_id, style_ilvl, _ = self._style_num.get(style_id, (None, None, None))
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id, {})
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if lv.style == style_id), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for over_level, start in overrides.items():
                counters[over_level] = start - 1
                for deeper in [k for k in counters if k > over_level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none"):
            return ""

        def render(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            lv = levels.get(index, level)
            return _format_number(counters.get(index, lv.start), lv.fmt)

        return re.sub(r"%([1-9])", render, level.text)


_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _format_number(n: int, fmt: str) -> str:
    # 1-99 in words (一 … 九十九); anything else falls through to Arabic digits
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting") and 0 < n < 100:
        return to_chinese(n)
    if fmt == "ideographDigital" and n >= 0:
        return to_chinese_digits(n)
    if fmt == "chineseLegalSimplified" and 0 < n < 10:
        return "零壹贰叁肆伍陆柒捌玖"[n]
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 0 < n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 0 < n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    return str(n)


class _DocxReader:
    def __init__(self, document: Any) -> None:
        self._numbering = _Numbering(document)

    def paragraph_text(self, paragraph: Any) -> str:
        text = _run_text(paragraph)
        marker = self._numbering.marker(paragraph)
        return marker + text if text.strip() else ""

    def block_lines(self, container: Any) -> Iterator[str]:
        for child in container.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                yield self.paragraph_text(child)
            elif tag == _W + "tbl":
                yield from self.table_lines(child)
            elif tag in (_W + "sdt", _W + "customXml"):
                content = child.find(_W + "sdtContent")
                yield from self.block_lines(content if content is not None else child)

    def _cell_lines(self, cell: Any) -> list[str]:
        return [line for line in self.block_lines(cell) if line.strip()]

    def _grid_rows(self, table: Any) -> list[list[tuple[Any, bool]]]:
        """Rows as lists of (cell, is_vertical_continuation), one entry per distinct cell."""
        rows: list[list[tuple[Any, bool]]] = []
        for row in table.iter(_W + "tr"):
            if row.getparent() is not table and row.getparent().getparent() is not table:
                continue  # a row of a nested table
            cells: list[tuple[Any, bool]] = []
            for cell in row.iter(_W + "tc"):
                if cell.getparent() is not row and cell.getparent().getparent() is not row:
                    continue
                v_merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                continuation = v_merge is not None and _attr(v_merge, "val") != "restart"
                span = int(_attr(cell.find(f"{_W}tcPr/{_W}gridSpan"), "val") or 1)
                cells.extend([(cell, continuation)] + [(None, True)] * (span - 1))
            rows.append(cells)
        return rows

    def table_lines(self, table: Any) -> Iterator[str]:
        rows = self._grid_rows(table)
        # A first row made of one spanning cell is the table's caption; the header follows it.
        for header_index, row in enumerate(rows[:2]):
            cells = [cell for cell, _ in row if cell is not None]
            headers = [re.sub(r"\s+", "", "".join(self._cell_lines(cell))) for cell in cells]
            if header_columns(headers) is not None:
                for caption_row in rows[:header_index]:
                    yield from self._plain_row_lines(caption_row)
                headers = [
                    re.sub(r"\s+", "", "".join(self._cell_lines(cell))) if cell is not None else ""
                    for cell, _ in row
                ]
                columns = header_columns(headers)
                assert columns is not None  # the same cells, with the spans' blanks
                yield from self._task_table_lines(rows[header_index + 1 :], columns)
                return
        for row in rows:
            yield from self._plain_row_lines(row)

    def _plain_row_lines(self, row: list[tuple[Any, bool]]) -> Iterator[str]:
        for cell, continuation in row:
            if cell is not None and not continuation:
                yield from self._cell_lines(cell)

    def _task_table_lines(
        self, rows: list[list[tuple[Any, bool]]], columns: list[Column]
    ) -> Iterator[str]:
        above: dict[int, list[str]] = {}
        counter = 0
        for row in rows:
            distinct = {id(cell) for cell, _ in row if cell is not None}
            if len(distinct) == 1 and len(row) > 1 and row[0][0] is not None:
                # A row spanning the whole table: a group heading such as "一、理论学习".
                yield from self._cell_lines(row[0][0])
                counter = 0
                continue
            values: dict[int, list[str]] = {}
            for index, (cell, continuation) in enumerate(row[: len(columns)]):
                if cell is None:
                    continue
                lines = above.get(index, []) if continuation else self._cell_lines(cell)
                above[index] = lines
                values[index] = lines
            line = row_line(columns, [values.get(i, []) for i in range(len(columns))], counter + 1)
            if line:
                counter += 1
                yield line
