"""Writing .xlsx ledgers with openpyxl: a styled header row, wrapped rows, a safe save."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ideowork.domain.errors import UserError


def new_sheet(title: str, headers: Sequence[str], widths: Sequence[int]) -> tuple[Any, Any]:
    """A workbook with one sheet: a bold header row, frozen, with the given column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit for sheet names
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F4F1EC")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return book, sheet


def append_rows(sheet: Any, rows: Iterable[Sequence[Any]], date_columns: Sequence[int] = ()) -> int:
    """Append rows, wrapping text at the top of each cell; dates shown as yyyy-mm-dd."""
    from openpyxl.styles import Alignment

    count = 0
    row = sheet.max_row  # read once: openpyxl computes max_row by scanning every row
    wrap = Alignment(vertical="top", wrap_text=True)
    for values in rows:
        sheet.append(list(values))
        row += 1
        for cell in sheet[row]:
            cell.alignment = wrap
        for column in date_columns:
            sheet.cell(row, column).number_format = "yyyy-mm-dd"
        count += 1
    return count


def save_workbook(book: Any, path: Path) -> None:
    """Save, turning the usual failures into a message the user can act on."""
    try:
        book.save(path)
    except PermissionError:
        raise UserError(
            f"无法写入“{path.name}”：文件可能正在被 Excel 或 WPS 打开，或没有写入权限。"
            "请关闭该文件或换一个位置后重试。"
        ) from None
    except OSError as error:
        raise UserError(
            f"无法写入“{path}”（{error.strerror or error}），请换一个位置后重试。"
        ) from None
