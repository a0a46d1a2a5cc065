"""Importing the study calendar from Excel 台账 (the sentiment ledger has its own importer,
case_import, which also reads the platforms' exports).

The sheets are the ones `export studies` writes (extra columns such as 应到/实到 are
ignored). Every row is checked first; one bad row and nothing is written, and the error lists
every bad row with its number. Rows already in the ledger are skipped, so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person, StudySession
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
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit

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


def _study(row: _Row, people: dict[str, Person]) -> StudySession:
    return StudySession(
        held_on=row.date("日期", required=True),
        kind=row.choice("类别", StudyKind, None) or _missing(row, "类别", StudyKind.OTHER),
        meeting_name=row.text("会议形式", limit=100),
        topic=row.text("内容", required=True),
        ideology_related=row.flag("意识形态", False),
        host=row.lookup("主持人", people, "主持人"),
        location=row.text("地点", limit=100),
        hours=_hours(row),
        status=row.choice("状态", SessionStatus, SessionStatus.HELD) or SessionStatus.HELD,
        counts_toward_quota=row.flag("计入指标", True),
        materials=row.text("材料"),
        note=row.text("备注"),
    )


def _missing(row: _Row, header: str, fallback: E) -> E:
    if not cell_text(row.cells.get(header)):
        row.problem(f"“{header}”不能为空。")
    return fallback


def _import(
    runtime: Runtime,
    path: Path,
    *,
    headers: Sequence[str],
    required: Sequence[str],
    label: str,
    build: Callable[[_Row, dict[str, Person], dict[str, Office]], Any],
    key: Callable[[Any], tuple[Any, ...]],
    existing: Callable[[Session], set[tuple[Any, ...]]],
    entity: str,
) -> LedgerImportResult:
    with runtime.write() as session:
        rows, problems = _rows(path, headers, required, label)
        if not rows:
            raise RowsImportError(path.name, [RowProblem(1, "只有表头，没有任何记录。")])
        people, offices = _known(session)
        built = [build(row, people, offices) for row in rows]
        if problems:
            raise RowsImportError(path.name, problems)  # the session is rolled back: nothing kept
        seen = existing(session)
        added = 0
        for record in built:
            if key(record) in seen:
                continue
            seen.add(key(record))
            session.add(record)
            added += 1
        result = LedgerImportResult(path.name, added, len(built) - added, label)
        audit.record(session, "import", entity, None, result.summary, after={"added": added})
        return result


def _study_key(s: StudySession) -> tuple[Any, ...]:
    return (s.held_on, s.kind, re.sub(r"\s+", "", s.topic))


def import_studies(runtime: Runtime, path: Path) -> LedgerImportResult:
    return _import(
        runtime,
        path,
        headers=STUDY_HEADERS,
        required=("日期", "类别", "内容"),
        label="学习台账",
        build=lambda row, people, _offices: _study(row, people),
        key=_study_key,
        existing=lambda session: {_study_key(s) for s in session.scalars(select(StudySession))},
        entity="study_session",
    )
