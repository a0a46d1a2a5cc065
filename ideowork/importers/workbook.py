"""Reading .xlsx workbooks: a file that is not a readable workbook gets a Chinese message
saying what it is (an old .xls, an encrypted file, a renamed Word document …); cells become
text and dates the importers can check row by row."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ideowork.domain.errors import UserError
from ideowork.domain.validation import clean_text
from ideowork.importers.office_files import OleKind, is_ole, ole_kind

T = TypeVar("T")

SAVE_AS_XLSX = "请在 Excel 或 WPS 表格中打开，选择“另存为”→“Excel 工作簿（*.xlsx）”后再导入。"


def _corrupt_message(name: str) -> str:
    return (
        f"文件“{name}”已损坏，无法读取。请在 Excel 或 WPS 中打开并另存为新的 .xlsx 文件，"
        "或从备份中找回原文件后再导入。"
    )


def _ole_message(data: bytes, name: str) -> str:
    kind = ole_kind(data)
    if kind is OleKind.ENCRYPTED:
        return (
            f"文件“{name}”已加密（设有打开密码），无法读取。"
            "请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再导入。"
        )
    if kind is OleKind.WORD:
        return f"文件“{name}”是旧版 Word 文档（.doc），不是 Excel 工作簿。请选择 .xlsx 文件。"
    if kind is OleKind.EXCEL:
        return (
            f"文件“{name}”是旧版 Excel 97-2003 工作簿（.xls），本程序无法直接读取。{SAVE_AS_XLSX}"
        )
    return f"文件“{name}”是旧版 Office 文件，本程序无法读取。{SAVE_AS_XLSX}"


def xlsx_bytes(path: Path, what: str) -> bytes:
    """The file's bytes if it is a readable .xlsx; otherwise a UserError saying what it is."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"找不到文件“{name}”。请确认文件仍在原来的位置，然后重新选择。") from None
    except IsADirectoryError:
        raise UserError(f"“{name}”是一个文件夹，不是文件。请选择 Excel 工作簿（.xlsx）。") from None
    except OSError as error:
        raise UserError(
            f"无法读取文件“{name}”（{error.strerror or error}）。"
            "请确认文件未被其他程序独占打开，或复制到本机硬盘后再试。"
        ) from None
    if not data.strip():
        raise UserError(f"文件“{name}”是空的，没有任何内容。请选择导出的{what} Excel 文件。")
    if is_ole(data):
        raise UserError(_ole_message(data, name))
    if not data.startswith(b"PK"):
        raise UserError(
            f"文件“{name}”不是 Excel 工作簿（.xlsx），可能只是改了扩展名。{SAVE_AS_XLSX}"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = set(package.namelist())
            damaged = package.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise UserError(_corrupt_message(name)) from None
    if "xl/workbook.xml" not in members:
        if any(m.startswith("word/") for m in members):
            raise UserError(
                f"文件“{name}”实际上是 Word 文档，不是 Excel 工作簿。"
                "Word 格式的实施方案请使用“导入方案…”；这里请选择 .xlsx 文件。"
            )
        raise UserError(f"文件“{name}”是压缩包，不是 Excel 工作簿（.xlsx）。请选择正确的文件。")
    if damaged is not None:
        raise UserError(_corrupt_message(name))
    return data


def with_first_sheet(path: Path, what: str, read: Callable[[Any], T]) -> T:
    """``read(sheet)`` of the workbook's first sheet (read-only, values not formulas); a
    damaged workbook or one without sheets is a UserError saying so."""
    data = xlsx_bytes(path, what)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged package
        raise UserError(_corrupt_message(path.name)) from None
    try:
        if not book.worksheets:
            raise UserError(f"文件“{path.name}”中没有工作表。")
        return read(book.worksheets[0])
    except UserError:
        raise
    except Exception:
        raise UserError(_corrupt_message(path.name)) from None
    finally:
        book.close()


def read_first_sheet(path: Path, what: str) -> tuple[str, list[tuple[Any, ...]]]:
    """The title and the cell values of the workbook's first sheet."""
    return with_first_sheet(
        path,
        what,
        lambda sheet: (str(sheet.title), [tuple(row) for row in sheet.iter_rows(values_only=True)]),
    )


# --- cells and rows of an imported sheet ------------------------------------------------------

DATE_PATTERN = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_DATE_RE = re.compile(DATE_PATTERN)
MAX_LISTED_PROBLEMS = 30


def cell_text(value: Any) -> str:
    """A cell as the text the user sees (1.0 → "1", a datetime → its date)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return clean_text(str(value))


def cell_date(value: Any) -> dt.date | None:
    """A date cell, or text such as 2020-09-09, 2020/9/9, 2020年9月9日; empty is None.

    Raises ValueError for anything else, so the caller can name the row.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return dt.date(*(int(part) for part in match.groups()))


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number as Excel shows it
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.reason}"


class RowsImportError(UserError):
    """Rows that cannot be imported; nothing was written. `problems` lists every one."""

    def __init__(self, file_name: str, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(problems)
        rows = len({p.row for p in problems})
        listed = "\n".join(str(p) for p in self.problems[:MAX_LISTED_PROBLEMS])
        more = (
            f"\n……另有{len(self.problems) - MAX_LISTED_PROBLEMS}处问题未列出。"
            if len(self.problems) > MAX_LISTED_PROBLEMS
            else ""
        )
        super().__init__(
            f"“{file_name}”中有{rows}行需要修改，未导入任何内容。请改正后重新导入：\n{listed}{more}"
        )
