"""How big an imported file may be, checked before the work starts.

A 50 MB text file taken for a plan once imported 433 296 "tasks" in 277 s at 800 MB of memory.
Real files are far smaller than these limits (a unit's 实施方案 is 30–300 items and under
100 KB of text; a year's study ledger a few hundred rows; a platform's export of a year some
thousands), so a file beyond them is the wrong file, or several years in one: it is refused
at once with a message that says what was found, the limit and what to do, and without
reading the whole file where that can be avoided: the file's size first, then the sizes a
.docx/.xlsx package declares for its parts, then the rows of a sheet (its <row> tags counted in
the raw XML, which is what the declared size would say, at 0.6 s for 100 000 rows against
openpyxl's 25 s), then the rows as they stream past; a plan's numbered items as they are parsed.

The Chinese messages name the size or count found and the limit; a size just over its limit is
written in KB so the two differ ("2049 KB" against "2048 KB").
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ideowork.domain.errors import UserError

KB = 1024
MB = 1024 * KB

# 实施方案 (.txt or .docx)
PLAN_FILE_BYTES = 20 * MB  # a .docx may carry photos and a scanned seal; its text is limited below
PLAN_TEXT_BYTES = 2 * MB  # a .txt file, or the text in a .docx (UTF-8)
PLAN_TASKS = 5_000  # numbered headings and tasks: each becomes one task of the matrix
# Spreadsheets (.xlsx, .csv)
SHEET_FILE_BYTES = 20 * MB
MATRIX_ROWS = 5_000  # tasks of a 责任清单 sheet
STUDY_ROWS = 20_000  # sessions of a 学习台账 sheet
CASE_ROWS = 100_000  # cases of a 舆情台账 or platform export
# Office packages (.docx, .xlsx are zip files): the parts unpacked, so a small file that
# unpacks to gigabytes (a "zip bomb") is refused before anything is unpacked.
PACKAGE_UNPACKED_BYTES = 256 * MB
DOCUMENT_XML_BYTES = 64 * MB  # word/document.xml alone: parsed into memory whole
HEADER_ROWS = 20  # rows above the data a sheet may have (title, notes, header)
TRIM_BLANK_ROWS = (
    "如表中实际的记录没有这么多，多出的是设置过格式的空行：请选中表格末尾的空行，"
    "“删除”整行后保存，再导入。"
)

SPLIT_SHEET = "请确认选对了文件；如确需导入，请按年度或时间段拆分为几个文件，分批导入。"
TRIM_PLAN = (
    "请确认选择的是实施方案文件（一份方案通常只有几十到几百项）；如确是方案，"
    "请删去附件、汇编在一起的其他文件等与责任分工无关的内容，或拆分为几个文件后再导入。"
)


def size_text(size: int) -> str:
    """A size as people read it: 512 KB, 2 MB, 49.6 MB."""
    if size < MB:
        return f"{max(1, round(size / KB))} KB"
    return f"{size / MB:.1f}".removesuffix(".0") + " MB"


def sizes_text(size: int, limit: int) -> tuple[str, str]:
    """A size over a limit and the limit, written so the one is seen to be bigger: a file
    just over 2 MB is "2049 KB" against "2048 KB", not "2 MB" against "2 MB"."""
    found, most = size_text(size), size_text(limit)
    if found == most:
        return f"{-(-size // KB)} KB", f"{limit // KB} KB"
    return found, most


def file_size(path: Path) -> int | None:
    """The file's size, or None when it cannot be told (the reader will say why)."""
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


def check_file_size(
    path: Path,
    limit: int,
    what: str,
    advice: str = SPLIT_SHEET,
    error: type[UserError] = UserError,
) -> None:
    """Refuse a file bigger than `limit` bytes, before a byte of it is read."""
    size = file_size(path)
    if size is not None and size > limit:
        found, most = sizes_text(size, limit)
        raise error(f"文件“{path.name}”有{found}，超过了{what}{most}的上限。{advice}")


def check_package(
    source: Path | bytes,
    name: str,
    what: str,
    advice: str,
    error: type[UserError] = UserError,
) -> None:
    """Refuse an Office package (zip) whose parts unpack to more than the limits.

    Reads only the package's directory. A file that is not a readable zip passes: the
    reader that follows says what it is.
    """
    try:
        opened = source if isinstance(source, Path) else io.BytesIO(source)
        with zipfile.ZipFile(opened) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return
    unpacked = sum(info.file_size for info in infos)
    document = next((i.file_size for i in infos if i.filename == "word/document.xml"), 0)
    if unpacked > PACKAGE_UNPACKED_BYTES:
        part, size, limit = "解压后", unpacked, PACKAGE_UNPACKED_BYTES
    elif document > DOCUMENT_XML_BYTES:
        part, size, limit = "的正文部分解压后", document, DOCUMENT_XML_BYTES
    else:
        return
    found, most = sizes_text(size, limit)
    raise error(
        f"文件“{name}”{part}有{found}，超过了{what}{most}的上限，可能已损坏，或不是{what}。{advice}"
    )


def check_plan_text(size: int, name: str, packaged: bool, error: type[UserError]) -> None:
    """Refuse a plan whose text (a .txt file, or the text in a .docx) exceeds the limit."""
    if size > PLAN_TEXT_BYTES:
        where = f"Word 文档“{name}”中的文字" if packaged else f"文件“{name}”"
        found, most = sizes_text(size, PLAN_TEXT_BYTES)
        raise error(f"{where}有{found}，超过了实施方案{most}的上限。{TRIM_PLAN}")


def task_count_message(count: int, what: str = "方案", at_least: bool = False) -> str:
    found = f"至少{count}项" if at_least else f"{count}项"
    return (
        f"{what}中有{found}带编号的标题和任务，超过了{PLAN_TASKS}项的上限，未导入任何内容。"
        f"{TRIM_PLAN}"
    )


def check_task_count(count: int, what: str = "方案", error: type[UserError] = UserError) -> None:
    if count > PLAN_TASKS:
        raise error(task_count_message(count, what))


def limited_rows(
    sheet: Any,
    file_name: str,
    limit: int,
    what: str,
    advice: str = SPLIT_SHEET,
) -> Iterator[tuple[Any, ...]]:
    """The rows of an openpyxl read-only sheet, refused beyond `limit` filled rows.

    The row count the sheet declares (its used range) is looked at first, so a sheet over the
    limit is refused before one row is read: reading 100 000 rows takes openpyxl some 25 s.
    The used range counts rows formatted in advance, so the message says how to drop them.
    A sheet that declares nothing has its filled rows counted as they stream past.
    """
    declared = sheet.max_row
    if isinstance(declared, int) and declared > limit + HEADER_ROWS:
        raise UserError(
            f"“{file_name}”的工作表有{declared}行，超过了{what}{limit}行的上限。{advice}"
            f"{TRIM_BLANK_ROWS}"
        )
    filled = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(v is not None and v != "" for v in values):
            filled += 1
            if filled > limit + HEADER_ROWS:
                raise UserError(
                    f"“{file_name}”的工作表有超过{limit}行记录（读到第{number}行时停止），"
                    f"超过了{what}{limit}行的上限。{advice}"
                )
        yield tuple(values)


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CHUNK = 1024 * 1024
SHEET_LIST_BYTES = 8 * MB  # workbook.xml and its relationships: a few KB in real files


def _first_sheet_part(package: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first worksheet, as openpyxl picks it (None: unknown)."""
    try:
        parts = [package.getinfo(n) for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
        if any(p.file_size > SHEET_LIST_BYTES for p in parts):
            return None  # a sheet list is a few KB; leave a strange one to openpyxl's checks
        book, rels = (ElementTree.fromstring(package.read(p)) for p in parts)
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return None
    targets = {
        r.get("Id"): r.get("Target", "") for r in rels.iter() if r.tag.endswith("Relationship")
    }
    for sheet in (e for e in book.iter() if e.tag.endswith("}sheet")):
        rel = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel, "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        path = posixpath.normpath(path)
        if "worksheets/" in path:  # a chartsheet is not among openpyxl's worksheets
            return path if path in package.namelist() else None
    return None


def sheet_row_count(path: Path) -> int | None:
    """How many rows the first worksheet writes (<row> elements, filled or only formatted),
    counted in its raw XML as it unpacks, without parsing it; None when it cannot be told.

    For sheets that do not declare their size (some export tools write none), where openpyxl
    would read the whole sheet to learn it: 100 000 rows take it some 25 s, this 0.2 s.
    """
    try:
        with zipfile.ZipFile(path) as package:
            part = _first_sheet_part(package)
            if part is None:
                return None
            count, tail = 0, b""
            with package.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    data = tail + chunk
                    # a tag within the carried-over tail was counted with the chunk before
                    count += sum(1 for m in _ROW_TAG.finditer(data) if m.end() > len(tail))
                    tail = data[-32:]
            return count
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError):
        return None  # damaged or encrypted: the reader says what it is


def check_sheet_rows(path: Path, limit: int, what: str, advice: str = SPLIT_SHEET) -> None:
    """Refuse a workbook whose first sheet writes more than `limit` rows (plus a header)."""
    rows = sheet_row_count(path)
    if rows is not None and rows > limit + HEADER_ROWS:
        raise UserError(
            f"“{path.name}”的工作表有{rows}行，超过了{what}{limit}行的上限。{advice}"
            f"{TRIM_BLANK_ROWS}"
        )


def read_sheet_within(
    path: Path, what: str, limit: int, advice: str = SPLIT_SHEET
) -> tuple[str, list[tuple[Any, ...]]]:
    """The title and rows of a workbook's first sheet, like workbook.read_first_sheet, but a
    file over SHEET_FILE_BYTES, a package that unpacks too big, or a sheet of more than
    `limit` rows is refused first (UserError saying the size found, the limit and `advice`)."""
    from ideowork.importers.workbook import with_first_sheet

    check_file_size(path, SHEET_FILE_BYTES, f"{what}表格", advice)
    check_package(path, path.name, f"{what}表格", advice)
    check_sheet_rows(path, limit, what, advice)
    return with_first_sheet(
        path,
        what,
        lambda sheet: (str(sheet.title), list(limited_rows(sheet, path.name, limit, what, advice))),
    )
