"""The streamed .xlsx writer: the exports hold the same cells, values and looks as when openpyxl
wrote them cell by cell (the reference below is that earlier code), and it reads back exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ideowork.domain.periods import Period
from ideowork.services import excel_writing
from ideowork.services.context import Services
from ideowork.services.excel_writing import append_rows, new_sheet, save_workbook
from ideowork.services.ledgers import excel_export
from ideowork.services.matrix import excel as matrix_excel
from ideowork.services.xlsx_stream import CellStyle, SheetStream, column_letter

# --- the reference: how the ledgers were written with openpyxl before ------------------------


def _keep_as_text(cell: Any) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if excel_writing.formula_like(cell.value):
            cell.quotePrefix = True


class _Reference:
    """The earlier writer's sheet: openpyxl's ordinary worksheet, styled cell by cell."""

    def __init__(self, title: str, headers: Sequence[str], widths: Sequence[int]) -> None:
        self.book = Workbook()
        self.sheet = self.book.active
        self.sheet.title = title[:31]
        self.sheet.append([excel_writing.storable(h) for h in headers])
        for cell in self.sheet[1]:
            _keep_as_text(cell)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F4F1EC")
            cell.alignment = Alignment(horizontal="center", vertical="center")
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = "A2"
        self.row = 1

    def append(self, values: Sequence[Any], date_columns: Iterable[int] = ()) -> None:
        self.sheet.append([excel_writing.storable(v) for v in values])
        self.row += 1
        for cell in self.sheet[self.row]:
            _keep_as_text(cell)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for column in date_columns:
            self.sheet.cell(self.row, column).number_format = "yyyy-mm-dd"


def _reference_new_sheet(title: str, headers: Sequence[str], widths: Sequence[int]) -> _Reference:
    return _Reference(title, headers, widths)


def _reference_append_rows(
    sheet: _Reference, rows: Iterable[Sequence[Any]], date_columns: Sequence[int] = ()
) -> int:
    count = 0
    for values in rows:
        sheet.append(values, date_columns)
        count += 1
    return count


def _reference_save(sheet: _Reference, path: Path) -> None:
    sheet.book.save(path)


def _reference_matrix_row(sheet: _Reference, values: Sequence[Any], styles: Any) -> None:
    """The matrix export's own touches, applied after the row as the earlier code did."""
    deadline_column = matrix_excel.HEADERS.index("完成时限") + 1  # after the role columns
    sheet.append(values, (deadline_column,))
    number, text, deadline = (sheet.sheet.cell(sheet.row, c) for c in (1, 2, deadline_column))
    text_style, deadline_style = styles[1], styles[deadline_column - 1]
    text.alignment = Alignment(vertical="top", wrap_text=True, indent=text_style.indent)
    number.number_format = "@"
    if text_style.bold:
        text.font = Font(bold=True)
    if deadline_style.color:
        deadline.font = Font(color=deadline_style.color)


# --- comparing two files -----------------------------------------------------------------------


def _look(cell: Any) -> tuple[Any, ...]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    color = font.color.rgb if font.color is not None and font.color.type == "rgb" else None
    return (
        cell.value,
        cell.data_type,
        bool(font.b),
        color,
        fill.fill_type,
        fill.fgColor.rgb if fill.fill_type else None,
        align.horizontal,
        align.vertical,
        bool(align.wrap_text),
        align.indent or 0,
        cell.number_format,
        bool(cell.quotePrefix),
    )


def _sheet(path: Path) -> tuple[Any, ...]:
    sheet = load_workbook(path).active
    widths = {k: d.width for k, d in sheet.column_dimensions.items() if d.customWidth}
    cells = [[_look(cell) for cell in row] for row in sheet.iter_rows()]
    return sheet.title, sheet.freeze_panes, widths, sheet.max_row, sheet.max_column, cells


def assert_same_workbook(before: Path, after: Path) -> None:
    old, new = _sheet(before), _sheet(after)
    assert old[:5] == new[:5]
    for number, (old_row, new_row) in enumerate(zip(old[5], new[5], strict=True), start=1):
        assert old_row == new_row, f"row {number}"


# --- the exports, before and after ---------------------------------------------------------------


@pytest.fixture
def as_before(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Switch the exports to the reference writer (undone when the test ends)."""

    def switch() -> None:
        for module in (excel_export, matrix_excel):
            monkeypatch.setattr(module, "new_sheet", _reference_new_sheet)
            monkeypatch.setattr(module, "save_workbook", _reference_save)
        monkeypatch.setattr(excel_export, "append_rows", _reference_append_rows)
        monkeypatch.setattr(matrix_excel, "append_row", _reference_matrix_row)

    return switch


def _export_all(services: Services, folder: Path) -> list[Path]:
    folder.mkdir()
    year = Period.parse("2020")
    services.ledger_excel.export_sentiment(year, folder / "cases.xlsx", with_personal=True)
    services.ledger_excel.export_sentiment(year, folder / "cases-plain.xlsx")
    services.ledger_excel.export_studies(year, folder / "studies.xlsx")
    services.matrix_excel.export(2020, folder / "matrix.xlsx")
    return sorted(folder.iterdir())


def test_exports_hold_the_same_cells_and_looks_as_before(
    demo_services: Services, tmp_path: Path, as_before: Any
) -> None:
    after = _export_all(demo_services, tmp_path / "after")
    as_before()
    before = _export_all(demo_services, tmp_path / "before")
    assert [p.name for p in before] == [p.name for p in after]
    for old, new in zip(before, after, strict=True):
        assert_same_workbook(old, new)
    matrix = load_workbook(tmp_path / "after" / "matrix.xlsx").active
    assert any(row[1].font.b for row in matrix.iter_rows(min_row=2))  # the test sees sections
    assert any(row[1].alignment.indent for row in matrix.iter_rows(min_row=2))  # and depth


ODD_TEXTS = (
    "a & b < c > d \"e\" 'f'",
    "  leading and trailing  ",
    "第一行\n第二行\r\n第三行\r",
    "\t=1+1",
    '=HYPERLINK("http://x","y")',
    "emoji 🙂 and 𠀀",
    "",
    "]]> <![CDATA[",
)


def test_odd_text_numbers_and_dates_as_before(tmp_path: Path) -> None:
    headers = ["文本", "数", "日期", "时刻", "是否", "空"]
    rows = [
        (text, index - 3, dt.date(2020, 1, 1) + dt.timedelta(days=index * 40), None, None, None)
        for index, text in enumerate(ODD_TEXTS)
    ]
    rows.append(("x", Decimal("-1.5"), dt.date(1900, 3, 1), dt.datetime(2020, 9, 9, 18), True, 2.5))
    sheet = new_sheet("表&<甲>", headers, [10, 8, 12, 16, 6, 4])
    assert append_rows(sheet, rows, date_columns=(3, 4)) == len(rows)
    save_workbook(sheet, tmp_path / "after.xlsx")
    reference = _Reference("表&<甲>", headers, [10, 8, 12, 16, 6, 4])
    _reference_append_rows(reference, rows, (3, 4))
    reference.book.save(tmp_path / "before.xlsx")
    assert_same_workbook(tmp_path / "before.xlsx", tmp_path / "after.xlsx")
    read = load_workbook(tmp_path / "after.xlsx", read_only=True).active
    values = list(read.iter_rows(min_row=2, values_only=True))
    assert [v[0] for v in values[:-1]] == [t or None for t in ODD_TEXTS]
    assert values[-1] == (
        "x",
        -1.5,
        dt.datetime(1900, 3, 1),
        dt.datetime(2020, 9, 9, 18),
        True,
        2.5,
    )


def test_many_rows_stream_and_read_back(tmp_path: Path) -> None:
    rows = [(f"事项{i}", i, dt.date(2025, 1, 1) + dt.timedelta(days=i % 365)) for i in range(5000)]
    sheet = new_sheet("大表", ["事项", "序号", "日期"], [20, 8, 12])
    assert append_rows(sheet, rows, date_columns=(3,)) == 5000
    save_workbook(sheet, tmp_path / "big.xlsx")
    read = load_workbook(tmp_path / "big.xlsx", read_only=True).active
    got = [(t, n, d.date()) for t, n, d in read.iter_rows(min_row=2, values_only=True)]
    assert got == rows
    assert read.calculate_dimension() == "A1:C5001"


def test_a_value_a_cell_cannot_hold_is_refused(tmp_path: Path) -> None:
    with SheetStream("表", [10]) as sheet, pytest.raises(TypeError, match="cannot hold"):
        sheet.append([(dt.time(9, 30), 0)])


def test_styles_are_shared_and_columns_lettered() -> None:
    with SheetStream("表", []) as sheet:
        bold = CellStyle(bold=True)
        assert sheet.style(bold) == sheet.style(CellStyle(bold=True)) != sheet.style(CellStyle())
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
