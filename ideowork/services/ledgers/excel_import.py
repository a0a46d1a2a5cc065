"""Importing the study calendar from Excel 台账 (the sentiment ledger has its own importer,
case_import, which also reads the platforms' exports).

The sheets are the ones `export studies` writes (extra columns such as 应到/实到 are
ignored). Every row is checked first; one bad row and nothing is written, and the error lists
every bad row with its number. Rows already in the ledger are skipped, so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import Attendance, Office, Person, StudySession
from ideowork.domain.vocab import (
    LabelledEnum,
    SessionStatus,
    StudyKind,
)
from ideowork.importers.workbook import (
    RowProblem,
    RowsImportError,
    cell_date,
    cell_text,
    read_first_sheet,
)
from ideowork.services.ledgers.excel_export import STUDY_HEADERS
from ideowork.services.ledgers.sessions import roster
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit

# Kind labels earlier versions wrote.
StudyKind_FORMER = {"分析研判": "分析研判会", "教育活动": "警示教育"}
YES = ("是", "有", "√", "✓", "Y", "y", "yes", "1")
NO = ("否", "无", "×", "N", "n", "no", "0", "")

E = TypeVar("E", bound=LabelledEnum)
M = TypeVar("M", Person, Office)


@dataclass(frozen=True)
class LedgerImportResult:
    file_name: str
    added: int
    skipped_duplicates: int
    label: str

    @property
    def summary(self) -> str:
        text = f"已从“{self.file_name}”导入{self.label}{self.added}条"
        if self.skipped_duplicates:
            text += f"，跳过已有的{self.skipped_duplicates}条"
        return text + "。"


class _Row:
    """One sheet row being checked: its cells by header, and what is wrong with it."""

    def __init__(self, number: int, cells: dict[str, Any], problems: list[RowProblem]) -> None:
        self.number = number
        self.cells = cells
        self._problems = problems

    def problem(self, reason: str) -> None:
        self._problems.append(RowProblem(self.number, reason))

    def text(self, header: str, required: bool = False, limit: int = 2000) -> str:
        value = cell_text(self.cells.get(header))
        if required and not value:
            self.problem(f"“{header}”不能为空。")
        elif len(value) > limit:
            self.problem(f"“{header}”过长（{len(value)}字），最多{limit}字。")
        return value

    def date(self, header: str, required: bool = False) -> Any:
        raw = self.cells.get(header)
        try:
            value = cell_date(raw)
        except ValueError:
            self.problem(f"“{header}”的“{cell_text(raw)}”不是有效日期，请写成“2020-09-09”。")
            return None
        if required and value is None:
            self.problem(f"“{header}”不能为空。")
        return value

    def choice(self, header: str, enum: type[E], default: E | None) -> E | None:
        text = cell_text(self.cells.get(header))
        if not text:
            return default
        try:
            return enum.from_label(text)
        except ValueError as error:
            self.problem(f"“{header}”：{error}")
            return default

    def flag(self, header: str, default: bool) -> bool:
        text = cell_text(self.cells.get(header))
        if header not in self.cells or (not text and default):
            return default
        if text in YES:
            return True
        if text in NO:
            return False
        self.problem(f"“{header}”应填“是”或“否”，而不是“{text}”。")
        return default

    def lookup(self, header: str, known: dict[str, M], what: str) -> M | None:
        name = cell_text(self.cells.get(header))
        if not name:
            return None
        if name not in known:
            self.problem(
                f"{what}“{name}”不在单位信息中，请先在“单位信息”中添加，或改为已有的名称。"
            )
        return known.get(name)


def _rows(
    path: Path, headers: Sequence[str], required: Sequence[str], what: str
) -> tuple[list[_Row], list[RowProblem]]:
    _title, raw = read_first_sheet(path, what)
    header_at = next(
        (i for i, row in enumerate(raw[:10]) if set(required) <= {cell_text(v) for v in row}),
        None,
    )
    if header_at is None:
        if not any(cell_text(v) for row in raw for v in row):
            raise RowsImportError(path.name, [RowProblem(1, "表格是空的。")])
        wanted = "、".join(required)
        raise RowsImportError(
            path.name,
            [RowProblem(1, f"找不到表头：至少需要“{wanted}”几列。建议先导出一份{what}作为模板。")],
        )
    names = [cell_text(v) for v in raw[header_at]]
    problems: list[RowProblem] = []
    rows = [
        _Row(number, {h: v for h, v in zip(names, values, strict=False) if h in headers}, problems)
        for number, values in enumerate(raw[header_at + 1 :], start=header_at + 2)
        if any(cell_text(v) for v in values)
    ]
    return rows, problems


def _known(session: Session) -> tuple[dict[str, Person], dict[str, Office]]:
    return (
        {p.name: p for p in session.scalars(select(Person))},
        {o.name: o for o in session.scalars(select(Office))},
    )


def _hours(row: _Row) -> Decimal:
    text = cell_text(row.cells.get("学时"))
    if not text:
        return Decimal("0.0")
    try:
        hours = Decimal(text).quantize(Decimal("0.1"))
    except InvalidOperation:
        row.problem(f"“学时”应为数字（如1.5），而不是“{text}”。")
        return Decimal("0.0")
    if not Decimal("0") <= hours <= Decimal("24"):
        row.problem(f"“学时”{hours}不在0到24之间。")
    return hours


def _kind(row: _Row, kinds: dict[str, str]) -> str:
    """The kind code for the 类别 cell: a label or a code of the unit's list."""
    text = cell_text(row.cells.get("类别"))
    if not text:
        row.problem("“类别”不能为空。")
        return StudyKind.OTHER.value
    text = StudyKind_FORMER.get(text, text)
    for code, label in kinds.items():
        if text in (label, code):
            return code
    row.problem(f"“类别”：“{text}”不是本单位的学习和会议类别，可选：{'、'.join(kinds.values())}。")
    return StudyKind.OTHER.value


def _time(row: _Row, header: str) -> dt.time | None:
    raw = row.cells.get(header)
    if isinstance(raw, dt.time):
        return raw.replace(second=0, microsecond=0)
    if isinstance(raw, dt.datetime):
        return raw.time().replace(second=0, microsecond=0)
    text = cell_text(raw).replace("：", ":")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", text)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        row.problem(f"“{header}”的“{text}”不是有效时间，请写成“09:00”。")
        return None
    return dt.time(int(match.group(1)), int(match.group(2)))


# "张三（病假）；李四（公出）" — the absentees as the export writes them.
_ABSENT = re.compile(r"([^（(；;、，,\s]+)\s*[（(]([^）)]*)[）)]")


def _absences(row: _Row, people: dict[str, Person]) -> dict[int, str]:
    text = cell_text(row.cells.get("缺席人员及原因"))
    absent: dict[int, str] = {}
    for name, reason in _ABSENT.findall(text):
        person = people.get(name)
        if person is None:
            row.problem(f"缺席人员“{name}”不在单位信息中。")
            continue
        absent[person.id] = "" if reason == "缺席" else reason
    return absent


def _study(
    row: _Row, people: dict[str, Person], kinds: dict[str, str], session: Session
) -> StudySession:
    held_on = row.date("日期", required=True)
    start, end = _time(row, "开始时间"), _time(row, "结束时间")
    if start and end and end <= start:
        row.problem("“结束时间”应晚于“开始时间”。")
    record = StudySession(
        held_on=held_on,
        start_time=start,
        end_time=end,
        kind=_kind(row, kinds),
        meeting_name=row.text("会议形式", limit=100),
        topic=row.text("内容", required=True),
        ideology_related=row.flag("意识形态", False),
        host=row.lookup("主持人", people, "主持人"),
        lecturer=row.text("主讲人", limit=100),
        location=row.text("地点", limit=100),
        hours=_hours(row),
        status=row.choice("状态", SessionStatus, SessionStatus.HELD) or SessionStatus.HELD,
        counts_toward_quota=row.flag("计入指标", True),
        materials=row.text("材料"),
        note=row.text("备注"),
    )
    if held_on is not None and "缺席人员及原因" in row.cells:
        # Everyone who belonged that day attended, but those listed as absent.
        absent = _absences(row, people)
        record.attendance = [
            Attendance(
                person_id=person.id,
                present=person.id not in absent,
                absence_reason=absent.get(person.id, ""),
            )
            for person in roster(session, held_on)
        ]
    return record


def _study_key(s: StudySession) -> tuple[Any, ...]:
    return (s.held_on, s.kind, re.sub(r"\s+", "", s.topic))


def import_studies(runtime: Runtime, kinds: dict[str, str], path: Path) -> LedgerImportResult:
    """All rows or none (every bad row listed); sessions already recorded are skipped."""
    label = "学习台账"
    with runtime.write() as session:
        rows, problems = _rows(path, STUDY_HEADERS, ("日期", "类别", "内容"), label)
        if not rows:
            raise RowsImportError(path.name, [RowProblem(1, "只有表头，没有任何记录。")])
        people, _offices = _known(session)
        built = [_study(row, people, kinds, session) for row in rows]
        if problems:
            raise RowsImportError(path.name, problems)  # the session is rolled back: nothing kept
        days = [record.held_on for record in built]
        # Only the file's dates are looked up: a ledger of 20 000 sessions stays unread.
        seen = {
            _study_key(s)
            for s in session.scalars(
                select(StudySession).where(StudySession.held_on.between(min(days), max(days)))
            )
        }
        added = 0
        for record in built:
            if _study_key(record) in seen:
                continue
            seen.add(_study_key(record))
            session.add(record)
            added += 1
        result = LedgerImportResult(path.name, added, len(built) - added, label)
        audit.record(
            session, "import", "study_session", None, result.summary, after={"added": added}
        )
        return result
