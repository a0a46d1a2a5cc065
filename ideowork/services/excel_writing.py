"""Writing .xlsx ledgers with openpyxl: a styled header row, wrapped rows, a safe save.

Every text is stored as text. openpyxl would store a str beginning with ``=`` as a formula, and
a spreadsheet evaluates a text beginning with ``=``, ``+``, ``-`` or ``@`` (after a tab, a CR
or spaces) once the user edits the cell or saves it as CSV: ``=HYPERLINK(…)`` or DDE
(``=cmd|' /C calc'!A0``) typed into a case by a complainant must never come back out of an
export as a live formula (the OWASP CSV/Excel injection rule). Such a cell is written as a
string with the quote prefix set (Excel's own leading apostrophe, which is not part of the
value): Excel, WPS and LibreOffice show the text and never evaluate it, and reading the file
back gives exactly the text that was written. Numbers stay numbers (−3 is the number −3).

The file is written beside the target and renamed over it whole (ideowork.files.atomic_write):
a kill or a full disk leaves the old file as it was.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ideowork.domain.errors import UserError
from ideowork.files import atomic_write

# A text a spreadsheet may read as a formula: its first character, or the first after blanks.
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
_LEADING_CONTROL = ("\t", "\r", "\n")
# XML 1.0 cannot hold these control characters (openpyxl refuses them); a vertical tab or a
# form feed is how Word's plain text marks a line or page break, so those become line breaks.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0e-\x1f]")


def formula_like(text: str) -> bool:
    """True for text a spreadsheet could take for a formula (=, +, -, @, or a tab/CR first)."""
    if text.startswith(_LEADING_CONTROL):
        return True
    return text.lstrip()[:1] in FORMULA_STARTS


def storable(value: Any) -> Any:
    """A value openpyxl can write: text without the control characters XML cannot hold."""
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value.translate(_LINE_BREAKS))
    return value


def keep_as_text(cell: Any) -> None:
    """Store a text cell as text, never as a formula; formula-like text gets the quote prefix
    (Excel's leading apostrophe), so editing the cell in Excel or WPS keeps it text too."""
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl set "f" for a text beginning with "="
        if formula_like(cell.value):
            cell.quotePrefix = True


def new_sheet(title: str, headers: Sequence[str], widths: Sequence[int]) -> tuple[Any, Any]:
    """A workbook with one sheet: a bold header row, frozen, with the given column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit for sheet names
    sheet.append([storable(header) for header in headers])
    for cell in sheet[1]:
        keep_as_text(cell)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F4F1EC")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return book, sheet


def append_rows(sheet: Any, rows: Iterable[Sequence[Any]], date_columns: Sequence[int] = ()) -> int:
    """Append rows, wrapping text at the top of each cell; dates shown as yyyy-mm-dd; every
    text kept as text (see the module's note)."""
    from openpyxl.styles import Alignment

    count = 0
    row = sheet.max_row  # read once: openpyxl computes max_row by scanning every row
    wrap = Alignment(vertical="top", wrap_text=True)
    for values in rows:
        sheet.append([storable(value) for value in values])
        row += 1
        for cell in sheet[row]:
            keep_as_text(cell)
            cell.alignment = wrap
        for column in date_columns:
            sheet.cell(row, column).number_format = "yyyy-mm-dd"
        count += 1
    return count


def save_workbook(book: Any, path: Path) -> None:
    """Save through a temporary file renamed over `path` (never over a folder or a device),
    turning the usual failures into a message the user can act on; on any failure the file
    that was at `path` is left as it was."""
    try:
        with atomic_write(path) as temporary:
            book.save(temporary)
    except PermissionError:
        raise UserError(
            f"无法写入“{path.name}”：文件可能正在被 Excel 或 WPS 打开，或没有写入权限。"
            "请关闭该文件或换一个位置后重试。"
        ) from None
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise UserError(
                f"磁盘已满，“{path.name}”没有写完，原有文件未受影响。请清理磁盘空间或换一个位置后重试。"
            ) from None
        raise UserError(
            f"无法写入“{path}”（{error.strerror or error}），请换一个位置后重试。"
        ) from None
