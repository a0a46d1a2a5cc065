"""Tests of reading 12345 / 信访 / mailbox exports (and this app's own) for the 舆情台账.

Every file is built here with openpyxl or as text, the way the platforms write them.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ideowork.domain.errors import UserError
from ideowork.importers import platform_export
from ideowork.importers.office_files import OLE_MAGIC
from ideowork.importers.platform_export import (
    ImportedCase,
    PlatformSheet,
    cell_datetime,
    cell_time,
    normalise_header,
    platform_fields,
    read_platform_export,
)
from ideowork.importers.workbook import RowProblem
from ideowork.services.ledgers.excel_export import CASE_HEADERS


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Any]], merges: Sequence[str] = (), start_row: int = 1
) -> Path:
    book = Workbook()
    sheet = book.active
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(start_row + offset, column, value)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def write_text(
    path: Path, rows: Sequence[Sequence[str]], encoding: str, delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


def fields_of(sheet: PlatformSheet) -> dict[str, str]:
    """field → the header it was mapped from."""
    return {m.field: m.header for m in sheet.mapped}


# --- 12345 ----------------------------------------------------------------------------------

HOTLINE_HEADERS = (
    "序号",
    "工单编号",
    "来电时间",
    "来电人",
    "来电号码",
    "诉求类型",
    "诉求内容",
    "承办单位",
    "办理时限",
    "办结时间",
    "办理结果",
    "满意度",
    "工单状态",
)
LONG_CONTENT = (
    "市民来电反映桃源路与建设路交叉口东北角的路灯已经连续一周晚上不亮，行人夜间通行存在安全隐患，"
    "希望有关部门尽快维修。来电人表示此前已多次反映。"
)


@pytest.fixture
def hotline(tmp_path: Path) -> PlatformSheet:
    path = write_xlsx(
        tmp_path / "12345工单.xlsx",
        [
            ["XX区12345政务服务便民热线工单明细表"],
            ["导出时间：2020-08-01 10:00:00", None, None, None, None, "导出人：张三"],
            list(HOTLINE_HEADERS),
            [
                1,
                "GD2020071200123",
                dt.datetime(2020, 7, 12, 9, 35, 20),
                "王女士",
                13800138000.0,
                "投诉",
                "小区门口垃圾堆放多日无人清运！请尽快处理。",
                "区城管局",
                dt.datetime(2020, 7, 19, 17, 0),
                dt.datetime(2020, 7, 15, 16, 20),
                "已安排环卫人员清运完毕。",
                "满意",
                "已办结",
            ],
            [
                2,
                20200713000456,
                "2020-07-13 14:05",
                "李先生",
                "13912345678",
                "求助",
                LONG_CONTENT,
                "区住建局",
                "2020/7/20",
                None,
                None,
                None,
                "办理中",
            ],
            ["合计", None, None, None, None, None, "共2件"],
        ],
        merges=["A1:M1"],
    )
    return read_platform_export(path)


def test_hotline_header_row_below_the_title_rows(hotline: PlatformSheet) -> None:
    assert hotline.header_row == 3
    assert hotline.platform == "12345"
    assert hotline.missing == ()
    assert hotline.unmapped == ("序号",)


def test_hotline_columns_map_by_header(hotline: PlatformSheet) -> None:
    assert fields_of(hotline) == {
        "case_no": "工单编号",
        "received_on": "来电时间",
        "reporter": "来电人",
        "phone": "来电号码",
        "category_text": "诉求类型",
        "content": "诉求内容",
        "office_text": "承办单位",
        "deadline": "办理时限",
        "closed_on": "办结时间",
        "result": "办理结果",
        "satisfaction_text": "满意度",
        "status_text": "工单状态",
    }
    assert [m.column for m in hotline.mapped] == list(range(2, 14))
    assert hotline.column_of("phone") is not None
    assert hotline.column_of("link") is None


def test_hotline_rows(hotline: PlatformSheet) -> None:
    assert hotline.problems == ()
    first, second = hotline.rows  # the 合计 line is skipped silently
    assert first == ImportedCase(
        row=4,
        case_no="GD2020071200123",
        received_on=dt.date(2020, 7, 12),
        received_time=dt.time(9, 35, 20),
        title="小区门口垃圾堆放多日无人清运",  # the first sentence, without its mark
        content="小区门口垃圾堆放多日无人清运！请尽快处理。",
        reporter="王女士",
        phone="13800138000",
        category_text="投诉",
        office_text="区城管局",
        deadline=dt.date(2020, 7, 19),
        closed_on=dt.date(2020, 7, 15),
        result="已安排环卫人员清运完毕。",
        satisfaction_text="满意",
        status_text="已办结",
    )
    assert second.row == 5
    assert second.case_no == "20200713000456"  # a long number kept whole, as text
    assert (second.received_on, second.received_time) == (dt.date(2020, 7, 13), dt.time(14, 5))
    assert second.phone == "13912345678"
    assert second.deadline == dt.date(2020, 7, 20)
    assert second.closed_on is None and second.result == "" and second.satisfaction_text == ""
    # no title column: the content's first sentence, cut to 40 characters
    assert len(second.title) == 40
    assert second.title.endswith("…")
    assert LONG_CONTENT.startswith(second.title[:-1])


# --- 信访 --------------------------------------------------------------------------------------


def test_petition_export(tmp_path: Path) -> None:
    headers = [
        "信访件编号",
        "登记日期",
        "信访人",
        "身份证号码",
        "联系电话",
        "信访人住址",
        "信访形式",
        "信访事项",
        "内容分类",
        "被反映单位",
        "责任单位",
        "办结时间",
        "答复意见",
    ]
    rows: list[list[Any]] = [
        ["XX县信访事项登记台账（2020年7月）"],
        headers,
        [
            "X2020-0712-001",
            "2020年7月12日",
            "赵某某",
            "430000198001011234",
            "13700000000",
            "XX镇XX村3组",
            "来访",
            "反映其承包土地被占用未获补偿。要求依法补偿。",
            "农村农业",
            "XX镇人民政府",
            "县自然资源局",
            "2020.07.30",
            "经调查，已协调补偿到位。",
        ],
        [
            "X2020-0713-002",
            "2020/7/13",
            "钱某",
            None,
            None,
            None,
            "来信",
            "反映拖欠工资问题。",
            None,
            None,
            "县人社局",
            "20200801",
            None,
        ],
        [
            "X2020-0714-003",
            "20200714",
            "孙某",
            None,
            None,
            None,
            "网上信访",
            "反映噪音扰民。",
            None,
            None,
            "县生态环境局",
            None,
            None,
        ],
    ]
    sheet = read_platform_export(write_xlsx(tmp_path / "信访台账.xlsx", rows))
    assert sheet.platform == "信访"
    assert sheet.header_row == 2
    assert fields_of(sheet) == {
        "case_no": "信访件编号",
        "received_on": "登记日期",
        "reporter": "信访人",
        "phone": "联系电话",
        "channel_text": "信访形式",
        "content": "信访事项",
        "category_text": "内容分类",
        "office_text": "责任单位",
        "closed_on": "办结时间",
        "result": "答复意见",
    }
    # the ID number, the home address and the accused unit are not imported
    assert sheet.unmapped == ("身份证号码", "信访人住址", "被反映单位")
    assert sheet.problems == ()
    assert [r.received_on for r in sheet.rows] == [
        dt.date(2020, 7, 12),
        dt.date(2020, 7, 13),
        dt.date(2020, 7, 14),
    ]
    assert [r.closed_on for r in sheet.rows] == [dt.date(2020, 7, 30), dt.date(2020, 8, 1), None]
    assert [r.channel_text for r in sheet.rows] == ["来访", "来信", "网上信访"]
    first = sheet.rows[0]
    assert first.reporter == "赵某某"
    assert first.title == "反映其承包土地被占用未获补偿"
    assert first.office_text == "县自然资源局"
    assert first.received_time is None


# --- mailbox, as text ------------------------------------------------------------------------

MAILBOX_ROWS = [
    [
        "信件编号",
        "信件标题",
        "来信人",
        "写信时间",
        "信件内容",
        "办理单位",
        "回复时间",
        "回复内容",
        "信件状态",
    ],
    [
        "XX2020071201",
        "关于幸福小区停车难的问题",
        "周先生",
        "2020/7/12 9:35",
        "幸福小区车位严重不足，晚上车辆乱停，消防通道被堵。",
        "区住建局",
        "2020/7/16 10:00:00",
        "已协调街道施划临时停车位。",
        "已回复",
    ],
    [
        "XX2020071302",
        "建议增设公交站点",
        "吴女士",
        "2020-07-13",
        "建议在新城路增设公交站点。",
        "区交通局",
        "",
        "",
        "办理中",
    ],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("gbk", ","), ("gb18030", "\t"), ("utf-8-sig", ","), ("utf-8", "\t"), ("utf-16", "\t")],
)
def test_mailbox_csv(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_text(tmp_path / "区长信箱.csv", MAILBOX_ROWS, encoding, delimiter)
    sheet = read_platform_export(path)
    assert sheet.platform == "领导信箱"
    assert sheet.header_row == 1
    assert sheet.unmapped == ()
    assert fields_of(sheet) == {
        "case_no": "信件编号",
        "title": "信件标题",
        "reporter": "来信人",
        "received_on": "写信时间",
        "content": "信件内容",
        "office_text": "办理单位",
        "closed_on": "回复时间",
        "result": "回复内容",
        "status_text": "信件状态",
    }
    assert sheet.problems == ()
    first, second = sheet.rows
    assert (first.row, second.row) == (2, 3)
    assert first.title == "关于幸福小区停车难的问题"
    assert (first.received_on, first.received_time) == (dt.date(2020, 7, 12), dt.time(9, 35))
    assert first.closed_on == dt.date(2020, 7, 16)
    assert (second.received_on, second.received_time) == (dt.date(2020, 7, 13), None)
    assert second.closed_on is None


def test_csv_phone_numbers_stay_text(tmp_path: Path) -> None:
    rows = [
        ["受理编号", "受理日期", "诉求人", "手机", "诉求内容"],
        ["0001", "2020-07-12", "郑某", '="13800138000"', "反映问题。"],
    ]
    sheet = read_platform_export(write_text(tmp_path / "a.csv", rows, "utf-8"))
    assert sheet.rows[0].case_no == "0001"
    assert sheet.rows[0].phone == "13800138000"


# --- this app's own export --------------------------------------------------------------------


# What this app's export writes under each header, and the field it comes back as. A header
# added to CASE_HEADERS without a line here is still checked to map (its cell left empty).
OWN_SAMPLE: dict[str, tuple[Any, str, Any]] = {
    "编号": ("2020-001", "case_no", "2020-001"),
    "渠道": ("12345", "channel_text", "12345"),
    "受理日期": (dt.datetime(2020, 7, 12), "received_on", dt.date(2020, 7, 12)),
    "事项": ("路灯不亮", "title", "路灯不亮"),
    "内容": ("桃源路路灯不亮。", "content", "桃源路路灯不亮。"),
    "反映人": ("王女士", "reporter", "王女士"),
    "严重程度": ("一般", "severity_text", "一般"),
    "承办股室": ("综合股", "office_text", "综合股"),
    "承办人": ("张三", "handler", "张三"),
    "交办日期": (dt.datetime(2020, 7, 13), "assigned_on", dt.date(2020, 7, 13)),
    "办理时限": (dt.datetime(2020, 7, 20), "deadline", dt.date(2020, 7, 20)),
    "办结日期": (dt.datetime(2020, 7, 15), "closed_on", dt.date(2020, 7, 15)),
    "办理结果": ("已修复", "result", "已修复"),
    "回访日期": (dt.datetime(2020, 7, 16), "revisited_on", dt.date(2020, 7, 16)),
    "满意度": ("满意", "satisfaction_text", "满意"),
    "状态": ("已办结", "status_text", "已办结"),
    "是否逾期": ("否", "overdue_text", "否"),
    "已向上报告": ("是", "reported_text", "是"),
    "报告对象": ("县委宣传部", "reported_to", "县委宣传部"),
    "备注": ("无", "note", "无"),
}


def test_own_export_maps_every_header(tmp_path: Path) -> None:
    row = [OWN_SAMPLE[h][0] if h in OWN_SAMPLE else None for h in CASE_HEADERS]
    sheet = read_platform_export(write_xlsx(tmp_path / "舆情台账.xlsx", [CASE_HEADERS, row]))
    assert sheet.platform == "本程序台账"
    assert sheet.header_row == 1
    assert sheet.unmapped == ()
    assert sheet.missing == ()
    assert [m.header for m in sheet.mapped] == list(CASE_HEADERS)
    assert len({m.field for m in sheet.mapped}) == len(CASE_HEADERS)
    for header, (_written, field, _read) in OWN_SAMPLE.items():
        if header in CASE_HEADERS:
            assert fields_of(sheet)[field] == header
    assert sheet.problems == ()
    (case,) = sheet.rows
    assert case.row == 2
    for header, (_written, field, read) in OWN_SAMPLE.items():
        if header in CASE_HEADERS:
            assert getattr(case, field) == read, header


def test_every_own_header_is_a_known_field() -> None:
    legend = platform_fields()
    for header in CASE_HEADERS:
        scores = platform_export.header_scores(normalise_header(header))
        assert scores, header
        assert set(scores) <= set(legend), header


def test_platform_fields_name_every_case_field() -> None:
    legend = platform_fields()
    assert list(legend) == [f for f in ImportedCase.__dataclass_fields__ if f != "row"]
    assert legend["received_on"] == "受理日期"
    assert legend["phone"] == "联系电话"
    assert all(legend.values())


# --- headers ---------------------------------------------------------------------------------


def test_headers_with_spaces_brackets_and_marks(tmp_path: Path) -> None:
    headers = [
        "＊工单编号",
        "受 理 日 期（必填）",
        "※诉求内容：",
        "联系电话（手机）",
        "办理时限（天）",
        "来电人\n姓名",
        "承办单位联系电话",
    ]
    row = ["001", "2020-07-12", "反映问题。", "13800138000", 5, "王女士", "0744-1234567"]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", [headers, row]))
    assert fields_of(sheet) == {
        "case_no": "＊工单编号",
        "received_on": "受理日期（必填）",
        "content": "※诉求内容：",
        "phone": "联系电话（手机）",
        "reporter": "来电人姓名",
    }
    # a time limit in days is not a date; the office's phone is not the reporter's
    assert sheet.unmapped == ("办理时限（天）", "承办单位联系电话")
    assert sheet.rows[0].reporter == "王女士"
    assert sheet.rows[0].phone == "13800138000"


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("受 理 日 期（必填）", "受理日期"),
        ("※诉求内容：", "诉求内容"),
        ("＊联系电话", "联系电话"),
        ("办理时限（天）", "办理时限(天)"),
        ("\u3000备注:", "备注"),
        ("ＵＲＬ", "url"),
        (20200712, ""),
    ],
)
def test_normalise_header(header: Any, normalised: str) -> None:
    assert normalise_header(header) == normalised


def test_duplicate_ambiguous_headers_first_wins(tmp_path: Path) -> None:
    headers = ["编号", "时间", "内容", "时间", "来电时间", "内容"]
    row = ["1", "2020-07-12", "反映问题。", "2020-07-20", "2020-07-11", "另一段"]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", [headers, row]))
    # 来电时间 fits better than a bare 时间; the two 时间 and the second 内容 are left over
    assert [(m.field, m.column) for m in sheet.mapped] == [
        ("case_no", 1),
        ("content", 3),
        ("received_on", 5),
    ]
    assert sheet.unmapped == ("时间", "时间", "内容")
    assert sheet.rows[0].received_on == dt.date(2020, 7, 11)
    assert sheet.rows[0].content == "反映问题。"


def test_bare_time_columns_first_one_is_the_date(tmp_path: Path) -> None:
    headers = ["编号", "时间", "内容", "时间"]
    row = ["1", "2020-07-12", "反映问题。", "2020-07-20"]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", [headers, row]))
    assert sheet.column_of("received_on") == platform_export.ColumnMapping("received_on", "时间", 2)
    assert sheet.unmapped == ("时间",)


def test_merged_two_row_header(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["XX区12345工单"],
        ["序号", "工单编号", "来电时间", "来电人信息", None, "诉求内容", "办理情况", None, None],
        [None, None, None, "姓名", "电话", None, "承办单位", "办结时间", "办理结果"],
        [
            1,
            "GD001",
            "2020-07-12 09:35",
            "王女士",
            "13800138000",
            "反映问题。",
            "区城管局",
            "2020-07-15",
            "已办结",
        ],
    ]
    merges = ["A1:I1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3", "G2:I2"]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", rows, merges))
    assert sheet.header_row == 2
    assert fields_of(sheet) == {
        "case_no": "工单编号",
        "received_on": "来电时间",
        "reporter": "来电人信息/姓名",
        "phone": "来电人信息/电话",
        "content": "诉求内容",
        "office_text": "办理情况/承办单位",
        "closed_on": "办理情况/办结时间",
        "result": "办理情况/办理结果",
    }
    assert sheet.unmapped == ("序号",)
    (case,) = sheet.rows
    assert case.row == 4
    assert (case.reporter, case.phone, case.result) == ("王女士", "13800138000", "已办结")
    assert case.closed_on == dt.date(2020, 7, 15)


def test_header_row_needs_three_known_headers(tmp_path: Path) -> None:
    rows = [
        ["标题", "备注"],  # two known headers: a note above the table, not its header
        ["工单编号", "受理时间", "诉求内容", "备注"],
        ["1", "2020-07-12", "反映问题。", ""],
    ]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", rows))
    assert sheet.header_row == 2
    assert len(sheet.rows) == 1


def test_leading_empty_rows_keep_excel_row_numbers(tmp_path: Path) -> None:
    rows = [["工单编号", "受理时间", "诉求内容"], ["1", "2020-07-12", "反映问题。"]]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", rows, start_row=4))
    assert sheet.header_row == 4
    assert sheet.rows[0].row == 5


def test_date_and_time_in_two_columns(tmp_path: Path) -> None:
    headers = ["工单编号", "来电日期", "来电时间", "诉求内容", "答复时限", "回访情况", "上报日期"]
    rows: list[list[Any]] = [
        headers,
        ["1", "2020-07-12", "09:35", "反映问题。", "2020-07-14", "群众表示认可", "2020-07-12"],
        ["2", dt.datetime(2020, 7, 13), dt.time(14, 5), "反映问题。", None, None, None],
        ["3", "2020-07-14", "", "反映问题。", None, None, None],
        ["4", "2020-07-15", "下午", "反映问题。", None, None, None],
    ]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", rows))
    assert fields_of(sheet) == {
        "case_no": "工单编号",
        "received_on": "来电日期",
        "received_time": "来电时间",
        "content": "诉求内容",
        "reply_deadline": "答复时限",
        "revisit_result": "回访情况",
        "reported_on": "上报日期",
    }
    first, second, third = sheet.rows
    assert (first.received_on, first.received_time) == (dt.date(2020, 7, 12), dt.time(9, 35))
    assert first.reply_deadline == dt.date(2020, 7, 14)
    assert first.revisit_result == "群众表示认可"
    assert first.reported_on == dt.date(2020, 7, 12)
    assert second.received_time == dt.time(14, 5)
    assert (third.received_on, third.received_time) == (dt.date(2020, 7, 14), None)
    assert sheet.problems == (RowProblem(5, "“来电时间”的“下午”不是有效时间，请写成“09:35”。"),)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("09:35", dt.time(9, 35)),
        ("9:35:20", dt.time(9, 35, 20)),
        ("9时35分", dt.time(9, 35)),
        (dt.time(9, 35), dt.time(9, 35)),
        (dt.datetime(2020, 7, 12, 9, 35), dt.time(9, 35)),
        ("2020-07-12 09:35", dt.time(9, 35)),
        (0.5, dt.time(12, 0)),
        ("00:00", None),
        ("", None),
    ],
)
def test_cell_time(value: Any, expected: dt.time | None) -> None:
    assert cell_time(value) == expected


# --- rows ------------------------------------------------------------------------------------


def test_bad_rows_are_problems_with_their_row_numbers(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["工单编号", "受理时间", "诉求标题", "诉求内容", "办结时间"],
        ["1", "2020-07-12", "路灯不亮", "", ""],
        ["2", "2020-13-01", "噪音扰民", "", ""],  # month 13
        ["3", "下周一", "垃圾清运", "", ""],
        ["4", "1999-12-31", "道路破损", "", ""],
        ["5", "", "井盖缺失", "", ""],
        ["6", "2020-07-12", "", "", ""],  # neither title nor content
        ["7", "2020-07-12", "积水", "", "待定"],
        [],
        ["8", "2100-12-31", "最后一件", "", "2020-07-13"],
        ["合 计", "", "", "8件", ""],
        ["制表人：张三", "", "", "", "审核人：李四"],
    ]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", rows))
    assert [r.row for r in sheet.rows] == [2, 10]
    assert [p.row for p in sheet.problems] == [3, 4, 5, 6, 7, 8]
    by_row = {p.row: p.reason for p in sheet.problems}
    assert by_row[3] == (
        "“受理时间”的“2020-13-01”不是有效日期，请写成“2020-07-12”或“2020-07-12 09:35”。"
    )
    assert "下周一" in by_row[4]
    assert by_row[5] == "“受理时间”的“1999-12-31”不在2000年至2100年之间，请检查是否写错。"
    assert by_row[6] == "“受理时间”是空的，每条记录都要有受理日期。"
    assert by_row[7] == "“诉求标题”和“诉求内容”都是空的，这一行没有内容。"
    assert "“办结时间”的“待定”" in by_row[8]
    assert str(sheet.problems[0]).startswith("第3行：")
    assert isinstance(sheet.problems[0], RowProblem)


def test_a_row_with_two_problems_lists_both(tmp_path: Path) -> None:
    rows = [["工单编号", "受理时间", "诉求内容", "办结时间"], ["1", "昨天", "", "明天"]]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", rows))
    assert sheet.rows == ()
    assert len(sheet.problems) == 3
    assert {p.row for p in sheet.problems} == {2}


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    rows = [["工单编号", "来电人", "联系电话", "承办单位"], ["1", "王女士", "138", "区城管局"]]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", rows))
    assert sheet.missing == ("受理日期", "内容（或标题）")
    assert sheet.problems == ()  # the missing columns are said once, not on every row
    assert sheet.rows[0].received_on is None
    assert sheet.platform == "12345"


def test_a_sheet_with_only_headers_has_no_rows(tmp_path: Path) -> None:
    sheet = read_platform_export(write_xlsx(tmp_path / "a.xlsx", [["编号", "受理日期", "事项"]]))
    assert sheet.rows == () and sheet.problems == ()
    assert sheet.platform == "其他"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2020, 7, 12, 9, 35), (dt.date(2020, 7, 12), dt.time(9, 35))),
        (dt.datetime(2020, 7, 12), (dt.date(2020, 7, 12), None)),
        (dt.date(2020, 7, 12), (dt.date(2020, 7, 12), None)),
        ("2020-07-12", (dt.date(2020, 7, 12), None)),
        ("2020/7/12", (dt.date(2020, 7, 12), None)),
        ("2020.07.12", (dt.date(2020, 7, 12), None)),
        ("2020年7月12日", (dt.date(2020, 7, 12), None)),
        ("２０２０年７月１２日", (dt.date(2020, 7, 12), None)),
        ("20200712", (dt.date(2020, 7, 12), None)),
        (20200712, (dt.date(2020, 7, 12), None)),
        ("2020-07-12 09:35:00", (dt.date(2020, 7, 12), dt.time(9, 35))),
        ("2020/7/12 9:35", (dt.date(2020, 7, 12), dt.time(9, 35))),
        ("2020-07-12T09:35:07", (dt.date(2020, 7, 12), dt.time(9, 35, 7))),
        ("2020-07-12 09:35:00.0", (dt.date(2020, 7, 12), dt.time(9, 35))),
        ("2020年7月12日 9时35分", (dt.date(2020, 7, 12), dt.time(9, 35))),
        ("20200712093500", (dt.date(2020, 7, 12), dt.time(9, 35))),
        ("2020-07-12 00:00:00", (dt.date(2020, 7, 12), None)),
        (44024.5, (dt.date(2020, 7, 12), dt.time(12, 0))),  # an Excel serial without format
        (None, (None, None)),
        ("  ", (None, None)),
    ],
)
def test_cell_datetime(value: Any, expected: tuple[Any, Any]) -> None:
    assert cell_datetime(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2020-02-30",
        "2020-07-12 25:00",
        "2020-07",
        "7月12日",
        "下周",
        "2020-07-12至2020-07-19",
        3,
        True,
        dt.time(9, 35),
    ],
)
def test_cell_datetime_refuses(value: Any) -> None:
    with pytest.raises(ValueError):
        cell_datetime(value)


# --- files that are refused -------------------------------------------------------------------


def test_unrecognisable_sheet_is_refused_with_what_was_found(tmp_path: Path) -> None:
    rows = [["姓名", "性别", "出生年月", "政治面貌"], ["张三", "男", "1980-01", "中共党员"]]
    with pytest.raises(UserError) as caught:
        read_platform_export(write_xlsx(tmp_path / "花名册.xlsx", rows))
    message = str(caught.value)
    assert "“花名册.xlsx”中找不到表头" in message
    assert "“工单编号”“来电时间”“诉求内容”" in message
    assert "找到的是：“姓名”“性别”“出生年月”“政治面貌”（第1行）" in message


def test_empty_sheet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="是空表格"):
        read_platform_export(write_xlsx(tmp_path / "a.xlsx", []))


def old_excel_bytes() -> bytes:
    return OLE_MAGIC + b"\x00" * 100 + "Workbook".encode("utf-16-le") + b"\x00" * 100


@pytest.mark.parametrize("name", ["工单.xls", "工单.csv"])
def test_old_xls_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(old_excel_bytes())
    with pytest.raises(UserError) as caught:
        read_platform_export(path)
    assert ".xls" in str(caught.value)
    assert "另存为" in str(caught.value)


def test_renamed_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "工单.xls"  # many systems write text or HTML and call it .xls
    path.write_text("<html><table><tr><td>工单编号</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(UserError, match="不是 Excel 工作簿"):
        read_platform_export(path)


def test_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "工单.doc"
    path.write_bytes(OLE_MAGIC + b"\x00" * 100 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(UserError, match="Word"):
        read_platform_export(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到文件"):
        read_platform_export(tmp_path / "没有.csv")


def test_binary_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UserError, match="不是能识别的文本表格"):
        read_platform_export(path)


def test_xlsx_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    rows = [["工单编号", "受理时间", "诉求内容"], ["1", "2020-07-12", "反映问题。"]]
    sheet = read_platform_export(write_xlsx(tmp_path / "a.csv", rows))
    assert len(sheet.rows) == 1


def test_too_many_rows_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_export, "MAX_ROWS", 5)
    header = ["工单编号", "受理时间", "诉求内容"]
    rows = [header] + [[str(i), "2020-07-12", "反映问题。"] for i in range(5)]
    assert len(read_platform_export(write_xlsx(tmp_path / "five.xlsx", rows)).rows) == 5
    rows.append(["6", "2020-07-12", "反映问题。"])
    for path in (
        write_xlsx(tmp_path / "six.xlsx", rows),
        write_text(tmp_path / "six.csv", rows, "utf-8"),
    ):
        with pytest.raises(UserError, match=r"超过.*行记录"):
            read_platform_export(path)


def test_too_big_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_export, "MAX_BYTES", 1000)
    rows = [["工单编号", "受理时间", "诉求内容"]] + [["1", "2020-07-12", "反映问题。" * 20]] * 10
    with pytest.raises(UserError, match=r"有3 KB，超过了.*1 KB的上限"):
        read_platform_export(write_text(tmp_path / "big.csv", rows, "utf-8"))
