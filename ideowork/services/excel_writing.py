"""Writing .xlsx ledgers: a styled header row, wrapped rows, a safe save.

Every text is stored as text (an inline string, never a formula cell), and a spreadsheet
evaluates a text beginning with ``=``, ``+``, ``-`` or ``@`` (after a tab, a CR
or spaces) once the user edits the cell or saves it as CSV: ``=HYPERLINK(…)`` or DDE
(``=cmd|' /C calc'!A0``) typed into a case by a complainant must never come back out of an
export as a live formula (the OWASP CSV/Excel injection rule). Such a cell is written as a
string with the quote prefix set (Excel's own leading apostrophe, which is not part of the
value): Excel, WPS and LibreOffice show the text and never evaluate it, and reading the file
back gives exactly the text that was written. Numbers stay numbers (−3 is the number −3).

Rows are streamed (services/xlsx_stream.py): a year's 舆情台账 of 10 000 rows is written in
about a second, in memory that does not grow with the rows.

The file is written beside the target and renamed over it whole (ideowork.files.atomic_write):
a kill or a full disk leaves the old file as it was.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from ideowork.domain.errors import UserError
from ideowork.files import atomic_write
from ideowork.services.xlsx_stream import CellStyle, SheetStream, save_sheets

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
    """A value a sheet can hold: text without the control characters XML cannot hold."""
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value.translate(_LINE_BREAKS))
    return value


# The look of a ledger: a bold, shaded, centred header; text wrapped at the top of each cell.
HEADER = CellStyle(bold=True, fill="F4F1EC", horizontal="center", vertical="center")
WRAP = CellStyle(vertical="top", wrap=True)
DATE_FORMAT = "yyyy-mm-dd"


def new_sheet(
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    *,
    alongside: SheetStream | None = None,
) -> SheetStream:
    """A one-sheet workbook written as a stream: the header row bold and frozen, the given
    column widths. Add rows with `append_rows` / `append_row`, then `save_workbook`.
    `alongside`: the first sheet of a workbook of several, saved together by `save_workbook`."""
    sheet = SheetStream(title, widths, frozen_rows=1, alongside=alongside)
    append_row(sheet, headers, [HEADER] * len(headers))
    return sheet


def append_row(sheet: SheetStream, values: Sequence[Any], styles: Sequence[CellStyle]) -> None:
    """One row, each value in its style; formula-like text gets the quote prefix (see the
    module's note), every other text is stored as plain text."""
    cells = []
    for value, style in zip(map(storable, values), styles, strict=True):
        if isinstance(value, str) and formula_like(value):
            style = replace(style, quote_prefix=True)
        cells.append((value, sheet.style(style)))
    sheet.append(cells)


def append_rows(
    sheet: SheetStream, rows: Iterable[Sequence[Any]], date_columns: Sequence[int] = ()
) -> int:
    """Append rows, wrapping text at the top of each cell; dates (1-based `date_columns`)
    shown as yyyy-mm-dd; every text kept as text. Linear in the rows: nothing is read back."""
    dated = replace(WRAP, number_format=DATE_FORMAT)
    # Per column: the cell format number, plain and with the quote prefix.
    formats: list[tuple[int, int]] = []
    count = 0
    for values in rows:
        while len(formats) < len(values):
            style = dated if len(formats) + 1 in date_columns else WRAP
            formats.append((sheet.style(style), sheet.style(replace(style, quote_prefix=True))))
        cells = []
        for value, (plain, quoted) in zip(values, formats, strict=False):
            if isinstance(value, str):
                value = storable(value)
                cells.append((value, quoted if formula_like(value) else plain))
            else:
                cells.append((value, plain))
        sheet.append(cells)
        count += 1
    return count


def save_workbook(sheet: SheetStream | Sequence[SheetStream], path: Path) -> None:
    """Save through a temporary file renamed over `path` (never over a folder or a device),
    turning the usual failures into a message the user can act on; on any failure the file
    that was at `path` is left as it was. Several sheets (made `alongside` the first) are
    saved as one workbook, in order."""
    sheets = [sheet] if isinstance(sheet, SheetStream) else list(sheet)
    try:
        with ExitStack() as streams, atomic_write(path) as temporary:
            for each in sheets:
                streams.enter_context(each)
            if len(sheets) == 1:
                sheets[0].save(temporary)
            else:
                save_sheets(sheets, temporary)
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
