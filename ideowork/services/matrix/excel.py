"""The responsibility matrix as an Excel sheet: export, and import with every bad row reported.

One sheet, a header row (层级/编号, 任务, 说明, 牵头领导, 责任领导, 分管领导, 牵头单位, 责任单位,
配合单位, 频次, 完成时限, 分值, 状态, 进展) and one row per section or task. The hierarchy lives in
层级/编号 as "1", "1.2", "1.2.3"; several names are joined with 、, each in the column of its
role (units outside ours, 各村（社区）, among the units); a field still to be filled reads
（待填写） in 责任领导 / 责任单位; progress notes are lines of "2020-06-30 内容". The 完成时限 is
written as the plan wrote it (6月底, 长期) or as a date. The status written is the one the user
set (逾期 is derived on display).

Sheets of the older layout (责任领导, 责任股室 and a date in 完成时限: OLD_HEADERS) import as
before: their names are 责任领导 / 责任单位.

Import checks every row before anything is written. With problems it writes nothing unless
the caller asks for the good rows only (the GUI does, after the user agreed); `dry_run` only
reports. Files that are not a readable .xlsx raise :class:`UserError` with a Chinese message,
and so do files beyond the limits (20 MB, 5 000 task rows: importers.limits), before their rows
are read. Names are read in their one spelling (ideowork.domain.names).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ideowork.db.models import Task, TaskProgress
from ideowork.domain.deadlines import deadline_date
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.names import join_padded_names
from ideowork.domain.roles import COOPERATING, IN_CHARGE, LEAD, RESPONSIBLE, NamedRole
from ideowork.domain.validation import MAX_YEAR, MIN_YEAR, check_year
from ideowork.domain.vocab import TaskStatus
from ideowork.importers.limits import MATRIX_ROWS, read_sheet_within
from ideowork.importers.workbook import (
    DATE_PATTERN,
    RowProblem,
    RowsImportError,
    cell_date,
    cell_text,
)
from ideowork.services.excel_writing import (
    DATE_FORMAT,
    WRAP,
    append_row,
    new_sheet,
    save_workbook,
)
from ideowork.services.matrix.editing import (
    BODY_MAX,
    DEADLINE_TEXT_MAX,
    FREQUENCY_MAX,
    NOTE_MAX,
    TEXT_MAX,
    clean_score,
    clear_year_for_import,
    set_leaders,
    set_offices,
    set_outside_units,
    task_count,
)
from ideowork.services.matrix.model import ProgressNote, TaskNode
from ideowork.services.matrix.names import NameResolver
from ideowork.services.matrix.service import MatrixService
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit

HEADERS = (
    "层级/编号",
    "任务",
    "说明",
    "牵头领导",
    "责任领导",
    "分管领导",
    "牵头单位",
    "责任单位",
    "配合单位",
    "频次",
    "完成时限",
    "分值",
    "状态",
    "进展",
)
(
    NUMBER,
    TEXT,
    BODY,
    LEAD_LEADERS,
    LEADERS,
    IN_CHARGE_LEADERS,
    LEAD_UNITS,
    OFFICES,
    COOPERATING_UNITS,
    FREQUENCY,
    DEADLINE,
    SCORE,
    STATUS,
    PROGRESS,
) = HEADERS
# The layout before roles (still read): its 责任股室 is our 责任单位.
OLD_HEADERS = (
    "层级/编号",
    "任务",
    "说明",
    "责任领导",
    "责任股室",
    "频次",
    "完成时限",
    "状态",
    "进展",
)
SEPARATOR = "、"
TO_BE_FILLED = "（待填写）"
# The name columns and the role each gives.
LEADER_COLUMNS = ((LEAD_LEADERS, LEAD), (LEADERS, RESPONSIBLE), (IN_CHARGE_LEADERS, IN_CHARGE))
UNIT_COLUMNS = ((LEAD_UNITS, LEAD), (OFFICES, RESPONSIBLE), (COOPERATING_UNITS, COOPERATING))

# Header spellings accepted on import besides our own.
_ALIASES: dict[str, tuple[str, ...]] = {
    NUMBER: ("层级/编号", "层级", "编号", "序号", "层级编号"),
    TEXT: ("任务", "任务内容", "工作任务", "内容", "事项"),
    BODY: ("说明", "具体要求", "备注"),
    LEAD_LEADERS: ("牵头领导", "牵头负责人"),
    LEADERS: ("责任领导", "责任人"),
    IN_CHARGE_LEADERS: ("分管领导", "分管负责人"),
    LEAD_UNITS: ("牵头单位", "牵头股室", "牵头科室", "牵头部门"),
    OFFICES: ("责任单位", "责任股室", "责任科室", "责任部门"),
    COOPERATING_UNITS: ("配合单位", "配合股室", "配合科室", "配合部门", "协办单位"),
    FREQUENCY: ("频次", "频率"),
    DEADLINE: ("完成时限", "时限", "截止日期", "完成时间"),
    SCORE: ("分值", "分数", "考核分值", "标准分"),
    STATUS: ("状态", "完成情况", "进度状态"),
    PROGRESS: ("进展", "进展情况", "工作进展"),
}
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_PLACEHOLDER_RE = re.compile(r"^[（(]?(待填写|待填|待定|待补)[）)]?$|^[xX×*＊Ｘｘ]+$")
_DATE_RE = re.compile(DATE_PATTERN)
_PROGRESS_RE = re.compile(rf"\s*{DATE_PATTERN}\s*[:：,，]?\s*(.*)")


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixImportReport:
    """What an import found and (unless a dry run or refused) did."""

    file_name: str
    year: int
    rows: int  # task rows read from the sheet
    problems: tuple[RowProblem, ...]
    new_people: tuple[str, ...]  # names not yet known (created only with create_missing)
    new_offices: tuple[str, ...]
    existing_tasks: int  # tasks the year had before
    written: bool = False
    tasks: int = 0  # tasks written
    replaced: int = 0

    @property
    def bad_rows(self) -> tuple[int, ...]:
        return tuple(sorted({p.row for p in self.problems}))

    @property
    def good_rows(self) -> int:
        return self.rows - len(self.bad_rows)

    @property
    def summary(self) -> str:
        if not self.written:
            return (
                f"“{self.file_name}”共{self.rows}行任务，其中{self.good_rows}行无误，"
                f"{len(self.bad_rows)}行有问题。"
            )
        text = f"已从“{self.file_name}”导入为{self.year}年责任清单，共{self.tasks}项"
        if self.replaced:
            text += f"（替换原有{self.replaced}项）"
        if self.problems:
            text += f"，跳过有问题的{len(self.bad_rows)}行"
        text += "。"
        if self.new_people:
            text += f"新建人员：{SEPARATOR.join(self.new_people)}（请到“单位信息”补充职务）。"
        if self.new_offices:
            text += f"新建股室：{SEPARATOR.join(self.new_offices)}。"
        return text


class MatrixImportError(RowsImportError):
    """Rows of a matrix sheet that cannot be imported; nothing was written."""


# --- export -----------------------------------------------------------------------------------


def _names_cell(names: Sequence[str], placeholder: bool) -> str:
    return SEPARATOR.join([*names, *([TO_BE_FILLED] if placeholder else [])])


def _role_cells(node: TaskNode) -> tuple[str, ...]:
    """The six name cells: 牵头/责任/分管领导, 牵头/责任/配合单位; （待填写） under 责任."""
    leaders, units = node.leaders_with_roles(), node.units_with_roles()
    people = [[name for name, role in leaders if role == wanted] for _, wanted in LEADER_COLUMNS]
    named = [[n for n, role in units if role == wanted] for _, wanted in UNIT_COLUMNS]
    return (
        _names_cell(people[0], False),
        _names_cell(people[1], node.leaders_placeholder),
        _names_cell(people[2], False),
        _names_cell(named[0], False),
        _names_cell(named[1], node.offices_placeholder),
        _names_cell(named[2], False),
    )


def _progress_cell(notes: Sequence[ProgressNote]) -> str:
    return "\n".join(f"{n.noted_on:%Y-%m-%d} {n.note}" for n in notes)


def _numbered(roots: Sequence[TaskNode], prefix: str = "") -> Iterable[tuple[str, int, TaskNode]]:
    for index, node in enumerate(roots, start=1):
        number = f"{prefix}{index}"
        yield number, number.count("."), node
        yield from _numbered(node.children, number + ".")


def export_matrix(runtime: Runtime, year: int, path: Path) -> int:
    """Write `year`'s matrix to an .xlsx file; returns the number of rows written."""
    roots = MatrixService(runtime).tree(year)
    if not roots:
        raise UserError(f"{year}年还没有责任清单，没有可导出的内容。")
    widths = (10, 50, 30, 12, 16, 12, 14, 18, 16, 10, 12, 6, 8, 40)
    sheet = new_sheet(f"{year}年责任清单", HEADERS, widths)
    number_style = replace(WRAP, number_format="@")  # "2.10" must not turn into the number 2.1
    date_style = replace(WRAP, number_format=DATE_FORMAT)
    count = 0
    for number, depth, node in _numbered(roots):
        text_style = replace(WRAP, indent=depth, bold=bool(node.children or node.parent_id is None))
        deadline_style = replace(date_style, color="B3261E") if node.overdue else date_style
        append_row(
            sheet,
            (
                number,
                node.text,
                node.body,
                *_role_cells(node),
                node.frequency,
                # As the plan wrote it ("6月底", "长期") where it did, else the date.
                node.deadline_text or node.deadline,
                float(node.score) if node.score is not None else None,
                node.status.label,
                _progress_cell(node.progress),
            ),
            (
                number_style,
                text_style,
                WRAP,
                *(WRAP,) * 6,
                WRAP,
                deadline_style,
                WRAP,
                WRAP,
                WRAP,
            ),
        )
        count += 1
    save_workbook(sheet, path)
    return count


# --- reading the file -------------------------------------------------------------------------


@dataclass
class _Row:
    """One task row as read, before names are looked up."""

    row: int
    number: str
    text: str = ""
    body: str = ""
    leaders: list[NamedRole] = field(default_factory=list)
    units: list[NamedRole] = field(default_factory=list)  # offices of ours and units outside
    leaders_placeholder: bool = False
    offices_placeholder: bool = False
    frequency: str = ""
    deadline: dt.date | None = None
    deadline_text: str = ""  # 完成时限 written as text (6月底, 长期): its date is read on writing
    score: Decimal | None = None
    status: TaskStatus = TaskStatus.NOT_STARTED
    progress: list[ProgressNote] = field(default_factory=list)
    parent: _Row | None = None


@dataclass(frozen=True)
class _Sheet:
    file_name: str
    title: str
    rows: tuple[_Row, ...]
    problems: tuple[RowProblem, ...]


def _header_map(values: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        header = re.sub(r"\s+", "", cell_text(value))
        for key, aliases in _ALIASES.items():
            if header in aliases and key not in found:
                found[key] = index
    return found


def _read_sheet(path: Path) -> _Sheet:
    title, raw = read_sheet_within(path, "责任清单", MATRIX_ROWS)
    header_at, columns = next(
        ((i, cols) for i, row in enumerate(raw[:10]) if TEXT in (cols := _header_map(row))),
        (None, {}),
    )
    if header_at is None:
        if not any(cell_text(v) for row in raw for v in row):
            raise UserError(f"文件“{path.name}”中的表格是空的，没有任何任务。")
        raise UserError(
            f"文件“{path.name}”中找不到表头。第一行应为：{'、'.join(HEADERS)}。"
            "建议先用“导出Excel…”导出一份作为模板，在其中填写后再导入。"
        )
    reader = _RowReader(columns)
    for offset, values in enumerate(raw[header_at + 1 :], start=header_at + 2):
        reader.read(offset, values)
    if not reader.rows and not reader.problems:
        raise UserError(f"文件“{path.name}”只有表头，没有任何任务行。")
    return _Sheet(path.name, title, tuple(reader.rows), tuple(reader.problems))


class _RowReader:
    def __init__(self, columns: dict[str, int]) -> None:
        self.columns = columns
        self.rows: list[_Row] = []
        self.problems: list[RowProblem] = []
        self.by_number: dict[str, _Row] = {}
        self.bad: set[int] = set()

    def cell(self, values: Sequence[Any], key: str) -> Any:
        index = self.columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def problem(self, row: int, reason: str) -> None:
        self.problems.append(RowProblem(row, reason))
        self.bad.add(row)

    def read(self, row_number: int, values: Sequence[Any]) -> None:
        if not any(cell_text(v) for v in values):
            return  # blank rows are skipped silently
        row = _Row(row=row_number, number="")
        self.rows.append(row)
        self._hierarchy(row, self.cell(values, NUMBER))
        row.text = cell_text(self.cell(values, TEXT))
        if not row.text:
            self.problem(row_number, "任务内容为空，请填写任务，或删除这一行。")
        elif len(row.text) > TEXT_MAX:
            self.problem(row_number, f"任务内容过长（{len(row.text)}字），最多{TEXT_MAX}字。")
        row.body = str(self.cell(values, BODY) or "").strip()
        if len(row.body) > BODY_MAX:
            self.problem(row_number, f"说明过长（{len(row.body)}字），最多{BODY_MAX}字。")
        row.leaders, row.leaders_placeholder = self._named(values, LEADER_COLUMNS)
        row.units, row.offices_placeholder = self._named(values, UNIT_COLUMNS)
        row.frequency = cell_text(self.cell(values, FREQUENCY))
        if len(row.frequency) > FREQUENCY_MAX:
            self.problem(row_number, f"频次“{row.frequency[:10]}…”过长，最多{FREQUENCY_MAX}字。")
        self._deadline(row, self.cell(values, DEADLINE))
        self._score(row, self.cell(values, SCORE))
        self._status(row, self.cell(values, STATUS))
        self._progress(row, self.cell(values, PROGRESS))

    def _hierarchy(self, row: _Row, value: Any) -> None:
        if NUMBER not in self.columns:
            return  # a flat list: every row is a top-level task
        number = cell_text(value).translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        number = number.rstrip(".").replace(" ", "")
        row.number = number
        if not number:
            self.problem(row.row, "缺少层级/编号，请填写如“1”“1.2”“1.2.3”的编号。")
            return
        if not _NUMBER_RE.fullmatch(number):
            self.problem(row.row, f"层级/编号“{number}”无法识别，请写成“1”“1.2”“1.2.3”这样的编号。")
            return
        if number in self.by_number:
            earlier = self.by_number[number].row
            self.problem(row.row, f"层级/编号“{number}”与第{earlier}行重复，请改为不同的编号。")
            return
        self.by_number[number] = row
        if "." in number:
            parent_number = number.rsplit(".", 1)[0]
            parent = self.by_number.get(parent_number)
            if parent is None:
                self.problem(
                    row.row,
                    f"层级错误：编号“{number}”的上级“{parent_number}”不在它之前的行中，"
                    "请检查编号或调整行的顺序。",
                )
                return
            row.parent = parent
            if parent.row in self.bad:
                self.problem(row.row, f"上级任务（第{parent.row}行）有误，本行不能单独导入。")

    def _named(
        self, values: Sequence[Any], columns: Sequence[tuple[str, str]]
    ) -> tuple[list[NamedRole], bool]:
        """The names of the role columns, each once (its first role); whether any cell says
        （待填写）."""
        named: dict[str, NamedRole] = {}
        placeholder = False
        for key, role in columns:
            names, empty = _names(self.cell(values, key))
            placeholder = placeholder or empty
            for name in names:
                named.setdefault(name, NamedRole(name, role))
        return list(named.values()), placeholder

    def _score(self, row: _Row, value: Any) -> None:
        text = cell_text(value)
        if not text:
            return
        try:
            row.score = clean_score(text)
        except ValidationError as error:
            self.problem(row.row, str(error))

    def _deadline(self, row: _Row, value: Any) -> None:
        text = cell_text(value)
        if text in ("", "无", "-", "—", "/"):
            return
        if not isinstance(value, dt.date) and not _DATE_RE.fullmatch(text):
            # Written as the plans write it (6月底, 长期, 每季度): kept as text.
            if len(text) > DEADLINE_TEXT_MAX:
                self.problem(row.row, f"完成时限“{text[:10]}…”过长，最多{DEADLINE_TEXT_MAX}字。")
            row.deadline_text = text
            return
        try:
            row.deadline = cell_date(value)
        except ValueError:
            self.problem(
                row.row,
                f"完成时限“{cell_text(value)}”不是有效日期，请写成“2020-12-31”或“6月底”“长期”，"
                "没有时限请留空。",
            )
            return
        if row.deadline is not None and not MIN_YEAR <= row.deadline.year <= MAX_YEAR:
            self.problem(
                row.row,
                f"完成时限“{row.deadline:%Y-%m-%d}”不在{MIN_YEAR}年至{MAX_YEAR}年之间，请检查是否写错。",
            )
            row.deadline = None

    def _status(self, row: _Row, value: Any) -> None:
        text = cell_text(value)
        if not text:
            return
        try:
            row.status = TaskStatus(TaskStatus.from_label(text))
        except ValueError:
            choices = "、".join(s.label for s in TaskStatus)
            self.problem(row.row, f"状态“{text}”无效，请填写：{choices}。")

    def _progress(self, row: _Row, value: Any) -> None:
        lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
        for index, line in enumerate(lines, start=1):
            match = _PROGRESS_RE.fullmatch(line)
            try:
                if match is None:
                    raise ValueError(line)
                day = dt.date(*(int(part) for part in match.groups()[:3]))
                if not MIN_YEAR <= day.year <= MAX_YEAR:
                    raise ValueError(line)
            except ValueError:
                self.problem(
                    row.row,
                    f"进展第{index}条“{line[:16]}”缺少有效日期，"
                    "每条进展请另起一行，写成“2020-06-30 进展内容”。",
                )
                continue
            note = match.group(4).strip()
            if not note or len(note) > NOTE_MAX:
                self.problem(row.row, f"进展第{index}条没有内容或超过{NOTE_MAX}字。")
                continue
            row.progress.append(ProgressNote(day, note))


def _names(value: Any) -> tuple[list[str], bool]:
    # A two-character name padded to three ("张  三") is one name, not two.
    text = join_padded_names(cell_text(value))
    tokens = [t.strip() for t in re.split(r"[、，,;；/／\s]+", text) if t.strip()]
    placeholder = any(_PLACEHOLDER_RE.match(t) for t in tokens)
    names = list(dict.fromkeys(t for t in tokens if not _PLACEHOLDER_RE.match(t)))
    return names, placeholder


# --- checking names and writing -----------------------------------------------------------------


def _check_rows(sheet: _Sheet, resolver: NameResolver) -> tuple[list[RowProblem], set[int]]:
    problems = list(sheet.problems)
    bad = {p.row for p in problems}
    for row in sheet.rows:
        leaders, units = [n.name for n in row.leaders], [n.name for n in row.units]
        for reason in resolver.problems(leaders, units):
            problems.append(RowProblem(row.row, reason))
            bad.add(row.row)
    # A row under a bad row cannot be placed: it goes with its parent.
    for row in sheet.rows:
        if row.row not in bad and row.parent is not None and row.parent.row in bad:
            problems.append(
                RowProblem(row.row, f"上级任务（第{row.parent.row}行）有误，本行不能单独导入。")
            )
            bad.add(row.row)
    problems.sort(key=lambda p: p.row)
    return problems, bad


def import_matrix(
    runtime: Runtime,
    path: Path,
    year: int,
    *,
    create_missing: bool = False,
    replace: bool = False,
    skip_bad_rows: bool = False,
    dry_run: bool = False,
) -> MatrixImportReport:
    """Import an exported (or hand-made) sheet as `year`'s matrix, in one transaction.

    Every row is checked first. With any bad row nothing is written and MatrixImportError
    lists them all, unless `skip_bad_rows` (then only the good rows are written). `dry_run`
    writes nothing and returns the report with the problems. Unknown names are problems unless
    `create_missing`. A year that already has a matrix is only replaced with `replace`.
    """
    check_year(year)
    sheet = _read_sheet(path)
    with runtime.write() as session:
        existing = task_count(session, year)
        resolver = NameResolver(session, create_missing)
        problems, bad = _check_rows(sheet, resolver)
        good = [row for row in sheet.rows if row.row not in bad]
        used_people = {n.name for r in good for n in r.leaders}
        used_offices = {n.name for r in good for n in r.units}
        report = MatrixImportReport(
            file_name=sheet.file_name,
            year=year,
            rows=len(sheet.rows),
            problems=tuple(problems),
            new_people=tuple(n for n in resolver.new_people if n in used_people or dry_run),
            new_offices=tuple(n for n in resolver.new_offices if n in used_offices or dry_run),
            existing_tasks=existing,
        )
        if dry_run:
            return report  # nothing was added to the session
        if problems and not skip_bad_rows:
            raise MatrixImportError(sheet.file_name, problems)
        if not good:
            raise UserError(f"“{sheet.file_name}”中没有可以导入的行，未导入任何内容。")
        clear_year_for_import(session, year, replace, "Excel 中的内容")
        written = _write(session, good, year, resolver)
        result = MatrixImportReport(
            file_name=sheet.file_name,
            year=year,
            rows=len(sheet.rows),
            problems=tuple(problems),
            new_people=report.new_people if create_missing else (),
            new_offices=report.new_offices if create_missing else (),
            existing_tasks=existing,
            written=True,
            tasks=written,
            replaced=existing,
        )
        audit.record(
            session,
            "import",
            "task",
            None,
            result.summary,
            after={
                "file": sheet.file_name,
                "year": year,
                "tasks": written,
                "skipped_rows": list(result.bad_rows),
                "people_created": list(result.new_people),
                "offices_created": list(result.new_offices),
            },
        )
        return result


def _write(session: Session, rows: Sequence[_Row], year: int, resolver: NameResolver) -> int:
    tasks: dict[int, Task] = {}
    order: dict[int | None, int] = {}
    for row in rows:
        parent = tasks[row.parent.row] if row.parent is not None else None
        key = parent.id if parent is not None else None
        order[key] = order.get(key, 0) + 1
        leaders, leaders_unresolved = resolver.leaders_with_roles(row.leaders)
        offices, outside, offices_unresolved = resolver.units_with_roles(row.units)
        deadline = row.deadline
        if deadline is None and row.deadline_text:
            deadline = deadline_date(row.deadline_text, year)
            if deadline is not None and not MIN_YEAR <= deadline.year <= MAX_YEAR:
                deadline = None
        task = Task(
            year=year,
            parent_id=key,
            sort_order=order[key],
            text=row.text,
            body=row.body,
            frequency=row.frequency,
            deadline=deadline,
            deadline_text=row.deadline_text,
            score=row.score,
            status=row.status,
            leaders_placeholder=row.leaders_placeholder or leaders_unresolved,
            offices_placeholder=row.offices_placeholder or offices_unresolved,
            progress=[TaskProgress(noted_on=p.noted_on, note=p.note) for p in row.progress],
        )
        set_leaders(task, [p for p, _ in leaders], [role for _, role in leaders])
        set_offices(task, [o for o, _ in offices], [role for _, role in offices])
        set_outside_units(task, outside)
        session.add(task)
        session.flush()
        tasks[row.row] = task
    return len(tasks)


# --- the command line -------------------------------------------------------------------------


def export_matrix_cli(runtime: Runtime, out: Path, year: int | None) -> str:
    """`ideowork export matrix --out PATH [--year Y]`; a folder gets a file named by year."""
    if year is None:
        years = MatrixService(runtime).years()
        if not years:
            raise UserError("数据库中还没有任何责任清单，没有可导出的内容。")
        year = years[-1]
    target = out / f"{year}年责任清单.xlsx" if out.is_dir() else out
    if target.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件“{target.name}”的扩展名应为 .xlsx，请修改文件名后重试。")
    count = export_matrix(runtime, year, target)
    return f"已导出{year}年责任清单（{count}项）到：{target}"


def year_in_title(title: str) -> int | None:
    match = re.search(r"(\d{4})\s*年", title)
    return int(match.group(1)) if match else None


def import_matrix_cli(
    runtime: Runtime,
    path: Path,
    year: int | None,
    *,
    create_missing: bool = True,
    replace: bool = False,
) -> str:
    """`ideowork import matrix FILE [--year Y]`: all rows or nothing; the year defaults to the
    one in the sheet's name (如“2020年责任清单”), else this year. Unknown names are created."""
    if year is None:
        titled = year_in_title(_read_sheet(path).title)
        year = runtime.today().year if titled is None else check_year(titled, "工作表名称中的年度")
    report = import_matrix(runtime, path, year, create_missing=create_missing, replace=replace)
    return report.summary


class MatrixExcel:
    """The matrix's Excel export and import, bound to one database (see the functions above)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def export(self, year: int, path: Path) -> int:
        return export_matrix(self.runtime, year, path)

    def import_sheet(
        self,
        path: Path,
        year: int,
        *,
        create_missing: bool = False,
        replace: bool = False,
        skip_bad_rows: bool = False,
        dry_run: bool = False,
    ) -> MatrixImportReport:
        return import_matrix(
            self.runtime,
            path,
            year,
            create_missing=create_missing,
            replace=replace,
            skip_bad_rows=skip_bad_rows,
            dry_run=dry_run,
        )

    def export_cli(self, out: Path, year: int | None) -> str:
        return export_matrix_cli(self.runtime, out, year)

    def import_cli(
        self, path: Path, year: int | None, *, create_missing: bool = True, replace: bool = False
    ) -> str:
        return import_matrix_cli(
            self.runtime, path, year, create_missing=create_missing, replace=replace
        )
