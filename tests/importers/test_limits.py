"""Files beyond the import limits are refused at once, with the size found, the limit and what
to do, and without being read where their size or their declared rows already tell.

The files are generated just over each limit; big ones are sparse or compress to little, so the
tests stay fast.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from ideowork.domain.errors import UserError
from ideowork.domain.numerals import to_chinese
from ideowork.importers import limits
from ideowork.importers import workbook as workbook_module
from ideowork.importers.document_text import read_paragraphs
from ideowork.importers.limits import (
    CASE_ROWS,
    DOCUMENT_XML_BYTES,
    MATRIX_ROWS,
    MB,
    PLAN_FILE_BYTES,
    PLAN_TASKS,
    PLAN_TEXT_BYTES,
    STUDY_ROWS,
    size_text,
)
from ideowork.importers.plan_parser import PlanImportError, parse_plan_file, parse_plan_text
from ideowork.importers.platform_export import read_platform_export


@pytest.fixture
def unread(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails the test if a file's content is read whole."""

    def read_bytes(self: Path) -> bytes:
        raise AssertionError(f"{self.name} was read")

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    yield


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of `size` bytes that takes no time to write (a hole after `head`)."""
    with path.open("wb") as stream:
        stream.write(head)
        stream.truncate(size)
    return path


def tasks_text(count: int) -> str:
    """A plan of `count` numbered items: sections 一、二、… of up to 99 tasks 1. 2. …"""
    lines = ["关于落实意识形态工作责任制的实施方案"]
    section = 0
    while len(lines) - 1 < count:
        section += 1
        lines.append(f"{to_chinese(section)}、第{section}部分")
        left = count - (len(lines) - 1)
        lines += [
            f"{n}.开展第{n}项工作（责任领导：张三；责任股室：办公室）"
            for n in range(1, min(99, left) + 1)
        ]
    return "\n".join(lines)


# --- 实施方案 -------------------------------------------------------------------------------


def test_a_text_plan_over_2_mb_is_refused_unread(tmp_path: Path, unread: None) -> None:
    line = "1.学习贯彻党的理论（责任领导：张三；责任股室：办公室）\n".encode()
    path = tmp_path / "方案.txt"
    path.write_bytes(line * (PLAN_TEXT_BYTES // len(line) + 1))
    before = path.stat()
    with pytest.raises(PlanImportError) as caught:
        read_paragraphs(path)
    message = caught.value.message
    assert "方案.txt" in message and "有2049 KB" in message and "2048 KB的上限" in message
    assert "拆分" in message
    assert path.stat().st_size == before.st_size and path.stat().st_mtime == before.st_mtime


def test_the_50_mb_text_of_the_issue_is_refused_unread(tmp_path: Path, unread: None) -> None:
    path = sparse(tmp_path / "big.txt", 50 * MB, "1.任务\n".encode())
    with pytest.raises(PlanImportError, match=r"有50 MB，超过了实施方案2 MB的上限"):
        parse_plan_file(path)


def test_a_docx_over_20_mb_is_refused_unread(tmp_path: Path, unread: None) -> None:
    path = sparse(tmp_path / "方案.docx", PLAN_FILE_BYTES + 1, b"PK\x03\x04")
    with pytest.raises(PlanImportError, match=r"有20481 KB，超过了实施方案20480 KB的上限"):
        read_paragraphs(path)


def test_a_text_plan_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_bytes(b"1." + "\u4efb".encode() * ((PLAN_TEXT_BYTES - 2) // 3))
    assert path.stat().st_size <= PLAN_TEXT_BYTES
    assert len(read_paragraphs(path)) == 1


def test_a_docx_whose_text_is_over_2_mb_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = "学" * (PLAN_TEXT_BYTES // 3 // 4 + 10)
    for _ in range(4):
        document.add_paragraph(paragraph)
    path = tmp_path / "方案.docx"
    document.save(str(path))
    assert path.stat().st_size < PLAN_TEXT_BYTES  # the package is small: its text is not
    expected = r"Word 文档“方案\.docx”中的文字有20\d\d KB.*2048 KB的上限"
    with pytest.raises(PlanImportError, match=expected):
        read_paragraphs(path)


def test_a_docx_that_unpacks_to_gigabytes_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * MB
            for _ in range(DOCUMENT_XML_BYTES // MB + 1):
                part.write(chunk)
    assert path.stat().st_size < MB
    with pytest.raises(PlanImportError, match=r"正文部分解压后有65 MB，超过了实施方案64 MB的上限"):
        read_paragraphs(path)


def test_a_plan_of_more_than_5000_items_is_refused() -> None:
    with pytest.raises(PlanImportError) as caught:
        parse_plan_text(tasks_text(PLAN_TASKS + 1).splitlines())
    assert f"至少{PLAN_TASKS + 1}项" in caught.value.message
    assert f"超过了{PLAN_TASKS}项的上限" in caught.value.message


def test_the_count_in_the_message_includes_what_was_not_parsed() -> None:
    with pytest.raises(PlanImportError, match=f"至少{PLAN_TASKS + 500}项"):
        parse_plan_text(tasks_text(PLAN_TASKS + 500).splitlines())


def test_a_plan_of_5000_items_is_read(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(tasks_text(PLAN_TASKS), encoding="utf-8")
    plan = parse_plan_file(path)
    assert sum(1 for _ in plan.iter_nodes()) == PLAN_TASKS


def test_the_file_is_named_in_the_count_message(tmp_path: Path) -> None:
    path = tmp_path / "汇编.txt"
    path.write_text(tasks_text(PLAN_TASKS + 1), encoding="utf-8")
    with pytest.raises(PlanImportError, match=r"文件“汇编\.txt”：方案中有至少5001项"):
        parse_plan_file(path)


# --- spreadsheets ---------------------------------------------------------------------------


def workbook(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def rewrite_dimension(path: Path, ref: str | None) -> Path:
    """The sheet's declared size changed to `ref` (None: no declaration, as some tools write)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    new = "" if ref is None else f'<dimension ref="{ref}"/>'
    parts["xl/worksheets/sheet1.xml"] = re.sub(r"<dimension [^>]*/>", new, xml).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


class CountingSheet:
    """A read-only sheet stand-in that counts the rows handed out."""

    def __init__(self, declared: int | None, rows: int) -> None:
        self.max_row = declared
        self.rows = rows
        self.read = 0

    def iter_rows(self, values_only: bool) -> Iterator[tuple[str, ...]]:
        assert values_only
        for number in range(self.rows):
            self.read += 1
            yield (str(number),)


def test_rows_declared_beyond_the_limit_are_refused_before_one_is_read() -> None:
    sheet = CountingSheet(declared=1_048_576, rows=1_048_576)
    with pytest.raises(UserError, match="工作表有1048576行，超过了责任清单5000行的上限"):
        list(limits.limited_rows(sheet, "a.xlsx", MATRIX_ROWS, "责任清单"))
    assert sheet.read == 0


def test_rows_not_declared_are_counted_and_refused_past_the_limit() -> None:
    sheet = CountingSheet(declared=None, rows=1_048_576)
    with pytest.raises(UserError, match="有超过5000行记录（读到第5021行时停止）"):
        list(limits.limited_rows(sheet, "a.xlsx", MATRIX_ROWS, "责任清单"))
    assert sheet.read == MATRIX_ROWS + limits.HEADER_ROWS + 1


class BlankTail(CountingSheet):
    """100 filled rows, then rows formatted in advance but empty."""

    def iter_rows(self, values_only: bool) -> Iterator[tuple[str, ...]]:
        yield from (("1",) for _ in range(100))
        yield from ((None,) for _ in range(self.rows - 100))  # type: ignore[misc]


def test_blank_rows_are_not_counted_when_nothing_is_declared() -> None:
    sheet = BlankTail(declared=None, rows=MATRIX_ROWS * 3)
    assert len(list(limits.limited_rows(sheet, "a.xlsx", MATRIX_ROWS, "责任清单"))) == 15_000


def test_a_declared_range_of_blank_rows_is_refused_saying_how_to_drop_them() -> None:
    sheet = BlankTail(declared=MATRIX_ROWS + limits.HEADER_ROWS + 1, rows=MATRIX_ROWS)
    with pytest.raises(UserError, match=r"工作表有5021行.*多出的是设置过格式的空行"):
        list(limits.limited_rows(sheet, "a.xlsx", MATRIX_ROWS, "责任清单"))
    assert sheet.read == 0


def test_a_sheet_at_the_limit_is_read() -> None:
    sheet = CountingSheet(declared=MATRIX_ROWS + limits.HEADER_ROWS, rows=MATRIX_ROWS)
    assert len(list(limits.limited_rows(sheet, "a.xlsx", MATRIX_ROWS, "责任清单"))) == MATRIX_ROWS


def test_a_platform_export_declaring_too_many_rows_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "工单.xlsx", [["工单编号", "受理时间", "诉求内容"]])
    rewrite_dimension(path, "A1:C1000000")
    with pytest.raises(UserError, match=f"工作表有1000000行，超过了.*{CASE_ROWS}行的上限"):
        read_platform_export(path)


def test_a_platform_export_over_the_limit_unread(tmp_path: Path, unread: None) -> None:
    path = sparse(tmp_path / "工单.xlsx", 20 * MB + 1, b"PK\x03\x04")
    with pytest.raises(UserError, match=r"有20481 KB，超过了.*20480 KB的上限"):
        read_platform_export(path)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "工单.xlsx", [["工单编号", "受理时间", "诉求内容"]])
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package,
        package.open("xl/media/padding.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(limits.PACKAGE_UNPACKED_BYTES // MB + 1):
            part.write(b"\0" * MB)
    with pytest.raises(UserError, match=r"解压后有257 MB，超过了.*256 MB的上限"):
        read_platform_export(path)


def test_sizes_read_as_people_write_them() -> None:
    assert [size_text(n) for n in (10, 512 * 1024, 2 * MB, 50 * MB, 49_600_000)] == [
        "1 KB",
        "512 KB",
        "2 MB",
        "50 MB",
        "47.3 MB",
    ]


def test_read_sheet_within_refuses_a_study_sheet_declaring_too_many_rows(tmp_path: Path) -> None:
    path = workbook(tmp_path / "学习台账.xlsx", [["日期", "类别", "学习内容"]])
    rewrite_dimension(path, f"A1:C{STUDY_ROWS * 10}")
    with pytest.raises(UserError, match=r"工作表有200000行，超过了学习台账20000行的上限"):
        limits.read_sheet_within(path, "学习台账", STUDY_ROWS)


def test_read_sheet_within_reads_a_sheet_without_a_declared_size(tmp_path: Path) -> None:
    path = workbook(tmp_path / "清单.xlsx", [["任务"], ["学习"], ["研讨"]])
    rewrite_dimension(path, None)
    title, rows = limits.read_sheet_within(path, "责任清单", MATRIX_ROWS)
    assert (title, rows) == ("Sheet", [("任务",), ("学习",), ("研讨",)])


def never_opened(*_args: object) -> None:
    raise AssertionError("the workbook was opened")


def write_only_workbook(path: Path, rows: int) -> Path:
    """A workbook as streaming export tools write it: no declared size."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["工单编号", "受理时间", "诉求内容"])
    for n in range(rows):
        sheet.append([f"GD{n:06d}", "2026-01-05", "反映问题。"])
    book.save(path)
    return path


def test_an_undeclared_sheet_over_the_limit_is_refused_by_counting_its_raw_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_only_workbook(tmp_path / "清单.xlsx", MATRIX_ROWS + limits.HEADER_ROWS)
    monkeypatch.setattr(workbook_module, "with_first_sheet", never_opened)
    with pytest.raises(UserError, match="工作表有5021行，超过了责任清单5000行的上限"):
        limits.read_sheet_within(path, "责任清单", MATRIX_ROWS)


@pytest.mark.parametrize("chunk", [7, 64, 1024 * 1024])
def test_raw_rows_are_counted_exactly_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(limits, "_CHUNK", chunk)
    assert limits.sheet_row_count(write_only_workbook(tmp_path / "a.xlsx", 300)) == 301


def test_raw_rows_with_a_namespace_prefix_are_counted(tmp_path: Path) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rows = "".join(f'<x:row r="{n}"><x:c r="A{n}"><x:v>{n}</x:v></x:c></x:row>' for n in range(9))
    path = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "xl/workbook.xml",
            f'<x:workbook xmlns:x="{main}" xmlns:r="{rel}"><x:sheets>'
            '<x:sheet name="图表" sheetId="2" r:id="rId2"/>'
            '<x:sheet name="台账" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="/xl/worksheets/data.xml"/>'
            '<Relationship Id="rId2" Target="chartsheets/sheet1.xml"/></Relationships>',
        )
        package.writestr(
            "xl/worksheets/data.xml",
            f'<x:worksheet xmlns:x="{main}"><x:sheetData>{rows}</x:sheetData>'
            "<x:rowBreaks/></x:worksheet>",
        )
    assert limits.sheet_row_count(path) == 9


def test_rows_of_a_package_that_is_not_a_workbook_are_not_counted(tmp_path: Path) -> None:
    assert limits.sheet_row_count(sparse(tmp_path / "x.xlsx", 100, b"PK")) is None
    assert limits.sheet_row_count(tmp_path / "missing.xlsx") is None
