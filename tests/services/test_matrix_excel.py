"""Excel export and import of the responsibility matrix: round trip, bad rows, bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from ideowork.db.models import Office, Person, Task
from ideowork.domain.errors import UserError
from ideowork.domain.vocab import TaskStatus
from ideowork.services.context import Services
from ideowork.services.matrix.excel import (
    HEADERS,
    OLD_HEADERS,
    MatrixImportError,
)
from ideowork.services.matrix.model import TaskDraft
from tests.services.test_matrix import shape


def count(services: Services, model: Any) -> int:
    with services.runtime.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def sheet_file(
    path: Path,
    rows: list[list[Any]],
    title: str = "Sheet",
    headers: tuple[str, ...] = OLD_HEADERS,
) -> Path:
    """A sheet of `rows` under `headers`: the layout before roles unless told."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# --- round trip ---------------------------------------------------------------------------------


def dates_of_written(tree: list[Any]) -> list[Any]:
    """The shape with the date of a 完成时限 written as text left out (it follows the year)."""
    deadline, written, children = 5, 12, -1
    return [
        (
            *node[:deadline],
            None if node[written] else node[deadline],
            *node[deadline + 1 : children],
            dates_of_written(node[children]),
        )
        for node in tree
    ]


def test_export_writes_a_chinese_header_and_joined_names(
    demo_services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "matrix.xlsx"
    assert demo_services.matrix_excel.export(2020, out) == 27
    sheet = load_workbook(out).active
    assert sheet.title == "2020年责任清单"
    assert [c.value for c in sheet[1]] == list(HEADERS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows[:5]] == ["1", "2", "2.1", "2.2", "2.2.1"]
    column = {name: index for index, name in enumerate(HEADERS)}
    joint = next(r for r in rows if str(r[1]).startswith("班子成员要定期"))
    assert joint[column["责任领导"]] == "李红梅" and joint[column["状态"]] == "推进中"
    assert joint[column["分管领导"]] == "王建国"  # the demo's role on this task
    study = next(r for r in rows if str(r[1]).startswith("扎实抓好"))
    assert study[column["完成时限"]] == dt.datetime(2020, 12, 31)
    first_note = study[column["进展"]].splitlines()[0]
    assert first_note == "2020-06-30 上半年集中学习13次，其中意识形态专题4次。"


def test_round_trip_keeps_hierarchy_people_and_progress(
    demo_services: Services, tmp_path: Path
) -> None:
    matrix = demo_services.matrix
    section = matrix.tree(2020)[0]
    matrix.create_task(
        2020,
        TaskDraft(
            text="待分工的任务",
            parent_id=section.id,
            leaders_placeholder=True,
            offices_placeholder=True,
            status=TaskStatus.OVERDUE,
        ),
    )
    out = tmp_path / "matrix.xlsx"
    demo_services.matrix_excel.export(2020, out)
    people, offices = count(demo_services, Person), count(demo_services, Office)
    report = demo_services.matrix_excel.import_sheet(out, 2021)
    assert report.written and report.tasks == 28 and report.problems == ()
    # A 完成时限 written without a year ("年底前") means that date in the year imported into.
    assert dates_of_written(shape(matrix.tree(2021))) == dates_of_written(shape(matrix.tree(2020)))
    assert (count(demo_services, Person), count(demo_services, Office)) == (people, offices)
    # Into the same year, replacing it.
    with pytest.raises(UserError, match="2020年已有责任清单（28项）"):
        demo_services.matrix_excel.import_sheet(out, 2020)
    again = demo_services.matrix_excel.import_sheet(out, 2020, replace=True)
    assert again.replaced == 28
    assert dates_of_written(shape(matrix.tree(2020))) == dates_of_written(shape(matrix.tree(2021)))
    assert demo_services.maintenance.check().ok


# --- bad rows -----------------------------------------------------------------------------------

BAD_ROWS: list[list[Any]] = [
    ["1", "加强理论学习", "", "杨昌波", "党政办公室", "每年", "2021-12-31", "推进中", ""],
    ["1.1", "组织集中学习", "", "王五", "宣传办", "", "", "", ""],  # row 3: unknown person
    ["1.2", "开展研讨", "", "李红梅", "网信科", "", "", "", ""],  # row 4: unknown office
    ["1.3", "专题汇报", "", "李红梅", "宣传办", "", "2021-13-45", "", ""],  # row 5: bad date
    ["1.4", "通报情况", "", "李红梅", "宣传办", "", "", "差不多", ""],  # row 6: bad status
    ["1.5", "", "", "李红梅", "宣传办", "", "", "", ""],  # row 7: empty text
    ["3.1", "孤立的下级", "", "", "", "", "", "", ""],  # row 8: parent missing
    ["1.1.1", "下级的下级", "", "杨昌波", "", "", "", "", ""],  # row 9: under a bad row
    ["1.3", "重复编号", "", "", "", "", "", "", ""],  # row 10: duplicate number
    ["甲", "编号不对", "", "", "", "", "", "", ""],  # row 11: bad number
    ["2", "记录进展", "", "", "", "", "", "", "上半年完成"],  # row 12: progress without date
    ["3", "正确的一行", "", "赵立新、（待填写）", "纪检监察室", "", "2021/6/30", "已完成", ""],
]


def test_every_bad_row_is_reported_and_nothing_written(
    demo_services: Services, tmp_path: Path
) -> None:
    path = sheet_file(tmp_path / "bad.xlsx", BAD_ROWS)
    before = (count(demo_services, Task), count(demo_services, Person))
    with pytest.raises(MatrixImportError) as caught:
        demo_services.matrix_excel.import_sheet(path, 2021)
    rows = {p.row: p.reason for p in caught.value.problems}
    assert sorted(rows) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "“王五”不在人员名单中" in rows[3] and "新建未知的人员和股室" in rows[3]
    assert "“网信科”不在股室名单中" in rows[4]
    assert "“2021-13-45”不是有效日期" in rows[5]
    assert "状态“差不多”无效" in rows[6] and "推进中" in rows[6]
    assert "任务内容为空" in rows[7]
    assert "上级“3”不在它之前" in rows[8]
    assert "上级任务（第3行）有误" in rows[9]
    assert "与第5行重复" in rows[10]
    assert "“甲”无法识别" in rows[11]
    assert "进展第1条" in rows[12] and "缺少有效日期" in rows[12]
    message = str(caught.value)
    assert "有10行需要修改，未导入任何内容" in message and "第3行：" in message
    assert (count(demo_services, Task), count(demo_services, Person)) == before


def test_dry_run_reports_and_good_rows_only_writes_the_rest(
    demo_services: Services, tmp_path: Path
) -> None:
    path = sheet_file(tmp_path / "bad.xlsx", BAD_ROWS)
    before = count(demo_services, Task)
    preview = demo_services.matrix_excel.import_sheet(path, 2021, dry_run=True)
    assert not preview.written and preview.rows == 12 and preview.good_rows == 2
    assert preview.bad_rows == (3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
    assert preview.new_people == ("王五",) and preview.new_offices == ("网信科",)
    assert count(demo_services, Task) == before

    result = demo_services.matrix_excel.import_sheet(path, 2021, skip_bad_rows=True)
    assert result.written and result.tasks == 2
    assert "跳过有问题的10行" in result.summary
    [first, last] = demo_services.matrix.tree(2021)
    assert (first.text, first.leaders, first.children) == ("加强理论学习", ("杨昌波",), [])
    assert last.leaders == ("赵立新",) and last.leaders_placeholder
    assert last.deadline == dt.date(2021, 6, 30) and last.status == TaskStatus.DONE


def test_unknown_names_can_be_created(demo_services: Services, tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path / "new.xlsx",
        [
            ["1", "加强网络阵地管理", "", "王五、杨昌波", "网信科", "每季度", "", "", ""],
            ["1.1", "每月巡查", "", "王五", "网信科、宣传办", "", "", "", ""],
        ],
    )
    result = demo_services.matrix_excel.import_sheet(path, 2021, create_missing=True)
    assert (result.new_people, result.new_offices) == (("王五",), ("网信科",))
    [root] = demo_services.matrix.tree(2021)
    assert set(root.leaders) == {"王五", "杨昌波"}
    assert root.children[0].offices == ("宣传办", "网信科")
    names = [p.name for p in demo_services.unit.list_people()]
    assert names.count("王五") == 1


def test_placeholder_name_is_not_created_as_a_person(
    demo_services: Services, tmp_path: Path
) -> None:
    path = sheet_file(tmp_path / "x.xlsx", [["1", "任务", "", "xxx", "", "", "", "", ""]])
    demo_services.matrix_excel.import_sheet(path, 2021, create_missing=True)
    [task] = demo_services.matrix.tree(2021)
    assert task.leaders == () and task.leaders_placeholder


# --- bad files ----------------------------------------------------------------------------------


def _ole(stream_name: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + stream_name.encode("utf-16-le")


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("一、加强学习")
    document.save(str(path))
    return path


def _truncated(path: Path, demo: Services) -> Path:
    full = path.with_name("full.xlsx")
    demo.matrix_excel.export(2020, full)
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _header_only(path: Path, _: Services) -> Path:
    return sheet_file(path, [])


def _no_header(path: Path, _: Services) -> Path:
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "123"])
    book.save(path)
    return path


def _blank_sheet(path: Path, _: Services) -> Path:
    Workbook().save(path)
    return path


BAD_FILES: list[tuple[str, Any, str]] = [
    ("empty.xlsx", lambda p, _: p.write_bytes(b"") and p, "是空的"),
    ("locked.xlsx", lambda p, _: p.write_bytes(_ole("EncryptedPackage")) and p, "已加密"),
    ("old.xls", lambda p, _: p.write_bytes(_ole("Workbook")) and p, "旧版 Excel 97-2003"),
    ("plan.xlsx", lambda p, _: _docx(p), "实际上是 Word 文档"),
    (
        "garbage.xlsx",
        lambda p, _: p.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50) and p,
        "已损坏",
    ),
    (
        "text.xlsx",
        lambda p, _: p.write_text("任务,责任领导\n", encoding="utf-8") and p,
        "不是 Excel",
    ),
    ("cut.xlsx", _truncated, "已损坏"),
    ("header.xlsx", _header_only, "只有表头"),
    ("other.xlsx", _no_header, "找不到表头"),
    ("blank.xlsx", _blank_sheet, "表格是空的"),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES)
def test_bad_files_give_a_clear_error_and_write_nothing(
    demo_services: Services, tmp_path: Path, name: str, make: Any, message: str
) -> None:
    path = tmp_path / name
    make(path, demo_services)
    before = (count(demo_services, Task), count(demo_services, Person))
    with pytest.raises(UserError, match=message) as caught:
        demo_services.matrix_excel.import_sheet(path, 2021, create_missing=True)
    assert name in str(caught.value)
    assert (count(demo_services, Task), count(demo_services, Person)) == before


def test_missing_file(services: Services, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到文件"):
        services.matrix_excel.import_sheet(tmp_path / "nope.xlsx", 2021)


# --- command line helpers -----------------------------------------------------------------------


def test_cli_helpers(demo_services: Services, tmp_path: Path) -> None:
    line = demo_services.matrix_excel.export_cli(tmp_path, None)
    target = tmp_path / "2020年责任清单.xlsx"
    assert line == f"已导出2020年责任清单（27项）到：{target}" and target.is_file()
    with pytest.raises(UserError, match="已有责任清单"):
        demo_services.matrix_excel.import_cli(target, None)  # year from the sheet's name: 2020
    summary = demo_services.matrix_excel.import_cli(target, 2022)
    assert summary == "已从“2020年责任清单.xlsx”导入为2022年责任清单，共27项。"
    with pytest.raises(UserError, match=r"扩展名应为 \.xlsx"):
        demo_services.matrix_excel.export_cli(tmp_path / "a.csv", 2020)
    with pytest.raises(UserError, match="2019年还没有责任清单"):
        demo_services.matrix_excel.export_cli(tmp_path / "a.xlsx", 2019)


def test_cli_export_without_any_matrix(services: Services, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="还没有任何责任清单"):
        services.matrix_excel.export_cli(tmp_path, None)


def test_cli_import_reports_bad_rows(demo_services: Services, tmp_path: Path) -> None:
    path = sheet_file(tmp_path / "bad.xlsx", BAD_ROWS, title="2023年责任清单")
    with pytest.raises(UserError, match="第5行：完成时限"):
        demo_services.matrix_excel.import_cli(path, None)
    assert demo_services.matrix.tree(2023) == []
