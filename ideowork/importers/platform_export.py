"""Reading a ledger exported from the platforms a unit works in, for the 舆情台账.

The 12345 hotline's work-order system (工单), the 信访 system and the mailbox systems
(区长信箱/书记信箱) each export an Excel sheet (sometimes a .csv) whose headers differ by
platform and province. This module finds the header row, maps the columns by their headers to
the ledger's fields (saying which were mapped and which were not) and reads the rows, each
checked on its own: a row that cannot be read is listed with its number and reason, the others
are kept. This app's own 舆情台账 export (CASE_HEADERS) maps through the same table.

Names and numbers come out in their one spelling (ideowork.domain.names): a case number
without spaces or zero-width characters, the reporter's, the handler's and the office's names
as the unit's records write them, so look-alikes neither duplicate nor miss a record. Files
beyond the limits (20 MB, 100 000 rows: importers.limits) are refused before their rows are
read where the file says how many it has.

Nothing here touches the database: writing, spotting duplicates and the preview are the
service's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from ideowork.domain.errors import UserError
from ideowork.domain.names import (
    case_number_form,
    label_form,
    office_name_form,
    person_name_form,
)
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR
from ideowork.importers.limits import (
    CASE_ROWS,
    SHEET_FILE_BYTES,
    check_file_size,
    check_package,
    check_sheet_rows,
    limited_rows,
)
from ideowork.importers.office_files import is_ole
from ideowork.importers.workbook import (
    SAVE_AS_XLSX,
    RowProblem,
    cell_text,
    with_first_sheet,
)

MAX_BYTES = SHEET_FILE_BYTES  # a real export of one unit is far smaller
MAX_ROWS = CASE_ROWS
HEADER_SEARCH_ROWS = 15  # the header row is looked for among the first non-empty rows
MIN_HEADER_MATCHES = 3  # cells a row needs to be taken for the header row
MAX_HEADER_LENGTH = 30  # a longer cell is data or a note, never a column name
TITLE_LENGTH = 40  # a title made from the content's first sentence is at most this long
FIRST_YEAR, LAST_YEAR = MIN_YEAR, MAX_YEAR
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WHAT = "工单、信访或信箱台账"

PLATFORM_12345 = "12345"
PLATFORM_PETITION = "信访"
PLATFORM_MAILBOX = "领导信箱"
PLATFORM_OWN = "本程序台账"
PLATFORM_OTHER = "其他"

MISSING_DATE = "受理日期"
MISSING_CONTENT = "内容（或标题）"
TOO_MANY = "请确认选对了文件，或按时间段分批导出后再导入。"


# --- what a sheet is read into ------------------------------------------------------------


@dataclass(frozen=True)
class ImportedCase:
    """One row, normalised. A field is empty ("" or None) when its column is absent."""

    row: int  # the row number as Excel shows it
    case_no: str = ""  # 工单编号/受理编号/信访件编号…
    channel_text: str = ""  # the file's own channel text (来源/渠道/信访形式…)
    received_on: dt.date | None = None
    received_time: dt.time | None = None  # the 受理日期 cell's time, or a 来电时间 column's
    title: str = ""  # the summary; without one, the content's first sentence (≤ 40 characters)
    content: str = ""
    reporter: str = ""  # 来电人/诉求人/信访人… (personal data)
    phone: str = ""  # 联系电话/来电号码… (personal data), always text
    address: str = ""  # 事发地址/诉求地址: where the matter is, not where the reporter lives
    category_text: str = ""  # 诉求类型/问题分类/信访类别…
    severity_text: str = ""  # 严重程度/紧急程度
    office_text: str = ""  # 承办单位/责任单位/承办股室…
    handler: str = ""  # 承办人/经办人
    assigned_on: dt.date | None = None  # 交办日期/派单时间
    deadline: dt.date | None = None  # 办理时限/截止日期
    reply_deadline: dt.date | None = None  # 答复时限/回复时限
    closed_on: dt.date | None = None  # 办结时间/答复时间
    result: str = ""  # 办理结果/答复意见/回复内容
    revisited_on: dt.date | None = None  # 回访日期
    satisfaction_text: str = ""  # 满意度/回访结果/评价
    revisit_result: str = ""  # 回访情况/回访意见: what was said at the 回访
    status_text: str = ""  # 工单状态/办理状态
    overdue_text: str = ""  # 是否逾期/是否超期
    reported_text: str = ""  # 已向上报告/是否上报
    reported_on: dt.date | None = None  # 上报日期
    reported_to: str = ""  # 报告对象
    note: str = ""  # 备注
    link: str = ""  # 链接/网址


@dataclass(frozen=True)
class ColumnMapping:
    field: str  # an ImportedCase attribute
    header: str  # the header as the file writes it
    column: int  # the column number, 1 for column A


@dataclass(frozen=True)
class PlatformSheet:
    file_name: str
    platform: str  # a guess: "12345", "信访", "领导信箱", "本程序台账" or "其他"
    header_row: int  # the Excel row number of the header row (the upper one of a two-row header)
    mapped: tuple[ColumnMapping, ...]  # in column order
    unmapped: tuple[str, ...]  # headers present but not used
    missing: tuple[str, ...]  # required fields not found: "受理日期", "内容（或标题）"
    rows: tuple[ImportedCase, ...]  # the rows that could be read
    problems: tuple[RowProblem, ...]  # the rows that could not, each with its reason

    def column_of(self, field: str) -> ColumnMapping | None:
        return next((m for m in self.mapped if m.field == field), None)


# --- the synonym table ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    label: str  # the Chinese name shown in the preview's legend
    synonyms: tuple[str, ...]  # normalised headers (half-width, no spaces)
    kind: str = "text"  # "text", "date" or "time"
    exclude: tuple[str, ...] = ()  # a header containing one of these is never this field


# A header containing one of these is a date or a time limit, never text (办理情况时间 …).
_NOT_TEXT = ("时间", "日期", "时限")
# A header containing one of these is a number of days or hours, not a date (办理时限(天) …).
_NOT_DATE = ("天", "时长", "小时", "工作日", "剩余", "出生", "次数", "是否")
# Other people's attributes: 承办人电话 is not the reporter's phone, 被反映人 not the reporter.
_NOT_REPORTER = ("被", "承办", "经办", "办理", "责任", "处理", "回访", "受理", "话务")


def _field(
    name: str, label: str, synonyms: str, *, kind: str = "text", exclude: Sequence[str] = ()
) -> _Field:
    return _Field(name, label, tuple(synonyms.split()), kind, tuple(exclude))


# Synonyms are written normalised (half-width, no spaces, lower case).
_FIELDS: tuple[_Field, ...] = (
    _field(
        "case_no",
        "编号",
        "编号 工单编号 工单号 受理编号 受理号 信访件编号 信访件号 信访编号 信访事项编号 "
        "信件编号 来信编号 留言编号 诉求编号 事项编号 案件编号 登记编号 流水号",
        exclude=("身份证", "证件", *_NOT_TEXT),
    ),
    _field(
        "channel_text",
        "渠道",
        "渠道 来源 来源渠道 来电渠道 诉求渠道 受理渠道 反映渠道 反映方式 受理方式 信访形式 "
        "信访方式 信访渠道 来信来访方式 信件来源 工单来源 诉求来源 问题来源 舆情来源 信息来源",
        exclude=_NOT_TEXT,
    ),
    _field(
        "received_on",
        "受理日期",
        "日期 时间 受理日期 受理时间 来电日期 来电时间 登记日期 登记时间 信访日期 信访时间 "
        "来信日期 来信时间 来访日期 来访时间 写信日期 写信时间 留言日期 留言时间 提交日期 "
        "提交时间 创建日期 创建时间 诉求日期 诉求时间 反映日期 反映时间 接收日期 接收时间 "
        "收到日期 收件日期 发布时间 发现时间",
        kind="date",
        exclude=_NOT_DATE,
    ),
    # besides these, X时间 beside X日期 (来电日期|来电时间) is the time: see _time_column
    _field("received_time", "受理时刻", "时刻 受理时刻 来电时刻 登记时刻", kind="time"),
    _field(
        "title",
        "标题",
        "事项 标题 主题 摘要 概要 诉求标题 工单标题 信件标题 来信标题 留言标题 事项标题 "
        "诉求主题 信件主题 诉求摘要 内容摘要 问题摘要 事项摘要 内容概要 诉求概要 主要诉求 反映事项",
        exclude=("答复", "回复", "办理", "处理", "反馈", "回访", *_NOT_TEXT),
    ),
    _field(
        "content",
        "内容",
        "内容 诉求 正文 诉求内容 市民诉求 来电内容 来电诉求 工单内容 信访内容 信访事项 "
        "反映内容 反映问题 主要问题 问题描述 诉求描述 诉求详情 事件描述 情况描述 具体诉求 "
        "事项内容 信件内容 来信内容 留言内容 详细内容 具体内容 问题内容 主要内容 舆情内容",
        exclude=("答复", "回复", "办理", "处理", "反馈", "回访", "分类", "类型", *_NOT_TEXT),
    ),
    _field(
        "reporter",
        "反映人",
        "姓名 反映人 来电人 诉求人 信访人 写信人 来信人 来访人 留言人 投诉人 举报人 求助人 "
        "联系人 当事人 市民姓名 群众姓名 客户姓名",
        exclude=(
            *_NOT_REPORTER,
            *("电话", "手机", "号码", "住址", "地址", "身份证", "证件", "性别", "年龄"),
            *("职业", "单位", "人数", "编号", *_NOT_TEXT),
        ),
    ),
    _field(
        "phone",
        "联系电话",
        "电话 手机 号码 联系电话 来电号码 来电电话 电话号码 手机号 手机号码 联系方式 联系号码 "
        "主叫号码",
        exclude=(*_NOT_REPORTER, "单位", "部门", *_NOT_TEXT),
    ),
    _field(
        "address",
        "事发地址",
        "地点 事发地址 事发地点 诉求地址 问题地址 问题发生地 发生地址 发生地点 事件地址 "
        "事件地点 问题属地",
        exclude=("住址", "联系", "人", *_NOT_TEXT),
    ),
    _field(
        "category_text",
        "类别",
        "类别 类型 分类 诉求类型 诉求类别 诉求分类 诉求目的 问题分类 问题类型 问题类别 工单类型 "
        "工单分类 信访类别 信访分类 信访目的 内容分类 事项分类 事项类型 业务类型 信件类型 "
        "信件类别 来信类型 舆情类别",
        exclude=("证件", "来源", "渠道", *_NOT_TEXT),
    ),
    _field(
        "severity_text",
        "严重程度",
        "等级 级别 严重程度 紧急程度 重要程度 舆情等级 风险等级",
        exclude=_NOT_TEXT,
    ),
    _field(
        "office_text",
        "承办单位",
        "承办单位 承办部门 承办股室 责任单位 责任部门 责任股室 办理单位 办理部门 交办单位 "
        "主办单位 处理单位 处理部门 处置单位 转办单位 经办单位 答复单位 回复单位",
        exclude=("被", "人", "电话", "号码", *_NOT_TEXT),
    ),
    _field(
        "handler",
        "承办人",
        "承办人 经办人 办理人 处理人 责任人 办件人",
        exclude=("电话", "手机", "号码", *_NOT_TEXT),
    ),
    _field(
        "assigned_on",
        "交办日期",
        "交办日期 交办时间 派单日期 派单时间 转办日期 转办时间 派发时间 分派时间 下发时间",
        kind="date",
        exclude=_NOT_DATE,
    ),
    _field(
        "deadline",
        "办理时限",
        "时限 期限 办理时限 办结时限 处理时限 办理期限 办结期限 截止日期 "
        "截止时间 限办日期 限办时间 到期日期 到期时间 要求办结日期 要求办结时间 应办结日期 "
        "应办结时间",
        kind="date",
        exclude=_NOT_DATE,
    ),
    _field(
        "reply_deadline",
        "答复时限",
        "答复时限 回复时限 反馈时限 答复期限 回复期限 答复截止日期 回复截止日期",
        kind="date",
        exclude=_NOT_DATE,
    ),
    _field(
        "closed_on",
        "办结日期",
        "办结日期 办结时间 答复日期 答复时间 回复日期 回复时间 办理日期 办理时间 处理日期 "
        "处理时间 完成日期 完成时间 结案日期 结案时间 反馈时间",
        kind="date",
        exclude=_NOT_DATE,
    ),
    _field(
        "result",
        "办理结果",
        "办理结果 办理情况 办理意见 办结情况 处理结果 处理情况 处理意见 处置情况 答复内容 "
        "答复意见 答复情况 回复内容 回复意见 反馈内容 反馈情况",
        exclude=("人", "单位", "部门", *_NOT_TEXT),
    ),
    _field(
        "revisited_on",
        "回访日期",
        "回访日期 回访时间",
        kind="date",
        exclude=_NOT_DATE,
    ),
    _field(
        "satisfaction_text",
        "满意度",
        "评价 满意度 满意情况 是否满意 回访结果 回访评价 评价结果 群众评价 市民评价 测评结果",
        exclude=_NOT_TEXT,
    ),
    _field(
        "revisit_result",
        "回访情况",
        "回访情况 回访意见 回访内容 回访记录 回访说明",
        exclude=_NOT_TEXT,
    ),
    _field(
        "status_text",
        "状态",
        "状态 工单状态 办理状态 处理状态 办件状态 信访状态 信件状态 事项状态 当前状态 流程状态 "
        "案件状态",
        exclude=("回访", *_NOT_TEXT),
    ),
    _field(
        "overdue_text",
        "是否逾期",
        "逾期 超期 超时 是否逾期 是否超期 是否超时 逾期情况 超期情况",
    ),
    _field("reported_text", "已向上报告", "上报 已上报 是否上报 已向上报告 是否向上报告 是否报告"),
    _field(
        "reported_on",
        "上报日期",
        "上报日期 上报时间 报告日期 报告时间 报送日期 报送时间",
        kind="date",
        exclude=_NOT_DATE,
    ),
    _field("reported_to", "报告对象", "报告对象 上报对象 报送对象"),
    _field("note", "备注", "备注 说明 备注说明 其他说明", exclude=_NOT_TEXT),
    _field("link", "链接", "链接 网址 url 原文链接 原文地址 链接地址 网页地址 帖子链接"),
)
# Two-character synonyms match only a whole header ("时间" in 剩余时间 means nothing), except
# these words, which also match at a header's end: 来电人姓名, 市民诉求内容, 信件类型 ….
_HEAD_NOUNS = frozenset(
    ("姓名", "电话", "手机", "内容", "标题", "编号", "链接", "网址", "备注", "状态", "类型", "类别")
)


def platform_fields() -> dict[str, str]:
    """Every field an ImportedCase carries → its Chinese name, in the preview's order."""
    names = {f.name: f.label for f in _FIELDS}
    return {
        f.name: names[f.name]
        for f in fields(ImportedCase)
        if f.name != "row"  # the row number is not a field of the ledger
    }


# --- matching headers ------------------------------------------------------------------------

_ANNOTATION = re.compile(r"\((?:必填|必选|必须|选填|可选|非必填)(?:项)?\)|[※*★☆]")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_WHITESPACE = re.compile(r"\s+")

Score = tuple[int, int, int]  # (whole header?, synonym length, at the header's end?)


def normalise_header(value: Any) -> str:
    """A header cell as matched: half-width, no spaces, no ※*（必填）, no trailing colon."""
    if not isinstance(value, str):
        return ""  # numbers and dates are data, never column names
    text = unicodedata.normalize("NFKC", value)
    text = _WHITESPACE.sub("", text)
    text = _ANNOTATION.sub("", text)
    return text.rstrip(":").lower()


def _is_header_text(text: str) -> bool:
    # "导出时间:2020-08-01" is a label with its value, not a column name
    return 0 < len(text) <= MAX_HEADER_LENGTH and ":" not in text


@lru_cache(maxsize=4096)
def header_scores(text: str) -> dict[str, Score]:
    """The fields a normalised header could be, each with how well it fits (higher is better)."""
    if not _is_header_text(text):
        return {}
    texts = {text, _TRAILING_NOTE.sub("", text)} - {""}
    scores: dict[str, Score] = {}
    for spec in _FIELDS:
        if any(word in text for word in spec.exclude):
            continue
        for synonym in spec.synonyms:
            for candidate in texts:
                score = _fit(candidate, synonym)
                if score is not None and score > scores.get(spec.name, (0, 0, 0)):
                    scores[spec.name] = score
    return scores


def _fit(text: str, synonym: str) -> Score | None:
    if text == synonym:
        return (2, len(synonym), 1)
    long_enough = len(synonym) >= 3
    if (long_enough or synonym in _HEAD_NOUNS) and text.endswith(synonym):
        return (1, len(synonym), 1)
    if long_enough and synonym in text:
        return (1, len(synonym), 0)
    return None


@dataclass(frozen=True)
class _Header:
    column: int  # 0-based
    display: str  # as the file writes it, without spaces
    text: str  # normalised, as matched
    scores: dict[str, Score]


def _header(column: int, display: str, text: str) -> _Header:
    return _Header(column, display, text, header_scores(text))


def _display(value: Any) -> str:
    return _WHITESPACE.sub("", cell_text(value))


def _single_header(values: Sequence[Any]) -> list[_Header]:
    return [
        _header(i, _display(v), normalise_header(v)) for i, v in enumerate(values) if _display(v)
    ]


def _two_row_header(upper: Sequence[Any], lower: Sequence[Any]) -> list[_Header]:
    """A merged two-row header: 来电人信息 over 姓名|电话 reads 来电人信息姓名, 来电人信息电话."""
    headers = []
    group_text = group_display = ""
    for i in range(max(len(upper), len(lower))):
        up = upper[i] if i < len(upper) else None
        low = lower[i] if i < len(lower) else None
        if _display(up):
            group_text, group_display = normalise_header(up), _display(up)
        if not _display(low):
            if _display(up):  # merged down over both rows
                headers.append(_header(i, _display(up), normalise_header(up)))
            continue
        text = group_text + normalise_header(low)
        display = f"{group_display}/{_display(low)}" if group_display else _display(low)
        headers.append(_header(i, display, text))
    return headers


def _matches(headers: Iterable[_Header]) -> int:
    return sum(1 for h in headers if h.scores)


def _continues(upper: Sequence[Any], lower: Sequence[Any]) -> bool:
    """Whether `lower` is the second row of a merged header whose first row is `upper`.

    Both rows are all column names, and they have the shape of merged cells: a name merged
    down over both rows (nothing under it) and a group's sub-names (nothing over them).
    """
    width = max(len(upper), len(lower))
    up = [_display(upper[i]) if i < len(upper) else "" for i in range(width)]
    low = [_display(lower[i]) if i < len(lower) else "" for i in range(width)]
    if sum(1 for text in up if text) < 2:
        return False  # a title row over the header
    for row in (upper, lower):
        texts = [normalise_header(v) for v in row if _display(v)]
        if not all(_is_header_text(t) for t in texts):
            return False  # "导出时间：…", dates, numbers or long text: not a header row
    if sum(1 for v in lower if header_scores(normalise_header(v))) < 2:
        return False
    merged_down = any(u and not lo for u, lo in zip(up, low, strict=True))
    grouped = any(lo and not u for u, lo in zip(up, low, strict=True))
    return merged_down and grouped


def _assign(headers: Sequence[_Header]) -> dict[str, _Header]:
    """Each field to the header that fits it best; each header used once.

    The best fit overall goes first (a whole-header match, then the longest synonym); of equal
    fits the leftmost column wins, so a second "时间" column is left unmapped.
    """
    order = {f.name: i for i, f in enumerate(_FIELDS)}
    candidates = sorted(
        ((score, h.column, field, h) for h in headers for field, score in h.scores.items()),
        key=lambda c: (-c[0][0], -c[0][1], -c[0][2], c[1], order[c[2]]),
    )
    chosen: dict[str, _Header] = {}
    used: set[int] = set()
    for _score, column, field, header in candidates:
        if field in chosen or column in used:
            continue
        chosen[field] = header
        used.add(column)
    _time_column(headers, chosen)
    return chosen


def _time_column(headers: Sequence[_Header], chosen: dict[str, _Header]) -> None:
    """来电日期 beside 来电时间: the date is one column, the time of day the other."""
    date = chosen.get("received_on")
    if date is None or "received_time" in chosen or not date.text.endswith("日期"):
        return
    wanted = date.text.removesuffix("日期") + "时间"
    used = {h.column for h in chosen.values()}
    time = next((h for h in headers if h.column not in used and h.text == wanted), None)
    if time is not None:
        chosen["received_time"] = time


# --- dates --------------------------------------------------------------------------------

_DATE_TEXT = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})"
)
_TIME_TEXT = re.compile(
    r"(?P<h>\d{1,2})\s*[:时点]\s*(?P<m>\d{1,2})\s*(?:[:分]\s*(?P<s>\d{1,2})(?:\.\d+)?\s*秒?|分)?"
    r"|(?P<ch>\d{2})(?P<cm>\d{2})(?P<cs>\d{2})?"
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_FIRST_SERIAL = (dt.datetime(FIRST_YEAR, 1, 1) - _EXCEL_EPOCH).days
_LAST_SERIAL = (dt.datetime(LAST_YEAR + 1, 1, 1) - _EXCEL_EPOCH).days


def cell_datetime(value: Any) -> tuple[dt.date | None, dt.time | None]:
    """A date cell, or a date written in any common way, with its time if it has one.

    Excel dates and datetimes; 2020-07-12, 2020/7/12, 2020.07.12, 2020年7月12日, 20200712, each
    optionally followed by a time (09:35, 9:35:00, 09:35:00.0, 9时35分); an Excel date serial
    the sheet shows as a number. Midnight counts as no time (date cells are read as datetimes
    at 00:00). Empty is (None, None); anything else raises ValueError.
    """
    if isinstance(value, dt.datetime):
        return value.date(), _time(value.time())
    if isinstance(value, dt.date):
        return value, None
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if is_number and _FIRST_SERIAL <= value < _LAST_SERIAL:  # a date cell with no date format
        moment = _EXCEL_EPOCH + dt.timedelta(seconds=round(float(value) * 86400))
        return moment.date(), _time(moment.time())
    if isinstance(value, (dt.time, dt.timedelta, bool)):
        raise ValueError(cell_text(value))
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return None, None
    match = _DATE_TEXT.match(text)
    if match is None:
        raise ValueError(text)
    parts = [match["y"] or match["cy"], match["m"] or match["cm"], match["d"] or match["cd"]]
    day = dt.date(*(int(p) for p in parts))  # ValueError for 2020-02-30
    rest = text[match.end() :].strip().removeprefix("T").strip()
    if not rest:
        return day, None
    clock = _TIME_TEXT.fullmatch(rest)
    if clock is None:
        raise ValueError(text)
    return day, _clock(clock)


def cell_time(value: Any) -> dt.time | None:
    """A time of day: a time cell, 09:35, 9:35:00, 9时35分, or a datetime's time.

    Midnight and empty are None; anything else raises ValueError.
    """
    if isinstance(value, dt.datetime):
        return _time(value.time())
    if isinstance(value, dt.time):
        return _time(value)
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if is_number and 0 <= value < 1:  # a time cell with no time format: a fraction of a day
        return _time((dt.datetime.min + dt.timedelta(seconds=round(value * 86400))).time())
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return None
    clock = _TIME_TEXT.fullmatch(text)
    if clock is None:
        return cell_datetime(value)[1]  # a whole date and time ("2020-07-12 09:35")
    return _clock(clock)


def _clock(match: re.Match[str]) -> dt.time | None:
    hour = match["h"] or match["ch"]
    minute = match["m"] or match["cm"]
    second = match["s"] or match["cs"] or "0"
    return _time(dt.time(int(hour), int(minute), int(second)))  # ValueError for 25:00


def _time(value: dt.time) -> dt.time | None:
    value = value.replace(microsecond=0)
    return None if value == dt.time(0, 0) else value


# --- rows ---------------------------------------------------------------------------------

# matched on normalised text (no spaces, half-width): 合 计, 合计：25件, 制表人：张三 …
_TALLY = re.compile(
    r"(?:合计|总计|小计|共计)(?:$|[:\d(共])"
    r"|(?:制表人?|填表人|填报人|审核人?|负责人|导出时间|打印时间|统计时间|注|说明):"
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")

Row = tuple[int, tuple[Any, ...]]  # the Excel row number and the cells


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_tally(value: Any) -> bool:
    return isinstance(value, str) and _TALLY.match(normalise_header(value)) is not None


def _first_sentence(content: str) -> str:
    sentence = next((s.strip() for s in _SENTENCE_END.split(content) if s.strip()), "")
    if len(sentence) > TITLE_LENGTH:
        return sentence[: TITLE_LENGTH - 1] + "…"
    return sentence


class _RowReader:
    """Reads the data rows by the columns the header row mapped."""

    def __init__(self, chosen: dict[str, _Header]) -> None:
        self.chosen = chosen

    def _cell(self, values: Sequence[Any], field: str) -> Any:
        header = self.chosen.get(field)
        if header is None or header.column >= len(values):
            return None
        return values[header.column]

    def text(self, values: Sequence[Any], field: str) -> str:
        return _NAME_FORMS.get(field, _same)(cell_text(self._cell(values, field)))

    def skipped(self, values: Sequence[Any]) -> bool:
        """A 合计/总计 line or a 制表人：/审核人： footer: no case, and no problem either.

        It starts with one of these words and has no 受理日期 (a row with one is a case).
        """
        first = next((v for v in values if not _blank(v)), None)
        received = self._cell(values, "received_on")
        return _is_tally(first) and (_blank(received) or _is_tally(received))

    def read(
        self, number: int, values: Sequence[Any], problems: list[RowProblem]
    ) -> ImportedCase | None:
        found: list[str] = []
        data: dict[str, Any] = {}
        for spec in _FIELDS:  # received_on before received_time: a time column wins
            if spec.name not in self.chosen:
                continue
            header = self.chosen[spec.name].display
            raw = self._cell(values, spec.name)
            if spec.kind == "text":
                data[spec.name] = _NAME_FORMS.get(spec.name, _same)(cell_text(raw))
            elif spec.kind == "time":
                try:
                    clock = cell_time(raw)
                except ValueError:
                    found.append(f"“{header}”的“{cell_text(raw)}”不是有效时间，请写成“09:35”。")
                    continue
                if clock is not None:
                    data["received_time"] = clock
            else:
                day, clock = _date(header, raw, found)
                data[spec.name] = day
                if spec.name == "received_on":
                    data["received_time"] = clock
                    if day is None and _blank(raw):
                        found.append(f"“{header}”是空的，每条记录都要有受理日期。")
        if not data.get("title") and data.get("content"):
            data["title"] = _first_sentence(data["content"])
        if not data.get("title") and ("title" in self.chosen or "content" in self.chosen):
            named = "和".join(
                f"“{self.chosen[f].display}”" for f in ("title", "content") if f in self.chosen
            )
            found.append(f"{named}都是空的，这一行没有内容。")
        if found:
            problems.extend(RowProblem(number, reason) for reason in found)
            return None
        return ImportedCase(row=number, **data)


def _same(text: str) -> str:
    return text


# Fields that name something the ledger matches or counts: each in its one spelling.
_NAME_FORMS = {
    "case_no": case_number_form,
    "channel_text": label_form,
    "reporter": person_name_form,
    "category_text": label_form,
    "severity_text": label_form,
    "office_text": office_name_form,
    "handler": person_name_form,
    "status_text": label_form,
    "reported_to": label_form,
}


def _date(header: str, raw: Any, found: list[str]) -> tuple[dt.date | None, dt.time | None]:
    """A date cell checked: a reason is added to `found` when it is not a date of this century."""
    try:
        day, clock = cell_datetime(raw)
    except ValueError:
        found.append(
            f"“{header}”的“{cell_text(raw)}”不是有效日期，请写成“2020-07-12”或“2020-07-12 09:35”。"
        )
        return None, None
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        found.append(
            f"“{header}”的“{cell_text(raw)}”不在{FIRST_YEAR}年至{LAST_YEAR}年之间，请检查是否写错。"
        )
        return None, None
    return day, clock


# --- the sheet ----------------------------------------------------------------------------


def _guess_platform(headers: Sequence[_Header], before: Sequence[Row]) -> str:
    names = {h.text for h in headers}
    if len(names & {"承办股室", "严重程度", "已向上报告", "报告对象", "是否逾期"}) >= 2:
        return PLATFORM_OWN
    texts = [h.display for h in headers] + [cell_text(v) for _n, row in before for v in row]
    markers = (
        (PLATFORM_12345, ("12345", "工单", "热线", "来电", "市民服务")),
        (PLATFORM_PETITION, ("信访", "来访")),
        (PLATFORM_MAILBOX, ("信箱", "写信", "信件", "来信人", "留言")),
    )
    counts = [(sum(1 for t in texts if any(m in t for m in words)), p) for p, words in markers]
    best = max(counts, key=lambda c: c[0])  # the first of equal counts
    return best[1] if best[0] else PLATFORM_OTHER


def _find_header(rows: Sequence[Row]) -> tuple[int, int, list[_Header]] | None:
    """(index of the header's first row, rows it spans, its headers), or None."""
    search = rows[:HEADER_SEARCH_ROWS]
    for index, (_number, values) in enumerate(search):
        if index + 1 < len(rows) and _continues(values, rows[index + 1][1]):
            merged = _two_row_header(values, rows[index + 1][1])
            if _matches(merged) >= MIN_HEADER_MATCHES:
                return index, 2, merged
        single = _single_header(values)
        if _matches(single) >= MIN_HEADER_MATCHES:
            return index, 1, single
    return None


def _no_header(file_name: str, rows: Sequence[Row]) -> UserError:
    if not rows:
        return UserError(f"“{file_name}”是空表格，没有任何内容。")
    search = rows[:HEADER_SEARCH_ROWS]
    best = max(search, key=lambda r: (_matches(_single_header(r[1])), len(_single_header(r[1]))))
    found = [h.display for h in _single_header(best[1])][:12]
    listed = "".join(f"“{t[:20]}”" for t in found)
    return UserError(
        f"“{file_name}”中找不到表头：前{HEADER_SEARCH_ROWS}行里没有一行能认出至少"
        f"{MIN_HEADER_MATCHES}个列名。应有“工单编号”“来电时间”“诉求内容”“信访人”“承办单位”"
        f"“办结时间”这样的列（12345、信访、领导信箱系统导出的表格，或本程序导出的舆情台账）；"
        f"表格中找到的是：{listed}（第{best[0]}行）。"
        "请确认选对了文件，或把列名改成上面这样再导入。"
    )


def _too_many_rows(file_name: str) -> UserError:
    return UserError(
        f"“{file_name}”有超过{MAX_ROWS // 10_000}万行记录（上限{MAX_ROWS}行），"
        f"不像是一个单位导出的台账。{TOO_MANY}"
    )


def _sheet(file_name: str, rows: Sequence[Row]) -> PlatformSheet:
    found = _find_header(rows)
    if found is None:
        raise _no_header(file_name, rows)
    index, height, headers = found
    data_rows = rows[index + height :]
    if len(data_rows) > MAX_ROWS:
        raise _too_many_rows(file_name)
    chosen = _assign(headers)
    used = {h.column for h in chosen.values()}
    mapped = tuple(
        sorted(
            (ColumnMapping(field, h.display, h.column + 1) for field, h in chosen.items()),
            key=lambda m: m.column,
        )
    )
    missing = []
    if "received_on" not in chosen:
        missing.append(MISSING_DATE)
    if "title" not in chosen and "content" not in chosen:
        missing.append(MISSING_CONTENT)
    reader = _RowReader(chosen)
    problems: list[RowProblem] = []
    cases = [
        case
        for number, values in data_rows
        if not reader.skipped(values)
        and (case := reader.read(number, values, problems)) is not None
    ]
    return PlatformSheet(
        file_name=file_name,
        platform=_guess_platform(headers, rows[:index]),
        header_row=rows[index][0],
        mapped=mapped,
        unmapped=tuple(h.display for h in headers if h.column not in used),
        missing=tuple(missing),
        rows=tuple(cases),
        problems=tuple(problems),
    )


# --- files --------------------------------------------------------------------------------


def _non_empty(file_name: str, numbered: Iterable[tuple[int, Sequence[Any]]]) -> list[Row]:
    rows: list[Row] = []
    for number, values in numbered:
        if all(_blank(v) for v in values):
            continue
        rows.append((number, tuple(values)))
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many_rows(file_name)
    return rows


def _xlsx_rows(path: Path) -> list[Row]:
    # read-only rows start at row 1 (leading empty rows are padded), so the count is the row
    # number Excel shows; a sheet that declares too many rows is refused before they are read
    check_package(path, path.name, WHAT, TOO_MANY)
    check_sheet_rows(path, MAX_ROWS, WHAT, TOO_MANY)
    return with_first_sheet(
        path,
        WHAT,
        lambda sheet: _non_empty(
            path.name, enumerate(limited_rows(sheet, path.name, MAX_ROWS, WHAT, TOO_MANY), 1)
        ),
    )


def _decode(data: bytes, file_name: str) -> str:
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ()
    for encoding in (*encodings, "utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise UserError(f"文件“{file_name}”不是能识别的文本表格（CSV），无法读取。{SAVE_AS_XLSX}")


def _unwrap(value: str) -> str:
    # ="13800138000" is how some systems keep Excel from turning a number into 1.38E+10
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        return value[2:-1]
    return value


def _records(text: str, delimiter: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, record in enumerate(reader, start=1):
        yield number, tuple(_unwrap(v) for v in record)


def _text_rows(data: bytes, file_name: str) -> list[Row]:
    text = _decode(data, file_name)

    def fit(delimiter: str) -> tuple[int, int]:
        try:
            head = _non_empty(file_name, islice(_records(text, delimiter), HEADER_SEARCH_ROWS * 2))
        except csv.Error:
            return (-1, 0)
        best = max((_matches(_single_header(v)) for _n, v in head), default=0)
        return (best, text[:4096].count(delimiter))

    delimiter = max((",", "\t"), key=fit)
    try:
        return _non_empty(file_name, _records(text, delimiter))
    except csv.Error as error:
        raise UserError(
            f"文件“{file_name}”的内容格式有误（{error}），无法按表格读取。{SAVE_AS_XLSX}"
        ) from None


def read_platform_export(path: Path) -> PlatformSheet:
    """Read an export of the 12345, 信访 or mailbox system, or of this app's 舆情台账.

    .xlsx, or .csv/.tsv/.txt text (UTF-8 or GBK, comma or tab separated). Raises UserError
    (Chinese, saying what to do) for a file that is not such a table, has no header row this
    module recognises, or is too big to be one unit's export.
    """
    check_file_size(path, MAX_BYTES, WHAT, f"这样大的文件不像是一个单位导出的台账，{TOO_MANY}")
    if path.suffix.lower() in TEXT_SUFFIXES and path.is_file():
        try:
            data = path.read_bytes()
        except OSError:
            data = b""  # xlsx_bytes below says why it cannot be read
        if data.strip() and not is_ole(data) and not data.startswith(b"PK"):
            return _sheet(path.name, _text_rows(data, path.name))
    # an .xlsx, or a file that only claims to be text: the workbook reader names what it is
    return _sheet(path.name, _xlsx_rows(path))
